"""Fast writes: COPY from a generator, primary keys reserved in Python, model fields mapped to
columns (a field left out takes its model default, so rows look like the ORM's)."""

import json
import os
import re
import sys
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from django.db import connection
from django.db.models import NOT_PROVIDED

# Asia/Shanghai has kept UTC+8 all year since 1991: aware datetimes without a zone lookup each.
CST = timezone(timedelta(hours=8))


_SPECIAL = re.compile(r"[\\\t\n\r]")


def _escape(value):
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _cell(value):
    kind = type(value)
    if kind is str:
        return _escape(value) if _SPECIAL.search(value) else value
    if kind is int:
        return str(value)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime or kind is date:
        return value.isoformat()
    if kind is Decimal:
        return str(value)
    if kind in (dict, list, tuple):
        return _cell(json.dumps(value, ensure_ascii=False))
    return str(value)


class _Stream:
    """A file-like object over rows, so Python builds lines while PostgreSQL takes the last chunk."""

    def __init__(self, rows, tail):
        self.rows, self.tail, self.count = iter(rows), tail, 0

    def read(self, size=-1):
        out, length = [], 0
        for row in self.rows:
            line = "\t".join([_cell(v) for v in row] + self.tail) + "\n"
            out.append(line)
            length += len(line)
            self.count += 1
            if length >= 262144:
                break
        return "".join(out).encode()

    def readline(self, size=-1):
        return self.read(size)


class Table:
    """COPY into a model's table: `fields` are attnames (committee_id, …) in the order rows give them."""

    def __init__(self, model, fields):
        self.model = model
        self.table = model._meta.db_table
        concrete = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [f for f in fields if f not in concrete]
        if unknown:
            raise ValueError(f"{self.table}: unknown fields {unknown}")
        self.fields = list(fields)
        missing = [f for name, f in concrete.items() if name not in fields]
        tail = []
        for f in missing:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) or f.primary_key:
                raise ValueError(f"{self.table}.{f.attname} must be given")
            if f.default is NOT_PROVIDED and not f.null and not f.empty_strings_allowed:
                raise ValueError(f"{self.table}.{f.attname} has no default")
            tail.append(_cell(f.get_default()))
        self.columns = [concrete[f].column for f in fields] + [f.column for f in missing]
        self.tail = tail
        self.column_list = ", ".join(f'"{c}"' for c in self.columns)

    def copy(self, rows):
        stream = _Stream(rows, self.tail)
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {self.table} ({self.column_list}) FROM STDIN", stream, size=262144)
        if os.environ.get("BENCH_DEBUG"):
            print(f"    COPY {self.table}: {stream.count} rows, {time.monotonic() - started:.2f} s", file=sys.stderr)
        return stream.count


class Ids:
    """Primary keys handed out in Python; the sequences are moved past them at the end."""

    def __init__(self):
        self.next = {}

    def prime(self, models):
        """Read every table's highest id now (not in the middle of a COPY, which owns the connection)."""
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                if table not in self.next and model._meta.pk.attname == "id":
                    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                    self.next[table] = cursor.fetchone()[0] + 1

    def take(self, model, n=1):
        table = model._meta.db_table
        if table not in self.next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                self.next[table] = cursor.fetchone()[0] + 1
        start = self.next[table]
        self.next[table] = start + n
        return start

    def sync(self):
        with connection.cursor() as cursor:
            for table, nxt in self.next.items():
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST(%s, (SELECT COALESCE(MAX(id), 1) FROM {table})))",
                    [nxt - 1 if nxt > 1 else 1],
                )


def execute(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Clock:
    """Each phase's seconds, printed as it ends and again in the summary."""

    def __init__(self, out):
        self.out, self.phases, self.started = out, [], time.monotonic()

    def phase(self, name):
        clock = self

        class _Phase:
            def __enter__(self):
                self.t = time.monotonic()
                clock.out(f"▶ {name}……")

            def __exit__(self, *exc):
                seconds = time.monotonic() - self.t
                clock.phases.append((name, seconds))
                if exc[0] is None:
                    clock.out(f"  {name}：{seconds:.1f} 秒")

        return _Phase()

    @property
    def total(self):
        return time.monotonic() - self.started


BULK_SETTINGS = (
    "SET synchronous_commit = off",
    "SET session_replication_role = replica",
    "SET maintenance_work_mem = '512MB'",
)


def _apply_bulk_settings(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        for statement in BULK_SETTINGS:
            cursor.execute(statement)


def bulk_session():
    """Settings for the generator's connections only (each new one too, e.g. in the worker
    processes): no waiting for the WAL flush, no per-row foreign-key triggers (the generator
    writes consistent keys; tests/bench checks every foreign key), more memory for index builds."""
    from django.db.backends.signals import connection_created

    connection_created.connect(_apply_bulk_settings, dispatch_uid="bench-bulk")
    connection.close()


def end_bulk_session():
    from django.db.backends.signals import connection_created

    connection_created.disconnect(dispatch_uid="bench-bulk")
    connection.close()


def drop_indexes(tables):
    """Drop the secondary indexes of the biggest tables (not primary keys or constraints) and
    return their definitions, to build them once after the load instead of row by row."""
    rows = fetch(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
          AND i.indexname NOT IN (SELECT conname FROM pg_constraint)
        """,
        [list(tables)],
    )
    for name, _ in rows:
        execute(f'DROP INDEX IF EXISTS "{name}"')
    return [definition for _, definition in rows]


def create_indexes(definitions):
    for definition in definitions:
        execute(definition)


class StridedIds(Ids):
    """Ids for worker k of n: every n-th id from where the parent stood, so workers never collide
    (the gaps left between them are harmless; the sequences are moved past the highest id)."""

    def __init__(self, start, k, n):
        super().__init__()
        self.next = {table: nxt + k for table, nxt in start.items()}
        self.stride = n

    def take(self, model, n=1):
        if n != 1:
            raise ValueError("workers take ids one at a time")
        table = model._meta.db_table
        pk = self.next[table]
        self.next[table] = pk + self.stride
        return pk
