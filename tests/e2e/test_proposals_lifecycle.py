"""The proposal's path in a real browser: a member (on a phone) writes a joint proposal, the
co-signer accepts in their to-dos, the member submits, staff accept and assign, the unit
replies with code B, and the member rates the reply 满意. Screenshots in var/test-screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from proposals.defaults import ensure_defaults
from proposals.models import Proposal, Status
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 375, "height": 812}, {"width": 1366, "height": 900}


def login(page, live_server, username, viewport):
    page.context.clear_cookies()
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()


def no_sideways_scroll(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_joint_proposal_from_draft_to_a_satisfied_rating(
    page, live_server, shot, session, member_a, member_b, proposal_staff, unit_clerk
):
    ensure_defaults(session.committee_id)  # categories and rules (created on first use anyway)
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm questions

    # 1. 李明华 writes the proposal on a phone and invites 王晓红 to co-sign
    login(page, live_server, "member_a", PHONE)
    page.goto(live_server.url + "/proposals/mine/")
    page.locator("#new-proposal").click()
    expect(page.get_by_role("heading", name="写提案")).to_be_visible()
    page.fill("#id_title", "关于推进城乡义务教育优质均衡发展的建议")
    page.select_option("#id_category", label="教育")
    page.fill("#id_grounds", "我市城乡之间师资和设施差距明显，乡村学校骨干教师流失严重，家长择校压力大。" * 3)
    page.fill("#id_suggestions", "一、建立城乡教师交流轮岗制度。二、提高乡村教师生活补助。三、加大乡村学校设施投入。" * 3)
    expect(page.locator('[data-counter-for="id_grounds"]')).to_contain_text("已输入")
    page.fill(".member-filter", "王晓红")
    page.select_option("#id_cosigners", value=str(member_b.pk))
    no_sideways_scroll(page)
    shot("proposals-1-member-writes-phone")
    page.locator("#save-draft").click()
    expect(page.locator(".alert-success")).to_contain_text("草稿已保存，联名邀请已发出")
    expect(page.locator("#cosigners")).to_contain_text("王晓红")
    expect(page.locator("#cosigners")).to_contain_text("待确认")
    no_sideways_scroll(page)
    shot("proposals-2-draft-with-invitation-phone")
    proposal = Proposal.objects.get(title="关于推进城乡义务教育优质均衡发展的建议")

    # 2. 王晓红 accepts from her to-dos
    login(page, live_server, "member_b", PHONE)
    page.locator("#todo-list").get_by_text("联名邀请待确认").click()
    expect(page.locator("#invitations")).to_contain_text("李明华邀请您联名")
    shot("proposals-3-cosigner-invitation-phone")
    page.locator("#invitations").get_by_role("button", name="同意").click()
    expect(page.locator(".alert-success")).to_contain_text("已同意联名")

    # 3. 李明华 submits with the co-signer who accepted
    login(page, live_server, "member_a", PHONE)
    page.goto(live_server.url + proposal.get_absolute_url())
    expect(page.locator("#cosigners")).to_contain_text("已同意")
    page.locator("#submit-proposal").click()
    expect(page.locator(".alert-success")).to_contain_text("提案已提交")
    expect(page.locator("#proposal-header")).to_contain_text("待审查")
    expect(page.locator("#proposal-header")).to_contain_text("联名提案")

    # 4. staff accept (第1号) and assign to 市教育局
    login(page, live_server, "proposal_staff", DESKTOP)
    page.goto(live_server.url + "/proposals/review/")
    expect(page.locator(".proposal-table")).to_contain_text(proposal.title)
    shot("proposals-4-review-queue")
    page.get_by_role("link", name=proposal.title).click()
    page.get_by_role("button", name="立案", exact=True).click()
    page.locator("#btn-accept").click()
    expect(page.locator("#proposal-number")).to_have_text("十五届五次会议第1号")
    page.select_option("#id_assign_lead", label="市教育局")
    shot("proposals-5-staff-assigns")
    page.locator("#btn-assign").click()
    expect(page.locator(".alert-success")).to_contain_text("已交办")
    expect(page.locator("#handling")).to_contain_text("市教育局")
    expect(page.locator("#handling")).to_contain_text("剩")

    # 5. the unit replies with code B
    login(page, live_server, "unit_clerk", DESKTOP)
    page.goto(live_server.url + "/proposals/inbox/")
    expect(page.locator("#inbox-list")).to_contain_text(proposal.title)
    shot("proposals-6-unit-inbox")
    page.locator("#inbox-list").get_by_text(proposal.title).click()
    page.get_by_role("button", name="答复提案").click()
    form = page.locator("form[id^='form-reply-']")
    form.get_by_label("B 正在解决或列入计划解决").check()
    form.locator("textarea[name=text]").fill(
        "经研究，城乡教师交流轮岗制度已列入明年工作计划，乡村教师生活补助标准将于明年提高，感谢您的关心和支持。"
    )
    form.locator("input[name=signer]").fill("王建华")
    form.locator("input[name=contact_person]").fill("张老师")
    form.locator("input[name=contact_phone]").fill("0571-88001234")
    shot("proposals-7-unit-replies")
    form.get_by_role("button", name="提交答复").click()
    expect(page.locator(".alert-success")).to_contain_text("答复已提交")
    expect(page.locator("#proposal-header")).to_contain_text("已答复待评价")

    # 6. 李明华 rates the reply 满意 (on the phone)
    login(page, live_server, "member_a", PHONE)
    page.locator("#todo-list").get_by_text("提案已答复，请评价").click()
    expect(page.locator("#handling")).to_contain_text("B类")
    evaluation = page.locator(".evaluation-form")
    evaluation.locator("label", has_text=re.compile("^满意$")).first.click()
    evaluation.locator("label", has_text=re.compile("^满意$")).last.click()
    evaluation.locator("textarea").fill("办理认真，沟通及时。")
    no_sideways_scroll(page)
    shot("proposals-8-member-rates-phone")
    evaluation.get_by_role("button", name="提交评价").click()
    expect(page.locator(".alert-success")).to_contain_text("评价已提交")
    expect(page.locator("#proposal-header")).to_contain_text("已办结")
    expect(page.locator("#timeline")).to_contain_text("评价答复")
    no_sideways_scroll(page)
    shot("proposals-9-closed-phone")

    proposal.refresh_from_db()
    assert proposal.status == Status.CLOSED and proposal.number == 1
    [reply] = proposal.replies.all()
    assert reply.result_code == "B"
    [lead_rating] = reply.evaluations.filter(role="lead")
    assert (lead_rating.attitude, lead_rating.result) == ("satisfied", "satisfied")
    assert [m.name for m in [i.member for i in proposal.invitations.filter(status="accepted")]] == ["王晓红"]
