"""The auditor's pages: the log, searched and exported (the export is itself an audit event, as
every Excel export is), and one event in full. Everyone else gets 403."""

import json

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cppcc_portal.audit.filters import AuditEventFilter
from cppcc_portal.audit.permissions import can_read_audit_log, events_visible_to
from cppcc_portal.core.lists import FilteredListView

EXPORT_LIMIT = 50_000


def _require_auditor(user):
    if not can_read_audit_log(user):
        raise PermissionDenied


def object_type(event):
    return event.content_type.name if event.content_type_id else ""


class AuditEventListView(FilteredListView):
    template_name = "audit/event_list.html"
    filterset_class = AuditEventFilter
    context_object_name = "events"
    paginate_by = 50
    export_filename = "安全审计日志"
    export_limit = EXPORT_LIMIT
    export_columns = [
        ("时间", lambda e: timezone.localtime(e.occurred_at)),
        ("用户名", lambda e: e.username),
        ("姓名", lambda e: e.user_display),
        ("IP 地址", lambda e: e.ip_address),
        ("操作", lambda e: e.get_action_display()),
        ("对象类型", object_type),
        ("对象编号", lambda e: e.object_id),
        ("对象", lambda e: e.object_text),
        ("结果", lambda e: e.get_result_display()),
        ("详情", lambda e: json.dumps(e.detail, ensure_ascii=False) if e.detail else ""),
    ]

    def dispatch(self, request, *args, **kwargs):
        _require_auditor(request.user)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return events_visible_to(self.request.user).select_related("content_type")


def event_detail(request, pk):
    _require_auditor(request.user)
    event = get_object_or_404(events_visible_to(request.user).select_related("content_type"), pk=pk)
    detail = json.dumps(event.detail, ensure_ascii=False, indent=2, sort_keys=True) if event.detail else ""
    return render(request, "audit/event_detail.html", {"event": event, "detail": detail, "object_type": object_type(event)})
