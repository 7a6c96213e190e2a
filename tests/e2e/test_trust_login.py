"""A staff user's first login with two-factor switched on, as in production: password, then the
authenticator enrolment (the code computed from the secret shown on the page), the backup codes,
我的工作台; then a second login with the next code — on a desktop screen and on a 375 px phone."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def phone_code(secret, steps_ahead=0):
    """What an authenticator app shows for this secret (base32, as on the page)."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def password_step(page, live_server):
    page.goto(live_server.url + "/")
    page.fill("#id_username", "proposal_staff")
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.mark.parametrize(("width", "label"), [(1366, "desktop"), (375, "phone")])
def test_staff_logs_in_with_password_and_totp(page, live_server, proposal_staff, settings, shot, width, label):
    settings.OTP_REQUIRED = True
    page.set_viewport_size({"width": width, "height": 860})

    password_step(page, live_server)
    expect(page.get_by_role("heading", name="绑定手机验证器")).to_be_visible()
    expect(page.locator("#otp-qr svg")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(f"trust-enrol-{label}")
    page.get_by_text("无法扫码？手动输入密钥").click()
    secret = page.locator("#otp-secret").inner_text()
    page.fill("#id_code", phone_code(secret))
    page.get_by_role("button", name="完成绑定并登录").click()

    expect(page.get_by_role("heading", name="备用验证码")).to_be_visible()
    expect(page.locator("#backup-codes li")).to_have_count(10)
    expect(page.locator(".alert-success")).to_contain_text("两步验证已开启")
    shot(f"trust-backup-codes-{label}")
    page.locator("#backup-codes-done").click()
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()

    # Next time: password, then the code on the phone.
    page.context.clear_cookies()
    password_step(page, live_server)
    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    page.goto(live_server.url + "/proposals/")  # nothing opens before the code
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    password_step(page, live_server)
    page.fill("#id_code", phone_code(secret, steps_ahead=1))  # the enrolment used the current one
    shot(f"trust-code-{label}")
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    if width >= 992:
        expect(page.locator("#user-menu")).to_contain_text("钱建军")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(f"trust-workbench-{label}")
