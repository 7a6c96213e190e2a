"""履职量化考核: the rules a committee sets for each year (data staff edit, DOMAIN.md defaults on
first use) and the scores computed from the duty records with them.

A rule set carries a `version` that goes up with every change; each stored score says which
version it was computed with, so a page can tell whether the scores it shows match the rules it
shows (and wait for the background recomputation when they do not)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models.duty import Attendance, DutyKind, DutyRole
from members.models.organisation import CommitteeOwned


class ScoreScale(models.TextChoices):
    HUNDRED = "hundred", _("百分制（总分不超过100分）")
    POINTS = "points", _("积分制（不设上限）")


class ScoringRuleSet(CommitteeOwned):
    """One committee's 履职量化考核办法 for one year."""

    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=100)
    scale = models.CharField(_("计分方式"), max_length=10, choices=ScoreScale.choices, default=ScoreScale.HUNDRED)
    base_points = models.DecimalField(_("基础分"), max_digits=6, decimal_places=1, default=Decimal("0"))
    at_risk_score = models.DecimalField(
        _("风险分数线"), max_digits=6, decimal_places=1, default=Decimal("60"), help_text=_("低于此分数列入履职风险名单")
    )
    at_risk_prorate = models.BooleanField(
        _("风险分数线按时间进度折算"),
        default=True,
        help_text=_("年度中按已过完整月份折算，如 7 月为 60 × 6/12 = 30 分；年度结束后按全额计"),
    )
    at_risk_absences = models.PositiveSmallIntegerField(
        _("缺席次数风险线"), default=2, help_text=_("年度内未请假缺席达到此次数列入履职风险名单")
    )
    note = models.TextField(_("说明"), blank=True)
    version = models.PositiveIntegerField(_("规则版本"), default=1)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("履职考核规则")
        verbose_name_plural = _("履职考核规则")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="scoringruleset_unique_year")]

    def __str__(self):
        return self.name

    @property
    def is_hundred(self):
        return self.scale == ScoreScale.HUNDRED


class PointsMode(models.TextChoices):
    FIXED = "fixed", _("每条记录计分")
    PER_QUANTITY = "per_quantity", _("按数量计分（半天数、人数）")
    SOURCE = "source", _("采用来源模块所定积分")


class RuleAttendance(models.TextChoices):
    """Which attendance a rule scores. "" covers present and records without attendance."""

    ATTENDED = "", _("出席或不涉及考勤")
    LEAVE = Attendance.LEAVE.value, _("请假")
    ABSENT = Attendance.ABSENT.value, _("缺席（未请假）")


