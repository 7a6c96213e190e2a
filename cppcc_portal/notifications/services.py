"""Sending notifications and reminders. A reminder is sent once per key, whatever the retries.

Reminders over a whole province come in tens of thousands a day, so they are sent in batches:
one INSERT … ON CONFLICT DO NOTHING RETURNING claims a batch of keys, one bulk_create writes the
claimed ones' notifications, and their emails go to the worker in chunks, not one task each."""

import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import connection, transaction
from django.utils import timezone

from cppcc_portal.notifications.models import Notification, ReminderLog

log = logging.getLogger(__name__)

CLAIM_BATCH = 2000  # keys claimed per INSERT (and notifications per bulk_create, about)
EMAIL_CHUNK = 200  # notifications mailed per worker task


@dataclass(frozen=True)
class Reminder:
    """One keyed reminder: its notification goes to `users` the first time its key is claimed."""

    key: str
    users: tuple = field(default=())
    title: str = ""
    body: str = ""
    url: str = ""
    category: str = "reminder"


def _as_list(users):
    if users is None:
        return []
    if hasattr(users, "pk"):
        return [users]
    return [u for u in users if u is not None]


def _publish_emails(ids):
    """Queue the mail of committed notifications. When the queue is down the notifications stay
    in the outbox (email_due, not emailed) and the sweeper sends them later: never an error here,
    which would turn a committed action into a server error."""
    from cppcc_portal.notifications.tasks import send_notification_emails

    for start in range(0, len(ids), EMAIL_CHUNK):
        try:
            send_notification_emails.delay(ids[start : start + EMAIL_CHUNK])
        except Exception as exc:  # noqa: BLE001 - any broker failure: the outbox keeps them
            log.warning("mail of %d notifications left to the sweeper: queue unavailable (%s)", len(ids) - start, exc)
            return


def _queue_emails(notifications, users):
    ids = [n.pk for n, u in zip(notifications, users, strict=True) if u.email]
    if ids:
        transaction.on_commit(partial(_publish_emails, ids))


def notify(users, title, *, body="", url="", category="", email=False):
    """Create one notification per user; with email=True a worker also mails those with an address."""
    recipients = list({u.pk: u for u in _as_list(users)}.values())
    created = Notification.objects.bulk_create(
        [
            Notification(
                user=u, title=title[:200], body=body, url=url[:300], category=category, email_due=bool(email and u.email)
            )
            for u in recipients
        ]
    )
    if email:
        _queue_emails(created, recipients)
    return created


def claim_keys(rows):
    """Claim reminder keys: `rows` are (key, category, recipients). Returns the keys this call
    claimed; a key claimed before (by an earlier run or a concurrent one) is not returned."""
    rows = list(rows)
    table = ReminderLog._meta.db_table
    quote = connection.ops.quote_name
    columns = ", ".join(quote(ReminderLog._meta.get_field(f).column) for f in ("key", "category", "recipients", "sent_at"))
    now = timezone.now()
    claimed = set()
    for start in range(0, len(rows), CLAIM_BATCH):  # a statement's parameters are bounded (65,535 in PostgreSQL)
        values, params = [], []
        for key, category, recipients in rows[start : start + CLAIM_BATCH]:
            values.append("(%s, %s, %s, %s)")
            params += [key[:200], category, recipients, now]
        sql = (
            f"INSERT INTO {quote(table)} ({columns}) VALUES {', '.join(values)} "
            f"ON CONFLICT ({quote('key')}) DO NOTHING RETURNING {quote('key')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            claimed.update(row[0] for row in cursor.fetchall())
    return claimed


def send_reminders_once(reminders, *, email=True):
    """Send every reminder whose key was never claimed; returns how many were sent.

    Each batch claims its keys and writes their notifications in one transaction: if writing
    fails, the keys are released and the next run sends them; once committed, no run can send
    them again."""
    reminders = list(reminders)
    sent = 0
    for start in range(0, len(reminders), CLAIM_BATCH):
        batch = {r.key[:200]: r for r in reminders[start : start + CLAIM_BATCH]}.values()
        with transaction.atomic():
            rows = [(r.key, r.category, len({u.pk for u in _as_list(r.users)})) for r in batch]
            claimed = claim_keys(rows)
            notes, users = [], []
            for r in batch:
                if r.key[:200] not in claimed:
                    continue
                for user in {u.pk: u for u in _as_list(r.users)}.values():
                    notes.append(
                        Notification(
                            user=user,
                            title=r.title[:200],
                            body=r.body,
                            url=r.url[:300],
                            category=r.category,
                            email_due=bool(email and user.email),
                        )
                    )
                    users.append(user)
            created = Notification.objects.bulk_create(notes, batch_size=CLAIM_BATCH)
            if email:
                _queue_emails(created, users)
            sent += len(claimed)
    return sent


def send_reminder_once(key, users, title, *, body="", url="", category="reminder", email=True):
    """Claim `key` and notify; returns False (and sends nothing) when the key was already sent."""
    reminder = Reminder(key, tuple(_as_list(users)), title, body=body, url=url, category=category)
    return send_reminders_once([reminder], email=email) == 1


def mark_read(user, notification_ids=None):
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
