"""Idle timeout and absolute session limit, enforced on the server (等保 8.1.4.1: 登录连接超时自动退出).

The session records when the user logged in and when they were last active. The last-active
stamp is written at most once a minute, so an active user costs one session write a minute, not
one per request. Django's own cookie expiry is not enough: it restarts at every session write."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils.translation import gettext as _

from cppcc_portal.accounts.session_end import end_session

LOGGED_IN_AT = "accounts.logged_in_at"
SEEN_AT = "accounts.seen_at"
SEEN_RESOLUTION_SECONDS = 60


def stamp_login(session):
    now = int(time.time())
    session[LOGGED_IN_AT] = now
    session[SEEN_AT] = now


def expiry_reason(session, now):
    """Why this logged-in session must end now, or None."""
    logged_in_at, seen_at = session.get(LOGGED_IN_AT), session.get(SEEN_AT)
    if logged_in_at is None or seen_at is None:
        return _("登录状态已失效，请重新登录。")
    if now - logged_in_at >= settings.SESSION_COOKIE_AGE:
        hours = settings.SESSION_COOKIE_AGE / 3600
        return _("本次登录已超过 %(hours)s 小时，为保护账号安全请重新登录。") % {"hours": f"{hours:g}"}
    if now - seen_at >= settings.SESSION_IDLE_TIMEOUT:
        minutes = settings.SESSION_IDLE_TIMEOUT // 60
        return _("您已 %(minutes)d 分钟未操作，为保护账号安全已自动退出，请重新登录。") % {"minutes": minutes}
    return None


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read the session, not request.user: this costs no query.
        if SESSION_KEY in request.session:
            now = int(time.time())
            reason = expiry_reason(request.session, now)
            if reason:
                return end_session(request, reason)
            if now - request.session[SEEN_AT] >= SEEN_RESOLUTION_SECONDS:
                request.session[SEEN_AT] = now
        return self.get_response(request)
