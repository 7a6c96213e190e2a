"""The 1,000-proposal 提案汇编 through real Celery workers on the `documents` queue.

    DATABASE_URL=postgres://…/cppcc_bench_full .venv/bin/python bench/compilation.py --label full

The proposals live in a scratch committee of their own (`manage.py proposals_benchmark
compilation --prepare`), so the rest of the data is left alone. Measures:
- one documents worker, then two (separate processes, as two hosts would run them): seconds,
  pages per second, and the peak resident memory of every process involved, polled from /proc;
- plain WeasyPrint rendering the same chunks' HTML one after another in one process (the floor).
Writes bench/results/compilation-<label>.json. Targets: pages/s ≥ 70% of plain, every process
≤ 600 MB, two workers faster than one."""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import PYTHON, ROOT, bench_env, use_in_this_process
from bench.processes import PeakMemory, Service, celery_worker

RESULTS = ROOT / "bench" / "results"


def prepare(env, count):
    """The scratch committee's session with `count` answered proposals: (session id, owner id)."""
    dev = {**env, "DJANGO_ENV": "development"}  # the command refuses the production profile
    out = subprocess.run(
        [PYTHON, "manage.py", "proposals_benchmark", "compilation", "--count", str(count), "--prepare"],
        cwd=ROOT,
        env=dev,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fields = dict(item.split("=") for item in out.strip().splitlines()[-1].split())
    return int(fields["session"]), int(fields["owner"])


def through_workers(env, workdir, session_id, owner_id, workers, timeout):
    from django.db import transaction

    from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
    from cppcc_portal.documents.services import document_request
    from members.models import User

    services = [
        celery_worker(f"bench-documents-{workers}-{i}", "documents", env, workdir / "logs", concurrency=1) for i in range(workers)
    ]
    memory = PeakMemory(services)
    try:
        owner = User.objects.get(pk=owner_id)
        _warm_up(services, owner, session_id)
        started = time.monotonic()
        with transaction.atomic():
            doc = document_request(
                user=owner,
                kind="proposal_compilation",
                title=f"压力测试提案汇编（{workers} 个 worker）",
                params={"session_id": session_id},
            )
        finished = memory.wait(lambda: GeneratedDocument.objects.get(pk=doc.pk).is_finished, timeout)
        seconds = time.monotonic() - started
    finally:
        for service in services:
            service.stop()
    doc.refresh_from_db()
    if not finished or doc.status != DocumentStatus.DONE:
        raise SystemExit(f"the compilation with {workers} worker(s) did not finish: {doc.status} {doc.error}")
    name, peak = memory.largest()
    return {
        "workers": workers,
        "seconds": round(seconds, 1),
        "pages": doc.page_count,
        "pages_per_second": round(doc.page_count / seconds, 3),
        "peak_mb": round(peak / 1024 / 1024),
        "largest_process": name,
        "file_mb": round(doc.file.size / 1024 / 1024, 1),
        "per_process_peak_mb": {label: round(rss / 1024 / 1024) for label, rss in memory.peaks.values()},
    }


def _warm_up(services, owner, session_id):
    """A 提案表 on each worker first, untimed: a worker that has run for a while has WeasyPrint,
    fonts and templates loaded, and the compilation is timed as it would run on one."""
    from django.db import transaction

    from cppcc_portal.documents.models import GeneratedDocument
    from cppcc_portal.documents.services import document_request
    from proposals.models import Proposal

    proposal = Proposal.objects.filter(session_id=session_id).order_by("pk").first()
    with transaction.atomic():
        docs = [
            document_request(user=owner, kind="proposal_form", title="预热", params={"proposal_id": proposal.pk})
            for _ in services
        ]
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not all(GeneratedDocument.objects.get(pk=d.pk).is_finished for d in docs):
        time.sleep(0.3)


def plain_weasyprint(session_id, workdir):
    """In its own process: the same HTML the compilation renders — every chunk with its page
    numbers, the contents, the cover — rendered one after another by WeasyPrint, timed."""
    from collections import OrderedDict

    from cppcc_portal.documents.pdf import render_official
    from members.models import Session
    from proposals.documents import (
        COMPILATION_CHUNK,
        ContentsEntry,
        _render_contents,
        _render_part,
        compilation_chunk_html,
        compilation_chunks,
    )

    specs = compilation_chunks(session_id, COMPILATION_CHUNK)
    session = Session.objects.select_related("term", "committee").get(pk=session_id)
    cover = render_official(
        "proposals/pdf/compilation_cover.html",
        {"committee": session.committee, "session": session, "session_label": "", "count": 0, "title": "提案汇编"},
    )
    htmls = [compilation_chunk_html(s["session_id"], s["ids"], s["continues"], title="提案汇编", start_page=1) for s in specs]
    pages, start, contents, rendering = 0, 1, OrderedDict(), 0.0
    for spec, (_, entries) in zip(specs, htmls, strict=True):
        html, _ = compilation_chunk_html(spec["session_id"], spec["ids"], spec["continues"], title="提案汇编", start_page=start)
        started = time.monotonic()
        _, count, anchors = _render_part(html)
        rendering += time.monotonic() - started
        for e in entries:
            page = start + anchors.get(f"proposal-{e['pk']}", 0)
            contents.setdefault(e["category"], []).append(ContentsEntry(e["number"], e["title"], e["proposers"], page))
        pages += count
        start += count
    started = time.monotonic()
    _, contents_pages = _render_contents(Path(workdir), contents, "提案汇编", sum(len(s["ids"]) for s in specs))
    _, cover_pages, _ = _render_part(cover)
    rendering += time.monotonic() - started
    pages += contents_pages + cover_pages
    return {"seconds": round(rendering, 1), "pages": pages, "pages_per_second": round(pages / rendering, 3)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--label", required=True)
    parser.add_argument("--count", type=int, default=1000, help="proposals in the compilation")
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument("--plain", type=int, help=argparse.SUPPRESS)  # internal: the floor, in its own process
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix=f"cppcc-compilation-{args.label}-"))
    env = bench_env(workdir)
    if args.plain:
        use_in_this_process(env)
        print("PLAIN_JSON " + json.dumps(plain_weasyprint(args.plain, workdir)))
        return 0
    print(f"[{args.label}] preparing {args.count} proposals …", flush=True)
    session_id, owner_id = prepare(env, args.count)
    use_in_this_process(env)
    from bench.machine import describe

    runs = {}
    for workers in (1, 2):
        runs[workers] = through_workers(env, workdir, session_id, owner_id, workers, args.timeout)
        print(f"[{args.label}] {workers} worker(s): {runs[workers]}", flush=True)
    plain_service = Service(
        "plain-weasyprint", [PYTHON, __file__, "--label", args.label, "--plain", str(session_id)], env, workdir
    )
    memory = PeakMemory([plain_service])
    memory.wait(lambda: plain_service.proc.poll() is not None, args.timeout)
    plain_service.stop()
    line = next(x for x in plain_service.output(tail=100_000).splitlines() if x.startswith("PLAIN_JSON "))
    plain = {**json.loads(line.removeprefix("PLAIN_JSON ")), "peak_mb": round(memory.largest()[1] / 1024 / 1024)}
    print(f"[{args.label}] plain WeasyPrint: {plain}", flush=True)
    largest = max(runs.values(), key=lambda r: r["peak_mb"])
    result = {
        "label": args.label,
        "proposals": args.count,
        "one_worker": runs[1],
        "two_workers": runs[2],
        "plain": plain,
        "largest_process": largest["largest_process"],
        "machine": describe(),
    }
    result["summary"] = {
        "提案": args.count,
        "页": runs[1]["pages"],
        "一个worker": f"{runs[1]['seconds']} s，{runs[1]['pages_per_second']} 页/秒，峰值 {runs[1]['peak_mb']} MB",
        "两个worker": f"{runs[2]['seconds']} s，{runs[2]['pages_per_second']} 页/秒，峰值 {runs[2]['peak_mb']} MB",
        "直接WeasyPrint": f"{plain['seconds']} s，{plain['pages_per_second']} 页/秒，峰值 {plain['peak_mb']} MB",
    }
    out = RESULTS / f"compilation-{args.label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"[{args.label}] wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
