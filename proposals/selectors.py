"""Scoped reads shared by pages, exports, reminders and statistics."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from members.models import Session
from members.roles import Role
from proposals.models import (
    NUMBERED_STATES,
    Assignment,
    AssignmentStatus,
    CosignInvitation,
    CosignStatus,
    Proposal,
    Status,
    UnitRole,
)

# Others' proposals a member may read: under review (to co-sign instead of duplicating) and accepted.
PUBLIC_TO_MEMBERS = (Status.SUBMITTED, *NUMBERED_STATES)


def unit_ids(user):
    return user.unit_ids if user.is_authenticated else []


def body_ids(user):
    return user.body_ids if user.is_authenticated else []


def is_proposal_staff(user):
    return user.is_authenticated and user.has_role(Role.PROPOSAL_STAFF, Role.ADMIN)


def own_q(user):
    """Proposals the user writes, co-signs or is invited to co-sign (drafts included)."""
    member = user.member
    condition = Q(created_by=user)
    if member is not None:
        invited = CosignInvitation.objects.filter(member=member, status__in=[CosignStatus.PENDING, CosignStatus.ACCEPTED]).values(
            "proposal_id"
        )
        condition |= Q(proposer=member) | Q(pk__in=invited)
    if body_ids(user):
        condition |= Q(body_id__in=body_ids(user))
    return condition


def visible_proposals(user):
    """Every proposal this user may open; anything else answers 404."""
    if not user.is_authenticated or user.committee_id is None:
        return Proposal.objects.none()
    condition = own_q(user)
    if is_proposal_staff(user) or user.has_role(Role.LEADER):
        condition |= ~Q(status=Status.DRAFT)
    elif user.member is not None or body_ids(user):
        condition |= Q(status__in=PUBLIC_TO_MEMBERS)
    if unit_ids(user):
        condition |= Q(pk__in=Assignment.objects.filter(unit_id__in=unit_ids(user)).values("proposal_id"))
    return Proposal.objects.filter(condition, committee_id=user.committee_id)


def with_list_data(qs):
    """What a list row shows, in a fixed number of queries whatever the length."""
    cosigner_count = (
        CosignInvitation.objects.filter(proposal=OuterRef("pk"), status=CosignStatus.ACCEPTED)
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    lead_units = Assignment.objects.filter(proposal=OuterRef("pk"), round=OuterRef("handling_round")).exclude(
        status=AssignmentStatus.REASSIGNED
    )
    return qs.select_related("session__term", "category", "proposer__user", "proposer__sector", "body", "key_leader").annotate(
        cosigner_count=Coalesce(Subquery(cosigner_count), 0),
        first_unit=Subquery(
            lead_units.filter(role__in=[UnitRole.LEAD, UnitRole.SEPARATE]).order_by("id").values("unit__name")[:1]
        ),
        unit_count=Coalesce(
            Subquery(lead_units.values("proposal").annotate(n=Count("pk")).values("n")),
            0,
        ),
    )


def my_proposals(user):
    if not user.is_authenticated:
        return Proposal.objects.none()
    return Proposal.objects.filter(own_q(user), committee_id=user.committee_id)


def pending_invitations(user):
    """Invitations waiting for this member's answer, and requests to join this user's proposals."""
    member = user.member
    pending = CosignInvitation.objects.filter(status=CosignStatus.PENDING)
    # Two indexed branches joined by UNION (an OR across the proposal join scanned every invitation).
    ids = pending.filter(direction="request", proposal__created_by=user).order_by().values("pk")
    if member is not None:
        ids = pending.filter(direction="invite", member=member).order_by().values("pk").union(ids)
    return (
        CosignInvitation.objects.filter(pk__in=ids)
        .select_related("proposal", "member__user", "proposal__proposer__user", "proposal__body")
        .order_by("expires_at")
    )


def unit_assignments(user):
    """The inbox of a handling unit's clerk: only what was assigned to their units."""
    return Assignment.objects.filter(unit_id__in=unit_ids(user)).select_related(
        "proposal__session__term", "proposal__category", "proposal__proposer__user", "proposal__body", "unit"
    )


def sessions_for_stats(committee_id):
    return Session.objects.filter(committee_id=committee_id).select_related("term").order_by("-year", "-number")


def similar_candidates(committee_id, session):
    """Proposals of this session and the last one that a new draft might duplicate."""
    sessions = list(
        Session.objects.filter(committee_id=committee_id, year__in=[session.year, session.year - 1]).values_list("pk", flat=True)
    )
    return Proposal.objects.filter(committee_id=committee_id, session_id__in=sessions, status__in=PUBLIC_TO_MEMBERS)
