from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or (at login) an eight-character backup code."""

    code = forms.CharField(
        label=_("动态验证码"),
        max_length=20,
        error_messages={"required": _("请输入验证码。")},
    )


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("用户名或姓名"), max_length=50, required=False)
