"""The security audit log (安全审计, GB/T 22239-2019 8.1.4.3): one row per event, append-only.

The application refuses to change or delete a row (here); the database refuses as well, with
triggers installed by migration 0002 (see db_guard.py). Links to users, committees and content
types carry no database constraint and never cascade: deleting a user must not need to touch the
log, and the username and name are kept as they were at the time."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogImmutable(Exception):
    """Raised on any attempt to change or delete an audit event."""

    def __init__(self):
        super().__init__(_("安全审计日志只能追加，不能修改或删除。"))


class Action(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出")
    LOGIN_FAILED = "login_failed", _("登录失败")
    ROLE_CHANGE = "role_change", _("角色变更")
    PERMISSION_CHANGE = "permission_change", _("权限变更")
    TWO_FACTOR_RESET = "two_factor_reset", _("两步验证重置")
    EXPORT = "export", _("导出")
    DOWNLOAD = "download", _("下载")
    CREATE = "create", _("新建")
    STATE_CHANGE = "state_change", _("状态变更")
    DELETE = "delete", _("删除")


class Result(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable

    def delete(self):
        raise AuditLogImmutable

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogImmutable


def _no_constraint_fk(to, verbose_name):
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)
    user = _no_constraint_fk(settings.AUTH_USER_MODEL, _("用户"))
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    user_display = models.CharField(_("姓名"), max_length=50, blank=True)
    committee = _no_constraint_fk("members.Committee", _("所属政协"))
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=32, choices=Action.choices)
    content_type = _no_constraint_fk(ContentType, _("对象类型"))
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_text = models.CharField(_("对象"), max_length=200, blank=True)
    result = models.CharField(_("结果"), max_length=16, choices=Result.choices, default=Result.SUCCESS)
    detail = models.JSONField(_("详情"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全审计事件")
        verbose_name_plural = _("安全审计日志")
        ordering = ["-occurred_at", "-id"]
        # The auditor's searches: newest first, narrowed by time, committee, user or action.
        indexes = [
            models.Index(fields=["-occurred_at"], name="audit_event_time"),
            models.Index(fields=["committee", "-occurred_at"], name="audit_event_committee_time"),
            models.Index(fields=["username", "-occurred_at"], name="audit_event_user_time"),
            models.Index(fields=["action", "-occurred_at"], name="audit_event_action_time"),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.occurred_at):%Y-%m-%d %H:%M:%S} {self.username or '—'} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable
