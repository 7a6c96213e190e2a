"""Staff plan an activity from a plan item and open sign-in; a member replies and signs in with
the QR code's link on a 375 px phone. Screenshots go to var/test-screenshots/."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import Activity, Participant
from members.models import DutyRecord
from tests.consultations.conftest import *  # noqa: F403 - the consultations fixtures (staff, item, …)
from tests.e2e.conftest import SHOTS
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()


def test_staff_plan_an_activity_and_a_member_replies_and_signs_in_on_a_phone(
    browser, page, live_server, staff, item, member_a, shot
):
    base = live_server.url
    # --- staff, on a desktop screen: from the plan item to an activity with its notice out ---
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, base, staff.username)
    page.goto(base + item.plan.get_absolute_url())
    page.get_by_role("link", name="推进城乡义务教育优质均衡发展").click()
    page.locator("#plan-activity").click()
    expect(page.get_by_role("heading", name="安排活动")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("专题协商会：推进城乡义务教育优质均衡发展")
    start = timezone.localtime() + timedelta(days=45)
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT09:00"))
    page.fill("#id_ends_at", start.strftime("%Y-%m-%dT11:30"))
    page.fill("#id_place", "市政协机关三楼会议室")
    shot("consultations-plan-activity-form")
    page.locator("#save-activity").click()
    expect(page.locator(".alert-success")).to_contain_text("活动已创建")
    expect(page.locator("#schedule-warnings")).to_contain_text("没有主题重复、人员扎堆或时段集中的情况")
    expect(page.locator("#participant-summary")).to_contain_text("委员 1")
    page.locator("#do-schedule").click()
    expect(page.locator(".alert-success")).to_contain_text("排期已确定")
    page.locator("#do-notify").click()
    expect(page.locator(".alert-success")).to_contain_text("通知已发给参加委员")
    shot("consultations-activity-notified-staff")
    activity = Activity.objects.get(plan_item=item)
    assert activity.status == "notified"

    # --- the member, on a 375 px phone: 我的日程 → the activity → reply 参加 ---
    phone = browser.new_context(
        viewport={"width": 375, "height": 800}, locale="zh-CN", timezone_id="Asia/Shanghai", is_mobile=True, has_touch=True
    )
    mobile = phone.new_page()
    login(mobile, base, member_a.user.username)
    expect(mobile.locator("#todo-list")).to_contain_text("请回复活动通知")
    mobile.goto(base + "/consultations/")
    expect(mobile.locator("#upcoming")).to_contain_text("未回复")
    mobile.screenshot(path=str(SHOTS / "consultations-my-schedule-phone.png"), full_page=True)
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375
    mobile.locator("#upcoming a").first.click()
    expect(mobile.locator("#activity-title")).to_have_text(activity.title)
    mobile.locator("label[for=reply-leave]").click()
    expect(mobile.locator("#leave-reason")).to_be_visible()
    mobile.locator("label[for=reply-attend]").click()
    expect(mobile.locator("#leave-reason")).to_be_hidden()
    mobile.locator("#send-reply").click()
    expect(mobile.locator(".alert-success")).to_contain_text("已回复参加")
    expect(mobile.locator("#my-reply-status")).to_have_text("参加")
    mobile.screenshot(path=str(SHOTS / "consultations-activity-replied-phone.png"), full_page=True)
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375

    # --- on the day: staff open sign-in and show the QR code at the venue ---
    page.goto(base + activity.get_absolute_url())
    page.locator("#do-open_signin").click()
    expect(page.get_by_text("请委员用手机扫描二维码签到")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()
    expect(page.locator("#signin-count")).to_have_text("已签到 0 / 应到 1")
    shot("consultations-signin-qr")
    signin_url = page.locator(".qr-code").get_attribute("data-signin-url")
    assert "/consultations/signin/" in signin_url

    # --- the member's phone opens the code's link and confirms ---
    mobile.goto(signin_url.replace("http://testserver", base))
    expect(mobile.get_by_text("李明华委员，请确认签到")).to_be_visible()
    mobile.screenshot(path=str(SHOTS / "consultations-signin-confirm-phone.png"), full_page=True)
    mobile.locator("#confirm-signin").click()
    expect(mobile.locator(".alert-success")).to_contain_text("签到成功")
    expect(mobile.locator("#my-signin")).to_contain_text("已签到")
    mobile.screenshot(path=str(SHOTS / "consultations-signed-in-phone.png"), full_page=True)
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375
    phone.close()

    # the venue screen counts the sign-in; closing the activity puts it in the duty file
    page.reload()
    expect(page.locator("#signin-count")).to_have_text("已签到 1 / 应到 1")
    page.goto(base + activity.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#do-close").click()
    expect(page.locator(".alert-success")).to_contain_text("出勤已记入委员履职档案")
    shot("consultations-activity-closed-staff")
    assert Participant.objects.get(activity=activity, member=member_a).signin_method == "qr"
    record = DutyRecord.objects.get(member=member_a, source=f"consultations.Activity:{activity.pk}")
    assert (record.kind, record.attendance) == ("consultation", "present")
