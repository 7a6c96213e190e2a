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
    # --- proposals ------------------------------------------------------------------------
    "proposals-unit-deadline-digest": {
        "task": "proposals.tasks.send_unit_deadline_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "proposals-member-reminders": {
        "task": "proposals.tasks.send_member_proposal_reminders",
        "schedule": crontab(hour=8, minute=10),
    },
    "proposals-staff-overdue-weekly": {
        "task": "proposals.tasks.send_staff_overdue_reminders",
        "schedule": crontab(hour=8, minute=20, day_of_week=1),
    },
    "proposals-leader-key-weekly": {
        "task": "proposals.tasks.send_leader_key_reminders",
        "schedule": crontab(hour=8, minute=30, day_of_week=1),
    },
    "proposals-expire-cosign-invitations": {
        "task": "proposals.tasks.expire_cosign_invitations",
        "schedule": crontab(minute=5),
    },
    # --- end proposals --------------------------------------------------------------------
}

QUEUES = ["default", "documents", "reminders"]
