"""Thin periodic tasks: each calls one service (see services/reminders.py, services/deliberation.py)."""

from celery import shared_task


@shared_task
def send_consultation_reminders():
    from consultations.services.reminders import send_consultation_reminders as run

    return run()


@shared_task
def close_due_deliberations():
    from consultations.services.deliberation import close_due_deliberations as run

    return run()


@shared_task
def close_finished_activities():
    from consultations.services.reminders import close_finished_activities as run

    return run()
