"""Duty records (履职记录): the one small interface through which every app feeds a member's duty
file. The app that organises an activity records it (谁组织谁记录) by calling
`members.duty.duty_record_upsert` from its own services; members may add their own records, which
staff verify before they count. Scoring lives elsewhere and only reads these rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models.organisation import CommitteeOwned


class DutyKind(models.TextChoices):
    PLENARY = "plenary", _("出席全体会议")
    STANDING_MEETING = "standing_meeting", _("出席常委会议")
    CONSULTATION = "consultation", _("参加协商活动")
    ACTIVITY = "activity", _("参加委员活动")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("提交提案")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("提案立案")
    PROPOSAL_KEY = "proposal_key", _("重点提案")
    PROPOSAL_EXCELLENT = "proposal_excellent", _("优秀提案")
    REPORT_SUBMITTED = "report_submitted", _("报送社情民意")
    REPORT_ADOPTED = "report_adopted", _("社情民意被采用")
    REPORT_COMMENTED = "report_commented", _("社情民意获领导批示")
    SPEECH = "speech", _("大会发言")
    RESEARCH = "research", _("调研")
    INSPECTION = "inspection", _("视察")
    TRAINING = "training", _("学习培训")
    CONTACT = "contact", _("联系界别群众")
    STUDIO = "studio", _("委员工作室值班")
    READING = "reading", _("读书活动")


class DutyRole(models.TextChoices):
    NONE = "", _("—")
    LEAD = "lead", _("第一提案人/执笔人")
    COSIGNER = "cosigner", _("联名/附议")


class Attendance(models.TextChoices):
    NONE = "", _("—")
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席（未请假）")


class DutyStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    VERIFIED = "verified", _("已审核")
    REJECTED = "rejected", _("已退回")


class DutyRecord(CommitteeOwned):
    """One duty of one member. Records made by an app carry `source` (e.g. "proposals.Proposal:12")
    and are unique per source, member and kind, so re-recording updates instead of duplicating."""

    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="duty_records")
    term = models.ForeignKey("members.Term", verbose_name=_("届"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("履职类型"), max_length=24, choices=DutyKind.choices)
    role = models.CharField(_("角色"), max_length=10, choices=DutyRole.choices, blank=True, default="")
    attendance = models.CharField(_("出勤"), max_length=10, choices=Attendance.choices, blank=True, default="")
    # Adoption or comment level for 社情民意 (e.g. own / upper / national / city_leader …), oral or
    # written for speeches: the producing app documents the values it writes.
    level = models.CharField(_("级别"), max_length=24, blank=True, default="")
    quantity = models.PositiveIntegerField(_("数量"), default=1, help_text=_("半天数、联系群众人数等"))
    # Points the producing app assigns by its own editable table (e.g. 社情民意 adoption points by
    # level); scoring rules may use them instead of a fixed value per kind. None = not given.
    points = models.DecimalField(_("来源积分"), max_digits=6, decimal_places=1, null=True, blank=True)
    occurred_on = models.DateField(_("日期"))
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("事项"), max_length=200)
    detail = models.TextField(_("说明"), blank=True)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    url = models.CharField(_("链接"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=120, blank=True, default="", help_text=_("由其他模块自动记录时的来源标识"))
    status = models.CharField(_("审核状态"), max_length=10, choices=DutyStatus.choices, default=DutyStatus.VERIFIED)
    reject_reason = models.CharField(_("退回原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("履职记录")
        verbose_name_plural = _("履职记录")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "member", "kind"], condition=~Q(source=""), name="dutyrecord_unique_source")
        ]
        indexes = [
            models.Index(fields=["member", "year", "kind"], name="duty_member_year_kind"),
            models.Index(fields=["committee", "year", "status"], name="duty_committee_year_status"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"
