"""Co-signing (invitations, requests, expiry) and the duty records proposals leave in members'
files through members.duty only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import DutyKind, DutyRecord, DutyRole
from proposals import services
from proposals.models import CosignInvitation, CosignStatus, ProposalKind, RejectionGround, Status
from proposals.services import ProposalError


def duty(member, kind=None):
    qs = DutyRecord.objects.filter(member=member)
    if kind:
        qs = qs.filter(kind=kind)
    return sorted(qs.values_list("kind", "role", "source"))


def test_invitation_expires_after_the_rule_days(make_draft, member_a, member_b, rules):
    draft = make_draft(member_a)
    [invitation] = services.cosign_invite(draft, user=member_a.user, members=[member_b])
    assert invitation.expires_at - invitation.created_at == timedelta(days=3)
    CosignInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ProposalError, match="已过期"):
        services.cosign_respond(invitation, user=member_b.user, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == CosignStatus.EXPIRED


def test_expiry_job_marks_overdue_invitations(make_draft, member_a, member_b, member_c):
    draft = make_draft(member_a)
    old, fresh = services.cosign_invite(draft, user=member_a.user, members=[member_b, member_c])
    CosignInvitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    assert services.cosign_expire_due() == 1
    assert services.cosign_expire_due() == 0
    assert set(CosignInvitation.objects.values_list("status", flat=True)) == {CosignStatus.EXPIRED, CosignStatus.PENDING}


def test_invite_refusals(make_draft, make_submitted, member_a, member_b):
    draft = make_draft(member_a)
    with pytest.raises(ProposalError, match="不能邀请自己"):
        services.cosign_invite(draft, user=member_a.user, members=[member_a])
    services.cosign_invite(draft, user=member_a.user, members=[member_b])
    with pytest.raises(ProposalError, match="已经邀请过"):
        services.cosign_invite(draft, user=member_a.user, members=[member_b])
    with pytest.raises(ProposalError, match="只有提案人"):
        services.cosign_invite(draft, user=member_b.user, members=[member_a])
    submitted = make_submitted(member_a, title="关于另一个问题的建议")
    with pytest.raises(ProposalError, match="提交后不能再邀请"):
        services.cosign_invite(submitted, user=member_a.user, members=[member_b])


def test_member_asks_to_cosign_an_existing_proposal(make_submitted, member_a, member_b):
    proposal = make_submitted(member_a)
    request = services.cosign_request(proposal, user=member_b.user, message="我也想提这个")
    with pytest.raises(ProposalError, match="这份联名邀请不是发给您的"):
        services.cosign_respond(request, user=member_b.user, accept=True)
    services.cosign_respond(request, user=member_a.user, accept=True)
    proposal.refresh_from_db()
    assert proposal.kind == ProposalKind.JOINT
    assert duty(member_b) == [(DutyKind.PROPOSAL_SUBMITTED, DutyRole.COSIGNER, f"proposals.Proposal:{proposal.pk}")]


def test_collective_proposal_by_a_body_gives_no_member_duty(session, category, rules, roles, committee):
    from members.models import Body
    from tests.factories import UserFactory

    clerk = UserFactory(committee=committee, username="minmeng")
    body = Body.objects.create(committee=committee, name="民盟临江市委员会", kind="party")
    body.submitters.add(clerk)
    data = {"title": "关于加强职业教育的建议", "grounds": "情况" * 60, "suggestions": "建议" * 60, "category": category}
    proposal = services.proposal_create_draft(user=clerk, data=data, body=body)
    assert proposal.kind == ProposalKind.COLLECTIVE and proposal.proposer is None
    services.proposal_submit(proposal, user=clerk)
    assert not DutyRecord.objects.exists()
    outsider = UserFactory(committee=committee, username="someone")
    with pytest.raises(ProposalError, match="不是该单位的经办账号"):
        services.proposal_create_draft(user=outsider, data=data, body=body)


def test_duty_records_follow_the_proposal(make_draft, member_a, member_b, proposal_staff, leader):
    draft = make_draft(member_a)
    [invitation] = services.cosign_invite(draft, user=member_a.user, members=[member_b])
    services.cosign_respond(invitation, user=member_b.user, accept=True)
    services.proposal_submit(draft, user=member_a.user)
    source = f"proposals.Proposal:{draft.pk}"
    assert duty(member_a) == [(DutyKind.PROPOSAL_SUBMITTED, DutyRole.LEAD, source)]
    assert duty(member_b) == [(DutyKind.PROPOSAL_SUBMITTED, DutyRole.COSIGNER, source)]
    services.proposal_accept(draft, user=proposal_staff)
    assert duty(member_b, DutyKind.PROPOSAL_ACCEPTED) == [(DutyKind.PROPOSAL_ACCEPTED, DutyRole.COSIGNER, source)]
    services.proposal_mark_key(draft, user=proposal_staff, leader=leader)
    services.proposal_mark_excellent(draft, user=proposal_staff, year=2026)
    assert {k for k, _, _ in duty(member_a)} == {"proposal_submitted", "proposal_accepted", "proposal_key", "proposal_excellent"}
    services.proposal_unmark_key(draft, user=proposal_staff)
    services.proposal_unmark_excellent(draft, user=proposal_staff)
    assert {k for k, _, _ in duty(member_a)} == {"proposal_submitted", "proposal_accepted"}


def test_not_accepted_keeps_only_the_submission(make_submitted, member_a, proposal_staff, rules):
    proposal = make_submitted(member_a)
    services.proposal_reject(proposal, user=proposal_staff, ground=RejectionGround.objects.first())
    assert [k for k, _, _ in duty(member_a)] == [DutyKind.PROPOSAL_SUBMITTED]


def test_returned_or_withdrawn_proposals_lose_the_submission_credit(make_submitted, member_a, proposal_staff):
    proposal = make_submitted(member_a)
    services.proposal_return(proposal, user=proposal_staff, comment="请修改")
    assert duty(member_a) == []
    services.proposal_submit(proposal, user=member_a.user)
    assert len(duty(member_a)) == 1
    services.proposal_withdraw(proposal, user=member_a.user)
    assert duty(member_a) == []


def test_merged_proposal_keeps_accepted_credit(make_submitted, member_a, member_b, proposal_staff):
    target = make_submitted(member_b, title="关于推进义务教育均衡发展的建议")
    merged = make_submitted(member_a)
    services.proposal_merge(merged, user=proposal_staff, into=target)
    assert duty(member_a, DutyKind.PROPOSAL_ACCEPTED) == []  # the target is not accepted yet
    services.proposal_accept(target, user=proposal_staff)
    assert duty(member_a, DutyKind.PROPOSAL_ACCEPTED) == [
        (DutyKind.PROPOSAL_ACCEPTED, DutyRole.LEAD, f"proposals.Proposal:{merged.pk}")
    ]
    late = make_submitted(member_a, title="关于义务教育的又一建议")
    services.proposal_merge(late, user=proposal_staff, into=target)
    assert len(duty(member_a, DutyKind.PROPOSAL_ACCEPTED)) == 2
    assert late.__class__.objects.get(pk=late.pk).status == Status.MERGED
