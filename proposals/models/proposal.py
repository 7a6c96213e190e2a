"""The proposal itself, its co-signers, attachments, numbering and the timeline of its history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cppcc_portal.core.chinese import cn_number
from cppcc_portal.core.uploads import validate_document_upload
from members.models import CommitteeOwned
from proposals.uploads import proposal_attachment_path


class ProposalKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人提案")
    JOINT = "joint", _("联名提案")
    COLLECTIVE = "collective", _("集体提案")


class Timing(models.TextChoices):
    PLENARY = "plenary", _("大会提案")
    BETWEEN = "between", _("平时提案")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审查")
    RETURNED = "returned", _("退回修改")
    WITHDRAWN = "withdrawn", _("已撤案")
    ACCEPTED = "accepted", _("已立案待交办")
    MERGED = "merged", _("已并案")
    TO_OPINION = "to_opinion", _("转意见建议")
    TO_REPORT = "to_report", _("转社情民意")
    REJECTED = "rejected", _("不予立案")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复待评价")
    REHANDLING = "rehandling", _("重新办理")
    CLOSED = "closed", _("已办结")


# States in which a proposal holds a number (立案 and everything after it).
NUMBERED_STATES = (Status.ACCEPTED, Status.HANDLING, Status.REPLIED, Status.REHANDLING, Status.CLOSED)
# States a handling unit works in.
HANDLING_STATES = (Status.HANDLING, Status.REHANDLING)
# Review outcomes that end a proposal without handling.
REVIEW_ENDS = (Status.MERGED, Status.TO_OPINION, Status.TO_REPORT, Status.REJECTED)

STATUS_COLOURS = {
    Status.DRAFT: "secondary",
    Status.SUBMITTED: "primary",
    Status.RETURNED: "warning",
    Status.WITHDRAWN: "secondary",
    Status.ACCEPTED: "info",
    Status.MERGED: "secondary",
    Status.TO_OPINION: "secondary",
    Status.TO_REPORT: "secondary",
    Status.REJECTED: "dark",
    Status.HANDLING: "primary",
    Status.REPLIED: "success",
    Status.REHANDLING: "danger",
    Status.CLOSED: "success",
}


class HandlingMode(models.TextChoices):
    LEAD = "lead", _("单独办理")
    LEAD_CO = "lead_co", _("主办+会办")
    SEPARATE = "separate", _("分办")


class ResultCheck(models.TextChoices):
    """回头看: did the promised measures happen? ("答复满意" checked against "结果满意")."""

    NONE = "", _("未开展")
    DONE = "done", _("已落实（结果满意）")
    PARTLY = "partly", _("部分落实")
    NOT_DONE = "not_done", _("未落实")


class Proposal(CommitteeOwned):
    session = models.ForeignKey("members.Session", verbose_name=_("会议"), on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(_("提案类型"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.INDIVIDUAL)
    timing = models.CharField(_("提出时间"), max_length=10, choices=Timing.choices, default=Timing.PLENARY)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    number = models.PositiveIntegerField(_("提案号"), null=True, blank=True)

    proposer = models.ForeignKey(
        "members.Member",
        verbose_name=_("第一提案人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_led",
    )
    body = models.ForeignKey(
        "members.Body", verbose_name=_("提案单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填写账号"), on_delete=models.PROTECT, related_name="proposals_written"
    )

    title = models.CharField(_("案由"), max_length=200, help_text=_("一事一案，如：关于……的建议"))
    grounds = models.TextField(_("情况分析"), blank=True)
    suggestions = models.TextField(_("具体建议"), blank=True)
    category = models.ForeignKey(
        "proposals.ProposalCategory", verbose_name=_("类别"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suggested_unit = models.ForeignKey(
        "members.HandlingUnit",
        verbose_name=_("建议承办单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审查人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(_("审查意见"), blank=True)
    rejection_ground = models.ForeignKey(
        "proposals.RejectionGround", verbose_name=_("不予立案理由"), on_delete=models.PROTECT, null=True, blank=True
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入提案"), on_delete=models.PROTECT, null=True, blank=True, related_name="merged_children"
    )
    opinion_unit = models.ForeignKey(
        "members.HandlingUnit",
        verbose_name=_("意见建议转送单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    converted_url = models.CharField(_("转社情民意后的链接"), max_length=200, blank=True)
    # The new-proposal form's one-time key: a double-clicked or resent form finds the proposal
    # its first request made instead of writing a second one (the unique index decides races).
    submission_key = models.UUIDField(_("提交标识"), null=True, blank=True, unique=True, editable=False)
    accepted_at = models.DateTimeField(_("立案时间"), null=True, blank=True)

    handling_mode = models.CharField(_("办理方式"), max_length=10, choices=HandlingMode.choices, blank=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    handling_round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    needs_consultation = models.BooleanField(_("需当面协商"), default=False, help_text=_("重新办理后仍不满意，安排当面协商"))

    is_key = models.BooleanField(_("重点提案"), default=False)
    key_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督办领导"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_proposals",
    )
    key_since = models.DateField(_("确定为重点提案日期"), null=True, blank=True)
    is_excellent = models.BooleanField(_("优秀提案"), default=False)
    excellent_year = models.PositiveSmallIntegerField(_("评优年度"), null=True, blank=True)
    result_check = models.CharField(_("回头看结论"), max_length=10, choices=ResultCheck.choices, blank=True, default="")
    result_checked_at = models.DateField(_("回头看日期"), null=True, blank=True)
    result_check_note = models.TextField(_("回头看说明"), blank=True)

    search_text = models.TextField(_("检索文本"), blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="proposal_unique_number_in_session"),
            models.CheckConstraint(
                condition=Q(proposer__isnull=False) | Q(body__isnull=False), name="proposal_has_proposer_or_body"
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "session", "status"], name="proposal_session_status"),
            models.Index(fields=["committee", "status", "-submitted_at"], name="proposal_status_recent"),
            models.Index(fields=["session", "number"], name="proposal_session_number"),
        ]

    def __str__(self):
        return f"{self.number_label} {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", args=[self.pk])

    @property
    def number_label(self):
        return f"第{self.number}号" if self.number else ""

    @property
    def full_number(self):
        """七届三次会议第107号 — what letters and lists print."""
        return f"{self.session.name}第{self.number}号" if self.number else ""

    @property
    def session_title(self):
        term, session = self.session.term, self.session
        return f"{cn_number(term.number)}届{cn_number(session.number)}次会议"

    @property
    def proposer_name(self):
        if self.body_id:
            return self.body.name
        return self.proposer.name if self.proposer_id else ""

    @property
    def status_colour(self):
        return STATUS_COLOURS.get(self.status, "secondary")

    @property
    def content_chars(self):
        return len(self.grounds or "") + len(self.suggestions or "")

    @property
    def is_numbered(self):
        return self.status in NUMBERED_STATES


class CosignStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    ACCEPTED = "accepted", _("已同意")
    DECLINED = "declined", _("已谢绝")
    EXPIRED = "expired", _("已过期")
    CANCELLED = "cancelled", _("已撤回")


class CosignDirection(models.TextChoices):
    INVITE = "invite", _("提案人邀请")
    REQUEST = "request", _("委员申请联名")


class CosignInvitation(CommitteeOwned):
    """A co-signer (联名人): invited by the proposer, or asking to join a proposal under review
    (so a member co-signs an existing proposal instead of writing a duplicate). Accepted rows
    are the proposal's co-signers."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("提案"), on_delete=models.PROTECT, related_name="invitations")
    member = models.ForeignKey("members.Member", verbose_name=_("联名委员"), on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(_("方式"), max_length=8, choices=CosignDirection.choices, default=CosignDirection.INVITE)
    status = models.CharField(_("状态"), max_length=10, choices=CosignStatus.choices, default=CosignStatus.PENDING)
    message = models.CharField(_("附言"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("发出时间"))
    expires_at = models.DateTimeField(_("有效期至"))
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("联名邀请")
        verbose_name_plural = _("联名邀请")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"],
                condition=Q(status__in=["pending", "accepted"]),
                name="cosign_one_open_per_member",
            )
        ]
        indexes = [models.Index(fields=["member", "status"], name="cosign_member_status")]

    def __str__(self):
        return f"{self.member} · {self.proposal.title}"