class ScoringRule(CommitteeOwned):
    """Points for one kind of duty record, optionally only for a role, an attendance, a level.
    When several rules match a record, the one with more conditions wins (then the lower order).
    Negative points are deductions; a cap limits the year's total of this rule (its magnitude)."""

    rule_set = models.ForeignKey(ScoringRuleSet, verbose_name=_("考核规则"), on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("履职类型"), max_length=24, choices=DutyKind.choices)
    role = models.CharField(_("角色"), max_length=10, choices=[("", _("不限")), *DutyRole.choices[1:]], blank=True)
    attendance = models.CharField(_("出勤"), max_length=10, choices=RuleAttendance.choices, blank=True)
    level = models.CharField(_("级别"), max_length=24, blank=True, help_text=_("空为不限；如 oral 口头发言、written 书面发言"))
    mode = models.CharField(_("计分方式"), max_length=14, choices=PointsMode.choices, default=PointsMode.FIXED)
    points = models.DecimalField(
        _("分值"), max_digits=6, decimal_places=1, help_text=_("负数为扣分；“采用来源模块所定积分”时为来源未给分时的分值")
    )
    cap = models.DecimalField(
        _("年度上限"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("本项全年最多加（或扣）的分数，空为不限"),
    )
    effective_from = models.DateField(_("起始日期"), null=True, blank=True, help_text=_("空为全年有效"))
    effective_until = models.DateField(_("截止日期"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("计分规则")
        verbose_name_plural = _("计分规则")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.points}"


class GradeBand(CommitteeOwned):
    """A grade (优秀, 良好…) given to totals at or above `min_score`."""

    rule_set = models.ForeignKey(ScoringRuleSet, verbose_name=_("考核规则"), on_delete=models.CASCADE, related_name="grades")
    name = models.CharField(_("等次"), max_length=10)
    min_score = models.DecimalField(_("最低分"), max_digits=6, decimal_places=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核等次")
        verbose_name_plural = _("考核等次")
        ordering = ["-min_score", "id"]

    def __str__(self):
        return f"{self.name} ≥ {self.min_score}"


class MinimumMeasure(models.TextChoices):
    COUNT = "count", _("次数")
    QUANTITY = "quantity", _("数量合计（如人数）")


class MinimumPeriod(models.TextChoices):
    YEAR = "year", _("每年")
    QUARTER = "quarter", _("每季度")


class DutyMinimum(CommitteeOwned):
    """A minimum duty (e.g. ≥3 activities a year, a contact activity every quarter). Records on
    leave or absent never count towards a minimum."""

    rule_set = models.ForeignKey(ScoringRuleSet, verbose_name=_("考核规则"), on_delete=models.CASCADE, related_name="minimums")
    label = models.CharField(_("要求"), max_length=60)
    kinds = models.JSONField(_("计入的履职类型"), default=list)
    role = models.CharField(_("角色"), max_length=10, choices=[("", _("不限")), *DutyRole.choices[1:]], blank=True)
    measure = models.CharField(_("统计方式"), max_length=10, choices=MinimumMeasure.choices, default=MinimumMeasure.COUNT)
    threshold = models.PositiveIntegerField(_("最低数量"), default=1)
    period = models.CharField(_("周期"), max_length=10, choices=MinimumPeriod.choices, default=MinimumPeriod.YEAR)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("履职最低要求")
        verbose_name_plural = _("履职最低要求")
        ordering = ["order", "id"]

    def __str__(self):
        return self.label


class MemberScore(CommitteeOwned):
    """A member's computed score for one year: derived data, rewritten from the records and the
    rule set (both keep their own change history), so it carries no history of its own."""

    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="duty_scores")
    year = models.PositiveSmallIntegerField(_("年度"))
    rule_set = models.ForeignKey(ScoringRuleSet, verbose_name=_("考核规则"), on_delete=models.CASCADE, related_name="scores")
    rule_version = models.PositiveIntegerField(_("规则版本"))
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=1)
    raw_total = models.DecimalField(_("未封顶合计"), max_digits=7, decimal_places=1)
    grade = models.CharField(_("等次"), max_length=10, blank=True)
    absences = models.PositiveSmallIntegerField(_("缺席次数"), default=0)
    below_minimum = models.BooleanField(_("未达最低要求"), default=False)
    missing = models.JSONField(_("未完成的要求"), default=list)
    breakdown = models.JSONField(_("分项"), default=dict)
    record_count = models.PositiveIntegerField(_("计入记录数"), default=0)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("履职积分")
        verbose_name_plural = _("履职积分")
        ordering = ["-total", "member_id"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="memberscore_unique_year")]
        indexes = [models.Index(fields=["committee", "year", "-total"], name="memberscore_ranking")]

    def __str__(self):
        return f"{self.member} {self.year}：{self.total}"


class RecomputeStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("计算中")
    DONE = "done", _("已完成")
    SUPERSEDED = "superseded", _("已被新的修改取代")
    FAILED = "failed", _("失败")


class ScoreRecomputation(CommitteeOwned):
    """A background recomputation of every score of one committee-year, with its progress."""

    rule_set = models.ForeignKey(
        ScoringRuleSet, verbose_name=_("考核规则"), on_delete=models.CASCADE, related_name="recomputations"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    rule_version = models.PositiveIntegerField(_("规则版本"))
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=RecomputeStatus.choices, default=RecomputeStatus.QUEUED)
    total = models.PositiveIntegerField(_("委员人数"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    changed = models.PositiveIntegerField(_("积分有变化"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        verbose_name = _("积分重算任务")
        verbose_name_plural = _("积分重算任务")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.year} 第{self.rule_version}版规则重算"

    @property
    def is_finished(self):
        return self.status in (RecomputeStatus.DONE, RecomputeStatus.SUPERSEDED, RecomputeStatus.FAILED)

    @property
    def percent(self):
        if self.status == RecomputeStatus.DONE:
            return 100
        return min(99, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def seconds(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
