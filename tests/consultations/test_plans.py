"""The annual plan: draft → submitted → approved (approval document) → published; versions after
publication; Excel; the official PDF; who may see and do what."""

import io
import re
import subprocess

import pytest
from openpyxl import load_workbook

from consultations.errors import ConsultationError
from consultations.models import AnnualPlan, PlanItem, PlanStatus, PlanVersion
from consultations.selectors import settings_for
from consultations.services.plans import plan_actions, plan_create, plan_item_delete, plan_item_save, plan_transition
from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from cppcc_portal.documents.services import document_render


def test_a_new_plan_is_issued_jointly_by_three_offices(committee, staff):
    plan = plan_create(committee=committee, year=2027, user=staff)
    assert plan.status == PlanStatus.DRAFT and plan.title == "政协临江市委员会2027年度协商计划"
    assert plan.issuing_body_list == ["中共临江市委办公室", "临江市人民政府办公室", committee.issuing_office]
    with pytest.raises(ConsultationError, match="已存在"):
        plan_create(committee=committee, year=2027, user=staff)


def test_the_whole_workflow_and_its_history(draft_plan, staff):
    assert [a for a, _ in plan_actions(draft_plan)] == ["submit"]
    plan_transition(draft_plan, "submit", user=staff)
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.SUBMITTED
    assert [a for a, _ in plan_actions(draft_plan)] == ["return", "approve"]
    plan_transition(draft_plan, "approve", user=staff, approval_reference="市委常委会会议纪要〔2026〕2号")
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.APPROVED and draft_plan.approval_reference == "市委常委会会议纪要〔2026〕2号"
    assert draft_plan.approved_on is not None
    plan_transition(draft_plan, "publish", user=staff, document_number="临委办发〔2026〕3号")
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.PUBLISHED and draft_plan.document_number == "临委办发〔2026〕3号"
    assert plan_actions(draft_plan) == []
    version = draft_plan.versions.get()
    assert version.number == 1 and version.reason == "首次印发" and version.snapshot[0]["topic"] == "推进城乡义务教育优质均衡发展"
    events = list(draft_plan.events.values_list("action", "from_status", "to_status", "actor__username"))
    assert events[1:] == [
        ("报党委审定", "draft", "submitted", "member_staff"),
        ("登记党委批准", "submitted", "approved", "member_staff"),
        ("印发", "approved", "published", "member_staff"),
    ]


@pytest.mark.parametrize(
    ("setup", "action", "message"),
    [
        ([], "approve", "草稿，不能登记党委批准"),
        ([], "publish", "草稿，不能印发"),
        ([], "return", "草稿，不能退回修改"),
        (["submit"], "submit", "已报党委审定，不能报党委审定"),
        (["submit"], "publish", "已报党委审定，不能印发"),
        (["submit", "approve"], "submit", "党委已批准，不能报党委审定"),
        (["submit", "approve", "publish"], "return", "已印发，不能退回修改"),
    ],
)
def test_refused_transitions_leave_the_plan_as_it_was(draft_plan, staff, setup, action, message):
    for step in setup:
        plan_transition(draft_plan, step, user=staff, approval_reference="批准文号")
    before = AnnualPlan.objects.get(pk=draft_plan.pk).status
    with pytest.raises(ConsultationError, match=message):
        plan_transition(draft_plan, action, user=staff, approval_reference="批准文号", comment="意见")
    assert AnnualPlan.objects.get(pk=draft_plan.pk).status == before


def test_approval_needs_the_document_reference_and_return_needs_a_comment(draft_plan, staff):
    plan_transition(draft_plan, "submit", user=staff)
    with pytest.raises(ConsultationError, match="批准的文件"):
        plan_transition(draft_plan, "approve", user=staff, approval_reference="  ")
    with pytest.raises(ConsultationError, match="退回修改请填写意见"):
        plan_transition(draft_plan, "return", user=staff)
    plan_transition(draft_plan, "return", user=staff, comment="第3项与去年重复")
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.DRAFT
    assert draft_plan.events.last().comment == "第3项与去年重复"


