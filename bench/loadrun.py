"""The load run: the portal under gunicorn in the production profile on 127.0.0.1, driven by wrk
(another process) with logged-in sessions, one page at a time, plus the floor (a minimal view
behind the same middleware). Writes bench/results/<label>.json for bench/report.py.

    DATABASE_URL=postgres://…/cppcc_bench .venv/bin/python bench/loadrun.py --label demo

gunicorn runs sync workers, 2 per core (4 on the 2-core reference server): rendering a Django
page is CPU-bound Python, so threads in one process add no throughput under the GIL, and the
database and wrk compete for the same cores; a second worker per core keeps a core busy while
the other waits on PostgreSQL. --workers / --threads try other shapes.

SQL queries per request are counted in a separate pass (Django's test client in this process,
same settings and database, after one warm-up request), never while timing."""

import argparse
import json
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import ROOT, bench_env, collectstatic, use_in_this_process
from bench.processes import gunicorn, prime
from bench.wrk import failures, wrk

RESULTS = ROOT / "bench" / "results"


def count_queries(path, cookie):
    """(queries of a warm request, queries of the first, status, bytes) through the test client."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import parse_cookie

    client = Client()
    cookies = parse_cookie(cookie)
    assert settings.SESSION_COOKIE_NAME in cookies
    for name, value in cookies.items():
        client.cookies[name] = value
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="zh-CN")
        counts.append(len(queries))
    return counts[1], counts[0], response.status_code, len(response.content), render_ms(client, path)


def render_ms(client, path, times=5):
    """The median time of rendering the page afresh (page cache off), one request at a time in
    this process: what a request costs when the data it shows has just changed."""
    import statistics
    import time

    from django.test import override_settings

    spent = []
    with override_settings(PAGE_CACHE=False):
        for _ in range(times):
            started = time.perf_counter()
            client.get(path, HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="zh-CN")
            spent.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(spent), 1)


def dataset():
    """How big the data is: the report prints it next to the figures."""
    from members.models import Committee, DutyRecord, Member
    from proposals.models import Proposal
    from sentiment.models import Report

    return {
        "committees": Committee.objects.count(),
        "members": Member.objects.count(),
        "proposals": Proposal.objects.count(),
        "duty_records": DutyRecord.objects.count(),
        "sentiment_reports": Report.objects.count(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--label", required=True, help="demo or full (the file written is bench/results/<label>.json)")
    parser.add_argument("--seconds", type=int, default=60, help="measured seconds per page")
    # long enough for every gunicorn worker to load what it loads lazily (jieba's dictionary: ~2 s)
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured seconds per page before it")
    parser.add_argument("--connections", type=int, default=10, help="concurrent users, no think time")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread when > 1)")
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--only", nargs="*", help="page keys to run (default: all)")
    parser.add_argument("--out", type=Path, help="where to write the JSON (default bench/results/<label>.json)")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix=f"cppcc-bench-{args.label}-"))
    env = bench_env(workdir)
    print(f"[{args.label}] collectstatic into {workdir}/static …", flush=True)
    collectstatic(env)
    use_in_this_process(env)

    from bench.machine import describe
    from bench.pages import PAGES, persona_users, session_cookie

    pages = [p for p in PAGES if not args.only or p.key in args.only]
    users = persona_users()
    cookies = {p: session_cookie(u) for p, u in users.items()}
    rows = []
    print(f"[{args.label}] counting SQL queries per page (separate pass, not timed) …", flush=True)
    for page in pages:
        path = page.resolve(users)
        queries, cold, status, size, fresh_ms = count_queries(path, cookies[page.persona])
        if status != 200:
            raise SystemExit(f"{page.key} {path} as {page.persona}: status {status}, expected 200")
        rows.append({"key": page.key, "name": page.name, "persona": page.persona, "path": path, "queries": queries})
        rows[-1].update({"queries_first": cold, "bytes": size, "render_fresh_ms": fresh_ms})
        print(f"  {page.key:24} {path:48} {queries:3} queries ({cold} rendering it), {fresh_ms} ms afresh, {size // 1024} KB")

    from django.db import connection

    machine = describe()
    data = dataset()
    connection.close()  # the servers get the database to themselves while timing
    web = gunicorn(args.port, env, workdir / "logs", workers=args.workers, threads=args.threads)
    started = datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        for row in rows:
            url = f"http://127.0.0.1:{args.port}{row['path']}"
            cookie = cookies[row["persona"]]
            prime(url, cookie, args.workers * args.threads)
            if args.warmup:
                wrk(url, cookie, seconds=args.warmup, connections=args.connections)
            result = wrk(url, cookie, seconds=args.seconds, connections=args.connections)
            row.update(
                requests=result["requests"],
                seconds=result["seconds"],
                rps=round(result["requests"] / result["seconds"], 1),
                p50_ms=result["p50"] / 1000,
                p95_ms=result["p95"] / 1000,
                p99_ms=result["p99"] / 1000,
                max_ms=result["max"] / 1000,
                errors=result["errors"],
                non200=result["non200"],
            )
            print(
                f"  {row['key']:24} {row['rps']:7.1f} req/s  p50 {row['p50_ms']:6.1f}  p95 {row['p95_ms']:6.1f}  "
                f"p99 {row['p99_ms']:6.1f} ms  failures {row['errors'] + row['non200']}",
                flush=True,
            )
    finally:
        web.stop()
    load_after = os.getloadavg()
    result = {
        "label": args.label,
        "started_at": started,
        "config": {
            "seconds": args.seconds,
            "warmup": args.warmup,
            "connections": args.connections,
            "wrk_threads": 2,
            "gunicorn_workers": args.workers,
            "gunicorn_threads": args.threads,
        },
        "machine": {**machine, "load_average_after": load_after},
        "dataset": data,
        "pages": rows,
    }
    out = args.out or RESULTS / f"{args.label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    failed = sum(failures(r) for r in rows)
    print(f"[{args.label}] wrote {out}; {failed} failed responses")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
