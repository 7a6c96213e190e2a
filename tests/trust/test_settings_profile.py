"""The account controls are settings with safe defaults: two-factor login is required in
production, off in the development profile (so `make run` demo logins need only the password),
and an environment variable turns it on anywhere; nonsense values stop the start-up."""

from tests.foundation.test_settings import SETUP, run_python

PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "z" * 60,
    "ALLOWED_HOSTS": "portal.example.gov.cn",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}
SHOW = SETUP + (
    "print(settings.OTP_REQUIRED, settings.PASSWORD_EXPIRY_DAYS, settings.PASSWORD_HISTORY_COUNT,"
    " settings.SESSION_IDLE_TIMEOUT, settings.SESSION_COOKIE_AGE, settings.SINGLE_SESSION_PER_USER,"
    " settings.AXES_FAILURE_LIMIT, settings.LOGIN_LOCK_MINUTES)"
)


def test_production_requires_two_factor_and_keeps_the_safe_defaults():
    out = run_python(SHOW, **PRODUCTION)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "90", "5", "1800", "28800", "True", "5", "30"]


def test_development_profile_defaults_two_factor_off_and_the_variable_turns_it_on():
    out = run_python(SHOW)
    assert out.stdout.split()[0] == "False"
    out = run_python(SHOW, OTP_REQUIRED="true")
    assert out.stdout.split()[0] == "True"


def test_settings_are_read_from_the_environment():
    out = run_python(
        SHOW,
        PASSWORD_EXPIRY_DAYS="60",
        PASSWORD_HISTORY_COUNT="8",
        SESSION_IDLE_MINUTES="15",
        SINGLE_SESSION_PER_USER="false",
    )
    assert out.stdout.split()[1:6] == ["60", "8", "900", "28800", "False"]


def test_weak_values_are_refused():
    out = run_python(SETUP, PASSWORD_MIN_LENGTH="6")
    assert out.returncode != 0 and "PASSWORD_MIN_LENGTH" in out.stderr
    out = run_python(SETUP, PASSWORD_MIN_CHARACTER_CLASSES="5")
    assert out.returncode != 0 and "PASSWORD_MIN_CHARACTER_CLASSES" in out.stderr
    out = run_python(SETUP, SESSION_IDLE_MINUTES="0")
    assert out.returncode != 0 and "SESSION_IDLE_MINUTES" in out.stderr
