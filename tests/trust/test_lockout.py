"""Five failed logins — wrong passwords or wrong codes — lock the account for 30 minutes; after
the cool-off it opens again. Time is moved by ageing axes' attempt records, not by sleeping."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.trust.conftest import code_for, log_in, page_text, wrong_code_for

pytestmark = pytest.mark.usefixtures("fast_hasher")

CODE = "/accounts/login/code/"
LOCKED = "连续 5 次密码或验证码错误。为保护账号安全，该账号已被暂时锁定 30 分钟"


def cool_off(minutes):
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))


def test_five_wrong_passwords_lock_the_account_until_the_cool_off_ends(client, member_a):
    for attempt in range(1, 5):
        response = log_in(client, "member_a", "Wrong-pass-1")
        assert "请输入一个正确的" in page_text(response), attempt
    response = log_in(client, "member_a", "Wrong-pass-1")
    assert response.status_code == 429 and LOCKED in page_text(response)

    # Locked: even the right password is refused.
    response = log_in(client, "member_a")
    assert response.status_code == 429 and LOCKED in page_text(response)
    assert "_auth_user_id" not in client.session

    cool_off(29)
    assert log_in(client, "member_a").status_code == 429
    cool_off(31)
    assert log_in(client, "member_a")["Location"] == "/"
    assert "我的工作台" in page_text(client.get("/"))


def test_wrong_codes_count_towards_the_same_lockout(two_factor_on, client, proposal_staff, authenticator):
    device = authenticator(proposal_staff)
    log_in(client, "proposal_staff", "Wrong-pass-1")
    log_in(client, "proposal_staff", "Wrong-pass-1")
    assert log_in(client, "proposal_staff")["Location"] == CODE
    wrong = wrong_code_for(device)
    assert "再错 2 次" in page_text(client.post(CODE, {"code": wrong}))
    assert "再错 1 次" in page_text(client.post(CODE, {"code": wrong}))
    response = client.post(CODE, {"code": wrong})
    assert response.status_code == 429 and LOCKED in page_text(response)
    assert AccessAttempt.objects.get(username="proposal_staff").failures_since_start == 5

    # The half-way login is gone, and the password step is locked too.
    assert client.post(CODE, {"code": code_for(device)})["Location"] == "/accounts/login/"
    assert log_in(client, "proposal_staff").status_code == 429

    cool_off(31)
    assert log_in(client, "proposal_staff")["Location"] == CODE
    assert client.post(CODE, {"code": code_for(device)})["Location"] == "/"


def test_a_complete_login_clears_the_failures(two_factor_on, client, proposal_staff, authenticator):
    device = authenticator(proposal_staff)
    for _i in range(4):
        log_in(client, "proposal_staff", "Wrong-pass-1")
    log_in(client, "proposal_staff")
    client.post(CODE, {"code": code_for(device)})
    assert not AccessAttempt.objects.filter(username="proposal_staff").exists()


def test_limit_and_lock_time_are_settings(client, member_a, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 10 / 60
    settings.LOGIN_LOCK_MINUTES = 10
    assert "连续 3 次输入错误将锁定 10 分钟" in page_text(client.get("/accounts/login/"))
    for _i in range(2):
        log_in(client, "member_a", "Wrong-pass-1")
    response = log_in(client, "member_a", "Wrong-pass-1")
    assert response.status_code == 429 and "连续 3 次密码或验证码错误" in page_text(response)
    assert "锁定 10 分钟" in page_text(response)
    cool_off(11)
    assert log_in(client, "member_a")["Location"] == "/"
