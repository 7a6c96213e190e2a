"""Thin tasks: the reminder work lives in sentiment.services.reminders."""

from celery import shared_task

from sentiment.services.reminders import quota_reminders, waiting_reminders


@shared_task
def send_quota_reminders():
    return quota_reminders()


@shared_task
def send_waiting_reminders():
    return waiting_reminders()
