"""Long documents in parts (cppcc_portal/documents/parts.py): parts come back in order, their
files are removed once the document is stored, and a part that fails fails the document with
a message that says which part."""

import pytest
from django.core.files.storage import default_storage

from cppcc_portal.documents import parts, registry
from cppcc_portal.documents.models import DocumentPart, DocumentStatus, GeneratedDocument
from cppcc_portal.documents.rendering import merge_pdfs, render_pdf
from cppcc_portal.documents.tasks import render_document


class _Broken(set):
    """The texts whose part raises; .stored: the part files the last build wrote."""


@pytest.fixture
def parted_kind(monkeypatch, tmp_path):
    """A document kind of three parts; the part whose text is in `broken` raises."""
    broken = _Broken()
    stored = broken.stored = []  # the part files the last build wrote

    @parts.part_renderer("test_parted")
    def render_one(doc, part):
        if part.spec["text"] in broken:
            raise ValueError("字体缺失")
        return parts.PartOutput(render_pdf(f"<p style='font-family: Noto Serif CJK SC'>{part.spec['text']}</p>"), 1)

    def build(doc, progress):
        done = parts.run_stage(doc, "body", [{"text": t} for t in ("第一部分", "第二部分", "第三部分")], progress=progress)
        target = tmp_path / "merged.pdf"
        merge_pdfs([parts.local_path(p, tmp_path) for p in done], target)
        stored[:] = [str(p.file) for p in done]
        assert all(default_storage.exists(name) for name in stored)
        parts.discard_parts(doc)
        return registry.PdfFileResult(str(target), sum(p.pages for p in done))

    monkeypatch.setitem(registry._KINDS, "test_parted", registry.DocumentKind("test_parted", "测试", build))
    return broken


def make_doc(user):
    return GeneratedDocument.objects.create(committee=user.committee, owner=user, kind="test_parted", title="分段测试")


def test_parts_come_back_in_order_and_are_removed(parted_kind, member_staff):
    from pypdf import PdfReader

    doc = make_doc(member_staff)
    render_document.run(doc.pk)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE and doc.page_count == 3
    texts = [page.extract_text() for page in PdfReader(doc.file.path).pages]
    assert [t.strip() for t in texts] == ["第一部分", "第二部分", "第三部分"]
    assert not DocumentPart.objects.exists()
    # the files this build wrote (not a path by the document's number: parallel test processes
    # share the media folder and number their documents alike)
    assert len(parted_kind.stored) == 3
    assert not any(default_storage.exists(name) for name in parted_kind.stored)


def test_a_failed_part_fails_the_document_and_says_which(parted_kind, member_staff):
    parted_kind.add("第二部分")
    doc = make_doc(member_staff)
    render_document.run(doc.pk)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.FAILED
    assert "第 2 部分生成失败" in doc.error and "字体缺失" in doc.error


def test_a_part_held_by_a_worker_that_died_is_taken_back(parted_kind, member_staff, monkeypatch):
    doc = make_doc(member_staff)
    real_claim = parts.claim_next
    calls = []

    def claim_then_die(doc_id, stage=None):
        part = real_claim(doc_id, stage)
        if part is not None and not calls:
            calls.append(part.index)  # this first claim's worker "dies": the part stays running
            return real_claim(doc_id, stage)
        return part

    monkeypatch.setattr(parts, "claim_next", claim_then_die)
    monkeypatch.setattr(parts, "STALE_AFTER", parts.timedelta(seconds=0))
    render_document.run(doc.pk)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE, doc.error
    assert calls == [0] and doc.page_count == 3
