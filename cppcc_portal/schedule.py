"""The one place where periodic work and queue routing are written down.

Queues: `documents` for PDF rendering (slow), `reminders` for reminders (deadline-bound), and
`default` for the rest, so a long compilation never delays a reminder.

Reminders survive a queue outage: beat cannot publish while Redis is down and does not publish
a missed run later, so every reminder task runs again each hour of its day (CATCH_UP_HOURS).
Each reminder is claimed once by its key (notifications.ReminderLog), so the first run that gets
through sends what is due and the later runs send nothing; mail that could not be queued is
sent by the outbox sweeper."""

from celery.schedules import crontab

CATCH_UP_HOURS = "8-20"  # the first run sends; the hourly runs after it catch up a lost one

TASK_ROUTES = {
    "cppcc_portal.documents.tasks.*": {"queue": "documents"},
    "*.tasks.send_*_reminders": {"queue": "reminders"},
    "cppcc_portal.notifications.tasks.*": {"queue": "reminders"},
}

BEAT_SCHEDULE = {
    # the outbox: mail of notifications written while the queue was down
    "notifications-send-pending-emails": {
        "task": "cppcc_portal.notifications.tasks.send_pending_emails",
        "schedule": crontab(minute="*/10"),
    },
    "notifications-purge-read": {
        "task": "cppcc_portal.notifications.tasks.purge_old_notifications",
        "schedule": crontab(hour=3, minute=30),
    },
    # --- members (委员履职) ---
    "members-recompute-current-scores": {
        "task": "members.tasks.recompute_current_scores",
        "schedule": crontab(hour=2, minute=15),
    },
    # daily in the last month of each quarter; sent once per member in the first week
    "members-quarter-duty-reminders": {
        "task": "members.tasks.send_quarter_duty_reminders",
        "schedule": crontab(hour=CATCH_UP_HOURS, minute=30, month_of_year="3,6,9,12"),
    },
    # daily; the month's at-risk list goes to staff once, in the first week
    "members-at-risk-duty-reminders": {
        "task": "members.tasks.send_at_risk_duty_reminders",
        "schedule": crontab(hour=CATCH_UP_HOURS, minute=40),
    },
    # --- end members ---
    # --- sentiment (社情民意) ---
    "sentiment-quota-reminders": {
        "task": "sentiment.tasks.send_quota_reminders",
        "schedule": crontab(hour="9-20", minute=0),
    },
    "sentiment-waiting-reminders": {
        "task": "sentiment.tasks.send_waiting_reminders",
        "schedule": crontab(hour=CATCH_UP_HOURS, minute=30),
    },
    # --- end sentiment ---
    # --- consultations (协商) ---
    # notices and materials on their working-day dates, the day-before reminder, staff reminders;
    # hourly in office hours so a missed run is caught up, each reminder sent once by its key.
    "consultations-reminders": {
        "task": "consultations.tasks.send_consultation_reminders",
        "schedule": crontab(minute=5, hour="7-20"),
    },
    # online deliberations close themselves at their end time
    "consultations-close-deliberations": {
        "task": "consultations.tasks.close_due_deliberations",
        "schedule": crontab(minute="*/5"),
    },
    # activities past their end time close and record attendance
    "consultations-close-activities": {
        "task": "consultations.tasks.close_finished_activities",
        "schedule": crontab(minute="*/15"),
    },
    # --- end consultations ---
    # --- proposals ------------------------------------------------------------------------
    "proposals-unit-deadline-digest": {
        "task": "proposals.tasks.send_unit_deadline_reminders",
        "schedule": crontab(hour=CATCH_UP_HOURS, minute=0),
    },
    "proposals-member-reminders": {
        "task": "proposals.tasks.send_member_proposal_reminders",
        "schedule": crontab(hour=CATCH_UP_HOURS, minute=10),
    },
    "proposals-staff-overdue-weekly": {
        "task": "proposals.tasks.send_staff_overdue_reminders",
        "schedule": crontab(hour=CATCH_UP_HOURS, minute=20, day_of_week=1),
    },
    "proposals-leader-key-weekly": {
        "task": "proposals.tasks.send_leader_key_reminders",
        "schedule": crontab(hour=CATCH_UP_HOURS, minute=30, day_of_week=1),
    },
    "proposals-expire-cosign-invitations": {
        "task": "proposals.tasks.expire_cosign_invitations",
        "schedule": crontab(minute=5),
    },
    # --- end proposals --------------------------------------------------------------------
}

QUEUES = ["default", "documents", "reminders"]
