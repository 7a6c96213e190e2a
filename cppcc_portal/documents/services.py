"""Requesting, rendering and retrying generated documents. The task only calls `document_render`."""

import logging
import shutil
import tempfile
from functools import partial
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cppcc_portal.core.queueing import queue_on_commit
from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from cppcc_portal.documents.registry import DocxResult, PdfFileResult, get_kind

log = logging.getLogger(__name__)


class DocumentError(Exception):
    pass


def document_request(*, user, kind, title, params=None, committee=None):
    """Queue a document for `user`; the worker starts once this transaction commits."""
    from cppcc_portal.documents.tasks import render_document

    spec = get_kind(kind)
    doc = GeneratedDocument.objects.create(
        committee=committee or user.committee,
        owner=user,
        kind=kind,
        title=title,
        params=params or {},
        file_format=spec.file_format,
    )
    queue_on_commit(render_document, doc.pk, on_failure=partial(_queue_down, doc.pk))
    return doc


def _queue_down(doc_id, exc):
    document_fail(doc_id, "后台任务队列暂时不可用，文档未能开始生成。请稍后点击“重试”。")


def document_retry(doc, *, user):
    from cppcc_portal.documents.tasks import render_document

    with transaction.atomic():
        doc = GeneratedDocument.objects.select_for_update().get(pk=doc.pk)
        if doc.status != DocumentStatus.FAILED:
            raise DocumentError("只有生成失败的文档可以重试")
        doc.status = DocumentStatus.QUEUED
        doc.progress = 0
        doc.progress_text = ""
        doc.error = ""
        doc.save(update_fields=["status", "progress", "progress_text", "error"])
        queue_on_commit(render_document, doc.pk, on_failure=partial(_queue_down, doc.pk))
    return doc


def _set_progress(doc_id, done, total, text=""):
    percent = min(99, int(done * 100 / total)) if total else 0
    GeneratedDocument.objects.filter(pk=doc_id).update(progress=percent, progress_text=text[:200])


def _store(doc, filename, content):
    """Attach the output under a name fixed by the document, replacing whatever a killed earlier
    attempt left there: one file per document, however many times it was rendered."""
    name = f"{doc.pk}-{filename}"
    target = doc.file.field.generate_filename(doc, name)
    if doc.file.storage.exists(target):
        doc.file.storage.delete(target)
    doc.file.save(name, content, save=False)


def document_render(doc_id):
    """Build the document's parts, render them to PDF and store the file. Safe to run twice:
    the file is only attached at the end, and a finished document is left alone."""
    # WeasyPrint is heavy to import; only the worker needs it.
    from cppcc_portal.documents.rendering import merge_pdfs, page_count, render_pdf

    claimed = (
        GeneratedDocument.objects.filter(pk=doc_id)
        .exclude(status=DocumentStatus.DONE)
        # one statement: a worker killed right after the claim has still counted its attempt
        .update(status=DocumentStatus.RUNNING, started_at=timezone.now(), progress=0, attempts=F("attempts") + 1)
    )
    if not claimed:
        return
    doc = GeneratedDocument.objects.get(pk=doc_id)
    spec = get_kind(doc.kind)

    def progress(done, total, text=""):
        _set_progress(doc_id, done, total, text)

    result = spec.builder(doc, progress)
    filename = f"{doc.title}.{spec.file_format}"
    if isinstance(result, DocxResult):
        _store(doc, filename, ContentFile(result.content))
        pages = None
    elif isinstance(result, PdfFileResult):
        try:
            with open(result.path, "rb") as fh:
                _store(doc, filename, File(fh))
        finally:
            shutil.rmtree(Path(result.path).parent, ignore_errors=True)
        pages = result.pages
    else:
        total = len(result) if hasattr(result, "__len__") else doc.params.get("expected_parts", 0)
        with tempfile.TemporaryDirectory(prefix="cppcc-doc-") as tmp:
            parts = []
            for index, html in enumerate(result):
                data = render_pdf(html)
                part = Path(tmp) / f"part-{index:05d}.pdf"
                part.write_bytes(data)
                parts.append(part)
                progress(index + 1, max(total, index + 2), f"已排版第 {index + 1} 部分")
            if not parts:
                raise DocumentError("没有可生成的内容")
            if len(parts) == 1:
                pages = page_count(parts[0].read_bytes())
                with open(parts[0], "rb") as fh:
                    _store(doc, filename, File(fh))
            else:
                merged = Path(tmp) / "merged.pdf"
                pages = merge_pdfs(parts, merged)
                with open(merged, "rb") as fh:
                    _store(doc, filename, File(fh))
    GeneratedDocument.objects.filter(pk=doc_id).update(
        file=doc.file.name,
        status=DocumentStatus.DONE,
        progress=100,
        progress_text="已完成",
        page_count=pages,
        finished_at=timezone.now(),
        error="",
    )


def document_fail(doc_id, message):
    GeneratedDocument.objects.filter(pk=doc_id).update(
        status=DocumentStatus.FAILED, error=message[:2000], finished_at=timezone.now()
    )
