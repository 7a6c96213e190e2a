"""Idle timeout, absolute session limit and one session per account, all on the server."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY

from cppcc_portal.accounts.session_lifetime import LOGGED_IN_AT, SEEN_AT
from tests.trust.conftest import code_for, log_in, page_text

pytestmark = pytest.mark.usefixtures("fast_hasher")

CODE = "/accounts/login/code/"


def shift(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


@pytest.fixture
def member_client(member_a):
    client = Client()
    assert log_in(client, "member_a")["Location"] == "/"
    return client


def test_thirty_idle_minutes_end_the_session(member_client):
    shift(member_client, SEEN_AT, 29 * 60)
    assert "我的工作台" in page_text(member_client.get("/"))
    shift(member_client, SEEN_AT, 30 * 60)
    response = member_client.get("/proposals/", follow=True)
    assert "您已 30 分钟未操作，为保护账号安全已自动退出，请重新登录。" in page_text(response)
    assert response.redirect_chain[0][0] == "/accounts/login/?next=%2Fproposals%2F"
    assert "_auth_user_id" not in member_client.session


def test_activity_is_recorded_at_most_once_a_minute(member_client):
    shift(member_client, SEEN_AT, 30)
    before = member_client.session[SEEN_AT]
    member_client.get("/")
    assert member_client.session[SEEN_AT] == before
    shift(member_client, SEEN_AT, 60)
    member_client.get("/")
    assert member_client.session[SEEN_AT] >= before + 29  # moved up to now


def test_idle_timeout_is_a_setting(member_client, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    shift(member_client, SEEN_AT, 11 * 60)
    assert "您已 10 分钟未操作" in page_text(member_client.get("/", follow=True))


def test_absolute_limit_ends_even_an_active_session(member_client):
    shift(member_client, LOGGED_IN_AT, 8 * 3600 - 120)
    assert "我的工作台" in page_text(member_client.get("/"))
    shift(member_client, LOGGED_IN_AT, 120)
    response = member_client.get("/", follow=True)
    assert "本次登录已超过 8 小时，为保护账号安全请重新登录。" in page_text(response)


def test_htmx_requests_are_sent_to_the_login_page_whole(member_client):
    shift(member_client, SEEN_AT, 31 * 60)
    response = member_client.get("/notifications/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == "/accounts/login/"


def test_a_second_login_ends_the_first_session(member_a):
    first, second = Client(), Client()
    log_in(first, "member_a")
    assert "我的工作台" in page_text(first.get("/"))
    log_in(second, "member_a")
    response = first.get("/", follow=True)
    assert "您的账号已在其他地方登录" in page_text(response)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2F"
    assert "我的工作台" in page_text(second.get("/"))
    # The ended session stays ended.
    assert first.get("/")["Location"].startswith("/accounts/login/")


def test_a_half_way_two_factor_login_does_not_end_the_session(two_factor_on, proposal_staff, authenticator):
    """Someone who knows only the password cannot throw the real user out."""
    device = authenticator(proposal_staff)
    working, intruder = Client(), Client()
    log_in(working, "proposal_staff")
    working.post(CODE, {"code": code_for(device)})
    log_in(intruder, "proposal_staff")
    assert "我的工作台" in page_text(working.get("/"))


def test_several_sessions_when_the_rule_is_off(member_a, settings):
    settings.SINGLE_SESSION_PER_USER = False
    first, second = Client(), Client()
    log_in(first, "member_a")
    log_in(second, "member_a")
    assert "我的工作台" in page_text(first.get("/"))
    assert "我的工作台" in page_text(second.get("/"))


def test_the_checks_cost_one_primary_key_query(two_factor_on, proposal_staff, authenticator):
    device = authenticator(proposal_staff)
    client = Client()
    log_in(client, "proposal_staff")
    client.post(CODE, {"code": code_for(device)})
    assert DEVICE_ID_SESSION_KEY in client.session
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/notifications/")
    ours = [q["sql"] for q in queries if "accounts_" in q["sql"] or "otp_" in q["sql"]]
    assert len(ours) == 1 and "accounts_activesession" in ours[0]
    assert "UPDATE" not in " ".join(q["sql"] for q in queries if "django_session" in q["sql"])  # no write each request
