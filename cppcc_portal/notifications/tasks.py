import logging
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from cppcc_portal.notifications.models import Notification

log = logging.getLogger(__name__)


@shared_task(autoretry_for=(SMTPException, ConnectionError, TimeoutError), retry_backoff=30, max_retries=8)
def send_notification_emails(notification_ids):
    """Mail each notification once, over one SMTP connection: the batch's `emailed_at` is claimed
    first (rows another worker holds are skipped); on a failure the unsent ones are released so
    the retry sends them, and those already sent stay claimed."""
    with transaction.atomic():
        claimed = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=notification_ids, emailed_at__isnull=True)
            .select_related("user")
            .order_by("pk")
        )
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(emailed_at=timezone.now())
    to_mail = [n for n in claimed if n.user.email]
    sent = 0
    try:
        with get_connection() as smtp:
            for note in to_mail:
                body = note.body + (f"\n\n{note.url}" if note.url else "")
                EmailMessage(f"【{settings.PORTAL_NAME}】{note.title}", body, None, [note.user.email], connection=smtp).send()
                sent += 1
    except Exception:
        unsent = [n.pk for n in to_mail[sent:]]
        Notification.objects.filter(pk__in=unsent).update(emailed_at=None)  # let the retry send them
        raise


PENDING_GRACE = timedelta(minutes=5)  # mail queued at commit normally goes out well within this
SWEEP_LIMIT = 50 * 200  # notifications mailed per sweep; the next sweep takes the rest


@shared_task
def send_pending_emails():
    """The outbox sweeper: mail notifications whose mail never went out (the queue was down when
    they were written, or every retry failed). Claims are shared with send_notification_emails,
    so a notification is mailed once whichever of the two gets to it first. Returns how many."""
    from cppcc_portal.notifications.services import EMAIL_CHUNK

    cutoff = timezone.now() - PENDING_GRACE
    ids = list(
        Notification.objects.filter(email_due=True, emailed_at__isnull=True, created_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    for start in range(0, len(ids), EMAIL_CHUNK):
        send_notification_emails(ids[start : start + EMAIL_CHUNK])
    return len(ids)


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
