"""Redis stops while reminders are due: none is lost, each is sent once when it returns.

A redis-server of the test's own on a spare port is stopped and started for real; a real Celery
worker consumes from it. Beat's part is played by publishing the scheduled task the way beat
does: while Redis is down that publish fails (beat logs it and waits for the next run), which is
why every reminder task runs again each hour of its day (cppcc_portal/schedule.py)."""

import contextlib
import shutil
import socket
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from kombu import pools as kombu_pools
from kombu.exceptions import OperationalError

from cppcc_portal.celery import app
from cppcc_portal.notifications.models import Notification, ReminderLog
from cppcc_portal.notifications.services import send_reminder_once
from cppcc_portal.schedule import BEAT_SCHEDULE
from proposals.models import Assignment
from tests.proposals.conftest import (  # noqa: F401 - fixtures
    category,
    education,
    make_accepted,
    make_assigned,
    make_draft,
    make_submitted,
    rules,
)
from tests.worker import Worker, wait_for

DIGEST = "proposals.tasks.send_unit_deadline_reminders"
SWEEPER = "cppcc_portal.notifications.tasks.send_pending_emails"


def test_every_reminder_task_is_run_again_later_in_its_day():
    """A publish lost while the queue is down is caught up by the next run the same day."""
    reminder_entries = {name: e for name, e in BEAT_SCHEDULE.items() if e["task"].rsplit(".", 1)[1].endswith("_reminders")}
    assert len(reminder_entries) >= 8
    for name, entry in reminder_entries.items():
        assert len(entry["schedule"].hour) >= 6, f"{name} runs only at {sorted(entry['schedule'].hour)}"
    sweeper = [e for e in BEAT_SCHEDULE.values() if e["task"] == SWEEPER]
    assert sweeper and len(sweeper[0]["schedule"].minute) >= 6  # the outbox is swept several times an hour


class SpareRedis:
    """A redis-server of this test's own, without persistence, on a free port."""

    def __init__(self, folder):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.folder, self.proc = folder, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.time() + 20
        while time.time() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)
        self.proc = None


@pytest.fixture
def redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed (apt-get install redis-server)")
    server = SpareRedis(tmp_path)
    server.start()
    yield server
    if server.proc:
        server.stop()


@contextlib.contextmanager
def broker(url):
    """Point this process's Celery producer at `url` (and back afterwards)."""

    def reset():
        # kombu keeps a process-wide pool per broker URL: close them AND forget them, or the
        # next producer for the same URL would be handed the closed pool ("Acquire on closed pool")
        kombu_pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    names = ("broker_url", "broker_read_url", "broker_write_url")
    before = {name: app.conf[name] for name in names}
    reset()
    app.conf.update(dict.fromkeys(names, url))
    try:
        yield
    finally:
        reset()
        app.conf.update(before)


def beat_publishes(task_name):
    """What beat does at a scheduled time: publish the task (and fail if the queue is down)."""
    app.send_task(task_name, ignore_result=True, retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.2})


def mails(folder):
    return sum(p.read_text(errors="replace").count("\nSubject: ") for p in Path(folder).glob("*.log"))


@pytest.fixture
def worker_on(redis, settings, tmp_path, monkeypatch, transactional_db):
    mail = tmp_path / "mail"
    mail.mkdir()
    monkeypatch.setenv("EMAIL_FILE_PATH", str(mail))
    settings.CELERY_BROKER_URL = redis.url
    worker = Worker(queues="reminders,default")
    worker.mail = mail
    yield worker
    worker.stop()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_reminders_due_while_redis_is_down_are_sent_once_when_it_returns(
    redis,
    worker_on,
    make_assigned,  # noqa: F811
    member_a,
    unit_clerk,
):
    unit_clerk.email = "wuhaiyan@edu.linjiang.gov.cn"
    unit_clerk.save(update_fields=["email"])
    proposal = make_assigned(member_a)
    Assignment.objects.filter(proposal=proposal).update(deadline=timezone.localdate() + timedelta(days=7))
    digests = Notification.objects.filter(user=unit_clerk, category="proposal-due")
    before = digests.count()

    with broker(redis.url):
        redis.stop()
        with pytest.raises(OperationalError):  # 08:00: beat cannot publish the day's run
            beat_publishes(DIGEST)
        assert digests.count() == before and not ReminderLog.objects.filter(key__startswith="proposals:due").exists()

        redis.start()  # Redis is back; the worker reconnects by itself
        beat_publishes(DIGEST)  # 09:00: the catch-up run
        assert wait_for(lambda: digests.count() == before + 1, timeout=120), worker_on.output()[-3000:]
        assert wait_for(lambda: mails(worker_on.mail) == 1, timeout=60), worker_on.output()[-3000:]

        beat_publishes(DIGEST)  # 10:00: nothing left to send
        beat_publishes(DIGEST)
        assert wait_for(lambda: worker_on.output().count(f"Task {DIGEST}[") >= 3 * 2, timeout=60)
        time.sleep(1)
    assert digests.count() == before + 1
    assert mails(worker_on.mail) == 1
    note = digests.latest("pk")
    assert note.emailed_at is not None and proposal.title in note.body


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_mail_of_a_reminder_written_while_redis_is_down_is_sent_once_by_the_sweeper(redis, worker_on, member_a):
    member_a.user.email = "limh@example.cn"
    member_a.user.save(update_fields=["email"])
    with broker(redis.url):
        redis.stop()
        # a worker that took the reminder just before the outage: the notification commits, the
        # mail cannot be queued, and neither the reminder nor the action fails
        assert send_reminder_once("fault:evaluate:7", [member_a.user], "请评价提案答复") is True
        note = Notification.objects.get(user=member_a.user, title="请评价提案答复")
        assert note.email_due and note.emailed_at is None
        assert mails(worker_on.mail) == 0

        redis.start()
        Notification.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(minutes=10))
        beat_publishes(SWEEPER)
        assert wait_for(lambda: Notification.objects.get(pk=note.pk).emailed_at is not None, timeout=120), worker_on.output()[
            -3000:
        ]
        beat_publishes(SWEEPER)
        assert wait_for(lambda: worker_on.output().count(f"Task {SWEEPER}[") >= 2 * 2, timeout=60)
    assert mails(worker_on.mail) == 1
    assert Notification.objects.filter(user=member_a.user, title="请评价提案答复").count() == 1
    assert send_reminder_once("fault:evaluate:7", [member_a.user], "请评价提案答复") is False
