from django.conf import settings
from django.utils.functional import SimpleLazyObject

from cppcc_portal.core.registry import navigation_for


def portal(request):
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)

    def unread():
        from cppcc_portal.notifications.selectors import unread_count

        return unread_count(user) if authenticated else 0

    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "nav_items": SimpleLazyObject(lambda: navigation_for(user) if authenticated else []),
        "unread_notifications": SimpleLazyObject(unread),
    }