def test_an_empty_plan_or_one_over_the_cap_cannot_be_submitted(committee, staff, draft_plan, forms):
    empty = plan_create(committee=committee, year=2030, user=staff)
    with pytest.raises(ConsultationError, match="还没有议题"):
        plan_transition(empty, "submit", user=staff)
    rules = settings_for(committee.pk)
    rules.plan_topic_cap = 1
    rules.save()
    plan_item_save(PlanItem(plan=draft_plan, topic="第二个议题", form=forms["对口协商会"], planned_month=5), user=staff)
    with pytest.raises(ConsultationError, match="共2项议题，超过本级规定的1项上限"):
        plan_transition(draft_plan, "submit", user=staff)


def test_items_are_locked_while_the_party_committee_decides(draft_plan, staff, forms):
    plan_transition(draft_plan, "submit", user=staff)
    item = draft_plan.items.get()
    item.topic = "改了议题"
    with pytest.raises(ConsultationError, match="不能修改"):
        plan_item_save(item, user=staff)
    with pytest.raises(ConsultationError, match="不能修改"):
        plan_item_save(PlanItem(plan=draft_plan, topic="新议题", form=forms["微协商"], planned_month=3), user=staff)
    assert PlanItem.objects.get(pk=item.pk).topic == "推进城乡义务教育优质均衡发展"


def test_changes_after_publication_need_a_reason_and_become_versions(published_plan, staff, forms, unit):
    item = published_plan.items.get()
    item.planned_month = 10
    with pytest.raises(ConsultationError, match="必须填写调整原因"):
        plan_item_save(item, user=staff)
    assert PlanItem.objects.get(pk=item.pk).planned_month == 12
    item.planned_month = 10
    plan_item_save(item, user=staff, reason="市委主要领导调研安排调整")
    v2 = PlanVersion.objects.get(plan=published_plan, number=2)
    assert v2.reason == "市委主要领导调研安排调整"
    assert "时间安排由“12月”改为“10月”" in v2.summary
    assert v2.snapshot[0]["time"] == "10月"
    assert PlanVersion.objects.get(plan=published_plan, number=1).snapshot[0]["time"] == "12月"  # the old version stays

    added = PlanItem(plan=published_plan, topic="加强未成年人网络保护", form=forms["双周协商座谈会"], planned_month=11)
    plan_item_save(added, user=staff, reason="市委交办新增议题")
    assert "新增议题“加强未成年人网络保护”" in published_plan.versions.get(number=3).summary
    plan_item_delete(added, user=staff, reason="并入第1项")
    v4 = published_plan.versions.get(number=4)
    assert v4.summary == "删除议题“加强未成年人网络保护”" and v4.reason == "并入第1项"
    published_plan.refresh_from_db()
    assert published_plan.version == 4
    with pytest.raises(ConsultationError, match="没有修改任何内容"):
        plan_item_save(PlanItem.objects.get(pk=item.pk), user=staff, reason="再存一次")


def test_an_item_with_activities_cannot_be_deleted(item, staff):
    from tests.consultations.conftest import new_activity

    new_activity(staff, item=item)
    with pytest.raises(ConsultationError, match="已安排活动"):
        plan_item_delete(item, user=staff, reason="取消")


# --- pages -----------------------------------------------------------------------------------


