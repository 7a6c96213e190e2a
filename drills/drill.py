"""Fault drills that CI cannot run: the portal under gunicorn (and a real Celery worker) while
PostgreSQL restarts or Redis stops. Everything runs on private servers the drill starts itself
(a PostgreSQL cluster and a redis-server on spare ports), never on the machine's shared ones.

    .venv/bin/python drills/drill.py postgres     # restart, then 10 s down, under page load
    .venv/bin/python drills/drill.py redis        # Redis down 20 s while reminders are due

Each prints its figures as JSON (drills/RESULTS.md records them). See drills/README.md."""

import argparse
import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
PG_PORT, REDIS_PORT, WEB_PORT = 5440, 6391, 8091
PASSWORD = "Drill-2026-portal"
PAGES = ["/", "/proposals/mine/", "/notifications/"]


def log(*parts):
    print(f"[{time.strftime('%H:%M:%S')}]", *parts, flush=True)


class Postgres:
    """A private cluster: initdb in the drill folder, owned by the postgres user when run as root."""

    def __init__(self, folder):
        self.data, self.log = folder / "pg", folder / "pg.log"

    def _as_postgres(self, command):
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    def _ctl(self, *args):
        opts = f"-p {PG_PORT} -k {self.data} -c listen_addresses=127.0.0.1"
        command = [str(PGBIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", *args]
        subprocess.run(self._as_postgres(command), check=True, stdout=subprocess.DEVNULL)

    def init(self):
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
            shutil.chown(self.data.parent, "postgres", "postgres")
        command = [str(PGBIN / "initdb"), "-D", str(self.data), "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust", "-U", "postgres"]
        subprocess.run(self._as_postgres(command), check=True, stdout=subprocess.DEVNULL)
        self.start()
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-qc", "CREATE DATABASE drill TEMPLATE template0"],
            check=True,
        )

    def start(self):
        self._ctl("start")

    def stop(self):
        self._ctl("-m", "fast", "stop")

    def restart(self):
        self._ctl("-m", "fast", "restart")


class Redis:
    def __init__(self, folder):
        self.folder, self.proc = folder, None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)


def portal_env(folder):
    return {
        **os.environ,
        "DJANGO_ENV": "development",
        "DEBUG": "false",  # the error pages a visitor would see, not Django's debug page
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/drill",
        "DB_CONN_MAX_AGE": "60",  # kept connections, as in production
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
        "PORTAL_VAR_DIR": str(folder / "var"),
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "SESSION_IDLE_MINUTES": "120",
        "SINGLE_SESSION_PER_USER": "false",  # the load signs in three times as one member
    }


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


class Load(threading.Thread):
    """One signed-in visitor requesting pages without pause; every answer is recorded."""

    def __init__(self, stop):
        super().__init__(daemon=True)
        self.stop, self.results = stop, []
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.jar = jar

    def url(self, path):
        return f"http://127.0.0.1:{WEB_PORT}{path}"

    def login(self):
        self.opener.open(self.url("/accounts/login/"), timeout=10).read()
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        data = urllib.parse.urlencode({"username": "drill_member", "password": PASSWORD, "csrfmiddlewaretoken": token})
        self.opener.open(self.url("/accounts/login/"), data.encode(), timeout=10).read()

    def run(self):
        self.login()
        i = 0
        while not self.stop.is_set():
            path = PAGES[i % len(PAGES)]
            i += 1
            started = time.time()
            try:
                with self.opener.open(self.url(path), timeout=15) as response:
                    body = response.read().decode()
                    status = response.status
                    if "drill_member" not in body and "李明华" not in body:
                        status = "not-signed-in"
            except urllib.error.HTTPError as exc:
                status = exc.code
            except (urllib.error.URLError, OSError) as exc:
                status = f"no-answer:{type(exc).__name__}"
            self.results.append((started, status))


def summarise(results, since, until=None):
    picked = [s for t, s in results if t >= since and (until is None or t < until)]
    counts = Counter(str(s) for s in picked)
    # a server error: any 5xx but the 503 page, no answer at all, or a visitor signed out
    server_errors = sum(n for s, n in counts.items() if s not in ("200", "503") and not s.startswith("4"))
    return {"requests": len(picked), "answers": dict(counts), "server_errors": server_errors}


