"""The database's own refusal to change the audit log (triggers), so that not even a bug or a
stolen application password can rewrite history through SQL.

PostgreSQL: UPDATE and TRUNCATE are always refused. DELETE is refused too, except for the DBA's
archiving of rows older than AUDIT_RETENTION_DAYS in a transaction that first says
`SET LOCAL cppcc.audit_archive = 'on'` (docs/security-accounts.md): nothing younger can be removed
by anyone using the application's connection. The retention period is written into the trigger
function by migration 0002 and again after every `migrate`, so a longer AUDIT_RETENTION_DAYS takes
effect at the next deployment.

SQLite (the development default only): UPDATE and DELETE are always refused; SQLite has no
TRUNCATE."""

from django.conf import settings

TABLE = "audit_auditevent"
ROW_TRIGGER = "audit_event_append_only"
TRUNCATE_TRIGGER = "audit_event_no_truncate"
ROW_FUNCTION = "audit_event_refuse_change"
TRUNCATE_FUNCTION = "audit_event_refuse_truncate"
MESSAGE = "安全审计日志只能追加，不能修改或删除 (the security audit log is append-only)"


def _pg_row_function(retention_days):
    days = int(retention_days)
    return f"""
CREATE OR REPLACE FUNCTION {ROW_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND OLD.occurred_at < now() - interval '{days} days'
       AND current_setting('cppcc.audit_archive', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '{MESSAGE}: %', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


PG_INSTALL = [
    f"""
CREATE OR REPLACE FUNCTION {TRUNCATE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}: TRUNCATE' USING ERRCODE = 'insufficient_privilege';
END;
$$;
""",
    f"CREATE TRIGGER {ROW_TRIGGER} BEFORE UPDATE OR DELETE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {ROW_FUNCTION}();",
    f"CREATE TRIGGER {TRUNCATE_TRIGGER} BEFORE TRUNCATE ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION {TRUNCATE_FUNCTION}();",
]
PG_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON {TABLE};",
    f"DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TRUNCATE_FUNCTION}();",
    f"DROP FUNCTION IF EXISTS {ROW_FUNCTION}();",
]
SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS {ROW_TRIGGER}_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE'); END;",
    f"CREATE TRIGGER IF NOT EXISTS {ROW_TRIGGER}_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE'); END;",
]
SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS {ROW_TRIGGER}_update;", f"DROP TRIGGER IF EXISTS {ROW_TRIGGER}_delete;"]


def _run(connection, statements):
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection):
    if connection.vendor == "postgresql":
        _run(connection, [_pg_row_function(settings.AUDIT_RETENTION_DAYS), *PG_INSTALL])
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)


def remove(connection):
    if connection.vendor == "postgresql":
        _run(connection, PG_REMOVE)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_REMOVE)


def refresh_retention(connection):
    """Write the current AUDIT_RETENTION_DAYS into the DELETE guard (run after every migrate)."""
    if connection.vendor == "postgresql":
        _run(connection, [_pg_row_function(settings.AUDIT_RETENTION_DAYS)])


def refresh_after_migrate(sender, using="default", **kwargs):
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if sender.label != "audit":
        return
    applied = MigrationRecorder(connection).applied_migrations()
    if ("audit", "0002_append_only_triggers") in applied:
        refresh_retention(connection)


def allow_truncate_for_test_database(connection):
    """Tests that commit (live-server and worker tests) are cleaned up with TRUNCATE of every
    table; only the test database switches the TRUNCATE guard off (the table owner may)."""
    if connection.vendor == "postgresql":
        _run(connection, [f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRUNCATE_TRIGGER};"])


def refuse_truncate_again(connection):
    if connection.vendor == "postgresql":
        _run(connection, [f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRUNCATE_TRIGGER};"])
