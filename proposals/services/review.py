"""The proposal committee's review (审查): 立案 with a number, 并案, conversion, 不予立案, 退回修改."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from cppcc_portal.notifications.services import notify
from members.models import DutyKind
from proposals.conversion import ConvertedProposal, deliver_to_report_receivers
from proposals.dates import local_date
from proposals.models import NUMBERED_STATES, Proposal, ProposalCounter, ProposalKind, Status
from proposals.services.common import (
    ProposalError,
    accepted_credit,
    cosigners,
    duty_record,
    duty_withdraw,
    event,
    lock,
    proposer_users,
    transition,
)


def _tell_proposers(proposal, title, body=""):
    notify(
        proposer_users(proposal),
        title,
        body=body or f"《{proposal.title}》",
        url=proposal.get_absolute_url(),
        category="proposal",
    )


def _reviewed(proposal, user, now):
    proposal.reviewed_at = now
    proposal.reviewed_by = user
    return ["reviewed_at", "reviewed_by"]


def next_number(session_id):
    """Take the session's next 第N号. The counter row is locked until the caller's transaction
    ends, so two staff accepting at once get consecutive numbers, and a rolled-back accept gives
    its number back: no gaps, no duplicates."""
    try:
        with transaction.atomic():
            ProposalCounter.objects.get_or_create(session_id=session_id)
    except IntegrityError:  # created by a concurrent accept a moment ago
        pass
    counter = ProposalCounter.objects.select_for_update().get(session_id=session_id)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def proposal_accept(proposal, *, user, comment=""):
    now = timezone.now()
    with transaction.atomic():
        proposal = lock(proposal)
        if proposal.status != Status.SUBMITTED:
            raise ProposalError(f"当前状态为“{proposal.get_status_display()}”，不能立案。请刷新页面查看最新状态。")
        proposal.number = next_number(proposal.session_id)
        proposal.accepted_at = now
        fields = ["number", "accepted_at", *_reviewed(proposal, user, now)]
        if comment:
            proposal.review_note = comment
            fields.append("review_note")
        transition(proposal, "accept", user, comment=comment or f"编为{proposal.full_number}", fields=fields)
        accepted_credit(proposal, local_date(now), recorded_by=user)
        _tell_proposers(
            proposal, f"提案已立案：{proposal.full_number}", f"《{proposal.title}》已立案，编为{proposal.full_number}。"
        )
    return proposal


def proposals_bulk_accept(proposal_ids, *, user):
    """Accept many (the plenary rush), oldest submission first so numbers follow submission
    order. Each is its own transaction: one refused proposal does not stop the others.
    Returns (accepted, [(proposal, message)])."""
    accepted, refused = [], []
    queue = Proposal.objects.filter(pk__in=proposal_ids, committee_id=user.committee_id).order_by("submitted_at", "id")
    for proposal in queue:
        try:
            accepted.append(proposal_accept(proposal, user=user))
        except ProposalError as exc:
            refused.append((proposal, str(exc)))
    return accepted, refused


def proposal_return(proposal, *, user, comment):
    if not (comment or "").strip():
        raise ProposalError("请写明退回修改的意见，提案人据此修改。")
    now = timezone.now()
    with transaction.atomic():
        proposal = lock(proposal)
        fields = _reviewed(proposal, user, now)
        proposal.review_note = comment
        transition(proposal, "return", user, comment=comment, fields=[*fields, "review_note"])
        # back in the proposer's hands: it counts as submitted again when resubmitted
        duty_withdraw(proposal, DutyKind.PROPOSAL_SUBMITTED)
        _tell_proposers(proposal, "提案被退回修改", f"《{proposal.title}》：{comment}")
    return proposal


def proposal_reject(proposal, *, user, ground, note=""):
    if ground is None:
        raise ProposalError("请选择不予立案的理由。")
    if ground.committee_id != proposal.committee_id:
        raise ProposalError("不予立案理由无效。")
    now = timezone.now()
    with transaction.atomic():
        proposal = lock(proposal)
        proposal.rejection_ground = ground
        proposal.review_note = note
        fields = ["rejection_ground", "review_note", *_reviewed(proposal, user, now)]
        transition(proposal, "reject", user, comment=f"{ground.text}{'；' + note if note else ''}", fields=fields)
        _tell_proposers(proposal, "提案不予立案", f"《{proposal.title}》不予立案，理由：{ground.text}。{note}")
    return proposal


def proposal_merge(proposal, *, user, into, comment=""):
    """并案: the proposal joins another on the same matter; its proposers keep their credit
    (立案 credit now if the other is already accepted, or when it is) and both sides are told."""
    now = timezone.now()
    if into is None:
        raise ProposalError("请选择要并入的提案。")
    with transaction.atomic():
        first, second = sorted([proposal, into], key=lambda p: p.pk)  # lock in a fixed order
        locked = {p.pk: lock(p) for p in (first, second)}
        proposal, into = locked[proposal.pk], locked[into.pk]
        if proposal.pk == into.pk:
            raise ProposalError("不能并入提案本身。")
        if into.committee_id != proposal.committee_id or into.session_id != proposal.session_id:
            raise ProposalError("只能并入同一次会议的提案。")
        if into.status not in {Status.SUBMITTED, *NUMBERED_STATES}:
            raise ProposalError(f"目标提案状态为“{into.get_status_display()}”，不能作为并案对象。")
        proposal.merged_into = into
        fields = ["merged_into", *_reviewed(proposal, user, now)]
        label = into.full_number or f"《{into.title}》"
        transition(proposal, "merge", user, comment=f"并入{label}{'；' + comment if comment else ''}", fields=fields)
        # proposals merged into this one follow it
        for child in Proposal.objects.select_for_update().filter(merged_into=proposal):
            child.merged_into = into
            child.save(update_fields=["merged_into", "updated_at"])
        event(into, "merged_in", "他案并入", user, comment=f"《{proposal.title}》（{proposal.proposer_name}）并入本案")
        if into.status in NUMBERED_STATES:
            duty_record(proposal, DutyKind.PROPOSAL_ACCEPTED, local_date(into.accepted_at) or local_date(now), recorded_by=user)
        _tell_proposers(proposal, "提案已并案办理", f"《{proposal.title}》与{label}内容相近，已并入该提案一并办理。")
        _tell_proposers(into, "有提案并入您的提案", f"《{proposal.title}》（{proposal.proposer_name}）已并入您的提案一并办理。")
    return proposal


def proposal_to_opinion(proposal, *, user, comment="", unit=None):
    """转为意见建议: not a proposal, but worth passing to a unit as an opinion."""
    now = timezone.now()
    with transaction.atomic():
        proposal = lock(proposal)
        proposal.opinion_unit = unit
        proposal.review_note = comment
        fields = ["opinion_unit", "review_note", *_reviewed(proposal, user, now)]
        text = (f"转{unit}参考；" if unit else "") + comment
        transition(proposal, "to_opinion", user, comment=text, fields=fields)
        _tell_proposers(proposal, "提案转为意见建议", f"《{proposal.title}》转为意见建议办理。{text}")
        if unit is not None:
            notify(
                list(unit.clerks.all()),
                "政协转来委员意见建议",
                body=f"《{proposal.title}》（{proposal.proposer_name}），供参考。",
                url=proposal.get_absolute_url(),
                category="proposal-opinion",
            )
    return proposal


def proposal_to_report(proposal, *, user, comment=""):
    """转社情民意: hand the text to the 社情民意 app through the conversion hook, in this
    transaction; with no receiver installed the conversion is still recorded."""
    now = timezone.now()
    with transaction.atomic():
        proposal = lock(proposal)
        proposal.review_note = comment
        fields = ["review_note", *_reviewed(proposal, user, now)]
        transition(proposal, "to_report", user, comment=comment, fields=fields)
        writers = () if proposal.kind == ProposalKind.COLLECTIVE else (proposal.proposer_id, *[m.pk for m in cosigners(proposal)])
        converted = ConvertedProposal(
            proposal_id=proposal.pk,
            committee_id=proposal.committee_id,
            title=proposal.title,
            content=f"情况分析：\n{proposal.grounds}\n\n具体建议：\n{proposal.suggestions}",
            category=proposal.category.name if proposal.category_id else "",
            writer_member_ids=tuple(w for w in writers if w),
            body_id=proposal.body_id,
            converted_by_user_id=user.pk,
            note=comment,
            source_label=f"{proposal.session.name}提案（转）：{proposal.title}"[:200],
        )
        created = deliver_to_report_receivers(converted)
        for report in created:
            if report is not None and hasattr(report, "get_absolute_url"):
                proposal.converted_url = report.get_absolute_url()[:200]
                proposal.save(update_fields=["converted_url", "updated_at"])
                break
        _tell_proposers(proposal, "提案转为社情民意信息", f"《{proposal.title}》转为社情民意信息报送。{comment}")
    return proposal
