"""修改记录: the change history of one record, for the staff who work on it."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from cppcc_portal.history.changes import entries
from cppcc_portal.history.kinds import KINDS

PER_PAGE = 20


def record_history(request, kind, pk):
    record_kind = KINDS.get(kind)
    if record_kind is None:
        raise Http404
    record = record_kind.find(request.user, pk)  # 404 exactly where the detail page is 404
    if not record_kind.is_staff(request.user, record):
        raise PermissionDenied
    rows = type(record).history.filter(id=record.pk).select_related("history_user").order_by("-history_id")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    previous = rows.filter(history_id__lt=shown[-1].history_id).first() if page.has_next() else None
    return render(
        request,
        "history/record_history.html",
        {
            "record": record,
            "record_url": reverse(record_kind.detail, args=[record.pk]),
            "record_label": record._meta.verbose_name,
            "kind": kind,
            "page_obj": page,
            "entries": entries(shown, previous),
        },
    )
