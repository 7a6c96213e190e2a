from cppcc_portal.notifications.models import Notification


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def recent_for(user, limit):
    return list(Notification.objects.filter(user=user)[:limit])
