"""A worker killed (SIGKILL, worker and pool together) in the middle of a PDF: the task was only
to be acknowledged after it ran (acks late), so Redis hands it to the next worker, which renders
the document once, into one file. The visibility timeout is cut to seconds for the test; in
production it is an hour (CELERY_VISIBILITY_TIMEOUT), longer than any task may run."""

from pathlib import Path

import pytest
from django.db import transaction
from pypdf import PdfReader

from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from cppcc_portal.documents.services import document_request
from tests.factories import MemberFactory
from tests.worker import Worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(tmp_path, settings, monkeypatch):
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = folder
    monkeypatch.setenv("MEDIA_ROOT", str(folder))
    # seconds, not the hour of production; still well above the render's 1-2 s, or a busy
    # machine would see the second worker's own delivery handed out again while it renders
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "12")
    return folder


def test_a_pdf_interrupted_by_a_killed_worker_is_redelivered_and_finished_once(media, member_staff, member_a, committee):
    from django.conf import settings

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    for i in range(40):  # enough pages that the render is still running when the worker dies
        MemberFactory(user__committee=committee, user__full_name=f"委员{i:02d}", user__username=f"roster{i:02d}")
    first = Worker(queues="documents")
    try:
        with transaction.atomic():
            doc = document_request(user=member_staff, kind="member_roster", title="临江市政协委员名册")
        running = wait_for(lambda: GeneratedDocument.objects.get(pk=doc.pk).status == DocumentStatus.RUNNING, 90, 0.02)
        assert running, first.output()[-3000:]
    finally:
        first.kill()
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.RUNNING and not doc.file, "the worker died before it finished"
    assert doc.attempts == 1

    second = Worker(queues="documents")
    try:
        assert wait_for(lambda: GeneratedDocument.objects.get(pk=doc.pk).is_finished, 120), second.output()[-3000:]
        log = second.output()
    finally:
        second.stop()
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE, doc.error
    assert doc.attempts == 2, log[-3000:]  # rendered again by the second worker, not skipped or doubled
    pdf = Path(doc.file.path)
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert len(PdfReader(pdf).pages) == doc.page_count >= 1
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "委员名册" in text.replace(" ", "") or "委员39" in text.replace(" ", "")
    outputs = [p for p in media.rglob("*") if p.is_file()]
    assert outputs == [pdf], outputs  # one output file, no leftover of the killed attempt


def test_a_file_left_by_a_killed_attempt_is_replaced_not_kept_beside(media, member_staff, member_a):
    from django.core.files.base import ContentFile

    from cppcc_portal.documents.services import document_render

    doc = GeneratedDocument.objects.create(
        committee=member_staff.committee, owner=member_staff, kind="member_roster", title="委员名册", file_format="pdf"
    )
    # the killed attempt got as far as writing its file, not as far as recording it
    target = doc.file.field.generate_filename(doc, f"{doc.pk}-委员名册.pdf")
    doc.file.storage.save(target, ContentFile(b"%PDF-1.7 half written"))
    GeneratedDocument.objects.filter(pk=doc.pk).update(status=DocumentStatus.RUNNING, attempts=1)

    document_render(doc.pk)

    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE and doc.file.name == target
    assert [p for p in media.rglob("*") if p.is_file()] == [Path(doc.file.path)]
    assert len(PdfReader(doc.file.path).pages) == doc.page_count
