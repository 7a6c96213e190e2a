"""社情民意信息: one report, who wrote it, how editors changed it, what happened to it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cppcc_portal.core.uploads import upload_path, validate_document_upload
from members.models import CommitteeOwned


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    RECEIVED = "received", _("已接收")
    EDITING = "editing", _("编辑中")
    SIGNED_OFF = "signed_off", _("已签发")
    ISSUED = "issued", _("已编发")
    SENT = "sent", _("已报送")
    RETURNED = "returned", _("已退回")
    MERGED = "merged", _("已合并")


class ReportSource(models.TextChoices):
    MEMBER = "member", _("委员个人")
    BODY = "body", _("党派团体（集体）")
    STAFF = "staff", _("机关工作人员")
    LOWER = "lower", _("下级政协报送")
    PROPOSAL = "proposal", _("提案转来")


class Report(CommitteeOwned):
    """A report in one committee's hands. A report sent to the upper committee becomes a new row
    there (`forwarded_from` points back down), so each committee edits, numbers and adopts its own
    copy while the chain keeps the whole history."""

    title = models.CharField(_("标题"), max_length=120)
    content = models.TextField(_("正文"))
    original_title = models.CharField(_("原标题"), max_length=120, blank=True)
    original_content = models.TextField(_("原文"), blank=True, help_text=_("提交（或收到）时的文字，编辑修改后仍保留"))
    category = models.ForeignKey(
        "sentiment.ReportCategory", verbose_name=_("类别"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sector = models.ForeignKey(
        "members.Sector", verbose_name=_("界别"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=ReportSource.choices, default=ReportSource.MEMBER)
    status = models.CharField(_("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    status_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("接收时间"), null=True, blank=True, db_index=True)
    body = models.ForeignKey(
        "members.Body", verbose_name=_("集体报送单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_committee = models.ForeignKey(
        "members.Committee",
        verbose_name=_("报送来的下级政协"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    forwarded_from = models.OneToOneField(
        "self",
        verbose_name=_("下级政协的原信息"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_copy",
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("合并到"), on_delete=models.PROTECT, null=True, blank=True, related_name="merged_reports"
    )
    bulletin = models.ForeignKey(
        "sentiment.Bulletin", verbose_name=_("刊期"), on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    bulletin_order = models.PositiveSmallIntegerField(_("期内顺序"), default=0)
    attribution = models.CharField(
        _("署名"), max_length=200, blank=True, help_text=_("刊发时文末的署名，如：（教育界 李明华委员反映）；留空自动生成")
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    returned_reason = models.TextField(_("退回原因"), blank=True)
    source_label = models.CharField(_("来源说明"), max_length=120, blank=True)
    source_proposal_id = models.PositiveIntegerField(_("来源提案"), null=True, blank=True)
    sent_up_at = models.DateTimeField(_("报送上级时间"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["committee", "status"], name="report_committee_status"),
            models.Index(fields=["committee", "submitted_at"], name="report_committee_submitted"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sentiment:detail", args=[self.pk])

    @property
    def is_copy(self):
        return self.forwarded_from_id is not None


class ReportWriter(models.Model):
    """Who gets credit: a member, a body (collective report) or a staff writer. Copies sent up and
    reports merged into another carry their writers along (`via_merge` marks those)."""

    report = models.ForeignKey(Report, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="writers")
    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.PROTECT, null=True, blank=True)
    body = models.ForeignKey("members.Body", verbose_name=_("党派团体"), on_delete=models.PROTECT, null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("工作人员"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("署名"), max_length=60)
    sector_name = models.CharField(_("界别"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    via_merge = models.BooleanField(_("因合并署名"), default=False)

    class Meta:
        verbose_name = _("撰稿人")
        verbose_name_plural = _("撰稿人")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(body__isnull=False) | Q(user__isnull=False), name="reportwriter_someone"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def kind(self):
        return "member" if self.member_id else ("body" if self.body_id else "staff")


class ReportRevision(models.Model):
    """Every text an editor saved; number 0 is the text as received. The original is never lost."""

    report = models.ForeignKey(Report, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=120)
    content = models.TextField(_("正文"))
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("修改版本")
        verbose_name_plural = _("修改版本")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reportrevision_unique_number")]

    def __str__(self):
        return f"{self.report_id} 第{self.number}版"


class ReportEvent(models.Model):
    """The history row of every state change: who, when, from → to, comment."""

    report = models.ForeignKey(Report, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20)
    label = models.CharField(_("说明"), max_length=60)
    from_status = models.CharField(_("原状态"), max_length=12, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=60, blank=True)
    committee_name = models.CharField(_("操作单位"), max_length=40, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    visible_to_writer = models.BooleanField(_("撰稿人可见"), default=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.label} {self.created_at:%Y-%m-%d}"


_attachment_path = upload_path("sentiment")


def attachment_upload_to(instance, filename):
    """sentiment/YYYY/MM/<random>.<ext> (a module-level function, so migrations can name it)."""
    return _attachment_path(instance, filename)


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, validators=[validate_document_upload])
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class AdoptionLevel(models.TextChoices):
    """The level of the committee that adopted a report (absolute; the writer's credit is relative)."""

    COUNTY = "county", _("县（区）政协")
    CITY = "city", _("市政协")
    PROVINCE = "province", _("省政协")
    NATIONAL = "national", _("全国政协")


class LeaderLevel(models.TextChoices):
    COUNTY = "county", _("县（区）领导")
    CITY = "city", _("市领导")
    PROVINCE = "province", _("省领导")
    CENTRAL = "central", _("中央领导")


LEVEL_ORDER = ["county", "city", "province", "national"]
LEADER_ORDER = ["county", "city", "province", "central"]


class Adoption(models.Model):
    """采用: a committee used the report. Issuing it in a committee's own bulletin is an adoption at
    that committee's level (recorded automatically); editors record adoptions by bodies outside
    the portal (e.g. 全国政协) by hand."""

    report = models.ForeignKey(Report, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="adoptions")
    level = models.CharField(_("采用级别"), max_length=10, choices=AdoptionLevel.choices)
    committee = models.ForeignKey(
        "members.Committee", verbose_name=_("采用的政协"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adopted_by = models.CharField(_("采用单位及方式"), max_length=120)
    adopted_on = models.DateField(_("采用日期"))
    bulletin = models.ForeignKey(
        "sentiment.Bulletin", verbose_name=_("刊期"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_automatic = models.BooleanField(_("编发时自动记录"), default=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("采用记录")
        verbose_name_plural = _("采用记录")
        ordering = ["-adopted_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["report", "level"], name="adoption_unique_level")]

    def __str__(self):
        return f"{self.adopted_by}（{self.adopted_on}）"

    @property
    def rank(self):
        return LEVEL_ORDER.index(self.level)


class LeaderComment(models.Model):
    """批示: a leader's written comment on a report, with its text and level."""

    report = models.ForeignKey(Report, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="comments")
    level = models.CharField(_("批示级别"), max_length=10, choices=LeaderLevel.choices)
    leader = models.CharField(_("批示领导"), max_length=60, help_text=_("职务及姓名，如：市长 王建国"))
    text = models.TextField(_("批示内容"))
    commented_on = models.DateField(_("批示日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-commented_on", "-id"]

    def __str__(self):
        return f"{self.leader}批示（{self.commented_on}）"

    @property
    def rank(self):
        return LEADER_ORDER.index(self.level)
