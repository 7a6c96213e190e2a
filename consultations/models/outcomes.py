"""协商成果: minutes (纪要), recommendation reports (建议案) and written opinions, reported to the
party committee and government within a set number of working days, then followed up: adoption
and what was done (成果转化)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cppcc_portal.core.uploads import upload_path, validate_document_upload
from members.models import CommitteeOwned


def outcome_upload_to(instance, filename):
    # a module-level function, so migrations can refer to it (upload_path returns a closure)
    return upload_path("consultations/outcomes")(instance, filename)


class OutcomeKind(models.TextChoices):
    MINUTES = "minutes", _("协商纪要")
    RECOMMENDATION = "recommendation", _("建议案")
    OPINION = "opinion", _("书面意见")


class OutcomeStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SUBMITTED = "submitted", _("已报送")
    FEEDBACK = "feedback", _("已反馈")


class Adoption(models.TextChoices):
    NONE = "", _("—")
    ADOPTED = "adopted", _("采纳")
    PARTIAL = "partial", _("部分采纳")
    STUDYING = "studying", _("研究中")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class Outcome(CommitteeOwned):
    activity = models.ForeignKey(
        "consultations.Activity",
        verbose_name=_("协商活动"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    deliberation = models.ForeignKey(
        "consultations.Deliberation",
        verbose_name=_("网络议政"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    kind = models.CharField(_("成果类型"), max_length=16, choices=OutcomeKind.choices)
    title = models.CharField(_("标题"), max_length=150)
    content = models.TextField(_("正文"), blank=True)
    file = models.FileField(_("附件"), upload_to=outcome_upload_to, validators=[validate_document_upload], blank=True)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    due_on = models.DateField(_("报送期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=OutcomeStatus.choices, default=OutcomeStatus.DRAFT)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    submitted_to = models.CharField(_("报送对象"), max_length=120, blank=True)
    adoption = models.CharField(_("采纳情况"), max_length=12, choices=Adoption.choices, blank=True, default="")
    feedback_on = models.DateField(_("反馈日期"), null=True, blank=True)
    feedback_text = models.TextField(_("反馈意见"), blank=True)
    actions_taken = models.TextField(_("成果转化情况"), blank=True, help_text=_("有关部门据此采取的措施、出台的文件等"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商成果")
        verbose_name_plural = _("协商成果")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(activity__isnull=False) | models.Q(deliberation__isnull=False), name="outcome_has_a_source"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:outcome_detail", args=[self.pk])

    @property
    def source(self):
        return self.activity or self.deliberation

    @property
    def adoption_colour(self):
        return {"adopted": "success", "partial": "info", "studying": "warning", "not_adopted": "secondary"}.get(
            self.adoption, "light"
        )


class OutcomeEvent(CommitteeOwned):
    outcome = models.ForeignKey(Outcome, verbose_name=_("成果"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(_("原状态"), max_length=10, choices=OutcomeStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=OutcomeStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("成果记录")
        verbose_name_plural = _("成果记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.outcome} {self.action}"
