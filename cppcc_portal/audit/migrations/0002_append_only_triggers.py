"""The database refuses UPDATE, DELETE and TRUNCATE on the audit log (see audit/db_guard.py)."""

from django.db import migrations

from cppcc_portal.audit import db_guard


def install(apps, schema_editor):
    db_guard.install(schema_editor.connection)


def remove(apps, schema_editor):
    db_guard.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
