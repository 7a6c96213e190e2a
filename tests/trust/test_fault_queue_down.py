"""A document requested while Redis is down: the page answers (no server error), the document
says plainly that it could not start, and 重试 works once Redis is back. Real redis-server
stopped and started; a real worker renders the retry."""

import pytest
from django.test import Client

from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from tests.trust.test_fault_reminders import broker, redis  # noqa: F401 - fixture
from tests.worker import Worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_document_requested_while_the_queue_is_down(redis, settings, member_staff, member_a):  # noqa: F811
    client = Client(raise_request_exception=False)
    client.force_login(member_staff)
    with broker(redis.url):
        redis.stop()
        response = client.post("/members/roster/pdf/")
        assert response.status_code == 302  # to the document's page, not a server error
        doc = GeneratedDocument.objects.get()
        assert doc.status == DocumentStatus.FAILED
        page = client.get(response.url).content.decode()
        assert "后台任务队列暂时不可用" in page

        redis.start()
        settings.CELERY_BROKER_URL = redis.url
        worker = Worker(queues="documents")
        try:
            assert client.post(f"/documents/{doc.pk}/retry/").status_code == 302
            assert wait_for(lambda: GeneratedDocument.objects.get(pk=doc.pk).is_finished, 120), worker.output()[-3000:]
        finally:
            worker.stop()
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE and doc.file
