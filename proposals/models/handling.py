"""Handling (办理): assignments to units, their requests, contact with the proposer, co-handlers'
opinions, the replies and the proposers' evaluations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cppcc_portal.core.uploads import validate_document_upload
from members.models import CommitteeOwned
from proposals.uploads import opinion_attachment_path, reply_attachment_path


class UnitRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("会办")
    SEPARATE = "separate", _("分办")


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", _("办理中")
    REPLIED = "replied", _("已答复")
    OPINION_SENT = "opinion_sent", _("已提出会办意见")
    REASSIGNED = "reassigned", _("已调整出")
    CLOSED = "closed", _("已结束")


class Assignment(CommitteeOwned):
    """One unit's part in handling one proposal, in one round (重新办理 opens round 2)."""

    proposal = models.ForeignKey(
        "proposals.Proposal", verbose_name=_("提案"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        "members.HandlingUnit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("承办方式"), max_length=10, choices=UnitRole.choices)
    status = models.CharField(_("状态"), max_length=14, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    assigned_at = models.DateTimeField(_("交办时间"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("交办人"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("答复期限"))
    original_deadline = models.DateField(_("原定期限"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["round", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit", "round"],
                condition=~Q(status="reassigned"),
                name="assignment_one_per_unit_and_round",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "status", "deadline"], name="assignment_unit_due"),
            models.Index(fields=["committee", "status", "deadline"], name="assignment_committee_due"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_role_display()} · {self.proposal_id}"

    @property
    def is_open(self):
        return self.status == AssignmentStatus.ACTIVE

    @property
    def answers(self):
        """Lead and separate units reply to the proposer; co-handlers send opinions to the lead."""
        return self.role in (UnitRole.LEAD, UnitRole.SEPARATE)


class RequestKind(models.TextChoices):
    REASSIGN = "reassign", _("申请调整承办单位")
    EXTEND = "extend", _("申请延期答复")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")


class UnitRequest(CommitteeOwned):
    """A unit asks the proposal office for reassignment (it may not pass a proposal on by itself)
    or for more time; staff approve or refuse."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("交办"), on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(_("申请事项"), max_length=10, choices=RequestKind.choices)
    reason = models.TextField(_("理由"))
    suggested_unit = models.ForeignKey(
        "members.HandlingUnit",
        verbose_name=_("建议改由"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_deadline = models.DateField(_("申请延至"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审批人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    new_unit = models.ForeignKey(
        "members.HandlingUnit",
        verbose_name=_("改由单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("承办单位申请")
        verbose_name_plural = _("承办单位申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind"], condition=Q(status="pending"), name="unitrequest_one_pending_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.assignment}"


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("电话沟通")
    VISIT = "visit", _("登门走访")
    MEETING = "meeting", _("座谈会商")
    INSPECTION = "inspection", _("实地察看")
    ONLINE = "online", _("网络沟通")
    OTHER = "other", _("其他")


class ContactRecord(CommitteeOwned):
    """沟通联系: the unit talks with the proposer before replying."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("交办"), on_delete=models.PROTECT, related_name="contacts")
    contacted_on = models.DateField(_("联系日期"))
    method = models.CharField(_("方式"), max_length=12, choices=ContactMethod.choices)
    person = models.CharField(_("联系对象"), max_length=60)
    content = models.TextField(_("沟通情况"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("沟通联系")
        verbose_name_plural = _("沟通联系")
        ordering = ["contacted_on", "id"]

    def __str__(self):
        return f"{self.get_method_display()} {self.contacted_on}"


class CoOpinion(CommitteeOwned):
    """会办意见: a co-handler's view, sent to the lead unit and attached to the reply."""

    assignment = models.OneToOneField(Assignment, verbose_name=_("会办交办"), on_delete=models.PROTECT, related_name="co_opinion")
    text = models.TextField(_("会办意见"))
    attachment = models.FileField(_("附件"), upload_to=opinion_attachment_path, validators=[validate_document_upload], blank=True)
    attachment_name = models.CharField(_("附件名"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会办意见")
        verbose_name_plural = _("会办意见")
        ordering = ["submitted_at"]

    def __str__(self):
        return f"{self.assignment.unit}会办意见"


class ResultCode(models.TextChoices):
    A = "A", _("A 已解决或基本解决")
    B = "B", _("B 正在解决或列入计划解决")
    C = "C", _("C 因条件限制需以后解决")
    D = "D", _("D 留作参考")


class Reply(CommitteeOwned):
    """答复: the letter "关于X届X次会议第N号提案的答复" with its result code."""

    assignment = models.OneToOneField(Assignment, verbose_name=_("交办"), on_delete=models.PROTECT, related_name="reply")
    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("提案"), on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    result_code = models.CharField(_("答复类别"), max_length=1, choices=ResultCode.choices)
    text = models.TextField(_("答复正文"))
    signer = models.CharField(_("签发人"), max_length=30)
    contact_person = models.CharField(_("联系人"), max_length=30)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    attachment = models.FileField(
        _("答复附件"), upload_to=reply_attachment_path, validators=[validate_document_upload], blank=True
    )
    attachment_name = models.CharField(_("附件名"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("答复时间"))
    on_time = models.BooleanField(_("按期答复"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["round", "submitted_at", "id"]
        indexes = [models.Index(fields=["committee", "result_code"], name="reply_committee_code")]

    def __str__(self):
        return f"{self.assignment.unit}的答复（{self.result_code}类）"

    def get_absolute_url(self):
        return reverse("proposals:detail", args=[self.proposal_id]) + f"#reply-{self.pk}"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class EvaluatorRole(models.TextChoices):
    LEAD = "lead", _("第一提案人")
    COSIGNER = "cosigner", _("联名人")
    BODY = "body", _("提案单位")


class Evaluation(CommitteeOwned):
    """A proposer's rating of one reply: handling attitude and result, separately, with a comment.
    The first proposer's (or the body's) rating decides whether the proposal is re-handled."""

    reply = models.ForeignKey(Reply, verbose_name=_("答复"), on_delete=models.PROTECT, related_name="evaluations")
    proposal = models.ForeignKey(
        "proposals.Proposal", verbose_name=_("提案"), on_delete=models.PROTECT, related_name="evaluations"
    )
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("身份"), max_length=10, choices=EvaluatorRole.choices)
    attitude = models.CharField(_("办理态度"), max_length=12, choices=Rating.choices)
    result = models.CharField(_("办理结果"), max_length=12, choices=Rating.choices)
    comment = models.TextField(_("意见和建议"), blank=True)
    created_at = models.DateTimeField(_("评价时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办理评价")
        verbose_name_plural = _("办理评价")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["reply", "evaluator"], name="evaluation_once_per_reply")]

    def __str__(self):
        return f"{self.evaluator}：{self.get_result_display()}"

    @property
    def unsatisfied(self):
        return Rating.UNSATISFIED in (self.attitude, self.result)
