"""The full daily reminder run over the whole database, through real Celery workers on Redis.

    DATABASE_URL=postgres://…/cppcc_bench_full .venv/bin/python bench/reminders.py --label full

Enqueues every reminder task of the beat schedule (cppcc_portal/schedule.py) on the `reminders`
queue at once and times until all of them, and the email tasks they queue, have finished. Then
checks that each reminder went out exactly once:
- every new ReminderLog key is unique, and for each kind of reminder the notifications written
  equal the recipients its claimed keys recorded;
- nobody got the same notification twice, and every notification to someone with an address
  was mailed once (the file mail backend's messages are counted);
- a second run of the same tasks sends nothing new.
Writes bench/results/reminders-<label>.json. Target: ≤ 60 s at full scale."""

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import ROOT, bench_env, use_in_this_process
from bench.processes import celery_worker

RESULTS = ROOT / "bench" / "results"


def reminder_tasks():
    from cppcc_portal.schedule import BEAT_SCHEDULE

    return sorted({entry["task"] for entry in BEAT_SCHEDULE.values() if ".send_" in entry["task"]})


def mails_sent(folder):
    return sum(path.read_text(errors="replace").count("\nMessage-ID: ") for path in Path(folder).glob("*"))


def run_once(app, workers, names, timeout):
    """Send the tasks, wait until each succeeded and the queue is empty; returns (seconds, {task: s})."""
    from cppcc_portal.notifications.models import Notification

    started = time.monotonic()
    ids = {app.send_task(name).id: name for name in names}
    pattern = re.compile(r"Task (\S+)\[([0-9a-f-]+)\] (succeeded in ([0-9.]+)s|raised)")
    took = {}
    while time.monotonic() - started < timeout:
        log = "\n".join(w.output(tail=5_000_000) for w in workers)
        for name, task_id, outcome, seconds in pattern.findall(log):
            if task_id in ids:
                if not outcome.startswith("succeeded"):
                    raise SystemExit(f"{name} failed:\n{log[-4000:]}")
                took[ids[task_id]] = float(seconds)
        if len(took) == len(ids) and _queues_empty(app) and not _mail_pending(Notification):
            return time.monotonic() - started, took
        time.sleep(0.2)
    raise SystemExit(f"the reminder run did not finish in {timeout} s; finished: {sorted(took)}")


def _queues_empty(app):
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        if any(channel.client.llen(app.conf.broker_transport_options.get("global_keyprefix", "") + q) for q in ("reminders",)):
            return False
    inspect = app.control.inspect(timeout=1)
    busy = [*(inspect.active() or {}).values(), *(inspect.reserved() or {}).values()]
    return not any(busy)


def _mail_pending(Notification):
    return Notification.objects.filter(pk__gt=BASELINE["notification"], emailed_at__isnull=True).exclude(user__email="").exists()


BASELINE = {}


def verify(mail_dir):
    """Problems found with the run's reminders (an empty list: each sent exactly once)."""
    from django.db.models import Count, Sum

    from cppcc_portal.notifications.models import Notification, ReminderLog

    logs = ReminderLog.objects.filter(pk__gt=BASELINE["log"])
    notes = Notification.objects.filter(pk__gt=BASELINE["notification"])
    problems = []
    duplicate_keys = logs.values("key").annotate(n=Count("pk")).filter(n__gt=1).count()
    if duplicate_keys:
        problems.append(f"{duplicate_keys} 个提醒标识重复")
    claimed = dict(logs.values_list("category").annotate(Sum("recipients")))
    written = dict(notes.values_list("category").annotate(Count("pk")))
    for category, recipients in sorted(claimed.items()):
        if written.get(category, 0) != recipients:
            problems.append(f"{category}：登记 {recipients} 人，写入 {written.get(category, 0)} 条通知")
    # the link names the record: two reports with the same generated title are two reminders
    twice = notes.values("user_id", "category", "title", "body", "url").annotate(n=Count("pk")).filter(n__gt=1).count()
    if twice:
        problems.append(f"{twice} 条通知发给同一人两次")
    should_mail = notes.exclude(user__email="").count()
    mailed = mails_sent(mail_dir) - BASELINE["mails"]
    if mailed != should_mail:
        problems.append(f"应发邮件 {should_mail} 封，实发 {mailed} 封")
    return problems, {
        "reminders": logs.count(),
        "notifications": notes.count(),
        "emails": mailed,
        "by_category": {c: written.get(c, 0) for c in sorted(set(claimed) | set(written))},
        "without_key": {c: n for c, n in written.items() if c not in claimed},  # notices sent by a state change
    }


def snapshot(mail_dir):
    from cppcc_portal.notifications.models import Notification, ReminderLog

    last = ReminderLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    note = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return {"log": last, "notification": note, "mails": mails_sent(mail_dir)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--label", required=True)
    parser.add_argument("--concurrency", type=int, default=2, help="processes of the reminders worker")
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix=f"cppcc-reminders-{args.label}-"))
    env = bench_env(workdir, extra={"CELERY_KEY_PREFIX": f"bench-reminders-{args.label}:"})
    mail_dir = Path(env["EMAIL_FILE_PATH"])
    mail_dir.mkdir(parents=True, exist_ok=True)
    use_in_this_process(env)

    from bench.machine import describe
    from cppcc_portal.celery import app

    names = reminder_tasks()
    worker = celery_worker(f"bench-reminders-{args.label}", "reminders", env, workdir / "logs", concurrency=args.concurrency)
    try:
        BASELINE.update(snapshot(mail_dir))
        seconds, per_task = run_once(app, [worker], names, args.timeout)
        problems, counts = verify(mail_dir)
        print(
            f"[{args.label}] first run: {seconds:.1f} s, {counts['reminders']} reminders, {counts['notifications']} notifications"
        )
        after_first = snapshot(mail_dir)
        again, _ = run_once(app, [worker], names, args.timeout)
        second = snapshot(mail_dir)
        if second != after_first:
            problems.append(
                f"第二次运行又发出 {second['log'] - after_first['log']} 个提醒、{second['notification'] - after_first['notification']} 条通知、"
                f"{second['mails'] - after_first['mails']} 封邮件"
            )
    finally:
        worker.stop()
    result = {
        "label": args.label,
        "seconds": round(seconds, 2),
        "second_run_seconds": round(again, 2),
        "per_task_seconds": per_task,
        **counts,
        "exactly_once": not problems,
        "problems": problems,
        "worker_concurrency": args.concurrency,
        "machine": describe(),
    }
    result["summary"] = {
        "秒": result["seconds"],
        "第二次运行秒": result["second_run_seconds"],
        "提醒": counts["reminders"],
        "通知": counts["notifications"],
        "邮件": counts["emails"],
        "只发一次": result["exactly_once"],
        "最慢任务": max(per_task.items(), key=lambda kv: kv[1]) if per_task else None,
    }
    out = RESULTS / f"reminders-{args.label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    for line in problems:
        print(f"  problem: {line}")
    slowest = Counter(per_task).most_common(3)
    print(f"[{args.label}] {'exactly once' if not problems else 'NOT exactly once'}; slowest tasks: {slowest}; wrote {out}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
