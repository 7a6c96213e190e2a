"""One active session per account (等保 8.1.4.1 / 8.1.4.2): a new login ends the others.

Each login stores a fresh token both in its session and in ActiveSession (one row per user). A
session whose token is no longer the user's current one is ended on its next request. Keeping the
token in the session data rather than matching session keys makes this work with every session
engine (database, cache, cached_db, file, signed cookies). Cost: one primary-key lookup a request.

With SINGLE_SESSION_PER_USER off, logins share the user's token, so `end_all_sessions` (used when
a security administrator resets two-factor login) still ends them all."""

import hmac
import secrets

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.backends import ACTIVE_TOKEN
from cppcc_portal.accounts.models import ActiveSession
from cppcc_portal.accounts.session_end import end_session

TOKEN = "accounts.session_token"


def register_login(request, user):
    token = None
    if not settings.SINGLE_SESSION_PER_USER:
        token = ActiveSession.objects.filter(user=user).values_list("token", flat=True).first()
    token = token or secrets.token_urlsafe(32)
    ActiveSession.objects.update_or_create(
        user=user,
        defaults={"token": token, "started_at": timezone.now(), "ip_address": get_client_ip_address(request)},
    )
    request.session[TOKEN] = token


def end_all_sessions(user):
    """Every session of the user ends at its next request."""
    ActiveSession.objects.filter(user=user).delete()


class SingleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user_id = request.session.get(SESSION_KEY)
        if user_id is not None:
            current = current_token(request, user_id)
            mine = request.session.get(TOKEN)
            if current is None or mine is None:
                return end_session(request, _("登录状态已失效，请重新登录。"))
            if not hmac.compare_digest(current, mine):
                return end_session(request, _("您的账号已在其他地方登录，本次登录已退出。如非本人操作，请立即修改密码。"))
        return self.get_response(request)


def current_token(request, user_id):
    """The user's current token: read off the user the portal's backend loaded, else looked up."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(user, ACTIVE_TOKEN):
        return getattr(user, ACTIVE_TOKEN)
    return ActiveSession.objects.filter(user_id=user_id).values_list("token", flat=True).first()
