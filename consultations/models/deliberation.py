"""网络议政: a topic open to chosen members for a period; they post opinions and reply to each
other, staff moderate, and it closes by itself at the end time."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import CommitteeOwned


class DeliberationStatus(models.TextChoices):
    DRAFT = "draft", _("未发布")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class Deliberation(CommitteeOwned):
    title = models.CharField(_("议政题目"), max_length=120)
    description = models.TextField(_("背景与要求"), blank=True)
    plan_item = models.ForeignKey(
        "consultations.PlanItem",
        verbose_name=_("计划议题"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliberations",
    )
    activity = models.ForeignKey(
        "consultations.Activity",
        verbose_name=_("关联活动"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliberations",
    )
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    status = models.CharField(_("状态"), max_length=8, choices=DeliberationStatus.choices, default=DeliberationStatus.DRAFT)
    invitees = models.ManyToManyField("members.Member", verbose_name=_("参加委员"), blank=True, related_name="+")
    closed_at = models.DateTimeField(_("结束于"), null=True, blank=True)
    closed_automatically = models.BooleanField(_("到期自动结束"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[invitees])

    class Meta:
        verbose_name = _("网络议政")
        verbose_name_plural = _("网络议政")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="deliberation_closes_after_open")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:deliberation_detail", args=[self.pk])

    def accepting(self, now=None):
        """Open for posting now: published, started and not past its end time (even before the
        periodic task has marked it closed)."""
        now = now or timezone.now()
        return self.status == DeliberationStatus.OPEN and self.opens_at <= now < self.closes_at


class Opinion(CommitteeOwned):
    deliberation = models.ForeignKey(Deliberation, verbose_name=_("网络议政"), on_delete=models.CASCADE, related_name="opinions")
    author = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", verbose_name=_("回复"), on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    content = models.TextField(_("意见内容"))
    created_at = models.DateTimeField(_("发表时间"), auto_now_add=True)
    is_hidden = models.BooleanField(_("已屏蔽"), default=False)
    hidden_reason = models.CharField(_("屏蔽原因"), max_length=200, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("议政意见")
        verbose_name_plural = _("议政意见")
        ordering = ["deliberation", "created_at", "id"]

    def __str__(self):
        return self.content[:30]