def test_staff_run_the_workflow_from_the_plan_page(client, draft_plan, staff):
    client.force_login(staff)
    page = client.get(draft_plan.get_absolute_url()).content.decode()
    assert "报党委审定" in page and "推进城乡义务教育优质均衡发展" in page and "登记党委批准" not in page
    client.post(f"/consultations/plans/{draft_plan.pk}/do/submit/")
    response = client.post(f"/consultations/plans/{draft_plan.pk}/do/approve/", {"approval_reference": ""}, follow=True)
    assert "请填写党委批准的文件或会议纪要文号" in response.content.decode()
    client.post(
        f"/consultations/plans/{draft_plan.pk}/do/approve/",
        {"approval_reference": "会议纪要〔2026〕2号", "approved_on": "2026-01-20"},
    )
    client.post(f"/consultations/plans/{draft_plan.pk}/do/publish/", {"document_number": "临委办发〔2026〕3号"})
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.PUBLISHED and str(draft_plan.approved_on) == "2026-01-20"
    page = client.get(draft_plan.get_absolute_url()).content.decode()
    assert "已印发" in page and "第1版" in page and "调整议题须填写原因" in page
    assert client.post(f"/consultations/plans/{draft_plan.pk}/do/explode/").status_code == 404


def test_a_published_item_form_asks_for_the_reason_and_keeps_what_was_typed(client, published_plan, staff, forms):
    item = published_plan.items.get()
    client.force_login(staff)
    data = {"number": 1, "topic": "推进义务教育优质均衡发展（修改）", "form": forms["专题协商会"].pk, "planned_month": 9}
    page = client.post(f"/consultations/items/{item.pk}/edit/", data).content.decode()
    assert "计划已印发，调整议题必须填写调整原因" in page and "推进义务教育优质均衡发展（修改）" in page
    response = client.post(f"/consultations/items/{item.pk}/edit/", {**data, "reason": "听取委员意见后调整"})
    assert response.status_code == 302
    assert published_plan.versions.get(number=2).reason == "听取委员意见后调整"


def test_members_see_published_plans_only_and_cannot_act(client, draft_plan, published_plan, member_a, committee, staff):
    draft_2027 = plan_create(committee=committee, year=2027, user=staff)
    client.force_login(member_a.user)
    listing = client.get("/consultations/plans/").content.decode()
    assert published_plan.title in listing and draft_2027.title not in listing
    assert client.get(draft_2027.get_absolute_url()).status_code == 404
    page = client.get(published_plan.get_absolute_url()).content.decode()
    assert "推进城乡义务教育优质均衡发展" in page and "添加议题" not in page and "流转记录" not in page
    assert client.post(f"/consultations/plans/{draft_2027.pk}/do/submit/").status_code == 403
    assert client.post("/consultations/plans/new/", {"year": 2031}).status_code == 403


def test_another_committee_sees_nothing(client, published_plan, other_staff):
    client.force_login(other_staff)
    assert client.get(published_plan.get_absolute_url()).status_code == 404
    assert client.get(f"/consultations/plans/{published_plan.pk}/?export=xlsx").status_code == 404
    assert client.post(f"/consultations/plans/{published_plan.pk}/do/publish/").status_code == 404
    assert published_plan.title not in client.get("/consultations/plans/").content.decode()