def first_ok_after(results, moment):
    later = sorted(t for t, s in results if t >= moment and s == 200)
    return round(later[0] - moment, 2) if later else None


class Portal:
    def __init__(self, folder):
        self.folder = folder
        self.env = portal_env(folder)
        self.procs = []

    def prepare(self):
        manage(self.env, "migrate", "--noinput", "-v", "0")
        manage(self.env, "shell", "--no-imports", "-c", f"exec(open({str(ROOT / 'drills' / 'drill_data.py')!r}).read())")

    def web(self):
        out = open(self.folder / "gunicorn.log", "w")  # noqa: SIM115 - lives as long as the drill
        self.procs.append(
            subprocess.Popen(
                [PY, "-m", "gunicorn", "cppcc_portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{WEB_PORT}", "--timeout", "60"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        )
        time.sleep(4)

    def worker(self):
        out = open(self.folder / "worker.log", "w")  # noqa: SIM115 - lives as long as the drill
        self.procs.append(
            subprocess.Popen(
                [PY, "-m", "celery", "-A", "cppcc_portal", "worker", "-Q", "reminders,default", "-c", "1", "--without-mingle"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        )
        time.sleep(8)

    def stop(self):
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def with_load(seconds_plan, users=3):
    stop = threading.Event()
    loads = [Load(stop) for _ in range(users)]
    for load in loads:
        load.start()
    time.sleep(3)
    marks = seconds_plan()
    stop.set()
    for load in loads:
        load.join(20)
    return [r for load in loads for r in load.results], marks


def drill_postgres(folder):
    pg, redis, portal = Postgres(folder), Redis(folder), Portal(folder)
    pg.init()
    redis.start()
    try:
        portal.prepare()
        portal.web()

        def plan():
            marks = {"start": time.time()}
            time.sleep(8)
            log("PostgreSQL restart (pg_ctl restart -m fast)")
            marks["restart_begin"] = time.time()
            pg.restart()
            marks["restart_end"] = time.time()
            time.sleep(10)
            log("PostgreSQL stopped for 10 s")
            marks["down_begin"] = time.time()
            pg.stop()
            time.sleep(10)
            pg.start()
            marks["down_end"] = time.time()
            log("PostgreSQL back")
            time.sleep(10)
            marks["end"] = time.time()
            return marks

        results, m = with_load(plan)
        recovered = m["down_end"] + 2
        return {
            "drill": "postgres",
            "whole_run": summarise(results, m["start"]),
            "during_restart": summarise(results, m["restart_begin"], m["down_begin"]),
            "during_outage": summarise(results, m["down_begin"], recovered),
            "after_recovery": summarise(results, recovered),
            "restart_seconds": round(m["restart_end"] - m["restart_begin"], 2),
            "first_200_after_restart_s": first_ok_after(results, m["restart_end"]),
            "first_200_after_outage_s": first_ok_after(results, m["down_end"]),
            "answers_while_down": summarise(results, m["down_begin"] + 1, m["down_end"])["answers"],
            "portal_restarted": False,
        }
    finally:
        portal.stop()
        redis.stop()
        pg.stop()


COUNT_SCRIPT = """
import json
from cppcc_portal.notifications.models import Notification, ReminderLog
from django.db.models import Count
notes = Notification.objects.filter(category__in=["proposal-due", "drill"])
per = list(notes.values("user__username", "title").annotate(n=Count("id")))
print("COUNTS" + json.dumps({
    "notifications": notes.count(),
    "doubled": sum(1 for row in per if row["n"] > 1),
    "keys": ReminderLog.objects.filter(category__in=["proposal-due", "drill"]).count(),
    "emailed": notes.filter(emailed_at__isnull=False).count(),
    "email_due_unsent": notes.filter(email_due=True, emailed_at__isnull=True).count(),
    "clerks_with_digest": notes.filter(category="proposal-due").values("user").distinct().count(),
}))
"""

KEYED = 40  # keyed one-off reminders (like the consultations' notices), published every "hour"


def drill_redis(folder):
    pg, redis, portal = Postgres(folder), Redis(folder), Portal(folder)
    pg.init()
    redis.start()
    (folder / "mail").mkdir()
    try:
        portal.prepare()
        portal.web()
        portal.worker()
        sys.path.insert(0, str(ROOT))
        os.environ.update(portal.env)  # this process plays beat: it publishes to the drill's Redis
        os.environ["DJANGO_SETTINGS_MODULE"] = "cppcc_portal.settings"
        import django

        django.setup()
        from cppcc_portal.celery import app

        publishes = Counter()

        def beat_hour():
            """What beat does each hour: publish the reminder runs (a failure is logged, not retried)."""
            tasks = [("proposals.tasks.send_unit_deadline_reminders", [])]
            clerks = [f"drill_clerk{u}" for u in range(3)]
            for k in range(KEYED):
                tasks.append(("drills.keyed", (f"drill:notice:{k}", clerks[k % 3])))
            for name, args in tasks:
                try:
                    if name == "drills.keyed":
                        key, username = args
                        app.send_task(
                            "cppcc_portal.notifications.tasks.send_reminder",
                            args=[key, [user_ids[username]], f"协商活动通知 {key}"],
                            kwargs={"category": "drill"},
                            ignore_result=True,  # as the portal's tasks are (CELERY_TASK_IGNORE_RESULT)
                            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
                        )
                    else:
                        app.send_task(
                            name, ignore_result=True, retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
                        )
                    publishes["ok"] += 1
                except Exception:  # noqa: BLE001 - beat logs it and goes on
                    publishes["failed"] += 1

        from members.models import User

        user_ids = dict(User.objects.filter(username__startswith="drill_clerk").values_list("username", "pk"))

        def plan():
            marks = {"start": time.time()}
            for hour in range(12):  # one "hour" every 4 s
                if hour == 2:
                    log("Redis stopped (reminder runs of hours 2-6 cannot be published)")
                    marks["down_begin"] = time.time()
                    redis.stop()
                if hour == 7:
                    redis.start()
                    marks["down_end"] = time.time()
                    log("Redis back")
                if hour < 2:  # before the reminders are due: the load runs with Redis up
                    time.sleep(4)
                    continue
                beat_hour()
                time.sleep(4)
            time.sleep(20)  # the worker drains the queue and mails
            marks["end"] = time.time()
            return marks

        results, m = with_load(plan)
        counted = subprocess.run(
            [PY, "manage.py", "shell", "--no-imports", "-c", COUNT_SCRIPT],
            cwd=ROOT,
            env=portal.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        counts = json.loads(counted.split("COUNTS", 1)[1])
        mails = sum(p.read_text(errors="replace").count("\nSubject: ") for p in (folder / "mail").glob("*.log"))
        expected = KEYED + 3  # each keyed reminder once, and one digest for each of the 3 clerks
        return {
            "drill": "redis",
            "publishes": dict(publishes),
            "expected_reminders": expected,
            "reminders_sent": counts["notifications"],
            "lost": expected - counts["notifications"] if counts["notifications"] <= expected else 0,
            "doubled": counts["doubled"],
            "mails": mails,
            "mails_expected": expected,
            "email_due_unsent": counts["email_due_unsent"],
            "clerks_with_digest": counts["clerks_with_digest"],
            "pages_whole_run": summarise(results, m["start"]),
            "pages_while_redis_down": summarise(results, m["down_begin"], m["down_end"]),
            "pages_after_recovery": summarise(results, m["down_end"] + 2),
        }
    finally:
        portal.stop()
        if redis.proc and redis.proc.poll() is None:
            redis.stop()
        pg.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("which", choices=["postgres", "redis"])
    parser.add_argument("--keep", action="store_true", help="keep the drill folder (logs, mail) afterwards")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix=f"cppcc-drill-{args.which}-"))
    folder.chmod(0o755)
    log("drill folder", folder)
    try:
        figures = (drill_postgres if args.which == "postgres" else drill_redis)(folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    bad = figures.get("after_recovery", figures.get("pages_after_recovery", {})).get("server_errors", 0)
    bad += figures.get("whole_run", figures.get("pages_whole_run", {})).get("server_errors", 0)
    bad += figures.get("lost", 0) + figures.get("doubled", 0)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
