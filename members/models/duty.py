"""Duty records (履职记录): the one small interface through which every app feeds a member's duty
file. The app that organises an activity records it (谁组织谁记录) by calling
`members.duty.duty_record_upsert` from its own services; members may add their own records, which
staff verify before they count. Scoring lives elsewhere and only reads these rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cppcc_portal.core.uploads import upload_path, validate_image_upload
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


# Kinds a member records for themself; staff verify them before they count (谁组织谁记录: the rest
# come from the app that organised the activity, or from a sign-in sheet staff import).
SELF_RECORDED_KINDS = (DutyKind.CONTACT, DutyKind.STUDIO, DutyKind.READING, DutyKind.TRAINING, DutyKind.RESEARCH)
# Kinds whose attendance staff import from a meeting's Excel sign-in sheet.
SHEET_KINDS = (DutyKind.PLENARY, DutyKind.STANDING_MEETING)
# What `level` values mean, for display (the producing app writes the code).
LEVEL_LABELS = {
    "oral": _("口头发言"),
    "written": _("书面发言"),
    "own": _("本级采用"),
    "upper": _("上级政协采用"),
    "national": _("全国政协采用"),
    "city_leader": _("市领导批示"),
    "province_leader": _("省领导批示"),
    "central_leader": _("中央领导批示"),
}


def duty_photo_path(instance, filename):
    # A module-level function, so migrations can name it (the closure upload_path returns cannot be).
    return upload_path("duty")(instance, filename)


class DutyPhoto(CommitteeOwned):
    """A photo attached to a self-recorded activity (联系界别群众 etc.), served only through a
    view that checks the viewer may see the record."""

    record = models.ForeignKey(DutyRecord, verbose_name=_("履职记录"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to=duty_photo_path, validators=[validate_image_upload])
    original_name = models.CharField(_("原文件名"), max_length=200)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("履职照片")
        verbose_name_plural = _("履职照片")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class DutyRecordEvent(CommitteeOwned):
    """Who moved a self-recorded activity from one verification state to another, when and why."""

    record = models.ForeignKey(DutyRecord, verbose_name=_("履职记录"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("原状态"), max_length=10, choices=DutyStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=DutyStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"))
    comment = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("履职记录审核日志")
        verbose_name_plural = _("履职记录审核日志")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class AttendanceSheet(CommitteeOwned):
    """One meeting's sign-in sheet, imported from Excel by staff. Its attendance lands in the duty
    files as records with source "members.AttendanceSheet:<pk>"."""

    kind = models.CharField(_("会议类型"), max_length=24, choices=[(k.value, k.label) for k in SHEET_KINDS])
    title = models.CharField(_("会议名称"), max_length=120)
    held_on = models.DateField(_("会议日期"))
    half_days = models.PositiveSmallIntegerField(_("会期（半天数）"), default=1)
    mark_missing_absent = models.BooleanField(_("未列入签到表的委员记为缺席"), default=False)
    original_name = models.CharField(_("签到表文件名"), max_length=200, blank=True)
    present_count = models.PositiveIntegerField(_("出席人数"), default=0)
    leave_count = models.PositiveIntegerField(_("请假人数"), default=0)
    absent_count = models.PositiveIntegerField(_("缺席人数"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议签到表")
        verbose_name_plural = _("会议签到表")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "kind", "held_on", "title"], name="attendancesheet_unique_meeting")
        ]

    def __str__(self):
        return f"{self.title}（{self.held_on:%Y-%m-%d}）"

    @property
    def source(self):
        return f"members.AttendanceSheet:{self.pk}"
