from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cppcc_portal.core.uploads import protected_download
from cppcc_portal.documents.models import GeneratedDocument
from cppcc_portal.documents.permissions import can_view_document
from cppcc_portal.documents.services import DocumentError, document_retry


def _document_for(request, pk):
    doc = get_object_or_404(GeneratedDocument, pk=pk)
    if not can_view_document(request.user, doc):
        raise Http404
    return doc


def document_list(request):
    docs = GeneratedDocument.objects.filter(owner=request.user).order_by("-created_at")[:50]
    return render(request, "documents/list.html", {"documents": docs})


def document_detail(request, pk):
    return render(request, "documents/detail.html", {"doc": _document_for(request, pk)})


def document_status(request, pk):
    """The htmx fragment polled while the worker renders."""
    return render(request, "documents/_status.html", {"doc": _document_for(request, pk)})


def document_download(request, pk):
    doc = _document_for(request, pk)
    return protected_download(doc.file, f"{doc.title}.{doc.file_format}")


@require_POST
def document_retry_view(request, pk):
    doc = _document_for(request, pk)
    try:
        document_retry(doc, user=request.user)
        messages.success(request, "已重新提交生成任务")
    except DocumentError as exc:
        messages.error(request, str(exc))
    return redirect(doc)
