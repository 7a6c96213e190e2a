import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from cppcc_portal.documents.models import GeneratedDocument
from cppcc_portal.documents.services import document_fail, document_render

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def render_document(doc_id):
    if not GeneratedDocument.objects.filter(pk=doc_id).exists():
        return  # deleted meanwhile: nothing to do
    try:
        document_render(doc_id)
    except SoftTimeLimitExceeded:
        document_fail(doc_id, "生成超时，请缩小范围后重试")
    except Exception as exc:
        log.exception("document %s failed", doc_id)
        document_fail(doc_id, f"生成失败：{exc}")


@shared_task(acks_late=True)
def render_document_parts(doc_id):
    """Help build a long document: render its queued parts while there are some (parts.py)."""
    from cppcc_portal.documents.parts import help_with

    return help_with(doc_id)
