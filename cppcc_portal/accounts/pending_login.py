"""The half-way state of a two-factor login: the password was right, the code is still to come.

Nothing is logged in yet: the session only remembers who passed the password, for a few minutes.
Pages stay closed (the user is anonymous) and `user_logged_in` is sent only when the code is
right, so the audit log and the one-session rule see complete logins only."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login

PENDING = "accounts.pending_login"


@dataclass
class PendingLogin:
    user: object
    backend: str
    next_url: str


def begin(request, user, next_url):
    # A new session key at this step too, so a key planted before the password is worth nothing.
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": int(time.time()),
    }


def current(request):
    """The pending login of this browser, or None when there is none or it has timed out."""
    data = request.session.get(PENDING)
    if not data:
        return None
    if time.time() - data["at"] > settings.OTP_LOGIN_TIMEOUT:
        clear(request)
        return None
    user = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    if user is None:
        clear(request)
        return None
    return PendingLogin(user=user, backend=data["backend"], next_url=data["next"])


def clear(request):
    request.session.pop(PENDING, None)


def complete(request, pending, device):
    """Log the user in with the device that accepted the code (django-otp records it in the
    session through its user_logged_in receiver)."""
    user = pending.user
    user.otp_device = device
    auth_login(request, user, backend=pending.backend)
    clear(request)
