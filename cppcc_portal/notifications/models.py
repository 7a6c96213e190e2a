from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message; shown in the notification centre, optionally also sent by email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    category = models.CharField(_("类别"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    # The outbox: set when the notification is written, in the same transaction, for a user with
    # an address. Mail is normally queued at commit; if the queue (Redis) is down then, the
    # sweeper (tasks.send_pending_emails) mails it when it is back. Nothing is lost, nothing doubled.
    email_due = models.BooleanField(_("需发邮件"), default=False)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(
                fields=["id"],
                condition=models.Q(email_due=True, emailed_at__isnull=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self):
        return self.title


class ReminderLog(models.Model):
    """One row per reminder ever sent. The unique key (e.g. "proposal-due:unit=4:2026-11-23")
    is claimed before sending, so a beat that fires twice or a retried task never sends twice."""

    key = models.CharField(_("提醒标识"), max_length=200, unique=True)
    category = models.CharField(_("类别"), max_length=40, blank=True)
    recipients = models.PositiveIntegerField(_("接收人数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-sent_at"]

    def __str__(self):
        return self.key
