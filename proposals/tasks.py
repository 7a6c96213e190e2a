"""Beat tasks: thin wrappers around proposals.reminders and the invitation expiry."""

from celery import shared_task

from proposals import reminders
from proposals.services import cosign_expire_due


@shared_task
def send_unit_deadline_reminders():
    return reminders.unit_deadline_reminders()


@shared_task
def send_staff_overdue_reminders():
    return reminders.staff_overdue_reminders()


@shared_task
def send_member_proposal_reminders():
    return reminders.member_reminders()


@shared_task
def send_leader_key_reminders():
    return reminders.leader_weekly_reminders()


@shared_task
def expire_cosign_invitations():
    return cosign_expire_due()
