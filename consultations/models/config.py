"""Rules a committee tunes, kept as data staff edit in the admin: the consultation forms, the
working-day lead times and scheduling limits, and holiday corrections to the working calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import CommitteeOwned, DutyKind

# DOMAIN.md, "Consultation": the forms committees use, in the order plans list them.
DEFAULT_FORMS = [
    ("全体会议", DutyKind.CONSULTATION),
    ("专题议政性常委会会议", DutyKind.CONSULTATION),
    ("专题协商会", DutyKind.CONSULTATION),
    ("对口协商会", DutyKind.CONSULTATION),
    ("界别协商会", DutyKind.CONSULTATION),
    ("提案办理协商会", DutyKind.CONSULTATION),
    ("双周协商座谈会", DutyKind.CONSULTATION),
    ("网络议政", DutyKind.CONSULTATION),
    ("远程协商", DutyKind.CONSULTATION),
    ("微协商", DutyKind.CONSULTATION),
]


class ConsultationForm(CommitteeOwned):
    """协商形式: the list is data (专题协商会, 对口协商会, 双周协商座谈会…)."""

    name = models.CharField(_("名称"), max_length=40)
    duty_kind = models.CharField(
        _("计入履职类型"),
        max_length=24,
        choices=[(DutyKind.CONSULTATION.value, DutyKind.CONSULTATION.label), (DutyKind.ACTIVITY.value, DutyKind.ACTIVITY.label)],
        default=DutyKind.CONSULTATION,
        help_text=_("以此形式召开的会议，出勤记入委员履职档案的类型"),
    )
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商形式")
        verbose_name_plural = _("协商形式")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="consultationform_unique_name")]

    def __str__(self):
        return self.name


class ConsultationSettings(CommitteeOwned):
    """One row per committee, created with DOMAIN.md's defaults the first time it is needed."""

    notice_working_days = models.PositiveSmallIntegerField(_("提前发通知（工作日）"), default=15)
    materials_working_days = models.PositiveSmallIntegerField(_("提前送材料（工作日）"), default=10)
    outcome_due_working_days = models.PositiveSmallIntegerField(_("成果报送时限（工作日）"), default=7)
    feedback_missing_days = models.PositiveSmallIntegerField(_("报送后未反馈提醒（天）"), default=30)
    member_weekly_limit = models.PositiveSmallIntegerField(
        _("每位委员每周活动上限（K）"), default=2, help_text=_("一位委员一周内参加的活动超过此数时提示“人员扎堆”")
    )
    weekly_activity_limit = models.PositiveSmallIntegerField(
        _("每周活动上限（L）"), default=3, help_text=_("一周内安排的活动超过此数时提示“时段集中”")
    )
    topic_similarity = models.DecimalField(
        _("议题重复判定相似度"), max_digits=3, decimal_places=2, default=0.5, help_text=_("0–1，越大越严格")
    )
    plan_topic_cap = models.PositiveSmallIntegerField(_("年度计划议题上限"), default=15)
    signin_code_minutes = models.PositiveSmallIntegerField(_("签到二维码有效期（分钟）"), default=10)
    party_office_name = models.CharField(_("党委办公室名称"), max_length=60, blank=True, help_text=_("如：中共临江市委办公室"))
    government_office_name = models.CharField(
        _("政府办公室名称"), max_length=60, blank=True, help_text=_("如：临江市人民政府办公室")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商工作设置")
        verbose_name_plural = _("协商工作设置")
        constraints = [models.UniqueConstraint(fields=["committee"], name="consultationsettings_one_per_committee")]

    def __str__(self):
        return f"{self.committee}协商工作设置"


class CalendarDay(CommitteeOwned):
    """A correction to the working calendar: a holiday on a weekday or a working weekend (调休).

    The chinese-calendar package knows the State Council's holidays for the years it ships; for a
    later year (announced each November) or a local holiday, staff enter the days here. An entry
    here always wins over the package."""

    date = models.DateField(_("日期"))
    is_workday = models.BooleanField(_("上班"), help_text=_("勾选：调休上班日；不勾选：放假"))
    name = models.CharField(_("说明"), max_length=40, blank=True, help_text=_("如：国庆节、国庆调休"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["committee", "date"], name="calendarday_unique_date")]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_workday else '放假'} {self.name}"
