"""What every proposal service shares: the domain error, locking, the history row, who is told,
the search text and the duty-record bookkeeping."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from cppcc_portal.core.search import segment
from members.duty import duty_record_upsert, duty_record_withdraw
from members.models import DutyKind, DutyRole, User
from members.roles import Role
from proposals import workflow
from proposals.models import CosignInvitation, CosignStatus, Proposal, ProposalEvent, ProposalKind


class ProposalError(Exception):
    """A refused action; the message is shown to the user as it is."""


class DuplicateSubmission(ProposalError):
    """The same form arrived again (a double click, a resend): `proposal` is the one it made."""

    def __init__(self, proposal):
        super().__init__("这份提案已经保存过，重复提交已忽略。")
        self.proposal = proposal


def lock(proposal):
    """Re-read the proposal under SELECT … FOR UPDATE (call inside transaction.atomic())."""
    return Proposal.objects.select_for_update(of=("self",)).select_related("session__term").get(pk=proposal.pk)


def event(proposal, action, label, actor, *, comment="", actor_label="", from_status="", to_status="", at=None):
    return ProposalEvent.objects.create(
        committee_id=proposal.committee_id,
        proposal=proposal,
        action=action,
        label=str(label),
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_label=actor_label,
        comment=comment,
        created_at=at or timezone.now(),
    )


def transition(proposal, action, actor, *, comment="", actor_label="", fields=()):
    """Move a locked proposal along one allowed transition and write its history row.
    `fields` names the other fields the caller already set on the instance."""
    if not workflow.can(action, proposal.status):
        raise ProposalError(
            f"当前状态为“{proposal.get_status_display()}”，不能{workflow.label(action)}。请刷新页面查看最新状态。"
        )
    before = proposal.status
    proposal.status = workflow.target(action)
    proposal.save(update_fields=["status", "updated_at", *fields])
    event(
        proposal,
        action,
        workflow.label(action),
        actor,
        comment=comment,
        actor_label=actor_label,
        from_status=before,
        to_status=proposal.status,
    )
    return proposal


def search_document(proposal):
    """The words the list search finds a proposal by: title, text, proposers, category."""
    names = [proposal.proposer_name]
    names += [inv.member.name for inv in proposal.invitations.filter(status=CosignStatus.ACCEPTED).select_related("member__user")]
    parts = [proposal.title, proposal.title, " ".join(n for n in names if n), proposal.grounds, proposal.suggestions]
    if proposal.category_id:
        parts.append(proposal.category.name)
    return " ".join(parts)


def refresh_search_text(proposal):
    proposal.search_text = segment(search_document(proposal))
    Proposal.objects.filter(pk=proposal.pk).update(search_text=proposal.search_text)


# --- who takes part -------------------------------------------------------------------------


def accepted_invitations():
    """Accepted co-sign invitations in the order they were accepted; prefetched into
    `proposal.accepted_invitations` (see with_people) it spares a query per proposal."""
    return (
        CosignInvitation.objects.filter(status=CosignStatus.ACCEPTED)
        .select_related("member__user")
        .order_by("responded_at", "id")
    )


def with_people(proposals):
    """Fetch, in three queries for any number of proposals, what proposer_users and lead_users read."""
    prefetch_related_objects(
        list(proposals),
        "body__submitters",
        Prefetch("invitations", queryset=accepted_invitations(), to_attr="accepted_invitations"),
    )
    return proposals


def cosigners(proposal):
    """The members who accepted to co-sign, in the order they joined."""
    invitations = getattr(proposal, "accepted_invitations", None)
    if invitations is None:
        invitations = accepted_invitations().filter(proposal=proposal)
    return [inv.member for inv in invitations]


def proposer_users(proposal):
    """Everyone told about the proposal's progress: first proposer (or the body's accounts) and co-signers."""
    users = []
    if proposal.body_id:
        users += list(proposal.body.submitters.all())
        if proposal.created_by_id:
            users.append(proposal.created_by)
    elif proposal.proposer_id:
        users.append(proposal.proposer.user)
    users += [m.user for m in cosigners(proposal)]
    return list({u.pk: u for u in users}.values())


def lead_users(proposal):
    """Whose rating decides re-handling: the first proposer, or the body's accounts."""
    if proposal.body_id:
        return list({u.pk: u for u in [*proposal.body.submitters.all(), proposal.created_by]}.values())
    return [proposal.proposer.user] if proposal.proposer_id else []


def staff_users(committee_id):
    return list(User.objects.filter(committee_id=committee_id, is_active=True, groups__name=str(Role.PROPOSAL_STAFF)).distinct())


def is_author(user, proposal):
    if proposal.created_by_id == user.pk:
        return True
    if proposal.body_id:
        return proposal.body.submitters.filter(pk=user.pk).exists()
    return bool(proposal.proposer_id and proposal.proposer.user_id == user.pk)


# --- duty records (members.duty is the only way in) -----------------------------------------


def source(proposal):
    return f"proposals.Proposal:{proposal.pk}"


def _duty_people(proposal):
    """(member, role) for the duty file: none for a collective proposal."""
    if proposal.kind == ProposalKind.COLLECTIVE or not proposal.proposer_id:
        return []
    return [(proposal.proposer, DutyRole.LEAD)] + [(m, DutyRole.COSIGNER) for m in cosigners(proposal)]


def _detail(proposal):
    label = proposal.full_number or proposal.session.name
    return f"{label}（{proposal.get_kind_display()}）"


def duty_record(proposal, kind, occurred_on, *, recorded_by=None):
    """Record `kind` for everyone who signed the proposal; withdraw it from anyone who no longer does."""
    people = _duty_people(proposal)
    kept = set()
    for member, role in people:
        duty_record_upsert(
            source=source(proposal),
            member=member,
            kind=kind,
            occurred_on=occurred_on,
            title=proposal.title,
            role=role,
            url=proposal.get_absolute_url(),
            detail=_detail(proposal),
            recorded_by=recorded_by,
        )
        kept.add(member.pk)
    from members.models import DutyRecord

    stale = DutyRecord.objects.filter(source=source(proposal), kind=kind).exclude(member_id__in=kept)
    for member_id in list(stale.values_list("member_id", flat=True)):
        duty_record_withdraw(source=source(proposal), member=_member(member_id), kinds=[kind])


def _member(member_id):
    from members.models import Member

    return Member.objects.get(pk=member_id)


def duty_withdraw(proposal, *kinds):
    return duty_record_withdraw(source=source(proposal), kinds=list(kinds))


def accepted_credit(proposal, occurred_on, *, recorded_by=None):
    """立案 credit for the proposal and for every proposal merged into it (并案 keeps the credit)."""
    duty_record(proposal, DutyKind.PROPOSAL_ACCEPTED, occurred_on, recorded_by=recorded_by)
    for child in proposal.merged_children.select_related("proposer__user", "session__term"):
        duty_record(child, DutyKind.PROPOSAL_ACCEPTED, occurred_on, recorded_by=recorded_by)
