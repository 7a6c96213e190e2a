"""The user's own two-factor settings (in the user menu): switch it on, see or renew backup
codes, and — for members, for whom it is optional — switch it off."""

import django_otp
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from cppcc_portal.accounts import backup_codes, two_factor
from cppcc_portal.accounts.forms import CodeForm
from cppcc_portal.accounts.views.enrolment import enrolment_context
from cppcc_portal.accounts.views.login import throttled


def settings_page(request):
    user = request.user
    return render(
        request,
        "accounts/two_factor.html",
        {
            "authenticator": two_factor.authenticator_of(user),
            "required": two_factor.is_required_for(user),
            "backup_left": two_factor.remaining_backup_codes(user),
        },
    )


@sensitive_post_parameters("code")
@never_cache
def setup(request):
    user = request.user
    if two_factor.has_authenticator(user):
        return redirect("accounts:two_factor")
    device = two_factor.enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not throttled(form, device):
        codes = two_factor.confirm_enrolment(device, form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, device)  # this session now counts as verified
            backup_codes.hand_over(request, codes, reverse("accounts:two_factor"))
            messages.success(request, _("两步验证已开启，以后登录时请输入手机验证器上的动态验证码。"))
            return redirect("accounts:backup_codes")
        form.add_error("code", _("验证码不正确，请确认手机时间准确后输入当前显示的 6 位数字。"))
    return render(request, "accounts/two_factor_setup.html", {**enrolment_context(device), "form": form})


@never_cache
def show_backup_codes(request):
    handed = backup_codes.take(request)
    if handed is None:
        return redirect("accounts:two_factor")
    return render(request, "accounts/backup_codes.html", {"codes": handed["codes"], "next_url": handed["next"]})


@require_POST
def renew_backup_codes(request):
    if not two_factor.has_authenticator(request.user):
        messages.error(request, _("请先开启两步验证。"))
        return redirect("accounts:two_factor")
    codes = two_factor.new_backup_codes(request.user)
    backup_codes.hand_over(request, codes, reverse("accounts:two_factor"))
    messages.success(request, _("已生成新的备用验证码，原有的备用验证码全部作废。"))
    return redirect("accounts:backup_codes")


@require_POST
def disable(request):
    try:
        two_factor.disable(request.user)
    except two_factor.TwoFactorError as exc:
        messages.error(request, str(exc))
    else:
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        messages.success(request, _("两步验证已关闭，登录时只需输入密码。"))
    return redirect("accounts:two_factor")
