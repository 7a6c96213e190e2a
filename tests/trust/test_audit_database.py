"""The audit log is append-only in the application and in the database; an event commits or rolls
back with the change it records; odd input never stops the change being recorded."""

import sqlite3
from datetime import timedelta
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cppcc_portal.audit import db_guard
from cppcc_portal.audit.models import Action, AuditEvent, AuditLogImmutable
from cppcc_portal.audit.recording import record
from members.models import Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    return record(Action.EXPORT, user=None, object_text="委员名单", detail={"rows": 3})


def test_the_application_refuses_to_change_or_delete_an_event(event):
    event.object_text = "改过的"
    with pytest.raises(AuditLogImmutable, match="只能追加"):
        event.save()
    with pytest.raises(AuditLogImmutable):
        event.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(object_text="改过的")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.bulk_update([event], ["object_text"])
    assert AuditEvent.objects.get(pk=event.pk).object_text == "委员名单"


def refused(sql, params=()):
    """Run SQL in a savepoint; return the database's error message, or None if it ran."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as exc:
        return str(exc)
    return None


def test_postgresql_refuses_update_delete_and_truncate(event):
    assert connection.vendor == "postgresql"  # the suite runs on PostgreSQL, as production does
    assert "只能追加" in refused("UPDATE audit_auditevent SET object_text = 'x' WHERE id = %s", [event.pk])
    assert "只能追加" in refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    # The test database lets TRUNCATE through for cleaning up (tests/conftest.py); switched back
    # on here, inside this test's transaction, it is refused like in production.
    db_guard.refuse_truncate_again(connection)
    assert "只能追加" in refused("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).object_text == "委员名单"


def backdate(event, days):
    """Make an event look `days` old (as the table owner, with the guard off for a moment)."""
    then = timezone.now() - timedelta(days=days)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute("UPDATE audit_auditevent SET occurred_at = %s WHERE id = %s", [then, event.pk])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def test_only_the_dbas_archiving_removes_rows_older_than_the_retention(event, settings):
    old = record(Action.EXPORT, user=None, object_text="去年的导出")
    backdate(old, days=181)
    delete_all = "DELETE FROM audit_auditevent WHERE id IN (%s, %s)"
    assert "只能追加" in refused(delete_all, [old.pk, event.pk])  # without the archiving switch: nothing
    archive = "SET LOCAL cppcc.audit_archive = 'on'; " + delete_all
    assert "只能追加" in refused(archive, [old.pk, event.pk])  # the young row stops the whole statement
    assert refused(archive.replace("IN (%s, %s)", "= %s"), [old.pk]) is None
    assert list(AuditEvent.objects.filter(pk__in=[old.pk, event.pk]).values_list("pk", flat=True)) == [event.pk]

    # A longer retention is written into the guard at the next migrate: 181 days is then too young.
    old = record(Action.EXPORT, user=None, object_text="半年前的导出")
    backdate(old, days=181)
    settings.AUDIT_RETENTION_DAYS = 365
    db_guard.refresh_retention(connection)
    assert "只能追加" in refused(archive.replace("IN (%s, %s)", "= %s"), [old.pk])


def test_the_sqlite_triggers_of_the_development_default_refuse_update_and_delete():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE audit_auditevent (id INTEGER PRIMARY KEY, object_text TEXT)")
    db.execute("INSERT INTO audit_auditevent (object_text) VALUES ('委员名单')")
    for sql in db_guard.SQLITE_INSTALL:
        db.execute(sql)
    for sql in ["UPDATE audit_auditevent SET object_text = 'x'", "DELETE FROM audit_auditevent"]:
        with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
            db.execute(sql)
    db.execute("INSERT INTO audit_auditevent (object_text) VALUES ('下一条')")  # appending still works
    assert db.execute("SELECT object_text FROM audit_auditevent ORDER BY id").fetchall() == [("委员名单",), ("下一条",)]


def test_an_event_rolls_back_with_the_change_it_records(committee):
    with pytest.raises(RuntimeError), transaction.atomic():
        Sector.objects.create(committee=committee, name="新闻出版界")
        assert AuditEvent.objects.filter(action=Action.CREATE, object_text="新闻出版界").exists()
        raise RuntimeError("the service failed after the save")
    assert not Sector.objects.filter(name="新闻出版界").exists()
    assert not AuditEvent.objects.filter(object_text="新闻出版界").exists()


def test_a_change_whose_event_cannot_be_written_does_not_happen(committee):
    failing = mock.patch.object(AuditEvent.objects, "create", side_effect=DatabaseError("disk full"))
    with failing, pytest.raises(DatabaseError), transaction.atomic():
        Sector.objects.create(committee=committee, name="新闻出版界")
    assert not Sector.objects.filter(name="新闻出版界").exists()


class BrokenName:
    """Something a caller might put into an event's detail that JSON cannot hold."""

    def __str__(self):
        return "无法序列化的值"


def test_odd_input_is_still_recorded(rf, committee):
    request = rf.get("/", REMOTE_ADDR="not-an-address")
    request.user = None
    sector = Sector.objects.create(committee=committee, name="新闻出版界")
    detail = {"value": BrokenName(), "when": timezone.now()}
    event = record(Action.DOWNLOAD, obj=sector, request=request, user=None, object_text="界" * 300, detail=detail)
    event.refresh_from_db()
    assert event.ip_address is None and event.detail["ip_raw"] == "not-an-address"
    assert event.object_text == "界" * 200 and event.detail["value"] == "无法序列化的值"
    assert event.committee_id == committee.pk and event.username == ""
