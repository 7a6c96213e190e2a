"""Key proposals' supervision (督办), the look back (回头看) and the yearly model units."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import CommitteeOwned


class SupervisionKind(models.TextChoices):
    VISIT = "visit", _("实地视察")
    MEETING = "meeting", _("督办座谈会")
    NOTE = "note", _("督办意见")
    OTHER = "other", _("其他")


class SupervisionRecord(CommitteeOwned):
    proposal = models.ForeignKey(
        "proposals.Proposal", verbose_name=_("提案"), on_delete=models.PROTECT, related_name="supervision"
    )
    kind = models.CharField(_("督办方式"), max_length=10, choices=SupervisionKind.choices)
    occurred_on = models.DateField(_("日期"))
    participants = models.CharField(_("参加人员"), max_length=200, blank=True)
    content = models.TextField(_("督办情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["occurred_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("待落实")
    DONE = "done", _("已落实")
    MISSED = "missed", _("未落实")


class Milestone(CommitteeOwned):
    """回头看: one promised measure with its date, checked after the reply."""

    proposal = models.ForeignKey(
        "proposals.Proposal", verbose_name=_("提案"), on_delete=models.PROTECT, related_name="milestones"
    )
    description = models.CharField(_("承诺事项"), max_length=200)
    due_on = models.DateField(_("计划完成日期"))
    status = models.CharField(_("落实情况"), max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED)
    checked_on = models.DateField(_("核实日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("回头看事项")
        verbose_name_plural = _("回头看事项")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.description


class ModelUnit(CommitteeOwned):
    """先进承办单位 of a year."""

    year = models.PositiveSmallIntegerField(_("年度"))
    unit = models.ForeignKey("members.HandlingUnit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("事迹简述"), max_length=200, blank=True)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确定人"), on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(_("确定时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("先进承办单位")
        verbose_name_plural = _("先进承办单位")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "year", "unit"], name="modelunit_once_a_year")]

    def __str__(self):
        return f"{self.year}年 {self.unit}"
