from django.urls import reverse

from cppcc_portal.core.registry import Todo
from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument


def todos(user):
    failed = GeneratedDocument.objects.filter(owner=user, status=DocumentStatus.FAILED).count()
    if not failed:
        return []
    return [
        Todo(title="文档生成失败，可重试", url=reverse("documents:list"), count=failed, level="danger", icon="bi-file-earmark-x")
    ]
