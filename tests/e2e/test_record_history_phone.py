"""修改记录 on a 390 px phone: proposal staff open a proposal's change history from its page, and
neither the list nor a long text change opened in full is wider than the screen."""

import pytest
from playwright.sync_api import expect

from proposals import services
from tests.e2e.conftest import SHOTS
from tests.factories import TEST_PASSWORD
from tests.proposals.conftest import *  # noqa: F403 - proposals' fixtures (make_draft, category…)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = 390
# An unbroken run of Latin characters is what overflows a narrow column; Chinese text wraps anyway.
LINK = "https://jyj.linjiang.gov.cn/zwgk/tzgg/2025/" + "x" * 120 + ".html"


def test_history_fits_a_phone(browser, live_server, member_a, proposal_staff, make_draft):
    draft = make_draft(member_a)
    services.proposal_update_draft(
        draft,
        user=member_a.user,
        data={"title": "关于加强乡村教师队伍建设的建议", "grounds": "详见市教育局公告 " + LINK + "。" + draft.grounds},
    )
    proposal = services.proposal_submit(draft, user=member_a.user)

    context = browser.new_context(viewport={"width": PHONE, "height": 844}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", proposal_staff.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()

    page.goto(live_server.url + proposal.get_absolute_url())
    page.get_by_role("link", name="修改记录").click()
    expect(page.get_by_role("heading", name="修改记录")).to_be_visible()
    expect(page.locator(".history-entry")).to_have_count(3)  # 创建, the edit, the submission
    expect(page.locator(".history-entries")).to_contain_text("情况分析")
    expect(page.locator(".history-entries")).to_contain_text("草稿 → 待审查")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE

    page.locator(".history-values summary").first.click()  # the long text, in full
    expect(page.locator(".history-new-full").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "history-phone.png"), full_page=True)
    context.close()
