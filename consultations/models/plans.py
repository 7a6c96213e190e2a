"""年度协商计划: the plan, its items, the workflow log and the versions kept after publication."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import CommitteeOwned


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报党委审定")
    APPROVED = "approved", _("党委已批准")
    PUBLISHED = "published", _("已印发")


class AnnualPlan(CommitteeOwned):
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=100)
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    issuing_bodies = models.TextField(
        _("联合印发机关"),
        blank=True,
        help_text=_("每行一个，如：中共临江市委办公室、临江市人民政府办公室、政协临江市委员会办公室"),
    )
    document_number = models.CharField(_("发文字号"), max_length=40, blank=True, help_text=_("如：临委办发〔2026〕35号"))
    intro = models.TextField(_("印发通知正文"), blank=True)
    cc_to = models.CharField(_("抄送"), max_length=200, blank=True)
    approval_reference = models.CharField(_("批准文件"), max_length=100, blank=True, help_text=_("党委批准的文件或会议纪要文号"))
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    published_on = models.DateField(_("印发日期"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("版本"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度协商计划")
        verbose_name_plural = _("年度协商计划")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="annualplan_unique_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:plan_detail", args=[self.pk])

    @property
    def issuing_body_list(self):
        return [line.strip() for line in self.issuing_bodies.replace("、", "\n").splitlines() if line.strip()]


class PlanItem(CommitteeOwned):
    """One row of the plan table: 序号, 协商议题, 协商形式, 时间安排, 承办单位, 协商部门."""

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("序号"))
    topic = models.CharField(_("协商议题"), max_length=120)
    form = models.ForeignKey(
        "consultations.ConsultationForm", verbose_name=_("协商形式"), on_delete=models.PROTECT, related_name="+"
    )
    planned_month = models.PositiveSmallIntegerField(_("计划月份"), choices=[(m, f"{m}月") for m in range(1, 13)])
    time_note = models.CharField(_("时间安排说明"), max_length=30, blank=True, help_text=_("如：6月下旬；空白时显示月份"))
    organiser = models.ForeignKey(
        "members.SpecialCommittee",
        verbose_name=_("承办专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organiser_note = models.CharField(_("其他承办单位"), max_length=100, blank=True, help_text=_("如：有关民主党派市委会"))
    departments = models.ManyToManyField("members.HandlingUnit", verbose_name=_("协商部门"), blank=True, related_name="+")
    sectors = models.ManyToManyField("members.Sector", verbose_name=_("参加界别"), blank=True, related_name="+")
    members = models.ManyToManyField("members.Member", verbose_name=_("参加委员"), blank=True, related_name="+")
    participants_note = models.CharField(_("参加人员说明"), max_length=200, blank=True)
    notes = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords(m2m_fields=[departments, sectors, members])

    class Meta:
        verbose_name = _("计划议题")
        verbose_name_plural = _("计划议题")
        ordering = ["plan", "number", "id"]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("consultations:plan_item", args=[self.pk])

    @property
    def time_label(self):
        return self.time_note or f"{self.planned_month}月"

    @property
    def organiser_label(self):
        return "、".join(x for x in [self.organiser.name if self.organiser_id else "", self.organiser_note] if x)


class PlanEvent(CommitteeOwned):
    """A history row of the plan workflow: who, when, from → to, comment. Append-only."""

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20)
    from_status = models.CharField(_("原状态"), max_length=10, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=PlanStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("计划流转记录")
        verbose_name_plural = _("计划流转记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.plan} {self.action}"


class PlanVersion(CommitteeOwned):
    """The plan as published (version 1) and after each change made after publication, with the reason."""

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    reason = models.TextField(_("调整原因"))
    summary = models.TextField(_("调整内容"), blank=True)
    snapshot = models.JSONField(_("计划内容"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("计划版本")
        verbose_name_plural = _("计划版本")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number")]

    def __str__(self):
        return f"{self.plan} 第{self.number}版"
