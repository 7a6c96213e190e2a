"""The smoke benchmark (CI): the scale-out layout on one machine, checked for correctness, never
for speed. Two gunicorn processes on two ports and two Celery workers (`documents`, and
`reminders,default`) share nothing but one PostgreSQL database, Redis and one media folder:

- every page of the load run answers 200, a few seconds of wrk on each port, both ports at once;
- a keyed reminder and every reminder task of the beat schedule run on the reminders worker;
- a PDF is rendered by the documents worker into the shared folder and downloaded through the
  other web process.

Run by bench/smoke.sh, which makes the database; prints PASS / FAIL per check, exits 1 on a FAIL."""

import argparse
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import bench_env, collectstatic, use_in_this_process
from bench.processes import celery_worker, gunicorn, prime
from bench.wrk import wrk

WEB_WORKERS = 2  # per web process: two processes of two, as two small web hosts would run

checks = []


def check(name, ok, detail=""):
    checks.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}  {name}{f'  ({detail})' if detail else ''}", flush=True)
    return ok


def fetch(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie, "Accept-Language": "zh-CN"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def reminder_task_names():
    """Every reminder task the beat schedule runs (those routed to the `reminders` queue)."""
    from cppcc_portal.schedule import BEAT_SCHEDULE

    return sorted({entry["task"] for entry in BEAT_SCHEDULE.values() if ".send_" in entry["task"]})


def check_pages(ports, cookies, users, seconds):
    from bench.pages import PAGES

    with ThreadPoolExecutor(len(ports)) as pool:
        for page in PAGES:
            path, cookie = page.resolve(users), cookies[page.persona]
            urls = [f"http://127.0.0.1:{port}{path}" for port in ports]
            # each worker of each process serves the page once, however slow the machine is…
            first = [status for url in urls for status in prime(url, cookie, WEB_WORKERS)]
            # … then both processes under wrk at once; how many requests fit is not judged
            runs = list(pool.map(partial(wrk, cookie=cookie, seconds=seconds, connections=4), urls))
            served = " / ".join(f":{port} {run['requests'] + WEB_WORKERS} 次" for port, run in zip(ports, runs, strict=True))
            bad = sum(s != 200 for s in first) + sum(run["non200"] + run["errors"] for run in runs)
            check(f"{page.name} {path}（{page.persona}）每个响应 200", bad == 0, f"{served}，失败 {bad}")


def check_reminders(reminders_worker, users):
    from cppcc_portal.celery import app
    from cppcc_portal.notifications.models import Notification, ReminderLog
    from cppcc_portal.notifications.tasks import send_reminder

    key = f"bench-smoke:{uuid.uuid4().hex}"
    member = users["member"]
    send_reminder.delay(key, [member.pk], "冒烟测试提醒", body="smoke", category="bench-smoke")
    done = wait_for(lambda: ReminderLog.objects.filter(key=key).exists(), 60)
    got = Notification.objects.filter(user=member, category="bench-smoke", title="冒烟测试提醒").count()
    check("提醒经 reminders worker 发出且只发一次", done and got == 1, f"{got} 条通知")
    send_reminder.delay(key, [member.pk], "冒烟测试提醒", body="smoke", category="bench-smoke")  # the beat fires twice
    names = reminder_task_names()
    for name in names:
        app.send_task(name)
    finished = wait_for(lambda: all(f"Task {name}[" in _succeeded(reminders_worker) for name in names), 120)
    again = Notification.objects.filter(user=member, category="bench-smoke").count()
    check(
        f"计划中的 {len(names)} 个提醒任务都在 reminders worker 上完成", finished, ", ".join(n.rsplit(".", 1)[1] for n in names)
    )
    check("同一提醒再次触发不再发送", again == 1, f"{again} 条通知")


def _succeeded(worker):
    return "\n".join(line for line in worker.output(tail=1_000_000).splitlines() if "succeeded in" in line)


def check_document(ports, cookies, users, documents_worker, media_root):
    from django.db import transaction

    from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
    from cppcc_portal.documents.services import document_request
    from proposals.models import Proposal

    staff = users["staff"]
    proposal = Proposal.objects.filter(committee_id=staff.committee_id, number__isnull=False).order_by("pk").first()
    with transaction.atomic():
        doc = document_request(user=staff, kind="proposal_form", title="冒烟测试提案表", params={"proposal_id": proposal.pk})
    finished = wait_for(lambda: GeneratedDocument.objects.get(pk=doc.pk).is_finished, 120)
    doc.refresh_from_db()
    ok = finished and doc.status == DocumentStatus.DONE
    check("PDF 由 documents worker 生成", ok and "render_document[" in _succeeded(documents_worker), doc.error or doc.status)
    if not ok:
        return
    stored = Path(media_root) / doc.file.name
    check("PDF 存入共享文件目录", stored.is_file(), str(stored))
    status, body = fetch(f"http://127.0.0.1:{ports[-1]}/documents/{doc.pk}/download/", cookies["staff"])
    check(f"另一个 web 进程（:{ports[-1]}）提供下载", status == 200 and body.startswith(b"%PDF"), f"{status}，{len(body)} 字节")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ports", type=int, nargs=2, default=[8201, 8202])
    parser.add_argument("--seconds", type=int, default=1, help="wrk seconds per page and port")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="cppcc-smoke-"))
    media = workdir / "shared-media"
    env = bench_env(workdir, media_root=media)
    collectstatic(env)
    use_in_this_process(env)

    from bench.pages import persona_users, session_cookie

    users = persona_users()
    cookies = {p: session_cookie(u) for p, u in users.items()}
    logs = workdir / "logs"
    services = {}
    try:
        with ThreadPoolExecutor(4) as pool:  # start the four at once: they load Django side by side
            starting = {
                "web-1": pool.submit(gunicorn, args.ports[0], env, logs, workers=WEB_WORKERS),
                "web-2": pool.submit(gunicorn, args.ports[1], env, logs, workers=WEB_WORKERS),
                "documents": pool.submit(celery_worker, "smoke-documents", "documents", env, logs),
                "reminders": pool.submit(celery_worker, "smoke-reminders", "reminders,default", env, logs),
            }
            for name, future in starting.items():
                if future.exception() is None:
                    services[name] = future.result()
        if len(services) < len(starting):
            failed = next(f.exception() for f in starting.values() if f.exception() is not None)
            raise failed
        check("两个 web 进程、两个 worker 已启动", True, f"ports {args.ports[0]}, {args.ports[1]}; logs in {logs}")
        check_pages(args.ports, cookies, users, args.seconds)
        check_reminders(services["reminders"], users)
        check_document(args.ports, cookies, users, services["documents"], media)
    finally:
        for service in services.values():
            service.stop()
    return 0 if all(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
