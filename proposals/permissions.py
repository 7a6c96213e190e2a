"""Who may do what with a proposal, decided in one place. `Access(user, proposal)` answers for
one page: the template shows exactly the actions `can_*` allow, and the services check again."""

from functools import cached_property

from members.roles import Role
from proposals import workflow
from proposals.dates import local_date, today
from proposals.defaults import rules_for
from proposals.models import (
    HANDLING_STATES,
    AssignmentStatus,
    CosignDirection,
    CosignStatus,
    ProposalKind,
    Status,
    UnitRole,
)
from proposals.selectors import body_ids, is_proposal_staff, unit_ids


def can_review(user):
    return is_proposal_staff(user)


def can_view_stats(user):
    return is_proposal_staff(user) or user.has_role(Role.LEADER)


def can_use_inbox(user):
    return bool(unit_ids(user))


def can_write(user):
    """Members write proposals; body accounts write collective ones."""
    return (user.member is not None and user.has_role(Role.MEMBER)) or bool(body_ids(user))


class Access:
    def __init__(self, user, proposal, *, invitations=None, assignments=None):
        self.user, self.p = user, proposal
        self._invitations, self._assignments = invitations, assignments

    # --- who the user is to this proposal --------------------------------------------------
    @cached_property
    def invitations(self):
        if self._invitations is not None:
            return self._invitations
        return list(self.p.invitations.select_related("member__user"))

    @cached_property
    def assignments(self):
        if self._assignments is not None:
            return self._assignments
        return list(self.p.assignments.select_related("unit"))

    @cached_property
    def rules(self):
        return rules_for(self.p.committee_id)

    @cached_property
    def staff(self):
        return is_proposal_staff(self.user) and self.user.committee_id == self.p.committee_id

    @cached_property
    def leader(self):
        return self.user.has_role(Role.LEADER) and self.user.committee_id == self.p.committee_id

    @cached_property
    def author(self):
        if self.p.created_by_id == self.user.pk:
            return True
        if self.p.body_id:
            return self.p.body_id in body_ids(self.user)
        return bool(self.p.proposer_id and self.p.proposer.user_id == self.user.pk)

    @cached_property
    def my_invitation(self):
        """This member's open or accepted co-sign row, if any."""
        for inv in self.invitations:
            if inv.member.user_id == self.user.pk and inv.status in (CosignStatus.PENDING, CosignStatus.ACCEPTED):
                return inv
        return None

    @cached_property
    def cosigner(self):
        return bool(self.my_invitation and self.my_invitation.status == CosignStatus.ACCEPTED)

    @property
    def party(self):
        """Proposer, body account or co-signer: sees everything about their proposal."""
        return self.author or self.cosigner

    @cached_property
    def my_assignments(self):
        mine = set(unit_ids(self.user))
        return [a for a in self.assignments if a.unit_id in mine]

    @property
    def handler(self):
        return bool(self.my_assignments)

    @property
    def sees_handling(self):
        return self.staff or self.leader or self.party or self.handler

    # --- the member's actions -------------------------------------------------------------
    @property
    def can_edit(self):
        return self.author and self.p.status in workflow.EDITABLE

    @property
    def can_submit(self):
        return self.author and workflow.can("submit", self.p.status)

    @property
    def can_discard(self):
        return self.author and self.p.status == Status.DRAFT and self.p.first_submitted_at is None

    @property
    def can_withdraw(self):
        return self.author and workflow.can("withdraw", self.p.status)

    @property
    def can_invite(self):
        return self.can_edit and self.p.kind != ProposalKind.COLLECTIVE

    @property
    def can_respond_invitation(self):
        inv = self.my_invitation
        return bool(
            inv
            and inv.status == CosignStatus.PENDING
            and inv.direction == CosignDirection.INVITE
            and self.p.status in workflow.EDITABLE
        )

    @property
    def pending_requests(self):
        """Members asking to co-sign, for the proposer to answer."""
        if not self.author or self.p.status != Status.SUBMITTED:
            return []
        return [i for i in self.invitations if i.direction == CosignDirection.REQUEST and i.status == CosignStatus.PENDING]

    @property
    def can_request_cosign(self):
        member = self.user.member
        return bool(
            member is not None
            and self.user.has_role(Role.MEMBER)
            and self.p.status == Status.SUBMITTED
            and self.p.kind != ProposalKind.COLLECTIVE
            and not self.author
            and self.my_invitation is None
            and member.committee_id == self.p.committee_id
        )

    @property
    def can_evaluate(self):
        return self.party and self.p.status in workflow.EVALUABLE

    # --- staff ----------------------------------------------------------------------------
    def can_review_action(self, action):
        return self.staff and workflow.can(action, self.p.status)

    @property
    def can_review(self):
        return self.staff and self.p.status in workflow.REVIEWABLE

    @property
    def can_assign(self):
        return self.can_review_action("assign")

    @property
    def can_award(self):
        return self.staff and self.p.status in workflow.AWARDABLE

    @property
    def can_supervise(self):
        return self.p.is_key and (self.staff or (self.leader and self.p.key_leader_id == self.user.pk))

    @property
    def can_follow_up(self):
        return self.staff and self.p.status in workflow.FOLLOW_UP

    @property
    def can_decide_requests(self):
        return self.staff

    # --- units ----------------------------------------------------------------------------
    def unit_can(self, assignment, action):
        """contact / opinion / reply / reassign / extend for one of the user's assignments."""
        if assignment.unit_id not in unit_ids(self.user) or assignment.round != self.p.handling_round:
            return False
        active = assignment.status == AssignmentStatus.ACTIVE and self.p.status in HANDLING_STATES
        if action == "contact":
            return assignment.status != AssignmentStatus.REASSIGNED and self.p.status in (*HANDLING_STATES, Status.REPLIED)
        if action == "opinion":
            return active and assignment.role == UnitRole.CO
        if action in ("reply", "extend"):
            return active and assignment.role in (UnitRole.LEAD, UnitRole.SEPARATE)
        if action == "reassign":
            since = (today() - local_date(assignment.assigned_at)).days
            return active and since <= self.rules.reassign_request_days
        return False

    # --- documents ------------------------------------------------------------------------
    @property
    def can_print_form(self):
        return self.staff or self.party or self.leader or self.handler

    @property
    def can_docx(self):
        return self.staff or self.handler or self.author
