"""Password expiry (default 90 days): an expired password opens only the change-password page.

The expiry moment is computed once at login and kept in the session, so checking it costs no
query. It is refreshed when the user changes the password."""

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from cppcc_portal.accounts.password_history import ensure_baseline

EXPIRES_AT = "accounts.password_expires_at"
# Pages an expired password may still open: changing it, and leaving.
ALLOWED_URL_NAMES = ("password_change", "password_change_done", "logout")


def expires_at(user):
    """When the user's current password expires (a datetime), or None when it never does."""
    if settings.PASSWORD_EXPIRY_DAYS == 0:
        return None
    record = ensure_baseline(user)
    if record is None:
        return None
    return record.set_at + timedelta(days=settings.PASSWORD_EXPIRY_DAYS)


def stamp(session, user):
    moment = expires_at(user)
    session[EXPIRES_AT] = int(moment.timestamp()) if moment else None


def is_expired(session):
    moment = session.get(EXPIRES_AT)
    return moment is not None and time.time() >= moment


def days_left(session):
    moment = session.get(EXPIRES_AT)
    return None if moment is None else max(0, int((moment - time.time()) // 86400))


class PasswordExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed = None

    def allowed_paths(self):
        if self._allowed is None:
            self._allowed = {reverse(name) for name in ALLOWED_URL_NAMES}
        return self._allowed

    def __call__(self, request):
        if SESSION_KEY in request.session and is_expired(request.session) and request.path not in self.allowed_paths():
            # Look again before closing the pages: the password may have been changed elsewhere
            # (the admin's own change-password page) since the session was stamped.
            stamp(request.session, request.user)
            if is_expired(request.session):
                return self.to_change_page(request)
        return self.get_response(request)

    def to_change_page(self, request):
        url = reverse("password_change")
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
