"""Two-factor login with real TOTP codes: who must use it, what is closed before the code, the
first-time enrolment, backup codes, members' optional enrolment and the security admin's reset."""

import re
from base64 import b32decode

import pytest
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc_portal.accounts.models import ActiveSession
from cppcc_portal.accounts.signals import two_factor_reset
from cppcc_portal.accounts.two_factor import is_required_for
from tests.factories import UserFactory
from tests.trust.conftest import code_for, log_in, page_text, wrong_code_for

pytestmark = pytest.mark.usefixtures("fast_hasher")

CODE = "/accounts/login/code/"
ENROL = "/accounts/login/enrol/"


@pytest.fixture
def signals_seen():
    seen = []

    def logged_in(sender, user, **kwargs):
        seen.append(("logged_in", user.username))

    def failed(sender, credentials, **kwargs):
        seen.append(("failed", credentials["username"]))

    user_logged_in.connect(logged_in)
    user_login_failed.connect(failed)
    yield seen
    user_logged_in.disconnect(logged_in)
    user_login_failed.disconnect(failed)


def test_roles_that_require_two_factor(two_factor_on, member_a, proposal_staff, member_staff, unit_clerk, leader, admin_user):
    assert not is_required_for(member_a.user)
    for user in [proposal_staff, member_staff, unit_clerk, leader, admin_user]:
        assert is_required_for(user), user.username
    security = UserFactory(username="security_admin", roles=["安全管理员"])
    assert is_required_for(security)


def test_development_default_keeps_password_only_logins(client, proposal_staff):
    """`make run` keeps the demo logins working with the password alone."""
    assert log_in(client, "proposal_staff")["Location"] == "/"
    assert "我的工作台" in page_text(client.get("/"))


def test_staff_login_needs_the_code_and_nothing_opens_before_it(
    two_factor_on, client, proposal_staff, authenticator, signals_seen
):
    device = authenticator(proposal_staff)
    response = log_in(client, "proposal_staff", next="/proposals/")
    assert response["Location"] == CODE
    assert signals_seen == []  # not logged in yet: the audit log sees no login
    text = page_text(client.get(CODE))
    assert "钱建军，密码正确。请打开手机上的验证器应用，输入当前显示的动态验证码。" in text

    for path in ["/", "/proposals/", "/members/", "/notifications/", "/admin/", "/accounts/two-factor/"]:
        response = client.get(path, follow=True)
        assert response.redirect_chain[-1][0].startswith("/accounts/login/?next="), path
        assert "用户登录" in page_text(response)

    response = client.post(CODE, {"code": code_for(device)})
    assert response["Location"] == "/proposals/"
    assert signals_seen == [("logged_in", "proposal_staff")]
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert "我的工作台" in page_text(client.get("/"))


def test_wrong_code_is_refused_in_chinese_and_reported_as_a_failed_login(
    two_factor_on, client, proposal_staff, authenticator, signals_seen
):
    device = authenticator(proposal_staff)
    log_in(client, "proposal_staff")
    wrong = wrong_code_for(device)
    text = page_text(client.post(CODE, {"code": wrong}))
    assert "验证码不正确或已过期。再错 4 次，账号将锁定 30 分钟。" in text
    assert f'value="{wrong}"' in text  # what was typed stays in the box
    assert signals_seen == [("failed", "proposal_staff")]
    assert client.get("/")["Location"].startswith("/accounts/login/")
    assert "请输入验证码。" in page_text(client.post(CODE, {"code": ""}))


def test_quick_retries_wait_for_django_otps_back_off(two_factor_on, client, proposal_staff, authenticator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = authenticator(proposal_staff)
    log_in(client, "proposal_staff")
    assert "验证码不正确或已过期" in page_text(client.post(CODE, {"code": wrong_code_for(device)}))
    text = page_text(client.post(CODE, {"code": code_for(device)}))
    assert re.search(r"错误次数较多，请 \d+ 秒后再试。", text)
    assert "_auth_user_id" not in client.session


def test_a_code_is_accepted_once(two_factor_on, proposal_staff, authenticator):
    device = authenticator(proposal_staff)
    code = code_for(device)
    first, second = Client(), Client()
    log_in(first, "proposal_staff")
    assert first.post(CODE, {"code": code})["Location"] == "/"
    log_in(second, "proposal_staff")
    assert "验证码不正确或已过期" in page_text(second.post(CODE, {"code": code}))


def test_the_half_way_state_times_out(two_factor_on, client, proposal_staff, authenticator, settings):
    device = authenticator(proposal_staff)
    log_in(client, "proposal_staff")
    session = client.session
    session["accounts.pending_login"]["at"] -= settings.OTP_LOGIN_TIMEOUT + 1
    session.save()
    response = client.post(CODE, {"code": code_for(device)}, follow=True)
    assert "验证已超时，请重新输入用户名和密码。" in page_text(response)
    assert "_auth_user_id" not in client.session


def test_a_session_that_skipped_the_code_is_ended(two_factor_on, client, leader):
    client.force_login(leader)  # as a login that did not go through the portal's login page would
    response = client.get("/", follow=True)
    assert "您的账号须使用两步验证登录，请重新登录并输入动态验证码。" in page_text(response)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2F"
    assert "_auth_user_id" not in client.session


def test_admin_login_page_goes_through_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/"


def test_first_login_enrols_an_authenticator(two_factor_on, client, leader):
    assert log_in(client, "leader")["Location"] == ENROL
    text = page_text(client.get(ENROL))
    assert "绑定手机验证器" in text and '<svg width="' in text and "<title>政协履职服务平台 两步验证二维码</title>" in text
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', text).group(1)
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert b32decode(secret.replace(" ", "")) == device.bin_key
    assert "政协履职服务平台:leader" in text
    assert page_text(client.get(ENROL)).count(secret) == 1  # reloading shows the same key

    assert "验证码不正确" in page_text(client.post(ENROL, {"code": wrong_code_for(device)}))
    response = client.post(ENROL, {"code": code_for(device)})
    assert response["Location"] == "/accounts/two-factor/backup-codes/"
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r'<code class="fs-5">([a-z2-7]{8})</code>', page_text(client.get(response["Location"])))
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=leader).values_list("token", flat=True))
    assert client.get("/accounts/two-factor/backup-codes/")["Location"] == "/accounts/two-factor/"  # shown once
    assert "我的工作台" in page_text(client.get("/"))


