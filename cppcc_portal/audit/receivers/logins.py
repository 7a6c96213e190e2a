"""Logins, logouts, failed logins and two-factor resets, from the signals the accounts app sends
(docs/security-accounts.md): Django's three auth signals and accounts.signals.two_factor_reset."""

from django.urls import reverse

from cppcc_portal.audit.models import Action, Result
from cppcc_portal.audit.recording import record

# A wrong password is reported by Django without a reason; the accounts app adds one for a wrong
# two-factor code, and django-axes marks the request of a locked-out account.
WRONG_PASSWORD = "wrong_password"
LOCKED_OUT = "locked_out"


def _agent(request):
    return (request.headers.get("User-Agent", "") if request is not None else "")[:200]


def logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, obj=user, user=user, request=request, detail={"user_agent": _agent(request)})


def logged_out(sender, request, user, **kwargs):
    if user is None:
        return  # an anonymous visitor opened the logout page: nobody was logged in
    # The session limits (idle, absolute, one session, two-factor guard) log out on whatever page
    # was asked for; only the logout page is the user's own choice.
    by_user = request is not None and request.path == reverse("logout")
    record(Action.LOGOUT, obj=user, user=user, request=request, detail={"ended_by": "user" if by_user else "portal"})


def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", "") or "")
    reason = credentials.get("reason") or (LOCKED_OUT if getattr(request, "axes_locked_out", False) else WRONG_PASSWORD)
    record(
        Action.LOGIN_FAILED,
        user=None,
        request=request,
        result=Result.FAILURE,
        username=username,
        object_text=username,
        detail={"reason": reason, "user_agent": _agent(request)},
    )


def two_factor_reset(sender, user, by, request=None, **kwargs):
    record(Action.TWO_FACTOR_RESET, obj=user, user=by, request=request)
