"""The pages: forms that keep what was typed, uploads checked by content, the staff's bulk
actions, the units' and leaders' pages, and what each page shows."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from proposals import services
from proposals.models import CosignStatus, HandlingMode, Proposal, ProposalAttachment, Status
from tests.proposals.conftest import TEXT_GROUNDS, TEXT_SUGGESTIONS

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(category, **extra):
    return {
        "title": "关于加强校园周边交通安全治理的建议",
        "category": category.pk,
        "timing": "plenary",
        "grounds": TEXT_GROUNDS,
        "suggestions": TEXT_SUGGESTIONS,
        **extra,
    }


def test_member_saves_a_draft_with_an_attachment_and_an_invitation(client, member_a, member_b, category, session):
    client.force_login(member_a.user)
    data = form_data(category, action="save", cosigners=[member_b.pk], attachments=[SimpleUploadedFile("调研报告.pdf", PDF)])
    response = client.post("/proposals/new/", data)
    proposal = Proposal.objects.get()
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.status == Status.DRAFT and proposal.proposer == member_a and proposal.session == session
    assert ProposalAttachment.objects.get().original_name == "调研报告.pdf"
    assert proposal.invitations.get().status == CosignStatus.PENDING
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "调研报告.pdf" in page and "王晓红" in page and 'id="submit-proposal"' in page


def test_failed_submit_keeps_everything_typed(client, member_a, category, session):
    client.force_login(member_a.user)
    typed = "我市中小学校园周边交通拥堵，上下学时段安全隐患突出。"
    response = client.post(
        "/proposals/new/", {"title": "关于校园交通的建议", "grounds": typed, "suggestions": "", "action": "submit"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert "请按提示修改后再保存" in page and "这个字段是必填项" in page
    assert typed in page and 'value="关于校园交通的建议"' in page


def test_wrong_file_type_is_refused_by_content_and_the_text_is_kept(client, member_a, category, session):
    client.force_login(member_a.user)
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 this is not a pdf")
    response = client.post("/proposals/new/", form_data(category, action="save", attachments=[fake]))
    page = response.content.decode()
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert "类型不被接受" in page and "关于加强校园周边交通安全治理的建议" in page


def test_too_many_attachments_rolls_the_whole_save_back(client, member_a, category, session, rules):
    rules.max_attachments = 1
    rules.save()
    client.force_login(member_a.user)
    files = [SimpleUploadedFile(f"附件{i}.pdf", PDF) for i in range(2)]
    page = client.post("/proposals/new/", form_data(category, action="save", attachments=files)).content.decode()
    assert "附件最多 1 个" in page and not Proposal.objects.exists() and "关于加强校园周边交通安全治理的建议" in page


def test_save_and_submit_in_one_step(client, member_a, category, session, proposal_staff):
    from cppcc_portal.notifications.models import Notification

    client.force_login(member_a.user)
    client.post("/proposals/new/", form_data(category, action="submit"))
    proposal = Proposal.objects.get()
    assert proposal.status == Status.SUBMITTED
    assert Notification.objects.filter(user=proposal_staff, title="有新提案待审查").exists()


def test_submit_refused_is_shown_and_the_draft_kept(client, member_a, category, session, rules):
    rules.min_content_chars = 9000
    rules.save()
    client.force_login(member_a.user)
    response = client.post("/proposals/new/", form_data(category, action="save"))
    proposal = Proposal.objects.get()
    response = client.post(f"/proposals/{proposal.pk}/submit/", follow=True)
    assert "至少 9000 字" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.DRAFT


def test_staff_bulk_accept_numbers_in_submission_order(client, make_submitted, member_a, member_b, proposal_staff):
    first, second, third = (
        make_submitted(member_a),
        make_submitted(member_b, title="关于第二件的建议"),
        make_submitted(member_a, title="关于第三件的建议"),
    )
    client.force_login(proposal_staff)
    page = client.get("/proposals/review/").content.decode()
    assert all(p.title in page for p in (first, second, third))
    response = client.post("/proposals/review/accept/", {"ids": [third.pk, first.pk]}, follow=True)
    assert "已立案 2 件（第1号至第2号）" in response.content.decode()
    assert [Proposal.objects.get(pk=p.pk).number for p in (first, second, third)] == [1, None, 2]


def test_staff_bulk_assign_to_the_chosen_units(client, make_accepted, member_a, proposal_staff, education, health):
    one, two = make_accepted(member_a), make_accepted(member_a, title="关于医疗的建议")
    client.force_login(proposal_staff)
    assert one.title in client.get("/proposals/assign/").content.decode()
    response = client.post(
        "/proposals/assign/bulk/", {"ids": [one.pk, two.pk], f"unit_{one.pk}": education.pk, f"unit_{two.pk}": ""}, follow=True
    )
    page = response.content.decode()
    assert "已交办 1 件" in page and "请选择主办单位" in page
    assert Proposal.objects.get(pk=one.pk).status == Status.HANDLING and Proposal.objects.get(pk=two.pk).status == Status.ACCEPTED


def test_review_form_errors_keep_the_input(client, make_submitted, member_a, proposal_staff):
    proposal = make_submitted(member_a)
    client.force_login(proposal_staff)
    response = client.post(f"/proposals/{proposal.pk}/review/reject/", {"note": "这是我写的说明"})
    page = response.content.decode()
    assert response.status_code == 200 and "不予立案理由" in page and "这是我写的说明" in page
    assert Proposal.objects.get(pk=proposal.pk).status == Status.SUBMITTED


def test_convert_to_public_opinion_through_the_hook(client, make_submitted, member_a, proposal_staff, monkeypatch):
    from proposals import conversion

    monkeypatch.setattr(conversion, "_receivers", [])  # only this test's receiver (sentiment registers the real one)

    received = []

    class Report:
        def get_absolute_url(self):
            return "/sentiment/7/"

    def receiver(converted):
        received.append(converted)
        return Report()

    conversion.register_report_receiver(receiver)
    try:
        proposal = make_submitted(member_a)
        client.force_login(proposal_staff)
        client.post(f"/proposals/{proposal.pk}/review/to_report/", {"comment": "反映的情况具有普遍性"})
    finally:
        conversion._receivers.remove(receiver)
    proposal.refresh_from_db()
    assert proposal.status == Status.TO_REPORT and proposal.converted_url == "/sentiment/7/"
    [converted] = received
    assert converted.proposal_id == proposal.pk and converted.writer_member_ids == (member_a.pk,)
    assert "情况分析" in converted.content and converted.note == "反映的情况具有普遍性" and converted.category == "教育"


def test_conversion_without_a_receiver_still_completes(make_submitted, member_a, proposal_staff, monkeypatch):
    from proposals import conversion

    monkeypatch.setattr(conversion, "_receivers", [])
    proposal = services.proposal_to_report(make_submitted(member_a), user=proposal_staff, comment="转报")
    assert proposal.status == Status.TO_REPORT and proposal.converted_url == ""


def test_unit_pages_reply_and_inbox(client, make_assigned, member_a, unit_clerk):
    proposal = make_assigned(member_a)
    assignment = proposal.assignments.get()
    client.force_login(unit_clerk)
    inbox = client.get("/proposals/inbox/").content.decode()
    assert proposal.title in inbox and "剩 " in inbox
    bad = client.post(f"/proposals/{proposal.pk}/units/{assignment.pk}/reply/", {"result_code": "B", "text": "太短"})
    assert bad.status_code == 200 and "答复正文太短" in bad.content.decode()
    good = client.post(
        f"/proposals/{proposal.pk}/units/{assignment.pk}/reply/",
        {
            "result_code": "B",
            "text": "经研究，您的建议已列入明年工作计划，我们将分步骤推进落实，感谢您的关心和支持。",
            "signer": "王建华",
            "contact_person": "张老师",
            "contact_phone": "0571-88001234",
            "attachment": SimpleUploadedFile("答复附件.pdf", PDF),
        },
    )
    assert good.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED
    reply = proposal.replies.get()
    assert reply.attachment_name == "答复附件.pdf"
    client.force_login(member_a.user)
    download = client.get(f"/proposals/{proposal.pk}/replies/{reply.pk}/attachment/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_workbench_todos(
    client, make_draft, make_submitted, make_assigned, member_a, member_b, proposal_staff, unit_clerk, reply_to
):
    draft = make_draft(member_a)
    services.cosign_invite(draft, user=member_a.user, members=[member_b])
    make_submitted(member_a, title="关于待审查的建议")
    reply_to(make_assigned(member_b, title="关于已答复的建议").assignments.get())
    client.force_login(member_b.user)
    page = client.get("/").content.decode()
    assert "联名邀请待确认" in page and "提案已答复，请评价" in page
    client.force_login(proposal_staff)
    assert "提案待审查" in client.get("/").content.decode()
    make_assigned(member_a, title="关于在办的建议")
    client.force_login(unit_clerk)
    assert "承办中的提案" in client.get("/").content.decode()


def test_leader_records_supervision_of_a_key_proposal(client, make_assigned, member_a, proposal_staff, leader):
    proposal = make_assigned(member_a)
    client.force_login(proposal_staff)
    client.post(f"/proposals/{proposal.pk}/key/", {"leader": leader.pk})
    client.force_login(leader)
    assert proposal.title in client.get("/proposals/key/").content.decode()
    response = client.post(
        f"/proposals/{proposal.pk}/supervise/",
        {"kind": "visit", "occurred_on": "2026-01-10", "content": "实地察看乡村学校"},
        follow=True,
    )
    assert "督办情况已记录" in response.content.decode() and "实地察看乡村学校" in response.content.decode()


def test_follow_up_checks_promised_measures(client, make_assigned, member_a, proposal_staff, reply_to):
    from proposals.models import Rating

    proposal = make_assigned(member_a)
    reply = reply_to(proposal.assignments.get())
    services.evaluation_submit(reply, user=member_a.user, attitude=Rating.SATISFIED, result=Rating.SATISFIED)
    client.force_login(proposal_staff)
    client.post(f"/proposals/{proposal.pk}/milestones/", {"description": "出台教师轮岗办法", "due_on": "2026-06-30"})
    milestone = proposal.milestones.get()
    page = client.post(f"/proposals/{proposal.pk}/result-check/", {"result": "done"}, follow=True).content.decode()
    assert "还有承诺事项未核实" in page
    client.post(f"/proposals/{proposal.pk}/milestones/{milestone.pk}/check/", {"status": "done"})
    client.post(f"/proposals/{proposal.pk}/result-check/", {"result": "done", "note": "已落实"})
    proposal.refresh_from_db()
    assert proposal.result_check == "done"


def test_awards_page(client, make_accepted, member_a, proposal_staff, education):
    proposal = make_accepted(member_a)
    client.force_login(proposal_staff)
    client.post(f"/proposals/{proposal.pk}/excellent/", {"year": 2026})
    client.post("/proposals/awards/?year=2026", {"year": 2026, "unit": education.pk, "note": "办理质量高"})
    page = client.get("/proposals/awards/?year=2026").content.decode()
    assert proposal.title in page and "市教育局" in page and "办理质量高" in page


def test_list_excel_export(client, make_accepted, member_a, proposal_staff):
    from openpyxl import load_workbook

    proposal = make_accepted(member_a)
    client.force_login(proposal_staff)
    response = client.get("/proposals/?export=xlsx&q=教育")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("会议", "提案号", "案由") and rows[1][1] == proposal.number and rows[1][2] == proposal.title
    assert HandlingMode.LEAD


def test_staff_list_shows_the_current_session_unless_asked(client, make_accepted, member_a, proposal_staff, session, term):
    from tests.factories import SessionFactory

    last = SessionFactory(term=term, number=4, year=session.year - 1, is_current=False)
    now_p, old_p = make_accepted(member_a), make_accepted(member_a, title="关于去年问题的建议")
    Proposal.objects.filter(pk=old_p.pk).update(session=last)
    client.force_login(proposal_staff)
    page = client.get("/proposals/").content.decode()
    assert now_p.title in page and old_p.title not in page
    page = client.get("/proposals/?session=").content.decode()
    assert now_p.title in page and old_p.title in page
    assert old_p.title in client.get(f"/proposals/?session={last.pk}").content.decode()


def test_typed_text_is_escaped_on_the_page(client, make_draft, member_a):
    draft = make_draft(member_a, grounds="第一段<script>alert(1)</script>\n第二段" + TEXT_GROUNDS)
    client.force_login(member_a.user)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<p>第二段" in page


def test_staff_merge_through_the_page_lists_the_similar_proposal_first(
    client, make_submitted, make_accepted, member_a, member_b, proposal_staff
):
    for i in range(3):
        make_accepted(
            member_b, title=f"关于加强河道生态修复第{i}段的建议", grounds="河道淤积严重。" * 20, suggestions="开展清淤。" * 20
        )
    target = make_accepted(member_b, title="关于推进义务教育均衡发展、缩小城乡差距的建议")
    proposal = make_submitted(member_a)
    client.force_login(proposal_staff)
    page = client.get(proposal.get_absolute_url()).content.decode()
    options = page[page.index('id="id_merge_into"') :]
    assert options.index(target.title) < options.index("河道生态修复")
    client.post(f"/proposals/{proposal.pk}/review/merge/", {"into": target.pk, "comment": "内容相同"})
    proposal.refresh_from_db()
    assert proposal.status == Status.MERGED and proposal.merged_into == target


def test_member_exports_their_proposals_and_staff_the_requests(client, make_assigned, member_a, unit_clerk, proposal_staff):
    from datetime import timedelta

    from openpyxl import load_workbook

    proposal = make_assigned(member_a)
    services.unit_request_extension(
        proposal.assignments.get(),
        user=unit_clerk,
        reason="需协调资金",
        until=proposal.assignments.get().deadline + timedelta(days=20),
    )
    client.force_login(member_a.user)
    rows = list(load_workbook(io.BytesIO(client.get("/proposals/mine/?export=xlsx").content)).active.values)
    assert rows[1][2] == proposal.title
    client.force_login(proposal_staff)
    page = client.get("/proposals/requests/").content.decode()
    assert "需协调资金" in page and "申请延期答复" in page
    rows = list(load_workbook(io.BytesIO(client.get("/proposals/requests/?export=xlsx").content)).active.values)
    assert rows[0][0] == "承办单位" and rows[1][3] == "需协调资金"
