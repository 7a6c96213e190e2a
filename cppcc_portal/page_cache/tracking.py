"""Every SQL statement of every Django connection passes here: writes give their tables a new
version (now, for reads later in the same transaction, and again at commit, for everyone else),
and while a page is being rendered its reads are recorded."""

from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction

from cppcc_portal.page_cache import versions
from cppcc_portal.page_cache.tables import is_write, tables_changed_by, tables_in

_recording = ContextVar("page_cache_recording", default=None)


@dataclass
class Recording:
    read: set = field(default_factory=set)
    wrote: bool = False


class recording:
    def __enter__(self):
        self.record = Recording()
        self._token = _recording.set(self.record)
        return self.record

    def __exit__(self, *exc):
        _recording.reset(self._token)


def watch(execute, sql, params, many, context):
    record = _recording.get()
    if is_write(sql):
        changed = tables_changed_by(sql)
        if record is not None:
            record.wrote = True
        result = execute(sql, params, many, context)
        versions.bump(changed)
        connection = context["connection"]
        if connection.in_atomic_block:
            _bump_at_commit(connection, changed)
        return result
    if record is not None:
        record.read |= tables_in(sql)
    return execute(sql, params, many, context)


class BumpAtCommit:
    """One on_commit callback per transaction, gathering every table it wrote."""

    def __init__(self):
        self.tables = set()

    def __call__(self):
        versions.bump(self.tables)


def _bump_at_commit(connection, tables):
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, BumpAtCommit):
            callback.tables |= tables
            return
    callback = BumpAtCommit()
    callback.tables |= tables
    transaction.on_commit(callback, using=connection.alias)


def install(sender=None, connection=None, **kwargs):
    """connection_created: put `watch` on the connection once (the wrapper object outlives
    reconnections)."""
    if connection is not None and watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch)  # first: execute_wrapper() blocks pop() the last
