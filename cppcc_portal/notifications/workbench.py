from django.urls import reverse

from cppcc_portal.core.registry import Todo
from cppcc_portal.notifications.selectors import unread_count


def todos(user):
    count = unread_count(user)
    if not count:
        return []
    return [Todo(title="未读通知", url=reverse("notifications:list") + "?unread=1", count=count, level="info", icon="bi-bell")]
