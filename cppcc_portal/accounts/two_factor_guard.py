"""No page opens for a user who must use two-factor login but whose session was not verified
with a code (a login that bypassed the portal's login page, or a role granted mid-session).

django-otp's OTPMiddleware would load the device on every request (a query); the guard only
reads the device id that django_otp.login() put in the session, and a reset device also ends the
user's sessions (two_factor.reset), so a stale id cannot outlive its device."""

from django.contrib.auth import SESSION_KEY
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY

from cppcc_portal.accounts import two_factor
from cppcc_portal.accounts.session_end import end_session


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session and DEVICE_ID_SESSION_KEY not in session and two_factor.is_required_for(request.user):
            return end_session(request, _("您的账号须使用两步验证登录，请重新登录并输入动态验证码。"))
        return self.get_response(request)
