"""社情民意 in a real browser: a county member submits, the county editor edits and sends it to the
city, the city adopts it (issues it in its bulletin) and records a leader's comment, and the
member sees all of it — the member's last look on a 375 px phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SHOTS
from tests.factories import TEST_PASSWORD
from tests.sentiment.conftest import *  # noqa: F403 - the committee tree and its personas (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "关于加强农村留守儿童关爱服务的建议"
CONTENT = "近年来，我区农村留守儿童数量较多，部分学校缺少专职心理教师。\n建议：一是配齐心理健康教师；二是推动课后服务全覆盖；三是建立家校沟通机制。"


def open_as(browser, live_server, username, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm questions
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    return page


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"sentiment-{name}.png"), full_page=True)


def issue_in_new_bulletin(page, live_server, title):
    page.goto(live_server.url + "/sentiment/bulletins/")
    page.locator("#new-bulletin").click()
    page.locator("#add-report").select_option(label=title)
    page.locator("#add-report-button").click()
    expect(page.locator("#bulletin-reports")).to_contain_text(title)
    page.locator("#issue-bulletin").click()
    expect(page.locator("#bulletin-status")).to_have_text("已印发")


def test_member_to_county_to_city_and_back(browser, live_server, county_member, county_editor, city_editor):
    # 1. the member writes: a live counter, then submits
    member = open_as(browser, live_server, "qs_member")
    member.goto(live_server.url + "/sentiment/new/")
    member.fill("#id_title", TITLE)
    member.fill("#id_content", CONTENT)
    expect(member.locator("#content-counter")).to_have_text(f"已输入 {len(CONTENT)} / 1500 字")
    member.locator("#id_category").select_option(label="教育")
    expect(member.locator("#similar")).to_contain_text("近12个月没有发现相似的信息")
    shot(member, "1-member-writes")
    member.locator("#submit-report").click()
    expect(member.locator("#report-status")).to_have_text("已接收")

    # 2. the county editor edits (the original stays, the change shows) and sends it up
    editor = open_as(browser, live_server, "qs_editor")
    editor.goto(live_server.url + "/sentiment/queue/")
    editor.get_by_role("link", name=TITLE).click()
    editor.locator("#action-start_editing").click()
    expect(editor.locator("#report-status")).to_have_text("编辑中")
    editor.locator("#action-revise").click()
    editor.fill("#id_content", CONTENT.replace("数量较多", "数量逐年增加"))
    editor.fill("#id_note", "核实数据")
    editor.locator("#save-revision").click()
    editor.locator("#diff-link").click()
    expect(editor.locator("#diff-content del")).to_have_text("较多")
    expect(editor.locator("#diff-content ins")).to_have_text("逐年增加")
    shot(editor, "2-county-diff")
    editor.go_back()
    editor.reload()
    editor.locator("#action-sign_off").click()
    expect(editor.locator("#report-status")).to_have_text("已签发")
    issue_in_new_bulletin(editor, live_server, TITLE)
    expect(editor.locator("#bulletin-label")).to_contain_text("第1期（总第1期）")
    expect(editor.locator("#send-form")).to_contain_text("临江市政协")
    editor.locator("#send-bulletin").click()
    expect(editor.locator("#bulletin-status")).to_have_text("已报送")
    shot(editor, "3-county-bulletin-sent")

    # 3. the city finds it in its own queue with the county's history, adopts it, records a comment
    city_page = open_as(browser, live_server, "city_editor")
    city_page.goto(live_server.url + "/sentiment/queue/")
    expect(city_page.locator("#queue")).to_contain_text("青山区政协")
    city_page.get_by_role("link", name=TITLE).click()
    expect(city_page.locator("#lower-history")).to_contain_text("报送临江市政协")
    city_page.locator("#action-start_editing").click()
    city_page.locator("#action-sign_off").click()
    issue_in_new_bulletin(city_page, live_server, TITLE)
    city_page.get_by_role("link", name=TITLE).click()
    city_page.locator("#action-comment").click()
    # Bootstrap's collapse is "collapsing" while it opens: fill and submit once it is shown
    expect(city_page.locator("#form-comment")).to_have_class(re.compile(r"\bcollapse show\b"))
    city_page.locator("#id_comment-level").select_option(label="市领导")
    city_page.fill("#id_comment-leader", "市长 王建国")
    city_page.fill("#id_comment-text", "请市教育局会同青山区研究落实。")
    with city_page.expect_navigation(timeout=30_000):
        city_page.locator("#save-comment").click()
    expect(city_page.locator("#feedback")).to_contain_text("市长 王建国")
    shot(city_page, "4-city-adopted-commented")

    # 4. the member, on a phone, sees the adoption and the comment
    phone = open_as(browser, live_server, "qs_member", width=375)
    expect(phone.locator("#unread-count")).to_be_visible()
    phone.goto(live_server.url + "/sentiment/mine/")
    phone.get_by_role("link", name=TITLE).click()
    feedback = phone.locator("#feedback")
    expect(feedback).to_contain_text("青山区政协《社情民意》")
    expect(feedback).to_contain_text("临江市政协《社情民意》")
    expect(feedback).to_contain_text("请市教育局会同青山区研究落实。")
    expect(phone.locator("#timeline")).to_contain_text("市长 王建国批示")
    expect(phone.locator("#timeline")).not_to_contain_text("开始编辑")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shot(phone, "5-member-sees-it-phone")
    phone.goto(live_server.url + "/notifications/")
    expect(phone.locator("body")).to_contain_text("获市长 王建国批示")
    shot(phone, "6-member-notifications-phone")
