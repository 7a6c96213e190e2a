"""A real Celery worker process for tests: it consumes from the test's Redis broker and works on
the test database, so a task runs exactly as in production (no eager mode)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url():
    s = connection.settings_dict
    if s["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("the worker tests need PostgreSQL: run them with `make test`")
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, queues="default,documents,reminders", concurrency=1):
        env = {**os.environ, "DATABASE_URL": database_url(), "CELERY_BROKER_URL": settings.CELERY_BROKER_URL}
        self.log = open(ROOT / "var" / f"test-worker-{os.getpid()}.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cppcc_portal",
                "worker",
                "-Q",
                queues,
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "INFO",
                "-n",
                f"test-{os.getpid()}@%h",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so kill() takes the pool children too
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if "ready." in Path(self.log.name).read_text():
                return
            if self.proc.poll() is not None:
                raise RuntimeError("worker exited: " + Path(self.log.name).read_text()[-2000:])
            time.sleep(0.3)
        raise RuntimeError("worker did not start: " + Path(self.log.name).read_text()[-2000:])

    def output(self):
        return Path(self.log.name).read_text()

    def kill(self):
        """SIGKILL the worker and its pool processes at once, as a crash or an OOM kill would."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(20)
        self.log.close()

    def stop(self):
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def wait_for(predicate, timeout=90, interval=0.3):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
