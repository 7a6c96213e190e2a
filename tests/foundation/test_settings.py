"""Settings come from the environment and fail loudly; production passes `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = "import django; django.setup(); from django.conf import settings; "


def run_python(code, **env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "DJANGO_ENV", "DEBUG"}
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "cppcc_portal.settings", "PORTAL_VAR_DIR": "/tmp/cppcc-settings-test", **env})
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_embedded_defaults_need_no_server():
    out = run_python(SETUP + "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL, settings.EMAIL_BACKEND)")
    assert out.returncode == 0, out.stderr
    engine, broker, mail = out.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert broker == "filesystem://"
    assert mail.endswith("filebased.EmailBackend")


def test_language_and_time_zone():
    out = run_python(SETUP + "print(settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ)")
    assert out.stdout.split() == ["zh-hans", "Asia/Shanghai", "True"]


def test_bad_database_url_gives_a_clear_error():
    out = run_python(SETUP, DATABASE_URL="mysqlx://nobody@nowhere/db")
    assert out.returncode != 0
    assert "DATABASE_URL" in out.stderr and "无效" in out.stderr


def test_database_url_without_a_name_is_refused():
    out = run_python(SETUP, DATABASE_URL="postgres://postgres@127.0.0.1:5432")
    assert out.returncode != 0
    assert "DATABASE_URL" in out.stderr


def test_bad_boolean_and_broker_are_refused():
    out = run_python(SETUP, DEBUG="maybe")
    assert out.returncode != 0 and "DEBUG" in out.stderr
    out = run_python(SETUP, CELERY_BROKER_URL="ftp://x")
    assert out.returncode != 0 and "CELERY_BROKER_URL" in out.stderr


def test_production_requires_its_servers_and_secret():
    out = run_python(SETUP, DJANGO_ENV="production", ALLOWED_HOSTS="portal.example.gov.cn")
    assert out.returncode != 0 and "SECRET_KEY" in out.stderr
    out = run_python(
        SETUP,
        DJANGO_ENV="production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example.gov.cn",
        DATABASE_URL="sqlite:////tmp/x.sqlite3",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert out.returncode != 0 and "PostgreSQL" in out.stderr


def test_production_profile_passes_check_deploy():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        {
            "DJANGO_ENV": "production",
            "SECRET_KEY": "k7#Qz!p2Lm9@xV4t&Rw8Bn3$Yc6Hd1*Jf5^Gs0%Ue2+Ai9=Oq7Ze4Wr8Ty1",
            "ALLOWED_HOSTS": "portal.example.gov.cn",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        }
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout
    assert "WARNING" not in out.stdout + out.stderr.replace("INFO", "")


def test_production_settings_are_secure():
    out = run_python(
        SETUP + "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS > 0,"
        " settings.STORAGES['staticfiles']['BACKEND'], settings.DEBUG)",
        DJANGO_ENV="production",
        SECRET_KEY="y" * 60,
        ALLOWED_HOSTS="portal.example.gov.cn",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True", "whitenoise.storage.CompressedManifestStaticFilesStorage", "False"]
