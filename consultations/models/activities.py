"""Activities and meetings: each plan item becomes one or more meetings, research trips (调研),
inspections (视察) or forums, with participants, agenda, materials, sign-in and speeches."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cppcc_portal.core.uploads import upload_path, validate_document_upload
from members.models import Attendance, CommitteeOwned, DutyKind


def material_upload_to(instance, filename):
    # a module-level function, so migrations can refer to it (upload_path returns a closure)
    return upload_path("consultations/materials")(instance, filename)


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("会议")
    RESEARCH = "research", _("调研")
    INSPECTION = "inspection", _("视察")
    FORUM = "forum", _("座谈/论坛")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    SCHEDULED = "scheduled", _("已排定")
    NOTIFIED = "notified", _("已通知")
    SIGNIN = "signin", _("签到中")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class Activity(CommitteeOwned):
    plan_item = models.ForeignKey(
        "consultations.PlanItem",
        verbose_name=_("计划议题"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    title = models.CharField(_("活动名称"), max_length=120)
    kind = models.CharField(_("活动类型"), max_length=12, choices=ActivityKind.choices, default=ActivityKind.MEETING)
    form = models.ForeignKey(
        "consultations.ConsultationForm",
        verbose_name=_("协商形式"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("协商会议填写；调研、视察、一般座谈可不填"),
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=120)
    organiser = models.ForeignKey(
        "members.SpecialCommittee",
        verbose_name=_("承办专委会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("活动说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT)
    notice_on = models.DateField(_("通知发出日"), null=True, blank=True)
    materials_on = models.DateField(_("材料送达日"), null=True, blank=True)
    notice_sent_at = models.DateTimeField(_("通知发出时间"), null=True, blank=True)
    materials_sent_at = models.DateTimeField(_("材料送达时间"), null=True, blank=True)
    signin_opened_at = models.DateTimeField(_("开始签到时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间（记录出勤）"), null=True, blank=True)
    outcome_due_on = models.DateField(_("成果报送期限"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    override_codes = models.JSONField(_("已确认的排期提示"), default=list, blank=True)
    override_reason = models.TextField(_("排期提示确认理由"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协商活动")
        verbose_name_plural = _("协商活动")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["committee", "starts_at"], name="activity_committee_start")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:activity_detail", args=[self.pk])

    @property
    def duty_kind(self):
        """What attendance counts as in a member's duty file (the contract with 委员履职)."""
        if self.kind == ActivityKind.RESEARCH:
            return DutyKind.RESEARCH
        if self.kind == ActivityKind.INSPECTION:
            return DutyKind.INSPECTION
        if self.kind == ActivityKind.MEETING and self.form_id:
            return self.form.duty_kind
        return DutyKind.ACTIVITY

    @property
    def duty_source(self):
        return f"consultations.Activity:{self.pk}"

    @property
    def expects_outcome(self):
        """Meetings and forums end in minutes or a report due to the party committee and
        government; research and inspection trips feed the meeting that follows them."""
        return self.kind in (ActivityKind.MEETING, ActivityKind.FORUM)

    @property
    def is_past(self):
        return self.ends_at <= timezone.now()

    @property
    def visible_to_participants(self):
        return self.status in (ActivityStatus.NOTIFIED, ActivityStatus.SIGNIN, ActivityStatus.CLOSED, ActivityStatus.CANCELLED)

    @property
    def status_colour(self):
        return {
            ActivityStatus.DRAFT: "secondary",
            ActivityStatus.SCHEDULED: "info",
            ActivityStatus.NOTIFIED: "primary",
            ActivityStatus.SIGNIN: "success",
            ActivityStatus.CLOSED: "dark",
            ActivityStatus.CANCELLED: "light",
        }[self.status]


class Reply(models.TextChoices):
    PENDING = "pending", _("未回复")
    ATTEND = "attend", _("参加")
    LEAVE_REQUESTED = "leave_requested", _("请假待批")
    LEAVE_APPROVED = "leave_approved", _("已准假")
    LEAVE_REJECTED = "leave_rejected", _("未准假")


