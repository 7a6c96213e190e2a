import logging
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from cppcc_portal.notifications.models import Notification

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(SMTPException, ConnectionError, TimeoutError), retry_backoff=30, max_retries=8)
def send_notification_emails(notification_ids):
    """Mail each notification once: `emailed_at` is claimed with a conditional UPDATE first."""
    for note in Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related("user"):
        if not Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
            continue
        if not note.user.email:
            continue
        try:
            body = note.body + (f"\n\n{note.url}" if note.url else "")
            send_mail(f"【{settings.PORTAL_NAME}】{note.title}", body, None, [note.user.email])
        except Exception:
            Notification.objects.filter(pk=note.pk).update(emailed_at=None)  # let the retry send it
            raise


@shared_task
def purge_old_notifications():
    """Read notifications older than a year are removed; unread ones stay."""
    cutoff = timezone.now() - timedelta(days=365)
    deleted, _ = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()
    return deleted


@shared_task
def send_reminder(key, user_ids, title, body="", url="", category="reminder"):
    """Send one keyed reminder to users; running it again with the same key sends nothing."""
    from django.contrib.auth import get_user_model

    from cppcc_portal.notifications.services import send_reminder_once

    users = list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))
    return send_reminder_once(key, users, title, body=body, url=url, category=category)
