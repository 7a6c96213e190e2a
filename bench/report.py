"""Combine the benchmark's results into bench/RESULTS.md and print PASS / FAIL for each target.

    .venv/bin/python bench/report.py [--note "…"]

Reads bench/results/: generator-full.json (bench/generate.py), demo.json and full.json (bench/loadrun.py), reminders-<label>.json
(bench/reminders.py) and compilation-<label>.json (bench/compilation.py). A figure that is
missing is reported as not measured, which fails its target. Exit status 1 when any target fails."""

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH.parent))

from bench.wrk import failures as failed_responses  # noqa: E402 - after the path is set

P95_MS = 150
FLOOR_SHARE = 0.30
GROWTH = 1.5
SEARCH_P95_MS = 100
REMINDER_SECONDS = 60
COMPILATION_SHARE = 0.70
PEAK_MB = 600


@dataclass
class Verdict:
    target: str
    measured: str
    ok: bool | None  # None: not measured


def load(name):
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def pages_of(run):
    return {row["key"]: row for row in run["pages"]} if run else {}


def page_verdicts(demo, full):
    d, f = pages_of(demo), pages_of(full)
    found = []
    if not f:
        for target in (
            f"每个页面 p95 ≤ {P95_MS} ms（完整规模） / every page p95 ≤ {P95_MS} ms at full scale",
            f"每个页面吞吐量 ≥ 最小视图的 {FLOOR_SHARE:.0%} / throughput ≥ {FLOOR_SHARE:.0%} of the floor",
            f"p95 完整规模 ≤ {GROWTH} × 演示规模 / growth ≤ {GROWTH}×",
            f"中文检索 p95 ≤ {SEARCH_P95_MS} ms / Chinese search p95",
        ):
            found.append(Verdict(target, "未测（缺 full.json）/ not measured", None))
    else:
        pages = [r for k, r in f.items() if k != "floor"]
        slow = [r for r in pages if r["p95_ms"] > P95_MS]
        worst = max(pages, key=lambda r: r["p95_ms"])
        found.append(
            Verdict(
                f"每个页面 p95 ≤ {P95_MS} ms（完整规模） / every page p95 ≤ {P95_MS} ms at full scale",
                f"最慢 {worst['name']} {worst['p95_ms']:.0f} ms；{len(slow)} 个页面超出",
                not slow,
            )
        )
        floor = f.get("floor")
        if floor:
            share = {r["key"]: r["rps"] / floor["rps"] for r in pages}
            low = min(pages, key=lambda r: share[r["key"]])
            found.append(
                Verdict(
                    f"每个页面吞吐量 ≥ 最小视图的 {FLOOR_SHARE:.0%} / throughput ≥ {FLOOR_SHARE:.0%} of the floor",
                    f"最低 {low['name']} {share[low['key']]:.0%}（最小视图 {floor['rps']:.0f} 次/秒）",
                    all(v >= FLOOR_SHARE for v in share.values()),
                )
            )
        if d:
            growth = {k: r["p95_ms"] / d[k]["p95_ms"] for k, r in f.items() if k in d and k != "floor" and d[k]["p95_ms"]}
            key = max(growth, key=growth.get)
            found.append(
                Verdict(
                    f"p95 完整规模 ≤ {GROWTH} × 演示规模 / growth ≤ {GROWTH}×",
                    f"最大 {f[key]['name']} {growth[key]:.2f}×",
                    all(v <= GROWTH for v in growth.values()),
                )
            )
        else:
            found.append(Verdict(f"p95 完整规模 ≤ {GROWTH} × 演示规模 / growth", "未测（缺 demo.json）", None))
        search = f.get("proposal-search")
        found.append(
            Verdict(
                f"中文检索 p95 ≤ {SEARCH_P95_MS} ms（{full['dataset']['proposals']:,} 件提案） / Chinese search p95",
                f"{search['p95_ms']:.0f} ms" if search else "未测",
                search["p95_ms"] <= SEARCH_P95_MS if search else None,
            )
        )
    for label, run in (("演示", demo), ("完整", full)):
        if run:
            bad = sum(failed_responses(r) for r in run["pages"])
            non200 = sum(r["non200"] for r in run["pages"])
            measured = f"非 200：{non200}；超时（> 10 s）或连接错误：{sum(r['errors'] for r in run['pages'])}"
            found.append(Verdict(f"每个响应都是 200（{label}规模） / every response 200", measured, bad == 0))
    return found


