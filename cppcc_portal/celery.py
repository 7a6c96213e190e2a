"""The Celery app. Tasks are JSON-serialised, acknowledged late and time-limited (settings.py);
DjangoTask gives every task `delay_on_commit`, so work is only queued once its data is committed."""

import os

from celery import Celery

from cppcc_portal.schedule import BEAT_SCHEDULE, TASK_ROUTES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_portal.settings")

app = Celery("cppcc_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = BEAT_SCHEDULE
app.conf.task_routes = TASK_ROUTES
app.autodiscover_tasks()