def test_excel_export_of_the_plan_and_of_a_version(client, published_plan, staff):
    item = published_plan.items.get()
    item.time_note = "12月下旬"
    plan_item_save(item, user=staff, reason="明确时间")
    client.force_login(staff)
    response = client.get(f"/consultations/plans/{published_plan.pk}/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0][:6]) == ["序号", "协商议题", "协商形式", "时间安排", "承办单位", "协商部门"]
    assert list(rows[1][:6]) == [1, "推进城乡义务教育优质均衡发展", "专题协商会", "12月下旬", "教科卫体委员会", "市教育局"]
    old = load_workbook(io.BytesIO(client.get(f"/consultations/plans/{published_plan.pk}/?export=xlsx&version=1").content)).active
    assert list(old.values)[1][3] == "12月"
    assert client.get(f"/consultations/plans/{published_plan.pk}/?export=xlsx&version=9").status_code == 404


def _pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout


def test_the_plan_pdf_reads_right(client, published_plan, staff, forms, unit):
    for n, (topic, form) in enumerate(
        [("优化营商环境、促进民营经济发展壮大", "界别协商会"), ("加强基层医疗卫生服务能力建设", "对口协商会")]
    ):
        plan_item_save(
            PlanItem(plan=published_plan, topic=topic, form=forms[form], planned_month=n + 5), user=staff, reason="增补"
        )
    client.force_login(staff)
    response = client.post(f"/consultations/plans/{published_plan.pk}/pdf/")
    doc = GeneratedDocument.objects.get(owner=staff, kind="consultation_plan")
    assert response["Location"] == doc.get_absolute_url()
    document_render(doc.pk)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE, doc.error
    text = _pdf_text(doc.file.path)
    flat = re.sub(r"\s+", "", text)
    for body in ["中共临江市委办公室", "临江市人民政府办公室", published_plan.committee.issuing_office]:
        assert text.count(body) >= 2  # the red head and the signatures
    assert "临委办发〔2026〕3号" in flat
    assert "关于印发《政协临江市委员会2026年度协商计划》的通知" in flat
    assert re.search(r"序号\s+协商议题\s+协商形式\s+时间安排\s+承办单位\s+协商部门", text)
    # the first row's first line holds every column in order (long cells wrap below it)
    assert re.search(r"^\s*1\s+推进城乡义务教育\S*\s+专题协商会\s+12月\s+教科卫体委\S*\s+市教育局", text, re.M)
    assert flat.index("推进城乡义务教育") < flat.index("优化营商环境") < flat.index("加强基层医疗卫生")
    assert re.search(r"—\s*1\s*—", text) and "印发" in text
    fonts = subprocess.run(["pdffonts", doc.file.path], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes yes " in line for line in cjk)


def test_a_draft_plan_pdf_is_marked_and_a_version_can_be_printed(client, draft_plan, published_plan, staff):
    client.force_login(staff)
    client.post(f"/consultations/plans/{published_plan.pk}/pdf/", {"version": "1"})
    doc = GeneratedDocument.objects.get(owner=staff)
    assert doc.params == {"plan_id": published_plan.pk, "version": 1} and doc.title.endswith("（第1版）")
    assert client.post(f"/consultations/plans/{published_plan.pk}/pdf/", {"version": "x"}).status_code == 404
    draft = plan_create(committee=staff.committee, year=2031, user=staff)
    doc = GeneratedDocument.objects.create(
        committee=staff.committee, owner=staff, kind="consultation_plan", title="草稿", params={"plan_id": draft.pk}
    )
    document_render(doc.pk)
    doc.refresh_from_db()
    assert "送审稿" in _pdf_text(doc.file.path)


def test_the_plan_list_filters_exports_and_has_a_fixed_cost(
    client, committee, staff, published_plan, member_a, django_assert_max_num_queries
):
    for year in (2027, 2028, 2029):
        plan_create(committee=committee, year=year, user=staff)
    client.force_login(staff)
    with django_assert_max_num_queries(10):
        page = client.get("/consultations/plans/").content.decode()
    assert "2029年度协商计划" in page and "1项议题" in page and "0项议题" in page
    page = client.get("/consultations/plans/?status=published").content.decode()
    assert "2026年度协商计划" in page and "2027年度协商计划" not in page
    assert "2026年度协商计划" in client.get("/consultations/plans/?q=义务教育").content.decode()
    assert "没有符合条件的年度协商计划" in client.get("/consultations/plans/?year=1999").content.decode()
    rows = list(load_workbook(io.BytesIO(client.get("/consultations/plans/?export=xlsx").content)).active.values)
    assert rows[0][:3] == ("年度", "标题", "状态") and len(rows) == 5
    assert [r for r in rows if r[0] == 2026][0][2:4] == ("已印发", "临委办发〔2026〕3号")
    client.force_login(member_a.user)
    rows = list(load_workbook(io.BytesIO(client.get("/consultations/plans/?export=xlsx").content)).active.values)
    assert [r[0] for r in rows[1:]] == [2026]
