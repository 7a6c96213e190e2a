"""Which tables an SQL statement reads or writes, for the page cache's invalidation.

Conservative on purpose: every identifier that names one of the portal's tables counts,
so a statement is never credited with fewer tables than it touches."""

import re
from functools import lru_cache

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # quoted by the ORM or not, as raw SQL may write it
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|TRUNCATE|COPY|ALTER|CREATE|DROP)\b", re.I)  # WITH: is_write
_DATA_CHANGE = re.compile(r"\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\b", re.I)


@lru_cache(maxsize=1)
def known_tables():
    from django.apps import apps

    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


def tables_in(sql):
    known = known_tables()
    return {name for name in _NAME.findall(sql) if name in known}


def is_write(sql):
    """INSERT/UPDATE/DELETE and DDL, also behind a WITH; SELECT … FOR UPDATE is a read."""
    head = sql.lstrip()[:12].upper()
    if head.startswith(("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET ", "SHOW", "BEGIN", "COMMIT")):
        return False
    if head.startswith("WITH"):
        return bool(_DATA_CHANGE.search(sql))
    return bool(_WRITE.match(sql))


def tables_changed_by(sql):
    """The tables a write may change; DDL or an unknown target changes everything ("*")."""
    found = tables_in(sql)
    head = sql.lstrip()[:8].upper()
    if not found or head.startswith(("ALTER", "CREATE", "DROP", "TRUNCATE")):
        return found | {"*"}
    return found
