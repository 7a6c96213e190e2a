"""Long documents rendered by several workers at once.

A builder hands a stage of work to `run_stage(doc, stage, specs)`: each spec becomes a
DocumentPart row, helper tasks (`render_document_parts`) are queued on the `documents` queue,
and every documents worker that is free, this one included, claims parts one at a time
(SELECT … FOR UPDATE SKIP LOCKED) and renders them into the shared media store. The builder
gets the parts back in order once all are done. With one worker, the builder renders every part
itself and the helpers find nothing left; with more, the work is shared — they need nothing in
common but PostgreSQL, Redis and the media store.

A kind registers how one part is rendered:

    @part_renderer("proposal_compilation")
    def render_part(doc, part):           # part.stage, part.spec
        return PartOutput(pdf_bytes, pages, {"anchors": …})
"""

import logging
import os
import socket
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cppcc_portal.documents.models import DocumentPart, DocumentStatus, GeneratedDocument, PartStatus

log = logging.getLogger(__name__)

HELPERS = 3  # helper tasks queued per stage: enough for the documents workers a deployment runs
STALE_AFTER = timedelta(minutes=10)  # a part claimed this long ago by a worker that died is taken back

_RENDERERS = {}


@dataclass
class PartOutput:
    pdf: bytes
    pages: int
    result: dict = field(default_factory=dict)


class PartFailed(Exception):
    pass


def part_renderer(kind):
    def register(function):
        _RENDERERS[kind] = function
        return function

    return register


def _renderer(kind):
    from cppcc_portal.documents.registry import get_kind

    get_kind(kind)  # imports every app's documents.py, where renderers are registered
    return _RENDERERS[kind]


def _worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_next(doc_id, stage=None):
    """The next queued part of the document (of one stage, or any), marked as ours; or None."""
    with transaction.atomic():
        parts = DocumentPart.objects.select_for_update(skip_locked=True).filter(document_id=doc_id, status=PartStatus.QUEUED)
        if stage is not None:
            parts = parts.filter(stage=stage)
        part = parts.order_by("stage", "index").first()
        if part is None:
            return None
        part.status, part.worker, part.claimed_at = PartStatus.RUNNING, _worker_name(), timezone.now()
        part.save(update_fields=["status", "worker", "claimed_at"])
    return part


def render_claimed(doc, part):
    """Render a part we claimed and store its file; a failure is recorded on the part."""
    try:
        output = _renderer(doc.kind)(doc, part)
    except Exception as exc:
        DocumentPart.objects.filter(pk=part.pk).update(status=PartStatus.FAILED, error=str(exc)[:2000])
        raise PartFailed(_failed_message(part.index, exc)) from exc
    name = default_storage.save(f"documents/parts/{doc.pk}/{part.stage}-{part.index:05d}.pdf", ContentFile(output.pdf))
    DocumentPart.objects.filter(pk=part.pk).update(
        status=PartStatus.DONE, file=name, pages=output.pages, result=output.result, error=""
    )


def work_on(doc_id, stage=None):
    """Claim and render parts until none is queued; returns how many this process rendered."""
    doc = GeneratedDocument.objects.get(pk=doc_id)
    rendered = 0
    while (part := claim_next(doc_id, stage)) is not None:
        render_claimed(doc, part)
        rendered += 1
    return rendered


def run_stage(doc, stage, specs, *, progress=None, poll=0.3):
    """Render `specs` as parts of `doc` on every free documents worker; returns the parts in order.
    `progress(done, total)` is called as parts finish, whoever rendered them."""
    from cppcc_portal.documents.tasks import render_document_parts

    DocumentPart.objects.filter(document=doc, stage=stage).delete()  # an earlier attempt's
    DocumentPart.objects.bulk_create(
        [DocumentPart(document=doc, stage=stage, index=i, spec=spec) for i, spec in enumerate(specs)]
    )
    for _ in range(min(HELPERS, max(0, len(specs) - 1))):
        render_document_parts.delay_on_commit(doc.pk)
    parts = DocumentPart.objects.filter(document=doc, stage=stage)
    reported = -1
    while True:
        part = claim_next(doc.pk, stage)
        if part is not None:
            render_claimed(doc, part)
        counts = dict(parts.order_by().values_list("status").annotate(n=Count("pk")))
        if counts.get(PartStatus.FAILED):
            failed = parts.filter(status=PartStatus.FAILED).first()
            raise PartFailed(_failed_message(failed.index, failed.error))
        done = counts.get(PartStatus.DONE, 0)
        if progress and done != reported:
            progress(done, len(specs))
            reported = done
        if done == len(specs):
            return list(parts.order_by("index"))
        if part is None:  # the rest is being rendered elsewhere: wait, and take back what a dead worker held
            parts.filter(status=PartStatus.RUNNING, claimed_at__lt=timezone.now() - STALE_AFTER).update(status=PartStatus.QUEUED)
            time.sleep(poll)


def _failed_message(index, error):
    return f"第 {index + 1} 部分生成失败：{error}"


def local_path(part, workdir):
    """A local file with the part's PDF (the storage's own path when it is a folder)."""
    try:
        return Path(default_storage.path(part.file))
    except NotImplementedError:  # e.g. S3: fetch a copy
        target = Path(workdir) / Path(part.file).name
        with default_storage.open(part.file, "rb") as source:
            target.write_bytes(source.read())
        return target


def discard_parts(doc):
    for name in DocumentPart.objects.filter(document=doc).exclude(file="").values_list("file", flat=True):
        default_storage.delete(name)
    DocumentPart.objects.filter(document=doc).delete()


def help_with(doc_id):
    """What a helper task does: render the document's queued parts while the document is being built."""
    if not GeneratedDocument.objects.filter(pk=doc_id, status=DocumentStatus.RUNNING).exists():
        return 0
    try:
        return work_on(doc_id)
    except Exception:  # recorded on the part, and the builder fails the document with it
        log.exception("a part of document %s failed", doc_id)
        return 0