class ProposalAttachment(CommitteeOwned):
    proposal = models.ForeignKey(Proposal, verbose_name=_("提案"), on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=proposal_attachment_path, validators=[validate_document_upload])
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    is_removed = models.BooleanField(_("已删除"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提案附件")
        verbose_name_plural = _("提案附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class ProposalCounter(models.Model):
    """The last 第N号 given in a session; locked (SELECT … FOR UPDATE) while a number is taken, so
    concurrent accepts queue up and the numbers have no gaps and no duplicates."""

    session = models.OneToOneField("members.Session", verbose_name=_("会议"), on_delete=models.PROTECT, primary_key=True)
    last_number = models.PositiveIntegerField(_("已用最大号"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提案编号")
        verbose_name_plural = _("提案编号")

    def __str__(self):
        return f"{self.session}：{self.last_number}"


class ProposalEvent(CommitteeOwned):
    """One step of a proposal's history (its timeline): who, when, from → to, and a comment."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("提案"), on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("事项"), max_length=30)
    label = models.CharField(_("说明"), max_length=60)
    from_status = models.CharField(_("原状态"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("操作方"), max_length=80, blank=True, help_text=_("如承办单位名称"))
    comment = models.TextField(_("意见"), blank=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提案办理记录")
        verbose_name_plural = _("提案办理记录")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.label}（{self.proposal_id}）"
