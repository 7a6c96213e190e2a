"""Backup and restore of the whole portal: the database and every uploaded or generated file.

A backup is a folder:
    manifest.json     what was saved: row counts per table, every file's size and SHA-256
    database.dump     PostgreSQL: pg_dump custom format       (SQLite: database.sqlite3)
    media/            a copy of MEDIA_ROOT

PostgreSQL is dumped from one exported snapshot, and the row counts are read in that same
snapshot, so the manifest describes exactly the dump even while the portal is in use. A restore
checks every checksum before it touches anything, loads the database, copies the files, and then
counts again: it reports success only when every table and every file matches the manifest.

The security audit log refuses UPDATE, DELETE and TRUNCATE (audit/db_guard.py). A restore never
needs them: pg_restore creates the table, loads the rows with COPY and creates the triggers after
the data; replacing an existing database drops its tables (DROP is not refused), it does not
empty them."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root):
    """{relative path: (size, sha256)} of every file under `root`."""
    root = Path(root)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): {"size": path.stat().st_size, "sha256": sha256(path)}
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def table_counts(cursor):
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env():
    s = connection.settings_dict
    env = {**os.environ}
    for key, value in (("PGHOST", s["HOST"]), ("PGPORT", s["PORT"]), ("PGUSER", s["USER"]), ("PGPASSWORD", s["PASSWORD"])):
        if value:
            env[key] = str(value)
    return env


def _run(command):
    done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()[-2000:]}")


# --- backup ---------------------------------------------------------------------------------


def backup(target):
    """Write a backup of the database and MEDIA_ROOT into the folder `target` (new or empty)."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"备份目录 {target} 不是空目录，请指定新目录，以免覆盖已有备份。")
    target.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        database, counts = _backup_postgresql(target)
    elif connection.vendor == "sqlite":
        database, counts = _backup_sqlite(target)
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")
    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    if media_root.is_dir():
        shutil.copytree(media_root, target / MEDIA, dirs_exist_ok=True)
    else:
        (target / MEDIA).mkdir()
    if media_files(target / MEDIA) != files:
        raise BackupError("上传文件在备份过程中发生变化，请重新备份。")
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "vendor": connection.vendor,
        "database": {"file": database, "sha256": sha256(target / database)},
        "tables": counts,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    return manifest


def _backup_postgresql(target):
    """pg_dump from a snapshot this connection exports; the counts are read in that snapshot."""
    connection.close()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(cursor)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target / PG_DUMP}",
                    connection.settings_dict["NAME"],
                ]
            )
        finally:
            cursor.execute("ROLLBACK")
    return PG_DUMP, counts


def _backup_sqlite(target):
    """SQLite's online backup copies a consistent file even while the portal writes."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target / SQLITE_COPY)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return SQLITE_COPY, counts


# --- restore --------------------------------------------------------------------------------


def read_manifest(source):
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source} 中没有 {MANIFEST}，不是平台的备份目录。") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("备份格式版本不符，无法恢复。")
    return manifest


def verify_backup(source, manifest):
    """Every checksum of the backup folder against its manifest, before anything is changed."""
    source = Path(source)
    database = source / manifest["database"]["file"]
    if not database.is_file() or sha256(database) != manifest["database"]["sha256"]:
        raise BackupError(f"数据库备份文件 {database.name} 缺失或已损坏（校验值不符）。")
    found = media_files(source / MEDIA)
    broken = sorted(name for name, meta in manifest["files"].items() if found.get(name, {}).get("sha256") != meta["sha256"])
    if broken:
        raise BackupError(f"备份中有 {len(broken)} 个文件缺失或已损坏，例如：{'、'.join(broken[:5])}")


def restore(source, *, replace=False):
    """Restore database and files from a backup folder; returns the manifest it matched."""
    source = Path(source)
    manifest = read_manifest(source)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"备份来自 {manifest['vendor']} 数据库，不能恢复到 {connection.vendor}。")
    verify_backup(source, manifest)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing and not replace:
        raise BackupError("目标数据库不是空库（已有数据表）。恢复会替换其全部数据：确认无误后加 --replace 重新执行。")
    if connection.vendor == "postgresql":
        _restore_postgresql(source / manifest["database"]["file"], replace=bool(existing))
    else:
        _restore_sqlite(source / manifest["database"]["file"])
    _restore_media(source / MEDIA, manifest)
    check_restored(manifest)
    from cppcc_portal.page_cache.versions import bump_everything

    bump_everything()  # pg_restore wrote behind Django's back: no page kept from before may be served
    return manifest


def _restore_postgresql(dump, *, replace):
    name = connection.settings_dict["NAME"]
    connection.close()
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", f"--dbname={name}"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, str(dump)])


def _restore_sqlite(copy):
    name = connection.settings_dict["NAME"]
    connection.close()
    source = sqlite3.connect(copy)
    target = sqlite3.connect(name)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_media(folder, manifest):
    media_root = Path(settings.MEDIA_ROOT)
    for name in manifest["files"]:
        destination = media_root / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / name, destination)


def check_restored(manifest):
    """Count every table and checksum every file again; raise naming what differs."""
    connection.close()
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    wrong = [
        f"{table}（备份 {expected} 行，恢复后 {counts.get(table)} 行）"
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ]
    if wrong:
        raise BackupError("恢复后的数据与备份不符：" + "；".join(wrong[:10]))
    media_root = Path(settings.MEDIA_ROOT)
    missing = [
        name
        for name, meta in manifest["files"].items()
        if not (media_root / name).is_file() or sha256(media_root / name) != meta["sha256"]
    ]
    if missing:
        raise BackupError(f"恢复后有 {len(missing)} 个文件与备份不符，例如：{'、'.join(missing[:5])}")
