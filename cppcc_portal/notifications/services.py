"""Sending notifications and reminders. A reminder is sent once per key, whatever the retries."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from cppcc_portal.notifications.models import Notification, ReminderLog


def _as_list(users):
    if users is None:
        return []
    if hasattr(users, "pk"):
        return [users]
    return [u for u in users if u is not None]


def notify(users, title, *, body="", url="", category="", email=False):
    """Create one notification per user; with email=True a worker also mails those with an address."""
    from cppcc_portal.notifications.tasks import send_notification_emails

    recipients = {u.pk: u for u in _as_list(users)}.values()
    created = Notification.objects.bulk_create(
        [Notification(user=u, title=title[:200], body=body, url=url[:300], category=category) for u in recipients]
    )
    if email:
        ids = [n.pk for n, u in zip(created, recipients, strict=True) if u.email]
        if ids:
            send_notification_emails.delay_on_commit(ids)
    return created


def send_reminder_once(key, users, title, *, body="", url="", category="reminder", email=True):
    """Claim `key` and notify; returns False (and sends nothing) when the key was already sent.

    The claim and the notifications commit together: if sending fails, the key is released and
    the next run sends it; if it succeeded, no later run can send it again."""
    recipients = _as_list(users)
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReminderLog.objects.create(key=key[:200], category=category, recipients=len(recipients))
        except IntegrityError:
            return False
        notify(recipients, title, body=body, url=url, category=category, email=email)
    return True


def mark_read(user, notification_ids=None):
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