class SigninMethod(models.TextChoices):
    NONE = "", _("—")
    QR = "qr", _("扫码签到")
    STAFF = "staff", _("工作人员代签")


class Participant(CommitteeOwned):
    """A member, a department (承办单位) or a guest invited to an activity. Only members reply,
    sign in and get duty records; departments and guests are listed for the notice and agenda."""

    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "members.HandlingUnit", verbose_name=_("部门"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    guest_name = models.CharField(_("嘉宾姓名"), max_length=50, blank=True)
    guest_org = models.CharField(_("嘉宾单位及职务"), max_length=100, blank=True)
    reply = models.CharField(_("回复"), max_length=16, choices=Reply.choices, default=Reply.PENDING)
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    leave_reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    leave_comment = models.CharField(_("审批意见"), max_length=200, blank=True)
    leave_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审批人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    leave_decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    signin_method = models.CharField(_("签到方式"), max_length=6, choices=SigninMethod.choices, blank=True, default="")
    signed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("代签人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attendance = models.CharField(_("出勤"), max_length=10, choices=Attendance.choices, blank=True, default="")
    attendance_note = models.CharField(_("出勤更正说明"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参加人员")
        verbose_name_plural = _("参加人员")
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"], condition=Q(member__isnull=False), name="participant_unique_member"
            ),
            models.UniqueConstraint(fields=["activity", "unit"], condition=Q(unit__isnull=False), name="participant_unique_unit"),
            models.CheckConstraint(
                condition=(
                    Q(member__isnull=False, unit__isnull=True, guest_name="")
                    | Q(member__isnull=True, unit__isnull=False, guest_name="")
                    | (Q(member__isnull=True, unit__isnull=True) & ~Q(guest_name=""))
                ),
                name="participant_one_kind",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.member_id:
            return self.member.name
        if self.unit_id:
            return self.unit.name
        return self.guest_name

    @property
    def kind_label(self):
        return _("委员") if self.member_id else (_("部门") if self.unit_id else _("嘉宾"))


class AgendaItem(CommitteeOwned):
    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    time_label = models.CharField(_("时间"), max_length=20, blank=True, help_text=_("如：9:00—9:20"))
    title = models.CharField(_("议程"), max_length=200)
    speaker = models.CharField(_("主持/发言"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        ordering = ["activity", "order", "id"]

    def __str__(self):
        return self.title


class Material(CommitteeOwned):
    """A meeting material, served only through the permission-checking download view."""

    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("材料名称"), max_length=150)
    file = models.FileField(_("文件"), upload_to=material_upload_to, validators=[validate_document_upload])
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议材料")
        verbose_name_plural = _("会议材料")
        ordering = ["activity", "id"]

    def __str__(self):
        return self.title

    @property
    def extension(self):
        return self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else ""

    @property
    def opens_inline(self):
        return self.extension in {"pdf", "png", "jpg", "jpeg"}


class SpeechStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ORAL = "oral", _("口头发言")
    WRITTEN = "written", _("书面发言")
    NOT_SELECTED = "not_selected", _("未采用")


class Speech(CommitteeOwned):
    """发言: a member submits it; staff select it as oral or written (a duty record) or not."""

    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="speeches")
    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("发言题目"), max_length=150)
    content = models.TextField(_("发言内容"))
    status = models.CharField(_("状态"), max_length=12, choices=SpeechStatus.choices, default=SpeechStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确定人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("确定时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发言")
        verbose_name_plural = _("发言")
        ordering = ["activity", "submitted_at", "id"]

    def __str__(self):
        return self.title

    @property
    def duty_source(self):
        return f"consultations.Speech:{self.pk}"


class ActivityEvent(CommitteeOwned):
    """A history row of an activity: who did what when, from → to, with a comment. Append-only."""

    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(_("原状态"), max_length=10, choices=ActivityStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=ActivityStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.activity} {self.action}"