def best_of(name):
    """The full-scale file when there is one, else the demo-scale one (flagged)."""
    full, demo = load(f"{name}-full"), load(f"{name}-demo")
    return (full, "完整") if full else ((demo, "演示") if demo else (None, None))


def reminder_verdicts():
    run, scale = best_of("reminders")
    target = f"全省每日提醒 ≤ {REMINDER_SECONDS} s，每条只发一次 / daily reminder run ≤ {REMINDER_SECONDS} s, exactly once"
    if not run:
        return [Verdict(target, "未测 / not measured", None)]
    measured = f"{run['seconds']:.1f} s（{scale}规模），{run['reminders']} 条提醒、{run['notifications']} 条通知；"
    measured += "只发一次 ✓" if run["exactly_once"] else "重复或遗漏：" + "；".join(run["problems"])
    ok = run["exactly_once"] and run["seconds"] <= REMINDER_SECONDS
    return [Verdict(target, measured, ok if scale == "完整" else (None if ok else False))]


GENERATOR_MINUTES = 15


def generator_verdicts():
    run = load("generator-full")
    target = f"完整规模数据生成 < {GENERATOR_MINUTES} 分钟 / generator under {GENERATOR_MINUTES} minutes"
    if not run:
        return [Verdict(target, "未测 / not measured", None)]
    slowest = sorted(run["phases"].items(), key=lambda item: -item[1])[:3]
    measured = (
        f"{run['seconds']:.0f} s（{run['seconds'] / 60:.1f} 分钟；最慢：" + "、".join(f"{n} {s:.0f} s" for n, s in slowest) + "）"
    )
    return [Verdict(target, measured, run["seconds"] < GENERATOR_MINUTES * 60)]


PAGE_CACHE_NOTE = [
    "## 页面缓存 / page cache",
    "",
    "负载下的页面由页面缓存（`cppcc_portal/page_cache/`，README“页面缓存”）提供：同一会话再次打开、"
    "其读过的表都没有被写过的页面不再执行视图，会话、登录时限、单点登录、两步验证等中间件照常执行。"
    "“重新渲染”列是数据刚被修改后第一次打开的代价（同一进程里单次请求的中位数，不经缓存）：SQL 条数与毫秒。"
    "任何进程的写入都会让读过该表的页面失效（tests/foundation/test_page_cache.py）。",
    "",
]


def compilation_verdicts():
    run, scale = best_of("compilation")
    names = (
        f"提案汇编 页/秒 ≥ 直接 WeasyPrint 的 {COMPILATION_SHARE:.0%} / pages per second ≥ {COMPILATION_SHARE:.0%} of plain WeasyPrint",
        f"任一进程峰值内存 ≤ {PEAK_MB} MB / peak memory of any process",
        "两个 worker 比一个快 / faster with two workers than one",
    )
    if not run:
        return [Verdict(n, "未测 / not measured", None) for n in names]
    one, two, plain = run["one_worker"], run["two_workers"], run["plain"]
    share = one["pages_per_second"] / plain["pages_per_second"]
    peak = max(one["peak_mb"], two["peak_mb"])

    def judged(ok):
        return ok if scale == "完整" else (None if ok else False)

    return [
        Verdict(
            names[0],
            f"{one['pages_per_second']:.2f} 页/秒 vs {plain['pages_per_second']:.2f}（{share:.0%}，{run['proposals']} 件 {one['pages']} 页，{scale}）",
            judged(share >= COMPILATION_SHARE),
        ),
        Verdict(names[1], f"{peak:.0f} MB（{run['largest_process']}）", judged(peak <= PEAK_MB)),
        Verdict(names[2], f"一个 {one['seconds']:.0f} s，两个 {two['seconds']:.0f} s", judged(two["seconds"] < one["seconds"])),
    ]


def mark(ok):
    return {True: "PASS", False: "FAIL", None: "NOT MEASURED"}[ok]


