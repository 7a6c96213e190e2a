"""Login: the password (Django's LoginView), then, for users who need it, the two-factor code or
the enrolment of an authenticator app."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice

from cppcc_portal.accounts import backup_codes, lockout, pending_login, two_factor
from cppcc_portal.accounts.forms import CodeForm
from cppcc_portal.accounts.views.enrolment import enrolment_context

WRONG_CODE = "wrong_two_factor_code"


class PortalLoginView(LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "lock_minutes": settings.LOGIN_LOCK_MINUTES,
        }

    def form_valid(self, form):
        user = form.get_user()
        has_app = two_factor.has_authenticator(user)
        if not (has_app or two_factor.is_required_for(user)):
            return super().form_valid(form)
        pending_login.begin(self.request, user, self.get_success_url())
        return redirect("accounts:login_code" if has_app else "accounts:login_enrol")


def throttled(form, device):
    """True (with the wait on the form) while django-otp's back-off keeps the device from checking."""
    if device is None:
        return False
    try:
        two_factor.check_not_throttled(device)
    except two_factor.TwoFactorError as exc:
        form.add_error("code", str(exc))
        return True
    return False


def _restart(request):
    messages.warning(request, _("验证已超时，请重新输入用户名和密码。"))
    return redirect(settings.LOGIN_URL)


def _attempts_left(request, user):
    failures = AxesProxyHandler.get_failures(request, lockout.credentials_of(user))
    return max(0, settings.AXES_FAILURE_LIMIT - failures)


def _failed(request, pending, form, message):
    """Count a wrong code; lock the account after too many, as for wrong passwords."""
    if lockout.record_failure(request, pending.user, WRONG_CODE):
        pending_login.clear(request)
        return lockout.locked_response(request, pending.user)
    warning = _("再错 %(left)d 次，账号将锁定 %(minutes)d 分钟。") % {
        "left": _attempts_left(request, pending.user),
        "minutes": settings.LOGIN_LOCK_MINUTES,
    }
    form.add_error("code", f"{message}{warning}")
    return None


@login_not_required
@sensitive_post_parameters("code")
@never_cache
def login_code(request):
    """Step two for a user with an authenticator: its six-digit code, or one backup code."""
    pending = pending_login.current(request)
    if pending is None:
        return _restart(request)
    user = pending.user
    if not two_factor.has_authenticator(user):
        return redirect("accounts:login_enrol")
    if lockout.is_locked(request, user):
        pending_login.clear(request)
        return lockout.locked_response(request, user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device = two_factor.login_device_for(user, code)
        if not throttled(form, device):
            accepted = two_factor.verify_login_code(user, device, code) if device else None
            if accepted is not None:
                pending_login.complete(request, pending, accepted)
                if isinstance(accepted, StaticDevice):
                    left = two_factor.remaining_backup_codes(user)
                    messages.warning(
                        request,
                        _("您使用了一个备用验证码，还剩 %(left)d 个。手机丢失请联系安全管理员重置两步验证。") % {"left": left},
                    )
                return redirect(pending.next_url)
            locked = _failed(request, pending, form, _("验证码不正确或已过期。"))
            if locked:
                return locked
    return render(request, "accounts/login_code.html", {"form": form, "pending_user": user})


@login_not_required
@sensitive_post_parameters("code")
@never_cache
def login_enrol(request):
    """Step two for a user who must use two-factor login but has no authenticator yet: scan the
    QR code, confirm with the first code, then keep the backup codes."""
    pending = pending_login.current(request)
    if pending is None:
        return _restart(request)
    user = pending.user
    if two_factor.has_authenticator(user):
        return redirect("accounts:login_code")
    if lockout.is_locked(request, user):
        pending_login.clear(request)
        return lockout.locked_response(request, user)
    device = two_factor.enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not throttled(form, device):
        codes = two_factor.confirm_enrolment(device, form.cleaned_data["code"])
        if codes is not None:
            pending_login.complete(request, pending, device)
            backup_codes.hand_over(request, codes, pending.next_url)
            messages.success(request, _("两步验证已开启，以后登录时请输入手机验证器上的动态验证码。"))
            return redirect("accounts:backup_codes")
        locked = _failed(request, pending, form, _("验证码不正确，请确认手机时间准确后输入当前显示的 6 位数字。"))
        if locked:
            return locked
    return render(request, "accounts/login_enrol.html", {**enrolment_context(device), "form": form, "pending_user": user})
