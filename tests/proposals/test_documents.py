"""Documents through the shared pipeline: 提案表 and the reply letter in the official layout,
a DOCX for clerks, and the 提案汇编 rendered in chunks with page numbers that run on and a
contents page that points at the right pages."""

import io
import re
import subprocess

import pytest

from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from cppcc_portal.documents.services import document_render
from proposals import services
from proposals.models import HandlingMode, Rating


def pdf_text(path, first=None, last=None):
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, path, "-"], capture_output=True, text=True, check=True).stdout


def pages_of(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def footer_positions(path):
    """(page-number label, x position) of each page's "— N —", read with pypdf."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(path).pages:
        seen = []

        def visit(text, cm, tm, font, size, seen=seen):
            m = re.search(r"—\s*([0-9IVX]+)\s*—", text or "")
            if m:
                seen.append((m.group(1), cm[4] + tm[4]))

        page.extract_text(visitor_text=visit)
        found.append(seen[-1] if seen else (None, None))
    return found


def render(client, url, user):
    client.force_login(user)
    response = client.post(url)
    assert response.status_code == 302
    doc = GeneratedDocument.objects.order_by("-id").first()
    assert response["Location"] == doc.get_absolute_url()
    document_render(doc.pk)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE, doc.error
    return doc


def test_reply_letter_pdf(client, make_assigned, member_a, reply_to):
    proposal = make_assigned(member_a)
    reply = reply_to(proposal.assignments.get(), code="B")
    doc = render(client, f"/proposals/{proposal.pk}/replies/{reply.pk}/letter/", member_a.user)
    text = pdf_text(doc.file.path)
    flat = re.sub(r"\s+", "", text)
    assert f"第{proposal.number}号提案的答复" in flat
    assert "关于十五届五次会议" in flat and "李明华委员：" in flat
    assert "B类" in flat and "签发人：王建华" in flat and "联系人：张老师" in flat
    assert "抄送：" in flat and "市教育局" in flat
    assert re.search(r"—\s*1\s*—", text)
    fonts = subprocess.run(["pdffonts", doc.file.path], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts


def test_proposal_form_pdf(client, make_assigned, member_a, proposal_staff):
    proposal = make_assigned(member_a)
    doc = render(client, f"/proposals/{proposal.pk}/documents/form/", proposal_staff)
    flat = re.sub(r"\s+", "", pdf_text(doc.file.path))
    for expected in [
        "十五届五次会议提案",
        f"第{proposal.number}号",
        "案由",
        proposal.title,
        "李明华",
        "教育界",
        "情况分析",
        "具体建议",
        "主办：市教育局",
        "立案",
    ]:
        assert expected in flat, expected


def test_docx_of_a_proposal(client, make_submitted, member_a, proposal_staff):
    from docx import Document

    proposal = make_submitted(member_a)
    doc = render(client, f"/proposals/{proposal.pk}/documents/docx/", proposal_staff)
    assert doc.file.name.endswith(".docx") and doc.file_format == "docx"
    document = Document(io.BytesIO(doc.file.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "情况分析" in text and proposal.grounds[:20] in text
    assert proposal.title in cells and "李明华" in cells


def test_docx_of_a_proposal_stored_with_control_characters(client, make_submitted, member_a, proposal_staff):
    """A row saved before forms refused control characters (or from the shell) still makes its
    Word file: the characters are dropped instead of failing the document."""
    from docx import Document

    from proposals.models import Proposal

    proposal = make_submitted(member_a)
    Proposal.objects.filter(pk=proposal.pk).update(grounds="老数据\x07里的\x1f字符", title="带\x1f控制字符的建议")
    doc = render(client, f"/proposals/{proposal.pk}/documents/docx/", proposal_staff)
    assert doc.status == DocumentStatus.DONE, doc.error
    document = Document(io.BytesIO(doc.file.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "老数据里的字符" in text and "带控制字符的建议" in cells


def test_member_cannot_print_someone_elses_proposal_form(client, make_submitted, member_a, member_b):
    proposal = make_submitted(member_b)
    client.force_login(member_a.user)
    assert client.post(f"/proposals/{proposal.pk}/documents/form/").status_code == 403
    assert not GeneratedDocument.objects.exists()


@pytest.fixture
def session_with_replies(make_accepted, member_a, member_b, proposal_staff, education, reply_to, committee):
    from proposals.defaults import categories_for

    health = categories_for(committee.pk).get(name="医疗卫生")
    made = []
    for i in range(7):
        extra = {"category": health} if i % 3 == 0 else {}
        p = make_accepted(member_a if i % 2 else member_b, title=f"关于第{i + 1}个民生问题的建议", **extra)
        services.proposal_assign(p, user=proposal_staff, mode=HandlingMode.LEAD, lead=education)
        reply = reply_to(p.assignments.get(), code="ABCD"[i % 4])
        services.evaluation_submit(reply, user=p.proposer.user, attitude=Rating.SATISFIED, result=Rating.SATISFIED)
        made.append(p)
    return made


def test_compilation_in_chunks_numbers_pages_on_and_lists_them_in_the_contents(
    client, session_with_replies, proposal_staff, session, django_capture_on_commit_callbacks, monkeypatch
):
    import proposals.documents

    monkeypatch.setattr(proposals.documents, "CONTENTS_ROWS", 4)  # the contents in two parts as well
    client.force_login(proposal_staff)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/proposals/compilation/", {"session": session.pk})
    doc = GeneratedDocument.objects.get(kind="proposal_compilation")
    assert response["Location"] == doc.get_absolute_url()
    doc.params["chunk_size"] = 3  # 7 proposals → three parts
    doc.save(update_fields=["params"])
    document_render(doc.pk)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE, doc.error
    path = doc.file.path
    total = pages_of(path)
    assert doc.page_count == total

    def footer(page):
        found = re.findall(r"—\s*([0-9IVXLC]+)\s*—", pdf_text(path, page))
        return found[-1] if found else None

    assert footer(1) is None  # the cover has no number
    assert "提案汇编" in pdf_text(path, 1)
    body_start = next(p for p in range(2, total + 1) if footer(p) == "1")
    assert [footer(p) for p in range(2, body_start)] == ["I", "II"]  # contents in Roman numerals, running on
    contents = pdf_text(path, 2, body_start - 1)
    assert "目" in pdf_text(path, 2) and "（续）" in pdf_text(path, 3)
    labels = [footer(p) for p in range(body_start, total + 1)]
    assert labels == [str(n) for n in range(1, len(labels) + 1)], labels  # runs on across the chunks
    # contents: grouped by category, every proposal with the page its text starts on
    entries = re.findall(r"第(\d+)号\s*(关于第\d+个民生问题的建议).*?(\d+)\s*$", contents, flags=re.M)
    assert len(entries) == 7
    assert contents.index("教育") < contents.index("医疗卫生")
    for number, title, page in entries:
        body_page = body_start + int(page) - 1
        assert f"第{number}号" in pdf_text(path, body_page).replace(" ", ""), (number, page)
        assert title in re.sub(r"\s+", "", pdf_text(path, body_page)) or title in re.sub(
            r"\s+", "", pdf_text(path, body_page, body_page + 1)
        )
    # odd page numbers at the right, even ones at the left, also where a new chunk starts
    for index, (label, x) in enumerate(footer_positions(path)):
        if label and label.isdigit():
            assert (x < 250) == (int(label) % 2 == 0), (index + 1, label, x)
    text = re.sub(r"\s+", "", pdf_text(path))
    assert "市教育局的答复（A类）" in text and "市教育局的答复（D类）" in text


@pytest.mark.parametrize("tool", ["pdfunite", None])
def test_merge_parts_with_poppler_or_pypdf(tmp_path, monkeypatch, tool):
    import shutil

    from cppcc_portal.documents.rendering import render_pdf
    from proposals.documents import merge_parts

    if tool is None:
        monkeypatch.setattr(shutil, "which", lambda name: None)
    parts = []
    for i in range(3):
        path = tmp_path / f"p{i}.pdf"
        path.write_bytes(render_pdf(f"<p style='font-family: Noto Serif CJK SC'>第{i + 1}部分</p>"))
        parts.append(path)
    merge_parts(parts, tmp_path / "all.pdf")
    assert pages_of(str(tmp_path / "all.pdf")) == 3
    assert [f"第{i}部分" in pdf_text(str(tmp_path / "all.pdf"), i) for i in (1, 2, 3)] == [True, True, True]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_compilation_in_the_background(client, session_with_replies, proposal_staff, session):
    """Asked for on the page, rendered by a Celery worker process through Redis, with progress."""
    from django.db import transaction

    from tests.worker import Worker, wait_for

    worker = Worker(queues="documents")
    try:
        client.force_login(proposal_staff)
        with transaction.atomic():
            response = client.post("/proposals/compilation/", {"session": session.pk})
        doc = GeneratedDocument.objects.get(kind="proposal_compilation")
        assert response["Location"] == doc.get_absolute_url()
        assert "生成进度" in client.get(doc.get_absolute_url()).content.decode() or doc.is_finished
        assert wait_for(lambda: GeneratedDocument.objects.get(pk=doc.pk).is_finished, timeout=120), worker.output()[-3000:]
    finally:
        worker.stop()
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE and doc.progress == 100, doc.error
    assert doc.page_count == pages_of(doc.file.path) and doc.page_count >= 5  # cover, contents, body
    assert "十五届五次会议" in pdf_text(doc.file.path, 1)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_one_compilation(client, session_with_replies, proposal_staff, session):
    """Chunks are claimed by whichever documents worker is free: the helper task renders some of
    them, and the book still numbers its pages on across chunks rendered by different processes."""
    from django.db import transaction

    from cppcc_portal.documents.models import DocumentPart
    from tests.worker import Worker, wait_for

    worker = Worker(queues="documents", concurrency=2)
    try:
        client.force_login(proposal_staff)
        with transaction.atomic():
            client.post("/proposals/compilation/", {"session": session.pk})
            doc = GeneratedDocument.objects.get(kind="proposal_compilation")
            doc.params["chunk_size"] = 1  # 7 proposals → seven parts to share
            doc.save(update_fields=["params"])
        assert wait_for(lambda: GeneratedDocument.objects.get(pk=doc.pk).is_finished, timeout=240), worker.output()[-3000:]
    finally:
        worker.stop()
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE, doc.error
    helped = [int(n) for n in re.findall(r"render_document_parts\[[^\]]+\] succeeded in [0-9.]+s: (\d+)", worker.output())]
    assert sum(helped) >= 1, worker.output()[-3000:]  # the second process rendered parts too
    assert not DocumentPart.objects.filter(document=doc).exists()  # the parts are cleaned up
    path = doc.file.path
    labels = [label for label, _ in footer_positions(path) if label and label.isdigit()]
    assert labels == [str(n) for n in range(1, len(labels) + 1)] and len(labels) >= 7
    for index, (label, x) in enumerate(footer_positions(path)):
        if label and label.isdigit():
            assert (x < 250) == (int(label) % 2 == 0), (index + 1, label, x)
