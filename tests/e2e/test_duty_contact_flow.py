"""A member records a contact activity (联系界别群众) on a 375 px phone, with a photo; staff verify
it on a desktop; the member's score goes up by the rule's points."""

import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import DutyKind, DutyRecord, MemberScore
from tests.factories import TEST_PASSWORD
from tests.members.conftest import record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()


def test_member_records_contact_on_a_phone_staff_verify_and_the_score_changes(
    browser, live_server, member_a, member_staff, tmp_path
):
    from PIL import Image

    year = timezone.localdate().year
    record(member_a, DutyKind.PLENARY, attendance="present", quantity=7, title="十五届五次会议")
    assert MemberScore.objects.get(member=member_a, year=year).total == 35
    photo = tmp_path / "现场照片.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (190, 60, 50)).save(buf, format="JPEG")
    photo.write_bytes(buf.getvalue())

    # --- the member, on a phone ---
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = phone.new_page()
    login(page, live_server.url, "member_a")
    page.locator(".navbar-toggler").click()
    page.locator("#portal-nav").get_by_role("link", name="我的履职").click()
    expect(page.locator("#duty-total")).to_have_text("35")
    expect(page.locator("#duty-missing")).to_contain_text("每季度联系界别群众不少于1次")
    shot(page, "duty-my-before-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.locator("#record-activity-phone").click()
    expect(page.locator("#activity-form")).to_be_visible()
    expect(page.locator("#id_kind_0")).to_be_checked()  # 联系界别群众 is the default
    page.fill("#id_occurred_on", timezone.localdate().isoformat())
    page.fill("#id_quantity", "26")
    page.fill("#id_place", "临江市第一中学")
    page.fill("#id_title", "走访学校和家长，听取对课后服务的意见")
    page.fill("#id_detail", "家长希望课后服务延长到18时，学校反映师资和经费不足。")
    expect(page.locator(".char-counter")).to_contain_text("已输入 27 / 1000 字")
    page.set_input_files("#id_photos", str(photo))
    shot(page, "duty-record-form-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#submit-activity").click()
    expect(page.locator(".alert-success")).to_contain_text("工作人员审核通过后计入履职积分")
    expect(page.locator(".status-badge")).to_have_text("待审核")
    expect(page.locator("#record-photos img")).to_have_count(1)
    shot(page, "duty-record-pending-phone")
    saved = DutyRecord.objects.get(member=member_a, kind="contact")
    assert (saved.status, saved.quantity, saved.photos.count()) == ("pending", 26, 1)

    page.goto(live_server.url + "/members/duty/")
    expect(page.locator("#duty-total")).to_have_text("35")  # pending does not count yet
    expect(page.locator("#pending-records")).to_contain_text("走访学校和家长")

    # --- staff, on a desktop ---
    desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    staff_page = desk.new_page()
    login(staff_page, live_server.url, "member_staff")
    expect(staff_page.locator("#todo-list")).to_contain_text("待审核的委员自报履职记录")
    staff_page.locator("#todo-list").get_by_text("待审核的委员自报履职记录").click()
    expect(staff_page.get_by_role("heading", name="委员自报履职审核")).to_be_visible()
    shot(staff_page, "duty-review-desktop")
    staff_page.get_by_role("link", name="走访学校和家长，听取对课后服务的意见").click()
    expect(staff_page.locator("#record-photos img")).to_have_count(1)
    # Read as element properties: a predicate string would be an eval, which the CSP refuses.
    photo = staff_page.locator("#record-photos img")
    expect(photo).to_have_js_property("complete", True)
    expect(photo).to_have_js_property("naturalWidth", 320)  # the photo is served
    staff_page.once("dialog", lambda dialog: dialog.accept())
    staff_page.locator("#verify-record").click()
    expect(staff_page.locator(".alert-success")).to_contain_text("已审核通过：李明华")
    expect(staff_page.get_by_role("heading", name="委员自报履职审核")).to_be_visible()  # back to the queue
    expect(staff_page.locator(".empty-state")).to_contain_text("没有符合条件的履职记录")
    shot(staff_page, "duty-verified-desktop")

    # --- the member sees the new score ---
    page.goto(live_server.url + "/members/duty/")
    expect(page.locator("#duty-total")).to_have_text("37")
    expect(page.locator('.kind-points[data-kind="contact"]')).to_have_text("2 分")
    page.locator('button[data-bs-target="#kind-contact"]').click()
    expect(page.locator("#kind-contact")).to_contain_text("走访学校和家长")
    page.wait_for_timeout(400)  # let the accordion finish opening before the picture
    shot(page, "duty-my-after-phone")
    assert MemberScore.objects.get(member=member_a, year=year).total == 37
    phone.close()
    desk.close()


def shot(page, name):
    """Like the shared `shot` fixture, for pages of our own two browser contexts."""
    from tests.e2e.conftest import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