def fresh(row):
    """What rendering the page afresh costs (its data just changed): queries, one request's ms."""
    if "render_fresh_ms" not in row:
        return "—"
    return f"{row['queries_first']} / {row['render_fresh_ms']:.0f}"


def page_table(run, other=None, floor_of=None):
    if not run:
        return ["（未测 / not measured）", ""]
    floor = pages_of(run).get("floor")
    others = pages_of(other)
    lines = [
        "| 页面 | 用户 | 次/秒 | p50 ms | p95 ms | p99 ms | SQL/次 | 对最小视图 | p95 增长（完整/演示） | 失败 "
        "| 重新渲染：SQL / ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in run["pages"]:
        share = f"{row['rps'] / floor['rps']:.0%}" if floor and row["key"] != "floor" else "—"
        growth = "—"
        if floor_of and row["key"] in others and others[row["key"]]["p95_ms"]:
            growth = f"{row['p95_ms'] / others[row['key']]['p95_ms']:.2f}×"
        lines.append(
            f"| {row['name']} | {row['persona']} | {row['rps']:.1f} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | "
            f"{row['p99_ms']:.0f} | {row['queries']} | {share} | {growth} | {failed_responses(row)} | {fresh(row)} |"
        )
    return [*lines, ""]


def machine_lines(run):
    m = run["machine"]
    return [
        f"- CPU：{m['cpu']}，{m['cores']} 核；内存 {m['ram_gib']} GiB；{m['os']}（Linux {m['kernel']}）",
        f"- Python {m['python']}，Django {m['django']}，PostgreSQL {m['postgresql']}，Redis {m['redis']}，"
        f"gunicorn {m['gunicorn']}，{m['wrk']}",
        f"- 负载均值（1/5/15 分钟）：开始 {'/'.join(f'{x:.1f}' for x in m['load_average'])}，"
        f"结束 {'/'.join(f'{x:.1f}' for x in m['load_average_after'])}",
    ]


def render(verdicts, demo, full, note):
    lines = ["# 性能基准结果 / Benchmark results", ""]
    if note:
        lines += [f"> **{note}**", ""]
    lines += ["由 `make bench` 生成（`bench/report.py`），方法见 README“性能基准与横向扩展”。", ""]
    lines += ["## 目标 / Targets", "", "| 目标 | 测得 | 结果 |", "|---|---|---|"]
    lines += [f"| {v.target} | {v.measured} | **{mark(v.ok)}** |" for v in verdicts]
    lines.append("")
    lines += PAGE_CACHE_NOTE
    for title, run, other in (("完整规模 / full scale", full, demo), ("演示规模 / demo scale (`seed_demo`)", demo, None)):
        lines += [f"## 页面：{title}", ""]
        if run:
            c, d = run["config"], run["dataset"]
            lines += [
                f"{run['started_at']}；每页 {c['seconds']} s（先预热 {c['warmup']} s），{c['connections']} 个并发用户、无思考时间；"
                f"gunicorn {c['gunicorn_workers']} 个 worker × {c['gunicorn_threads']} 线程；"
                f"数据：{d['committees']} 个政协、{d['members']:,} 名委员、{d['proposals']:,} 件提案、"
                f"{d['duty_records']:,} 条履职记录、{d['sentiment_reports']:,} 篇社情民意。",
                "",
            ]
        lines += page_table(run, other, floor_of=other)
    for name, title in (("reminders", "每日提醒 / daily reminders"), ("compilation", "提案汇编 / compilation")):
        run, scale = best_of(name)
        lines += [f"## {title}", ""]
        lines += [f"{scale}规模：`{json.dumps(run['summary'], ensure_ascii=False)}`" if run else "（未测 / not measured）", ""]
    run = full or demo
    if run:
        lines += ["## 机器与版本 / Machine and versions", "", *machine_lines(run), ""]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--note", default="", help="a line printed at the top, e.g. how loaded the machine was")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args(argv)
    demo, full = load("demo"), load("full")
    verdicts = generator_verdicts() + page_verdicts(demo, full) + reminder_verdicts() + compilation_verdicts()
    args.out.write_text(render(verdicts, demo, full, args.note))
    for v in verdicts:
        print(f"{mark(v.ok):13} {v.target}: {v.measured}")
    print(f"wrote {args.out}")
    return 0 if all(v.ok for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
