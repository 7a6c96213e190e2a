"""Settings for the CPPCC committee portal, read from the environment.

Two profiles:
- development (default): SQLite in var/, kombu's filesystem broker, mail written to var/mail.
  Needs no server at all, so `make run` works on a bare machine.
- production (DJANGO_ENV=production): PostgreSQL and Redis are required, cookies are secure,
  HSTS is on and WhiteNoise serves hashed static files.
"""

from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from cppcc_portal.env import (
    database_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

# The embedded default keeps its database, queue folders, mail and uploads under var/.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DJANGO_ENV = env_choice("DJANGO_ENV", "development", ["development", "production"])
PRODUCTION = DJANGO_ENV == "production"

DEV_SECRET_KEY = "dev-only-not-secret-cppcc-portal-key-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env_str("SECRET_KEY", None if PRODUCTION else DEV_SECRET_KEY, required=PRODUCTION)
if PRODUCTION and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("生产环境不能使用开发用 SECRET_KEY (production needs its own SECRET_KEY)")
DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("生产环境不能开启 DEBUG (DEBUG must be off in production)")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("生产环境必须设置 ALLOWED_HOSTS (ALLOWED_HOSTS must be set in production)")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # the portal: shared pieces first, then the domain apps in the order demo data is seeded
    "cppcc_portal.core",
    "cppcc_portal.notifications",
    "cppcc_portal.documents",
    "cppcc_portal.accounts",
    "cppcc_portal.audit",
    "cppcc_portal.history",
    "members",
    "proposals",
    "consultations",
    "sentiment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Lets audit events raised without a request at hand (exports, downloads, history rows) name
    # the user and address of the request being served.
    "cppcc_portal.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 等保 session and login controls (cppcc_portal/accounts): each may end the session.
    "cppcc_portal.accounts.session_lifetime.SessionLifetimeMiddleware",
    "cppcc_portal.accounts.single_session.SingleSessionMiddleware",
    "cppcc_portal.accounts.two_factor_guard.TwoFactorRequiredMiddleware",
    "cppcc_portal.accounts.password_expiry.PasswordExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so every check above still runs on each request: keeps rendered pages until the
    # tables they read change (cppcc_portal/page_cache).
    "cppcc_portal.page_cache.middleware.PageCacheMiddleware",
]

ROOT_URLCONF = "cppcc_portal.urls"
WSGI_APPLICATION = "cppcc_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cppcc_portal.core.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
_db = database_from_url(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0, minimum=0))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if PRODUCTION:
        raise ImproperlyConfigured("生产环境必须使用 PostgreSQL (production needs a postgres:// DATABASE_URL)")
    # WAL and an IMMEDIATE write lock let the web process and the worker share one file.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # template0 lets the test database take a UTF-8 LC_CTYPE, which Chinese text search needs.
    _db["TEST"] = {"TEMPLATE": "template0"}
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rendered pages kept until their tables change; only with the shared (Redis) cache.
PAGE_CACHE = env_bool("PAGE_CACHE", True)

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cppcc_portal.accounts.backends.PortalModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
# Password rules (等保 身份鉴别): length, 3 of 4 character classes, no reuse of the last 5, and a
# 90-day expiry. They apply wherever a password is chosen, the admin's user forms included.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8, minimum=8)
PASSWORD_MIN_CHARACTER_CLASSES = env_int("PASSWORD_MIN_CHARACTER_CLASSES", 3, minimum=1)
PASSWORD_HISTORY_COUNT = env_int("PASSWORD_HISTORY_COUNT", 5, minimum=0)
PASSWORD_EXPIRY_DAYS = env_int("PASSWORD_EXPIRY_DAYS", 90, minimum=0)  # 0: never expires
if PASSWORD_MIN_CHARACTER_CLASSES > 4:
    raise ImproperlyConfigured("PASSWORD_MIN_CHARACTER_CLASSES 不能大于 4 (at most 4 character classes)")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "cppcc_portal.accounts.password_rules.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "cppcc_portal.accounts.password_rules.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CHARACTER_CLASSES},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Also records every new password, which the expiry clock reads: keep it even with count 0.
    {
        "NAME": "cppcc_portal.accounts.password_history.PasswordHistoryValidator",
        "OPTIONS": {"count": PASSWORD_HISTORY_COUNT},
    },
]
# Two-factor login (TOTP authenticator app + backup codes). Required for the roles below and for
# admin-site users; members may switch it on. On by default in production; the development
# profile (make run, tests) defaults it off so the demo logins work with the password alone.
OTP_REQUIRED = env_bool("OTP_REQUIRED", PRODUCTION)
OTP_REQUIRED_ROLES = env_list(
    "OTP_REQUIRED_ROLES",
    ["提案工作人员", "社情民意编辑", "委员工作人员", "承办单位联络员", "领导", "系统管理员", "安全管理员", "审计管理员"],
)
# 三员分立: resetting another user's second factor is the security administrator's duty alone.
OTP_RESET_ROLES = env_list("OTP_RESET_ROLES", ["安全管理员"])
OTP_LOGIN_TIMEOUT = 5 * 60  # seconds between the password and the code
OTP_BACKUP_CODE_COUNT = 10
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows authenticator keys or backup codes
# Login throttling: 5 failures (wrong passwords and wrong codes) lock the username from that
# address for 30 minutes.
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 30, minimum=1)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = LOGIN_LOCK_MINUTES / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Sessions: SESSION_COOKIE_AGE is the absolute limit from login, SESSION_IDLE_MINUTES the idle
# timeout, both enforced on the server; a new login ends the account's other sessions.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SINGLE_SESSION_PER_USER = env_bool("SINGLE_SESSION_PER_USER", True)
SESSION_COOKIE_HTTPONLY = True
# Security audit log (cppcc_portal/audit): events younger than this cannot be deleted, not even
# by SQL on the application's connection. 180 days is the legal minimum (网络安全法 第二十一条).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 180, minimum=180)

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads are served only by views that check permission: never from a folder the static files
# (WhiteNoise, collectstatic, a web server's /static/) are served from. No URL serves MEDIA_URL.
for _static in (STATIC_ROOT, *STATICFILES_DIRS):
    _media, _static = MEDIA_ROOT.resolve(), Path(_static).resolve()
    if _media == _static or _static in _media.parents or _media in _static.parents:
        raise ImproperlyConfigured(
            f"MEDIA_ROOT（{MEDIA_ROOT}）不能与静态文件目录（{_static}）重叠：上传的文件只能经检查权限的页面下载"
            " (MEDIA_ROOT must lie outside STATIC_ROOT and STATICFILES_DIRS)"
        )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20, minimum=1) * 1024 * 1024

