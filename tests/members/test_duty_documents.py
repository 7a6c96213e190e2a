"""The yearly duty report (履职报告), the committee's summary and every member's report as one
background document: requested from the pages, rendered by the document service, checked with
pdftotext and pdffonts."""

import subprocess

from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from cppcc_portal.documents.services import document_render
from members.models import DutyKind
from tests.factories import MemberFactory
from tests.members.conftest import YEAR, activity, record


def pdf_text(doc):
    return subprocess.run(["pdftotext", "-layout", doc.file.path, "-"], capture_output=True, text=True, check=True).stdout


def rendered(doc_id):
    document_render(doc_id)
    doc = GeneratedDocument.objects.get(pk=doc_id)
    assert doc.status == DocumentStatus.DONE, doc.error
    return doc


def test_member_asks_for_their_duty_report(client, member_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record(member_a, DutyKind.PLENARY, attendance="present", quantity=7, title="十五届五次会议")
        record(member_a, DutyKind.PROPOSAL_ACCEPTED, role="lead", title="关于延长课后服务时间的建议")
        record(member_a, DutyKind.CONSULTATION, attendance="absent")
        activity(member_a, DutyKind.CONTACT, quantity=26, title="走访学校和家长")
    client.force_login(member_a.user)
    response = client.post(f"/members/duty/report/pdf/?year={YEAR}", {"member": member_a.pk})
    doc = GeneratedDocument.objects.get()
    assert response["Location"] == f"/documents/{doc.pk}/" and doc.params == {"member_id": member_a.pk, "year": YEAR}
    doc = rendered(doc.pk)
    text = pdf_text(doc)
    flat = "".join(text.split())
    assert "临江市政协委员" in flat and f"{YEAR}年度履职报告" in flat
    assert "李明华" in flat and "教育界" in flat
    # 35 + 15 − 5 + 2 = 47
    assert "合计（百分制，最高100分）47" in flat and "不称职" in flat
    assert "出席1次（7个半天）" in flat and "缺席1次" in flat and "1次，联系群众26人次" in flat
    assert "本人履职小结" in flat and "关于延长课后服务时间的建议" in flat and "走访学校和家长（26人）" in flat
    fonts = subprocess.run(["pdffonts", doc.file.path], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts


def test_a_member_cannot_ask_for_someone_elses_report(client, member_a, member_b):
    client.force_login(member_b.user)
    assert client.post(f"/members/duty/report/pdf/?year={YEAR}", {"member": member_a.pk}).status_code == 404
    assert not GeneratedDocument.objects.exists()


def test_committee_summary(client, member_staff, member_a, member_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record(member_a, DutyKind.PLENARY, attendance="present", quantity=7)
        record(member_b, DutyKind.PLENARY, attendance="absent")
    client.force_login(member_staff)
    client.post(f"/members/duty/summary/pdf/?year={YEAR}")
    doc = rendered(GeneratedDocument.objects.get(kind="duty_summary").pk)
    flat = "".join(pdf_text(doc).split())
    assert f"{YEAR}年度委员履职情况汇总" in flat and "在任委员2名" in flat and "平均17.5分" in flat
    assert "履职风险名单" in flat and "王晓红" in flat


def test_all_reports_in_one_background_document(client, member_staff, committee, member_a, member_b):
    MemberFactory(user__committee=committee, user__full_name="张建国")
    client.force_login(member_staff)
    client.post(f"/members/duty/reports/pdf/?year={YEAR}")
    doc = GeneratedDocument.objects.get(kind="duty_reports_all")
    assert doc.params["expected_parts"] == 3 and "全体3人" in doc.title
    doc = rendered(doc.pk)
    flat = "".join(pdf_text(doc).split())
    assert all(name in flat for name in ("李明华", "王晓红", "张建国"))
    assert flat.count("本人履职小结") == 3 and doc.page_count >= 9
