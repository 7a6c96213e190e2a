"""The document pipeline: render, progress page, download permission, failure and retry."""

import re
import subprocess

import pytest

from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from cppcc_portal.documents.registry import document_kind
from cppcc_portal.documents.rendering import PortalURLFetcher
from cppcc_portal.documents.services import document_render
from tests.factories import UserFactory


@document_kind("test_three_parts", label="测试文档")
def three_parts(doc, progress):
    from cppcc_portal.documents.pdf import render_official

    return [
        render_official(
            "members/pdf/roster.html", {"title": f"第{i}部分", "committee": doc.committee, "members": [], "today": doc.created_at}
        )
        for i in range(3)
    ]


@document_kind("test_broken", label="坏文档")
def broken(doc, progress):
    raise ValueError("模板缺少数据")


def make_doc(user, kind="member_roster", title="临江市政协委员名册"):
    return GeneratedDocument.objects.create(committee=user.committee, owner=user, kind=kind, title=title)


def pdf_text(path):
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout


def test_render_gives_chinese_text_and_embedded_cjk_font(member_staff, member_a):
    doc = make_doc(member_staff)
    document_render(doc.pk)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE and doc.file.name.endswith(".pdf")
    text = pdf_text(doc.file.path)
    assert "中国人民政治协商会议临江市委员会" in text and "委员名册" in text and "李明华" in text
    assert re.search(r"—\s*1\s*—", text)  # GB/T 9704 page number "— 1 —"
    fonts = subprocess.run(["pdffonts", doc.file.path], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts.replace("-", "") and " yes yes " in fonts


def test_parts_are_merged(member_staff):
    doc = make_doc(member_staff, kind="test_three_parts", title="三部分")
    document_render(doc.pk)
    doc.refresh_from_db()
    assert doc.page_count == 3
    assert pdf_text(doc.file.path).count("委员名册") == 3


def test_failure_is_shown_with_a_retry_button(client, member_staff):
    from cppcc_portal.documents.tasks import render_document

    doc = make_doc(member_staff, kind="test_broken", title="坏文档")
    render_document.run(doc.pk)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.FAILED and "模板缺少数据" in doc.error
    client.force_login(member_staff)
    page = client.get(f"/documents/{doc.pk}/").content.decode()
    assert "模板缺少数据" in page and "重试" in page
    response = client.post(f"/documents/{doc.pk}/retry/")
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.QUEUED and doc.error == ""


def test_progress_page_polls_until_done(client, member_staff):
    doc = make_doc(member_staff)
    client.force_login(member_staff)
    page = client.get(f"/documents/{doc.pk}/status/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "排队中" in page
    document_render(doc.pk)
    page = client.get(f"/documents/{doc.pk}/status/").content.decode()
    assert "hx-trigger" not in page and "下载" in page


def test_only_the_owner_and_committee_staff_may_download(client, member_staff, member_a, other_staff):
    doc = make_doc(member_staff)
    document_render(doc.pk)
    client.force_login(member_a.user)
    assert client.get(f"/documents/{doc.pk}/download/").status_code == 404
    client.force_login(other_staff)
    assert client.get(f"/documents/{doc.pk}/").status_code == 404
    colleague = UserFactory(committee=member_staff.committee, roles=["提案工作人员"])
    client.force_login(colleague)
    response = client.get(f"/documents/{doc.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("kind", ["proposal_form", "proposal_docx", "reply_letter", "duty_report"])
def test_a_personal_document_stays_with_the_one_who_asked_for_it(client, kind, member_a, member_staff, proposal_staff):
    doc = make_doc(member_a.user, kind=kind, title="关于推进城乡义务教育优质均衡发展的建议")
    for colleague in (member_staff, proposal_staff):  # staff who may not see the draft it was made from
        client.force_login(colleague)
        assert client.get(f"/documents/{doc.pk}/").status_code == 404
        assert client.get(f"/documents/{doc.pk}/download/").status_code == 404
        assert client.post(f"/documents/{doc.pk}/retry/").status_code == 404
    client.force_login(member_a.user)
    assert "关于推进城乡义务教育优质均衡发展的建议" in client.get(f"/documents/{doc.pk}/").content.decode()


def test_staff_request_a_roster_from_the_member_list(client, member_staff, member_a):
    client.force_login(member_staff)
    response = client.post("/members/roster/pdf/")
    doc = GeneratedDocument.objects.get(owner=member_staff)
    assert response["Location"] == f"/documents/{doc.pk}/"
    assert doc.kind == "member_roster" and doc.status == DocumentStatus.QUEUED


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data", "file:///etc/passwd", "https://example.com/x.png"])
def test_pdf_renderer_fetches_nothing_outside_the_portal(url):
    with pytest.raises(ValueError):
        PortalURLFetcher().fetch(url)
