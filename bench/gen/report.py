"""The closing summary: each phase's time, the total, and the rows of every table."""

from django.apps import apps
from django.db import connection


def table_counts():
    """{table: rows} for every model table of the portal's apps (exact counts)."""
    tables = sorted({m._meta.db_table for m in apps.get_models()} & set(connection.introspection.table_names()))
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    return counts


def save_timing(gen):
    """bench/results/generator-<scale>.json, for bench/report.py's target (under 15 minutes)."""
    import json
    from pathlib import Path

    label = "full" if gen.scale == 1 else f"scale-{gen.scale:g}"
    out = Path(__file__).resolve().parent.parent / "results" / f"generator-{label}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"scale": gen.scale, "seconds": round(gen.clock.total, 1), "phases": dict(gen.clock.phases)}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_summary(gen):
    out = gen.out
    out("\n各阶段耗时：")
    for name, seconds in gen.clock.phases:
        out(f"  {name:<30} {seconds:8.1f} 秒")
    out(f"  {'合计':<30} {gen.clock.total:8.1f} 秒（{gen.clock.total / 60:.1f} 分钟）")
    out("\n各表行数：")
    for table, n in table_counts().items():
        if n:
            out(f"  {table:<48} {n:>10,}")
