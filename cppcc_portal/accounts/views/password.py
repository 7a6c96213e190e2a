"""Changing the password: the page every expired password is sent to."""

from django.conf import settings
from django.contrib.auth.views import PasswordChangeView

from cppcc_portal.accounts import password_expiry


class PortalPasswordChangeView(PasswordChangeView):
    def get_context_data(self, **kwargs):
        session = self.request.session
        return {
            **super().get_context_data(**kwargs),
            "expired": password_expiry.is_expired(session),
            "expiry_days": settings.PASSWORD_EXPIRY_DAYS,
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        password_expiry.stamp(self.request.session, form.user)
        return response
