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
