from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cppcc_portal.notifications.models import Notification
from cppcc_portal.notifications.services import mark_read


def notification_list(request):
    qs = Notification.objects.filter(user=request.user)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "only_unread": bool(request.GET.get("unread")),
            "query_string": "unread=1" if request.GET.get("unread") else "",
        },
    )


def notification_open(request, pk):
    """Mark one notification read and go where it points."""
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:list")


@require_POST
def notification_mark_all_read(request):
    mark_read(request.user)
    if request.htmx:
        return render(request, "notifications/_badge.html", {"unread_notifications": 0})
    return redirect("notifications:list")
