"""A real Celery worker runs tasks through Redis; a reminder sent twice is delivered once."""

import subprocess
import threading

import pytest
from django.db import connection, transaction

from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from cppcc_portal.documents.services import document_request
from cppcc_portal.notifications.models import Notification, ReminderLog
from cppcc_portal.notifications.services import send_reminder_once
from cppcc_portal.notifications.tasks import send_reminder
from tests.worker import Worker, wait_for

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(transactional_db):
    w = Worker()
    yield w
    w.stop()


@pytest.mark.django_db(transaction=True)
def test_worker_renders_a_pdf_through_redis(worker, member_staff, member_a, member_b):
    from django.conf import settings

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    with transaction.atomic():
        doc = document_request(user=member_staff, kind="member_roster", title="临江市政协委员名册")
    assert wait_for(lambda: GeneratedDocument.objects.get(pk=doc.pk).is_finished), worker.output()[-3000:]
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE, doc.error
    assert doc.page_count >= 1 and doc.progress == 100
    text = subprocess.run(["pdftotext", doc.file.path, "-"], capture_output=True, text=True, check=True).stdout
    assert "委员名册" in text and "李明华" in text and "王晓红" in text
    fonts = subprocess.run(["pdffonts", doc.file.path], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts
    assert "render_document[" in worker.output()


@pytest.mark.django_db(transaction=True)
def test_reminder_task_sent_twice_is_delivered_once(worker, member_a):
    for _ in range(2):
        send_reminder.delay("test:evaluate:1", [member_a.user_id], "请评价提案答复")
    assert wait_for(lambda: worker.output().count("succeeded") >= 2), worker.output()[-3000:]
    assert Notification.objects.filter(user=member_a.user, title="请评价提案答复").count() == 1
    assert ReminderLog.objects.filter(key="test:evaluate:1").count() == 1


def test_send_reminder_once_is_idempotent(member_a):
    assert send_reminder_once("k:1", [member_a.user], "截止提醒", email=False) is True
    assert send_reminder_once("k:1", [member_a.user], "截止提醒", email=False) is False
    assert Notification.objects.filter(user=member_a.user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_senders_deliver_once(member_a):
    if connection.vendor != "postgresql":
        pytest.fail("concurrency is tested on PostgreSQL: run with `make test`")
    barrier = threading.Barrier(2)
    results = []

    def send():
        barrier.wait()
        try:
            results.append(send_reminder_once("k:race", [member_a.user], "并发提醒", email=False))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, True]
    assert Notification.objects.filter(title="并发提醒").count() == 1


def test_a_failed_send_releases_the_key(member_a, monkeypatch):
    import cppcc_portal.notifications.services as services

    def broken(*args, **kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(services.Notification.objects, "bulk_create", broken)  # the notifications cannot be written
    with pytest.raises(RuntimeError):
        send_reminder_once("k:retry", [member_a.user], "重试提醒")
    assert not ReminderLog.objects.filter(key="k:retry").exists()
    monkeypatch.undo()
    assert send_reminder_once("k:retry", [member_a.user], "重试提醒", email=False) is True
