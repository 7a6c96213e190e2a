"""The portal's model backend: a request's user is loaded together with the token of their one
active session (single_session), so the one-session check costs no query of its own."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef, Subquery

from cppcc_portal.accounts.models import ActiveSession

ACTIVE_TOKEN = "active_session_token"


class PortalModelBackend(ModelBackend):
    def get_user(self, user_id):
        token = ActiveSession.objects.filter(user=OuterRef("pk")).values("token")[:1]
        try:
            user = get_user_model()._default_manager.annotate(**{ACTIVE_TOKEN: Subquery(token)}).get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
