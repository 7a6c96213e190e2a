from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordRecord(models.Model):
    """One password a user has had: its hash (to refuse reuse) and when it was set (for expiry).

    The newest record is the current password. Only the last PASSWORD_HISTORY_COUNT are kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="password_records"
    )
    password = models.CharField(_("密码哈希"), max_length=128)
    set_at = models.DateTimeField(_("设置时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-set_at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.set_at:%Y-%m-%d %H:%M}"


class ActiveSession(models.Model):
    """The one session a user may have: a new login replaces the token, which ends every other session.

    The token lives in the session data, not the session key, so this works with any session engine."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    token = models.CharField(_("会话标识"), max_length=64)
    started_at = models.DateTimeField(_("登录时间"))
    ip_address = models.GenericIPAddressField(_("登录地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("当前会话")
        verbose_name_plural = _("当前会话")

    def __str__(self):
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"
