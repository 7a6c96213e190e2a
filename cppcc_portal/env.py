"""Read settings from the environment and fail loudly on values that make no sense.

Every error names the variable and what it expects, in Chinese and English, so an operator who
mistypes DATABASE_URL sees it at start-up and not as a strange failure later."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"环境变量 {name} 必须设置 ({name} must be set)")
        return default
    return value


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 无效，应为 true/false ({name} must be a boolean)")


def env_int(name, default, *, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"环境变量 {name}={raw!r} 无效，应为整数 ({name} must be an integer)") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"环境变量 {name}={value} 不能小于 {minimum} ({name} must be >= {minimum})")
    return value


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_choice(name, default, choices):
    value = os.environ.get(name, default) or default
    if value not in choices:
        raise ImproperlyConfigured(
            f"环境变量 {name}={value!r} 无效，应为 {' / '.join(choices)} ({name} must be one of {', '.join(choices)})"
        )
    return value


def database_from_url(url, *, conn_max_age=0):
    """Parse DATABASE_URL with dj-database-url, turning its errors into one clear message."""
    import dj_database_url

    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age)
    except (ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} 无效：{exc}。示例：postgres://用户@主机:5432/库名 或 sqlite:///路径/db.sqlite3 "
            "(DATABASE_URL is not a valid database URL)"
        ) from None
    engine = config.get("ENGINE", "")
    if not engine or not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} 缺少数据库名 (DATABASE_URL names no database)")
    return config
