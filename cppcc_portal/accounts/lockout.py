"""Wrong two-factor codes count towards the same lockout as wrong passwords (django-axes).

A wrong code is reported as Django's `user_login_failed`, which axes counts and the security audit
log records; after LOGIN_FAILURE_LIMIT failures axes locks the account for LOGIN_LOCK_MINUTES."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth.signals import user_login_failed


def credentials_of(user):
    return {"username": user.get_username()}


def is_locked(request, user):
    return AxesProxyHandler.is_locked(request, credentials_of(user))


def record_failure(request, user, reason):
    """Report a failed login step; True when it has now locked the account."""
    user_login_failed.send(sender=__name__, credentials={**credentials_of(user), "reason": reason}, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def locked_response(request, user):
    return get_lockout_response(request, None, credentials_of(user))