# --- Mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS 与 EMAIL_USE_SSL 只能开启一个 (choose TLS or SSL, not both)")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "政协履职服务平台 <noreply@cppcc.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
_broker_scheme = CELERY_BROKER_URL.split("://", 1)[0] if "://" in CELERY_BROKER_URL else ""
if _broker_scheme not in {"filesystem", "redis", "rediss", "amqp", "memory"}:
    raise ImproperlyConfigured(
        f"CELERY_BROKER_URL={CELERY_BROKER_URL!r} 无效，应为 redis://主机:6379/0 或 filesystem:// "
        "(CELERY_BROKER_URL must be a redis:// or filesystem:// URL)"
    )
if PRODUCTION and _broker_scheme not in {"redis", "rediss"}:
    raise ImproperlyConfigured("生产环境必须使用 Redis 作为消息队列 (production needs a redis:// CELERY_BROKER_URL)")
if _broker_scheme == "filesystem":
    # kombu's filesystem transport: a real worker process, no server. In and out share one folder.
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery-results").mkdir(exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", f"file://{VAR_DIR / 'celery-results'}")
else:
    # A task taken by a worker that died (acks late) goes back to the queue after this many
    # seconds; longer than any task may run (CELERY_TASK_TIME_LIMIT), or it would run twice.
    # Unacknowledged tasks are looked for every 10 s (kombu's default sweeps every 100 s).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
        "unacked_restore_throttle": 1,
    }
    # Several portals (or parallel test runs) may share one Redis: each keeps its own keys.
    if env_str("CELERY_KEY_PREFIX", ""):
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = env_str("CELERY_KEY_PREFIX")
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60, minimum=10)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30 if CELERY_TASK_TIME_LIMIT > 60 else CELERY_TASK_TIME_LIMIT
# A task is acknowledged after it ran, so a worker killed mid-task leaves it for another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 24 * 3600
# Tasks record their outcome in the database (documents, reminder logs); results are opt-in.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Portal ---------------------------------------------------------------------------------
PORTAL_NAME = env_str("PORTAL_NAME", "政协履职服务平台")
# bench/loadrun.py sets it to route the floor page (cppcc_portal/core/bench.py); never in a deployment.
PORTAL_BENCH_FLOOR = env_bool("PORTAL_BENCH_FLOOR", False)
OTP_TOTP_ISSUER = PORTAL_NAME  # the account name shown in the authenticator app
# Fonts for official documents (GB/T 9704). A deployment may name licensed font files
# (e.g. 方正小标宋, 仿宋_GB2312) with OFFICIAL_FONT_*_FILE; otherwise Debian's Noto CJK is used.
OFFICIAL_FONTS = {
    "title": env_str("OFFICIAL_FONT_TITLE", "Noto Serif CJK SC"),
    "body": env_str("OFFICIAL_FONT_BODY", "Noto Serif CJK SC"),
    "heading": env_str("OFFICIAL_FONT_HEADING", "Noto Sans CJK SC"),
    "kai": env_str("OFFICIAL_FONT_KAI", "Noto Serif CJK SC"),
}
OFFICIAL_FONT_FILES = {
    role: path
    for role, path in {
        "title": env_str("OFFICIAL_FONT_TITLE_FILE", ""),
        "body": env_str("OFFICIAL_FONT_BODY_FILE", ""),
        "heading": env_str("OFFICIAL_FONT_HEADING_FILE", ""),
        "kai": env_str("OFFICIAL_FONT_KAI_FILE", ""),
    }.items()
    if path
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from our own static files, no inline code.
# Style attributes stay allowed (style-src-attr): they cannot run code, and pages use them for
# widths and colours; <style> elements and stylesheets must come from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        # Bootstrap draws checkboxes, selects and the menu icon with data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The load balancer terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
