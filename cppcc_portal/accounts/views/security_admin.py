"""Security administrators reset the two-factor login of a user who lost their phone."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc_portal.accounts import two_factor
from cppcc_portal.accounts.forms import UserSearchForm
from cppcc_portal.accounts.permissions import can_reset_two_factor, resettable_users

RESULT_LIMIT = 50


def _require(user):
    if not can_reset_two_factor(user):
        raise PermissionDenied


def user_search(request):
    _require(request.user)
    form = UserSearchForm(request.GET or None)
    users = None
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        users = (
            resettable_users(request.user)
            .filter(Q(username__icontains=q) | Q(full_name__icontains=q))
            .annotate(has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
            .select_related("committee")
            .order_by("username")[:RESULT_LIMIT]
        )
    return render(request, "accounts/security_users.html", {"form": form, "users": users, "limit": RESULT_LIMIT})


@require_POST
def reset_user(request, pk):
    _require(request.user)
    target = get_object_or_404(resettable_users(request.user), pk=pk)
    try:
        two_factor.reset(target, by=request.user, request=request)
    except two_factor.TwoFactorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已重置 %(name)s 的两步验证并结束其登录；该用户下次登录时将重新绑定手机验证器。") % {"name": target.display_name},
        )
    return redirect(reverse("accounts:security_users") + f"?q={target.username}")
