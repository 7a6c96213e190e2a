"""A member logs in, sees 我的工作台, opens the notification centre and logs out — on a desktop
screen and on a 375 px phone."""

import pytest
from playwright.sync_api import expect

from cppcc_portal.notifications.services import notify
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "label"), [(1366, "desktop"), (375, "phone")])
def test_member_logs_in_reads_notifications_and_logs_out(page, live_server, member_a, shot, width, label):
    notify(member_a.user, "您收到一条联名邀请", body="王晓红邀请您联名提出提案")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    page.fill("#id_username", "member_a")
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    expect(page.locator("#unread-count")).to_have_text("1")
    expect(page.locator("#todo-list")).to_contain_text("未读通知")
    shot(f"foundation-workbench-{label}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator("#notification-bell").click()
    expect(page.get_by_role("heading", name="通知中心")).to_be_visible()
    expect(page.get_by_text("您收到一条联名邀请")).to_be_visible()
    shot(f"foundation-notifications-{label}")
    page.get_by_text("您收到一条联名邀请").click()
    expect(page.locator("#unread-count")).to_have_count(0)

    if width < 992:
        page.locator(".navbar-toggler").click()
        expect(page.locator("#portal-nav.show")).to_be_visible()
    page.locator("#user-menu").click()
    expect(page.locator("#logout-button")).to_be_visible()
    page.locator("#logout-button").click()
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    page.goto(live_server.url + "/notifications/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/notifications/")


def test_wrong_password_gives_a_chinese_message(page, live_server, member_a):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "member_a")
    page.fill("#id_password", "wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".alert-danger")).to_contain_text("请输入一个正确的")
    expect(page.locator("#id_username")).to_have_value("member_a")
