"""A member's side: drafts, attachments, co-signers, submission and withdrawal."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from cppcc_portal.core.uploads import original_name
from cppcc_portal.notifications.services import notify
from members.models import DutyKind, MemberStatus
from members.selectors import current_session
from proposals import workflow
from proposals.dates import local_date
from proposals.defaults import rules_for
from proposals.models import (
    CosignDirection,
    CosignInvitation,
    CosignStatus,
    Proposal,
    ProposalAttachment,
    ProposalKind,
    Status,
)
from proposals.services.common import (
    DuplicateSubmission,
    ProposalError,
    duty_record,
    duty_withdraw,
    event,
    is_author,
    lock,
    proposer_users,
    refresh_search_text,
    staff_users,
    transition,
)

CONTENT_FIELDS = ["title", "grounds", "suggestions", "category", "suggested_unit", "timing"]


def _apply(proposal, data):
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(proposal, name, data[name])


def _made_by_key(user, submission_key):
    """The proposal an earlier request with this form key made, as a DuplicateSubmission."""
    earlier = Proposal.objects.filter(submission_key=submission_key).first()
    if earlier is None:
        return None
    if earlier.created_by_id != user.pk:
        return ProposalError("表单已失效，请刷新页面后重新填写。")
    return DuplicateSubmission(earlier)


def proposal_create_draft(*, user, data, body=None, submission_key=None):
    """A new draft in the committee's current session, by a member or in a body's name.

    `submission_key` is the form's one-time key: when the same form arrives twice (a double
    click), the second request raises DuplicateSubmission naming the first one's proposal. Two
    requests at the same moment are decided by the unique index: the second INSERT waits for
    the first transaction and then fails, and finds the proposal the first one committed."""
    committee = user.committee
    session = current_session(committee) if committee else None
    if session is None:
        raise ProposalError("本级政协尚未设置本次会议，暂不能起草提案，请联系提案委员会。")
    if body is not None:
        if not body.submitters.filter(pk=user.pk).exists() or body.committee_id != committee.pk or not body.is_active:
            raise ProposalError("您不是该单位的经办账号，不能以其名义提出集体提案。")
        proposer, kind = None, ProposalKind.COLLECTIVE
    else:
        proposer = user.member
        if proposer is None or proposer.status != MemberStatus.SERVING:
            raise ProposalError("只有在任委员可以提出提案。")
        kind = ProposalKind.INDIVIDUAL
    if submission_key and (earlier := _made_by_key(user, submission_key)):
        raise earlier
    with transaction.atomic():
        proposal = Proposal(
            committee=committee,
            session=session,
            kind=kind,
            proposer=proposer,
            body=body,
            created_by=user,
            submission_key=submission_key or None,
        )
        _apply(proposal, data)
        try:
            with transaction.atomic():
                proposal.save()
        except IntegrityError:
            if submission_key and (earlier := _made_by_key(user, submission_key)):
                raise earlier from None
            raise
        event(proposal, "create", "起草提案", user, to_status=Status.DRAFT)
        refresh_search_text(proposal)
    return proposal


def proposal_update_draft(proposal, *, user, data):
    with transaction.atomic():
        proposal = lock(proposal)
        if not is_author(user, proposal):
            raise ProposalError("只有提案人可以修改提案。")
        if proposal.status not in workflow.EDITABLE:
            raise ProposalError(f"提案当前状态为“{proposal.get_status_display()}”，不能修改。")
        _apply(proposal, data)
        proposal.save()
        refresh_search_text(proposal)
    return proposal


def proposal_discard(proposal, *, user):
    """Delete a draft that was never submitted (once submitted, nothing is deleted)."""
    with transaction.atomic():
        proposal = lock(proposal)
        if not is_author(user, proposal):
            raise ProposalError("只有提案人可以删除草稿。")
        if proposal.status != Status.DRAFT or proposal.first_submitted_at is not None:
            raise ProposalError("提案提交后不能删除，可以申请撤案。")
        proposal.invitations.all().delete()
        proposal.attachments.all().delete()
        proposal.events.all().delete()
        proposal.delete()


def attachment_add(proposal, *, user, upload):
    rules = rules_for(proposal.committee_id)
    with transaction.atomic():
        proposal = lock(proposal)
        if not is_author(user, proposal) or proposal.status not in workflow.EDITABLE:
            raise ProposalError("只有草稿或退回修改的提案可以添加附件。")
        if proposal.attachments.filter(is_removed=False).count() >= rules.max_attachments:
            raise ProposalError(f"附件最多 {rules.max_attachments} 个，请先删除不需要的附件。")
        attachment = ProposalAttachment(
            committee_id=proposal.committee_id,
            proposal=proposal,
            original_name=original_name(upload),
            size=upload.size,
            uploaded_by=user,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
    return attachment


def attachment_remove(attachment, *, user):
    with transaction.atomic():
        proposal = lock(attachment.proposal)
        if not is_author(user, proposal) or proposal.status not in workflow.EDITABLE:
            raise ProposalError("只有草稿或退回修改的提案可以删除附件。")
        attachment.is_removed = True
        attachment.save(update_fields=["is_removed"])


# --- co-signers ----------------------------------------------------------------------------


def cosign_invite(proposal, *, user, members, message=""):
    """Invite members to co-sign; each answers in their to-dos before the invitation expires."""
    rules = rules_for(proposal.committee_id)
    now = timezone.now()
    created = []
    with transaction.atomic():
        proposal = lock(proposal)
        if not is_author(user, proposal):
            raise ProposalError("只有提案人可以邀请联名。")
        if proposal.kind == ProposalKind.COLLECTIVE:
            raise ProposalError("集体提案以单位名义提出，不邀请联名委员。")
        if proposal.status not in workflow.EDITABLE:
            raise ProposalError("提案提交后不能再邀请联名。")
        if not members:
            raise ProposalError("请选择要邀请的委员。")
        open_ids = set(
            proposal.invitations.filter(status__in=[CosignStatus.PENDING, CosignStatus.ACCEPTED]).values_list(
                "member_id", flat=True
            )
        )
        for member in members:
            if member.pk == proposal.proposer_id:
                raise ProposalError("不能邀请自己联名。")
            if member.committee_id != proposal.committee_id or member.status != MemberStatus.SERVING:
                raise ProposalError(f"{member.name}不是本级政协在任委员。")
            if member.pk in open_ids:
                raise ProposalError(f"已经邀请过{member.name}，请等待回复。")
            created.append(
                CosignInvitation.objects.create(
                    committee_id=proposal.committee_id,
                    proposal=proposal,
                    member=member,
                    direction=CosignDirection.INVITE,
                    message=message[:200],
                    created_at=now,
                    expires_at=now + timedelta(days=rules.cosign_invitation_days),
                )
            )
        names = "、".join(m.name for m in members)
        event(proposal, "invite", "邀请联名", user, comment=names)
        for invitation in created:
            notify(
                invitation.member.user,
                f"{proposal.proposer_name}邀请您联名提出提案",
                body=f"《{proposal.title}》，请在 {rules.cosign_invitation_days} 天内确认是否联名。{message}",
                url=invitation.proposal.get_absolute_url(),
                category="proposal-cosign",
            )
    return created


def cosign_request(proposal, *, user, message=""):
    """A member asks to join a proposal under review instead of writing a duplicate."""
    rules = rules_for(proposal.committee_id)
    member = user.member
    now = timezone.now()
    with transaction.atomic():
        proposal = lock(proposal)
        if member is None or member.status != MemberStatus.SERVING or member.committee_id != proposal.committee_id:
            raise ProposalError("只有本级政协在任委员可以申请联名。")
        if proposal.kind == ProposalKind.COLLECTIVE:
            raise ProposalError("集体提案不接受联名。")
        if proposal.status != Status.SUBMITTED:
            raise ProposalError("只有待审查的提案可以申请联名。")
        if proposal.proposer_id == member.pk:
            raise ProposalError("这是您自己的提案。")
        if proposal.invitations.filter(member=member, status__in=[CosignStatus.PENDING, CosignStatus.ACCEPTED]).exists():
            raise ProposalError("您已经是联名人，或申请正在等待提案人确认。")
        invitation = CosignInvitation.objects.create(
            committee_id=proposal.committee_id,
            proposal=proposal,
            member=member,
            direction=CosignDirection.REQUEST,
            message=message[:200],
            created_at=now,
            expires_at=now + timedelta(days=rules.cosign_invitation_days),
        )
        event(proposal, "cosign_request", "申请联名", user, comment=message)
        notify(
            proposal.proposer.user,
            f"{member.name}申请联名您的提案",
            body=f"《{proposal.title}》，请在 {rules.cosign_invitation_days} 天内确认。{message}",
            url=proposal.get_absolute_url(),
            category="proposal-cosign",
        )
    return invitation


def _answerer_ok(invitation, user, proposal):
    if invitation.direction == CosignDirection.INVITE:
        return invitation.member.user_id == user.pk
    return is_author(user, proposal)


def _expire_if_due(invitation, now):
    """Mark a pending invitation past its date as expired (in its own transaction, so the
    refusal that follows does not roll it back). True when it has expired."""
    with transaction.atomic():
        fresh = CosignInvitation.objects.select_for_update().get(pk=invitation.pk)
        if fresh.status == CosignStatus.PENDING and fresh.expires_at < now:
            fresh.status = CosignStatus.EXPIRED
            fresh.save(update_fields=["status"])
            return True
    return False


def cosign_respond(invitation, *, user, accept):
    now = timezone.now()
    if _expire_if_due(invitation, now):
        raise ProposalError("联名邀请已过期。")
    with transaction.atomic():
        proposal = lock(invitation.proposal)
        invitation = CosignInvitation.objects.select_for_update(of=("self",)).select_related("member__user").get(pk=invitation.pk)
        if not _answerer_ok(invitation, user, proposal):
            raise ProposalError("这份联名邀请不是发给您的。")
        if invitation.status != CosignStatus.PENDING:
            raise ProposalError(f"这份联名邀请已{invitation.get_status_display()}，不能再回复。")
        allowed = workflow.EDITABLE if invitation.direction == CosignDirection.INVITE else {Status.SUBMITTED}
        if proposal.status not in allowed:
            raise ProposalError(f"提案当前状态为“{proposal.get_status_display()}”，不能再确认联名。")
        invitation.status = CosignStatus.ACCEPTED if accept else CosignStatus.DECLINED
        invitation.responded_at = now
        invitation.save(update_fields=["status", "responded_at"])
        verb = "同意联名" if accept else "谢绝联名"
        event(proposal, "cosign_accept" if accept else "cosign_decline", verb, user, comment=invitation.member.name)
        if accept and proposal.status == Status.SUBMITTED:
            # joined a proposal already under review: it is joint now, and the co-signer gets the credit
            proposal.kind = ProposalKind.JOINT
            proposal.save(update_fields=["kind", "updated_at"])
            duty_record(proposal, DutyKind.PROPOSAL_SUBMITTED, local_date(proposal.submitted_at))
            refresh_search_text(proposal)
        if invitation.direction == CosignDirection.INVITE:
            notify(
                proposal.created_by,
                f"{invitation.member.name}{verb}",
                body=f"《{proposal.title}》",
                url=proposal.get_absolute_url(),
                category="proposal-cosign",
            )
        else:
            notify(
                invitation.member.user,
                f"提案人{'同意' if accept else '未同意'}您联名",
                body=f"《{proposal.title}》",
                url=proposal.get_absolute_url(),
                category="proposal-cosign",
            )
    return invitation


def cosign_cancel(invitation, *, user):
    with transaction.atomic():
        proposal = lock(invitation.proposal)
        invitation = CosignInvitation.objects.select_for_update().get(pk=invitation.pk)
        own_request = invitation.direction == CosignDirection.REQUEST and invitation.member.user_id == user.pk
        if not (is_author(user, proposal) or own_request):
            raise ProposalError("您不能撤回这份联名邀请。")
        if invitation.status != CosignStatus.PENDING:
            raise ProposalError("只能撤回尚未回复的邀请。")
        invitation.status = CosignStatus.CANCELLED
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["status", "responded_at"])
        event(proposal, "cosign_cancel", "撤回联名邀请", user, comment=invitation.member.name)
    return invitation


def cosign_expire_due(now=None):
    """Pending invitations past their date become expired. Returns how many."""
    now = now or timezone.now()
    count = 0
    for invitation in CosignInvitation.objects.filter(status=CosignStatus.PENDING, expires_at__lt=now):
        with transaction.atomic():
            fresh = CosignInvitation.objects.select_for_update().get(pk=invitation.pk)
            if fresh.status != CosignStatus.PENDING:
                continue
            fresh.status = CosignStatus.EXPIRED
            fresh.save(update_fields=["status"])
            count += 1
    return count


# --- submission ----------------------------------------------------------------------------


def submission_problems(proposal, rules=None):
    """What still stops a draft from being submitted, in Chinese (empty when it may go)."""
    rules = rules or rules_for(proposal.committee_id)
    problems = []
    if not proposal.title.strip():
        problems.append("请填写案由")
    if not proposal.grounds.strip():
        problems.append("请填写情况分析")
    if not proposal.suggestions.strip():
        problems.append("请填写具体建议")
    if proposal.category_id is None:
        problems.append("请选择提案类别")
    if proposal.content_chars < rules.min_content_chars:
        problems.append(f"情况分析和具体建议合计至少 {rules.min_content_chars} 字（现有 {proposal.content_chars} 字）")
    for name, label in (("grounds", "情况分析"), ("suggestions", "具体建议")):
        if len(getattr(proposal, name)) > rules.max_content_chars:
            problems.append(f"{label}不能超过 {rules.max_content_chars} 字")
    if not proposal.session.is_current:
        problems.append("提案所属会议已不是本次会议，请重新起草")
    return problems


def proposal_submit(proposal, *, user):
    """Submit with the co-signers who accepted; unanswered invitations are withdrawn."""
    now = timezone.now()
    with transaction.atomic():
        proposal = lock(proposal)
        if not is_author(user, proposal):
            raise ProposalError("只有提案人可以提交提案。")
        if not workflow.can("submit", proposal.status):
            raise ProposalError(f"提案当前状态为“{proposal.get_status_display()}”，不能提交。")
        problems = submission_problems(proposal)
        if problems:
            raise ProposalError("还不能提交：" + "；".join(problems) + "。")
        withdrawn = list(proposal.invitations.filter(status=CosignStatus.PENDING).select_related("member__user"))
        for invitation in withdrawn:
            invitation.status = CosignStatus.CANCELLED
            invitation.responded_at = now
            invitation.save(update_fields=["status", "responded_at"])
        if proposal.kind != ProposalKind.COLLECTIVE:
            has_cosigners = proposal.invitations.filter(status=CosignStatus.ACCEPTED).exists()
            proposal.kind = ProposalKind.JOINT if has_cosigners else ProposalKind.INDIVIDUAL
        proposal.submitted_at = now
        proposal.first_submitted_at = proposal.first_submitted_at or now
        comment = ("未回复的联名邀请已撤回：" + "、".join(i.member.name for i in withdrawn)) if withdrawn else ""
        transition(proposal, "submit", user, comment=comment, fields=["kind", "submitted_at", "first_submitted_at"])
        refresh_search_text(proposal)
        duty_record(proposal, DutyKind.PROPOSAL_SUBMITTED, local_date(now), recorded_by=user)
        for invitation in withdrawn:
            notify(
                invitation.member.user,
                "联名邀请已撤回",
                body=f"《{proposal.title}》已提交，您未在提交前确认联名。",
                url=proposal.get_absolute_url(),
                category="proposal-cosign",
            )
        notify(
            staff_users(proposal.committee_id),
            "有新提案待审查",
            body=f"{proposal.proposer_name}：《{proposal.title}》",
            url=proposal.get_absolute_url(),
            category="proposal-review",
        )
    return proposal


def proposal_withdraw(proposal, *, user, reason=""):
    """撤案 by the proposer before the review ends; the submitted credit no longer holds."""
    with transaction.atomic():
        proposal = lock(proposal)
        if not is_author(user, proposal):
            raise ProposalError("只有提案人可以撤案。")
        transition(proposal, "withdraw", user, comment=reason)
        duty_withdraw(proposal, DutyKind.PROPOSAL_SUBMITTED)
        notify(
            [u for u in proposer_users(proposal) if u.pk != user.pk],
            "提案已撤案",
            body=f"《{proposal.title}》已由提案人撤回。",
            url=proposal.get_absolute_url(),
            category="proposal",
        )
    return proposal