def test_backup_code_logs_in_once(two_factor_on, client, leader, authenticator):
    from cppcc_portal.accounts.two_factor import new_backup_codes

    authenticator(leader)
    codes = new_backup_codes(leader)
    log_in(client, "leader")
    response = client.post(CODE, {"code": codes[0].upper()}, follow=True)
    assert "您使用了一个备用验证码，还剩 9 个。" in page_text(response)
    assert "我的工作台" in page_text(response)
    other = Client()
    log_in(other, "leader")
    assert "验证码不正确或已过期" in page_text(other.post(CODE, {"code": codes[0]}))


def test_member_may_enrol_from_the_settings_page_and_then_needs_the_code(two_factor_on, client, member_a):
    client.force_login(member_a.user)
    assert "未开启" in page_text(client.get("/accounts/two-factor/"))
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=member_a.user, confirmed=False)
    response = client.post("/accounts/two-factor/setup/", {"code": code_for(device)})
    assert response["Location"] == "/accounts/two-factor/backup-codes/"
    assert "已开启" in page_text(client.get("/accounts/two-factor/"))

    other = Client()
    assert log_in(other, "member_a")["Location"] == CODE
    assert other.post(CODE, {"code": code_for(device, steps_ahead=1)})["Location"] == "/"

    # A member may switch it off again; the next login asks for the password only.
    other.post("/accounts/two-factor/disable/")
    assert not TOTPDevice.objects.filter(user=member_a.user).exists()
    assert log_in(Client(), "member_a")["Location"] == "/"


def test_staff_cannot_switch_two_factor_off(two_factor_on, client, proposal_staff, authenticator):
    device = authenticator(proposal_staff)
    log_in(client, "proposal_staff")
    client.post(CODE, {"code": code_for(device)})
    response = client.post("/accounts/two-factor/disable/", follow=True)
    assert "您的角色要求使用两步验证，不能关闭。" in page_text(response)
    assert TOTPDevice.objects.filter(user=proposal_staff).exists()


@pytest.fixture
def security_admin(roles, committee):
    return UserFactory(committee=committee, username="security_admin", full_name="冯安", roles=["安全管理员"])


@pytest.fixture
def resets_seen():
    seen = []

    def record(sender, user, by, **kwargs):
        seen.append((user.username, by.username))

    two_factor_reset.connect(record)
    yield seen
    two_factor_reset.disconnect(record)


def test_security_admin_resets_a_lost_phone(two_factor_on, client, security_admin, leader, authenticator, resets_seen):
    lost = authenticator(leader)
    leader_client = Client()
    log_in(leader_client, "leader")
    leader_client.post(CODE, {"code": code_for(lost)})

    mine = authenticator(security_admin)
    log_in(client, "security_admin")
    client.post(CODE, {"code": code_for(mine)})
    text = page_text(client.get("/accounts/security/two-factor/?q=陈志"))
    assert "陈志远" in text and "已开启" in text
    response = client.post(f"/accounts/security/two-factor/{leader.pk}/reset/", follow=True)
    assert "已重置 陈志远 的两步验证并结束其登录" in page_text(response)
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert resets_seen == [("leader", "security_admin")]
    assert not ActiveSession.objects.filter(user=leader).exists()

    # The leader's open session ends; the next login enrols a new phone.
    assert "登录状态已失效" in page_text(leader_client.get("/", follow=True))
    assert log_in(leader_client, "leader")["Location"] == ENROL


def test_only_security_roles_may_reset(two_factor_on, client, proposal_staff, leader, authenticator):
    device = authenticator(proposal_staff)
    log_in(client, "proposal_staff")
    client.post(CODE, {"code": code_for(device)})
    assert client.get("/accounts/security/two-factor/").status_code == 403
    assert client.post(f"/accounts/security/two-factor/{leader.pk}/reset/").status_code == 403


def test_security_admin_sees_only_their_committee(client, security_admin, other_staff, member_a):
    client.force_login(security_admin)
    assert "远山职员" not in page_text(client.get("/accounts/security/two-factor/?q=远山"))
    assert client.post(f"/accounts/security/two-factor/{other_staff.pk}/reset/").status_code == 404
    assert "李明华" in page_text(client.get("/accounts/security/two-factor/?q=member_a"))


def test_nobody_resets_their_own_device(client, security_admin, authenticator):
    authenticator(security_admin)
    client.force_login(security_admin)
    assert client.post(f"/accounts/security/two-factor/{security_admin.pk}/reset/").status_code == 404
    assert TOTPDevice.objects.filter(user=security_admin).exists()


def test_a_member_sent_to_the_admin_is_told_no_instead_of_going_round(client, member_a):
    client.force_login(member_a.user)
    response = client.get("/admin/", follow=True)
    assert [url for url, _ in response.redirect_chain] == ["/admin/login/?next=/admin/"]
    assert response.status_code == 403 and "无权访问" in page_text(response)
    assert client.get("/").status_code == 200  # still signed in
