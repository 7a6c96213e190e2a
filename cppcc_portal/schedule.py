"""The one place where periodic work and queue routing are written down.

Queues: `documents` for PDF rendering (slow), `reminders` for reminders (deadline-bound), and
`default` for the rest, so a long compilation never delays a reminder."""

from celery.schedules import crontab

TASK_ROUTES = {
    "cppcc_portal.documents.tasks.*": {"queue": "documents"},
    "*.tasks.send_*_reminders": {"queue": "reminders"},
    "cppcc_portal.notifications.tasks.*": {"queue": "reminders"},
}

BEAT_SCHEDULE = {
    "notifications-purge-read": {
        "task": "cppcc_portal.notifications.tasks.purge_old_notifications",
        "schedule": crontab(hour=3, minute=30),
    },
    # --- sentiment (社情民意) ---
    "sentiment-quota-reminders": {
        "task": "sentiment.tasks.send_quota_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "sentiment-waiting-reminders": {
        "task": "sentiment.tasks.send_waiting_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    # --- end sentiment ---
}

QUEUES = ["default", "documents", "reminders"]
