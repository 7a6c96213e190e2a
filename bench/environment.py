"""The environment every benchmark process runs in: the production profile (DJANGO_ENV=production)
on DATABASE_URL, Redis and one media folder, adapted only where a load test over plain HTTP on
127.0.0.1 needs it (no HTTPS redirect, no HSTS, 127.0.0.1 allowed, the floor page routed)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def bench_env(workdir, *, media_root=None, extra=None):
    """Environment variables for gunicorn, Celery workers and manage.py in `workdir` (a scratch
    folder: static files, mail, var). Processes given the same `media_root` share uploads and
    generated documents, as hosts sharing one storage would."""
    workdir = Path(workdir)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (the production profile needs one)")
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "cppcc_portal.settings",
        # one key for the whole run: sessions created by the runner must be valid in every process
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/2"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        "PORTAL_VAR_DIR": str(workdir / "var"),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(media_root or workdir / "media"),
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "PORTAL_BENCH_FLOOR": "1",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra or {})
    env["BENCH_SECRET_KEY"] = env["SECRET_KEY"]
    return env


def use_in_this_process(env):
    """Set up Django here with the benchmark's environment (sessions, URLs, counting queries)."""
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def manage(env, *args, quiet=True):
    """Run manage.py in its own process with the benchmark's environment."""
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def collectstatic(env):
    """WhiteNoise's manifest storage needs the hashed files in STATIC_ROOT before a page renders."""
    manage(env, "collectstatic", "--noinput", "-v0")
