"""The page cache around the view, innermost in MIDDLEWARE: sessions, login limits, one-session,
two-factor and password checks run on every request as before; only the view and its template
are skipped when the page is current.

A page is kept for one session (its CSRF cookie and its session's data are in the key) when it
is an HTML 200 to a plain GET that wrote nothing, set no cookie, queued no message and asked
for nothing to be cached; it is served while every table it read is unchanged, on the same
day (deadlines and 'overdue' are dates), for at most TTL seconds (times like '5 分钟前')."""

import hashlib
import zlib

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.utils import timezone

from cppcc_portal.page_cache import enabled, tracking, versions

TTL = 300
SKIPPED_PATHS = ("/admin/", "/accounts/", "/bench/", "/healthz", "/static/", "/media/", "/api/")
VOLATILE_SESSION_KEYS = {"accounts.seen_at"}  # refreshed once a minute by session_lifetime
_settings_generation = [0]


def _settings_changed(**kwargs):
    _settings_generation[0] += 1


setting_changed.connect(_settings_changed, dispatch_uid="page-cache-settings")


def _eligible(request):
    if request.method != "GET" or request.path.startswith(SKIPPED_PATHS):
        return False
    if request.headers.get("HX-Request") or not request.user.is_authenticated:
        return False
    session = request.session
    return session.session_key is not None and "_messages" not in session


def _session_data(session):
    return repr(sorted((k, repr(v)) for k, v in session.items() if k not in VOLATILE_SESSION_KEYS))


def _key(request):
    session = request.session
    data = _session_data(session)
    user = request.user
    material = repr(
        (
            session.session_key,
            request.COOKIES.get(settings.CSRF_COOKIE_NAME),
            data,
            user.pk,
            user.get_username(),
            str(user),
            request.get_full_path(),
            request.get_host(),
            request.headers.get("Accept-Language", ""),
            str(timezone.localdate()),
            _settings_generation[0],
        )
    )
    return "pagecache:p:" + hashlib.sha256(material.encode()).hexdigest()


def _storable(request, response, record, session_before):
    if record.wrote or not record.read or response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html") or response.cookies:
        return False
    if "no-store" in response.get("Cache-Control", "") or _session_data(request.session) != session_before:
        return False
    made = request.META.get("CSRF_COOKIE")  # the secret the page's forms carry, if it has any
    if made is not None and made != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        return False  # a new CSRF cookie goes out with this response: the page fits only it
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", None)
    return not queued


def _serve(entry):
    response = HttpResponse(zlib.decompress(entry["content"]), status=200)
    for name, value in entry["headers"]:
        response[name] = value
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        entry = cache.get(key)
        if entry is not None and versions.still_current(entry["tags"]):
            return _serve(entry)
        before, session_before = versions.snapshot(), _session_data(request.session)
        with tracking.recording() as record:
            response = self.get_response(request)
            if getattr(response, "render", None) and not getattr(response, "is_rendered", True):
                response = response.render()
        if _storable(request, response, record, session_before):
            tags = {t: before[t] for t in record.read | {versions.ALL} if before.get(t)}
            # compressed: a 25 KB page keeps ~5 KB of Redis per session
            entry = {"content": zlib.compress(response.content, 1), "headers": list(response.headers.items()), "tags": tags}
            cache.set(key, entry, timeout=TTL)
        return response
