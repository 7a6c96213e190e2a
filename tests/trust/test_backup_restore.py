"""`manage.py backup` and `manage.py restore`: a round trip into a fresh PostgreSQL database keeps
every row of every table (compared by content, not only counted) and every uploaded file byte for
byte; the append-only audit log comes back too; a damaged backup is refused before anything is
touched; a database that already holds data is replaced only when asked."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client

from proposals import services
from tests.factories import TEST_PASSWORD
from tests.proposals.conftest import category, make_draft, make_submitted, rules  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def admin_connection(dbname="postgres"):
    s = connection.settings_dict
    conn = psycopg2.connect(
        dbname=dbname, user=s["USER"], password=s["PASSWORD"], host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432
    )
    conn.autocommit = True
    return conn


def fingerprint(dbname):
    """{table: (rows, md5 of all rows' text)} for every table of the public schema."""
    conn = admin_connection(dbname)
    result = {}
    with conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        for (table,) in cur.fetchall():
            cur.execute(f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t")
            result[table] = cur.fetchone()
    conn.close()
    return result


@pytest.fixture
def fresh_database():
    if connection.vendor != "postgresql":
        pytest.fail("run with PostgreSQL (`make test`)")
    restored = f"{connection.settings_dict['NAME']}_restored"  # one per test database: xdist workers and CI runs never share it
    admin = admin_connection()
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {restored}")
        cur.execute(f"CREATE DATABASE {restored} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    yield restored
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)")
    admin.close()


def manage(*args, database, media):
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{database}",
        "MEDIA_ROOT": str(media),
    }
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture
def media(tmp_path, settings):
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = folder
    return folder


def test_a_round_trip_keeps_every_record_and_every_file(
    media,
    tmp_path,
    fresh_database,
    make_submitted,  # noqa: F811
    member_a,
    proposal_staff,
):
    # data of every kind: proposals with history and numbers, attachments with Chinese names,
    # notifications, sessions and the append-only audit log (a real login writes to it)
    accepted = services.proposal_accept(make_submitted(member_a), user=proposal_staff)
    draft = services.proposal_create_draft(user=member_a.user, data={"title": "关于加强社区养老服务的建议"})
    pdf = b"%PDF-1.4\n" + os.urandom(40_000) + b"\n%%EOF\n"
    services.attachment_add(draft, user=member_a.user, upload=SimpleUploadedFile("调研报告（附表）.pdf", pdf))
    (media / "documents" / "2026" / "12").mkdir(parents=True)
    (media / "documents" / "2026" / "12" / "委员名册.pdf").write_bytes(b"%PDF-1.7 roster " * 500)
    assert Client().post("/accounts/login/", {"username": "member_a", "password": TEST_PASSWORD}).status_code == 302
    source_db = connection.settings_dict["NAME"]
    before = fingerprint(source_db)
    assert before["audit_auditevent"][0] >= 1 and before["proposals_proposal"][0] == 2

    backup = tmp_path / "backup-2026-12-07"
    call_command("backup", str(backup))
    assert {p.name for p in backup.iterdir()} == {"manifest.json", "database.dump", "media"}

    restored_media = tmp_path / "restored-media"
    done = manage("restore", str(backup), database=fresh_database, media=restored_media)
    assert done.returncode == 0, done.stderr
    assert "恢复完成并已核对" in done.stdout

    after = fingerprint(fresh_database)
    assert after == before  # every table, every row, every value
    source_files = sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file())
    assert len(source_files) == 2
    assert sorted(p.relative_to(restored_media) for p in restored_media.rglob("*") if p.is_file()) == source_files
    for name in source_files:
        assert (restored_media / name).read_bytes() == (media / name).read_bytes()
    assert accepted.number == 1

    # the restored database is a working portal: the audit log still refuses changes there
    conn = admin_connection(fresh_database)
    with conn.cursor() as cur, pytest.raises(psycopg2.Error, match="只能追加"):
        cur.execute("DELETE FROM audit_auditevent")
    conn.close()

    # restoring over data is refused unless asked; asked, it replaces everything (audit log too)
    again = manage("restore", str(backup), database=fresh_database, media=restored_media)
    assert again.returncode != 0 and "不是空库" in again.stderr
    replaced = manage("restore", "--replace", str(backup), database=fresh_database, media=restored_media)
    assert replaced.returncode == 0, replaced.stderr
    assert fingerprint(fresh_database) == before


def test_a_damaged_backup_is_refused_before_anything_is_touched(media, tmp_path, fresh_database, member_a):
    (media / "proposals").mkdir()
    (media / "proposals" / "附件.pdf").write_bytes(b"%PDF-1.4 original")
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    (backup / "media" / "proposals" / "附件.pdf").write_bytes(b"%PDF-1.4 tampered")

    done = manage("restore", str(backup), database=fresh_database, media=tmp_path / "restored-media")
    assert done.returncode != 0 and "缺失或已损坏" in done.stderr and "附件.pdf" in done.stderr
    assert fingerprint(fresh_database) == {}  # the fresh database was left untouched
    assert not (tmp_path / "restored-media").exists()


def test_backup_refuses_a_folder_that_holds_something(media, tmp_path, member_a):
    from django.core.management.base import CommandError

    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", str(folder))
    assert not any(media.iterdir())  # nothing was written anywhere
