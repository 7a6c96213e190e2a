"""Assignment, units' requests, contact, co-handlers, replies, evaluation and re-handling."""

from datetime import timedelta

import pytest
from django.utils import timezone

from proposals import services
from proposals.dates import add_months, today
from proposals.models import (
    Assignment,
    AssignmentStatus,
    HandlingMode,
    Rating,
    RequestStatus,
    Status,
    UnitRole,
)
from proposals.services import ProposalError
from tests.proposals.test_workflow import refused


def test_assign_lead_unit_with_the_rule_deadline(make_accepted, member_a, proposal_staff, education, rules):
    proposal = make_accepted(member_a)
    [assignment] = services.proposal_assign(proposal, user=proposal_staff, mode=HandlingMode.LEAD, lead=education)
    proposal.refresh_from_db()
    assert proposal.status == Status.HANDLING and proposal.handling_mode == HandlingMode.LEAD
    assert assignment.role == UnitRole.LEAD and assignment.deadline == add_months(today(), 3)
    rules.plenary_reply_months = 5
    rules.save()
    other = make_accepted(member_a, title="关于加强学生心理健康教育的建议")
    [a2] = services.proposal_assign(other, user=proposal_staff, mode=HandlingMode.LEAD, lead=education)
    assert a2.deadline == add_months(today(), 5)  # plenary proposals follow their own rule


def test_assign_lead_with_co_handlers_and_separately(make_accepted, member_a, proposal_staff, education, health):
    joint = make_accepted(member_a)
    created = services.proposal_assign(joint, user=proposal_staff, mode=HandlingMode.LEAD_CO, lead=education, co_units=[health])
    assert [(a.unit, a.role) for a in created] == [(education, UnitRole.LEAD), (health, UnitRole.CO)]
    separate = make_accepted(member_a, title="关于推进医教融合的建议")
    created = services.proposal_assign(
        separate, user=proposal_staff, mode=HandlingMode.SEPARATE, separate_units=[education, health]
    )
    assert {a.role for a in created} == {UnitRole.SEPARATE}


def test_assign_refused(make_submitted, make_accepted, member_a, proposal_staff, education):
    submitted = make_submitted(member_a)
    refused(
        submitted,
        lambda: services.proposal_assign(submitted, user=proposal_staff, mode=HandlingMode.LEAD, lead=education),
        "不能交办",
    )
    accepted = make_accepted(member_a)
    refused(
        accepted,
        lambda: services.proposal_assign(accepted, user=proposal_staff, mode=HandlingMode.SEPARATE, separate_units=[education]),
        "至少两个",
    )
    refused(
        accepted,
        lambda: services.proposal_assign(accepted, user=proposal_staff, mode=HandlingMode.LEAD_CO, lead=education),
        "至少一个会办",
    )
    assert not Assignment.objects.filter(proposal=accepted).exists()


def test_reassign_within_five_days_then_staff_approve(make_assigned, member_a, unit_clerk, proposal_staff, health):
    proposal = make_assigned(member_a)
    assignment = proposal.assignments.get()
    request = services.unit_request_reassign(assignment, user=unit_clerk, reason="不属于本单位职责", suggested_unit=health)
    with pytest.raises(ProposalError, match="已有待审批"):
        services.unit_request_reassign(assignment, user=unit_clerk, reason="再次申请")
    services.unit_request_decide(request, user=proposal_staff, approve=True, note="同意")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REASSIGNED
    new = proposal.assignments.exclude(pk=assignment.pk).get()
    assert (new.unit, new.role, new.status) == (health, UnitRole.LEAD, AssignmentStatus.ACTIVE)


def test_reassign_refused_after_the_window_and_refusal_needs_a_reason(make_assigned, member_a, unit_clerk, proposal_staff, rules):
    proposal = make_assigned(member_a)
    assignment = proposal.assignments.get()
    Assignment.objects.filter(pk=assignment.pk).update(assigned_at=timezone.now() - timedelta(days=6))
    with pytest.raises(ProposalError, match="5 天内才能申请调整"):
        services.unit_request_reassign(assignment, user=unit_clerk, reason="不属于本单位职责")
    rules.reassign_request_days = 10
    rules.save()
    request = services.unit_request_reassign(assignment, user=unit_clerk, reason="不属于本单位职责")
    with pytest.raises(ProposalError, match="写明理由"):
        services.unit_request_decide(request, user=proposal_staff, approve=False)
    services.unit_request_decide(request, user=proposal_staff, approve=False, note="属于贵单位职责，请按期答复")
    request.refresh_from_db()
    assignment.refresh_from_db()
    assert request.status == RequestStatus.REFUSED and assignment.status == AssignmentStatus.ACTIVE


def test_another_unit_cannot_ask_for_this_assignment(make_assigned, member_a, other_clerk):
    assignment = make_assigned(member_a).assignments.get()
    with pytest.raises(ProposalError, match="只有承办单位联络员"):
        services.unit_request_reassign(assignment, user=other_clerk, reason="试试")


def test_extension_at_most_six_months_from_assignment(make_assigned, member_a, unit_clerk, proposal_staff):
    assignment = make_assigned(member_a).assignments.get()
    latest = add_months(today(), 6)
    with pytest.raises(ProposalError, match="最长为交办后 6 个月"):
        services.unit_request_extension(assignment, user=unit_clerk, reason="需协调", until=latest + timedelta(days=1))
    with pytest.raises(ProposalError, match="应晚于"):
        services.unit_request_extension(assignment, user=unit_clerk, reason="需协调", until=assignment.deadline)
    request = services.unit_request_extension(assignment, user=unit_clerk, reason="需协调财政资金", until=latest)
    services.unit_request_decide(request, user=proposal_staff, approve=True)
    assignment.refresh_from_db()
    assert assignment.deadline == latest and assignment.original_deadline == add_months(today(), 3)


def test_contact_and_co_opinion(make_accepted, member_a, proposal_staff, education, health, unit_clerk, other_clerk):
    proposal = make_accepted(member_a)
    lead, co = services.proposal_assign(
        proposal, user=proposal_staff, mode=HandlingMode.LEAD_CO, lead=education, co_units=[health]
    )
    record = services.contact_record_add(
        lead, user=unit_clerk, contacted_on=today(), method="phone", person="李明华", content="电话沟通"
    )
    assert record.assignment == lead
    with pytest.raises(ProposalError, match="不能晚于今天"):
        services.contact_record_add(
            lead, user=unit_clerk, contacted_on=today() + timedelta(days=1), method="phone", person="李明华", content="x"
        )
    with pytest.raises(ProposalError, match="只有会办单位"):
        services.co_opinion_submit(lead, user=unit_clerk, text="意见")
    services.co_opinion_submit(co, user=other_clerk, text="我委同意主办单位意见，并配合做好校医配备。")
    co.refresh_from_db()
    assert co.status == AssignmentStatus.OPINION_SENT
    with pytest.raises(ProposalError, match="会办单位不直接答复"):
        services.reply_submit(
            co, user=other_clerk, result_code="A", text="x" * 30, signer="a", contact_person="b", contact_phone="1"
        )


def test_reply_makes_the_proposal_replied_and_asks_proposers(make_assigned, member_a, reply_to):
    from cppcc_portal.notifications.models import Notification

    proposal = make_assigned(member_a)
    assignment = proposal.assignments.get()
    with pytest.raises(ProposalError, match="只有承办单位联络员"):
        reply_to(assignment, user=member_a.user)
    reply = reply_to(assignment, code="B")
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED and reply.on_time and reply.result_code == "B"
    assert Notification.objects.filter(user=member_a.user, title__contains="已答复您的提案，请评价").count() == 1
    with pytest.raises(ProposalError, match="已答复"):
        reply_to(assignment)


def test_separate_handling_is_replied_when_every_unit_has_answered(
    make_accepted, member_a, proposal_staff, education, health, reply_to, other_clerk
):
    proposal = make_accepted(member_a)
    a1, a2 = services.proposal_assign(
        proposal, user=proposal_staff, mode=HandlingMode.SEPARATE, separate_units=[education, health]
    )
    reply_to(a1)
    proposal.refresh_from_db()
    assert proposal.status == Status.HANDLING
    reply_to(a2, user=other_clerk, code="A")
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED


def test_late_reply_is_marked_not_on_time(make_assigned, member_a, reply_to):
    assignment = make_assigned(member_a).assignments.get()
    Assignment.objects.filter(pk=assignment.pk).update(deadline=today() - timedelta(days=1))
    assignment.refresh_from_db()
    assert reply_to(assignment).on_time is False


def test_satisfied_rating_closes_the_proposal(make_assigned, member_a, member_b, reply_to):
    proposal = make_assigned(member_a)
    reply = reply_to(proposal.assignments.get())
    with pytest.raises(ProposalError, match="只有提案人和联名人"):
        services.evaluation_submit(reply, user=member_b.user, attitude=Rating.SATISFIED, result=Rating.SATISFIED)
    services.evaluation_submit(reply, user=member_a.user, attitude=Rating.SATISFIED, result=Rating.BASIC, comment="基本满意")
    proposal.refresh_from_db()
    assert proposal.status == Status.CLOSED and proposal.closed_at
    with pytest.raises(ProposalError, match="已办结"):
        services.evaluation_submit(reply, user=member_a.user, attitude=Rating.SATISFIED, result=Rating.SATISFIED)


def test_unsatisfied_sends_it_back_once_then_consultation(make_assigned, member_a, reply_to, rules):
    proposal = make_assigned(member_a)
    reply = reply_to(proposal.assignments.get())
    with pytest.raises(ProposalError, match="写明意见"):
        services.evaluation_submit(reply, user=member_a.user, attitude=Rating.BASIC, result=Rating.UNSATISFIED)
    services.evaluation_submit(
        reply, user=member_a.user, attitude=Rating.BASIC, result=Rating.UNSATISFIED, comment="未作实质回应"
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.REHANDLING and proposal.handling_round == 2
    again = proposal.assignments.get(round=2)
    assert again.deadline == add_months(today(), rules.rehandle_months) and again.status == AssignmentStatus.ACTIVE
    second = reply_to(again, code="A")
    proposal.refresh_from_db()
    assert proposal.status == Status.REPLIED and second.round == 2
    services.evaluation_submit(
        second, user=member_a.user, attitude=Rating.UNSATISFIED, result=Rating.UNSATISFIED, comment="仍未解决"
    )
    proposal.refresh_from_db()
    assert proposal.status == Status.CLOSED and proposal.needs_consultation


def test_cosigners_rate_too_but_do_not_decide(make_draft, member_a, member_b, proposal_staff, education, reply_to):
    draft = make_draft(member_a)
    [invitation] = services.cosign_invite(draft, user=member_a.user, members=[member_b])
    services.cosign_respond(invitation, user=member_b.user, accept=True)
    services.proposal_submit(draft, user=member_a.user)
    services.proposal_accept(draft, user=proposal_staff)
    services.proposal_assign(draft, user=proposal_staff, mode=HandlingMode.LEAD, lead=education)
    reply = reply_to(draft.assignments.get())
    services.evaluation_submit(
        reply, user=member_b.user, attitude=Rating.UNSATISFIED, result=Rating.UNSATISFIED, comment="不满意"
    )
    draft.refresh_from_db()
    assert draft.status == Status.REPLIED  # the co-signer's rating is recorded, the first proposer decides
    services.evaluation_submit(reply, user=member_a.user, attitude=Rating.SATISFIED, result=Rating.SATISFIED)
    draft.refresh_from_db()
    assert draft.status == Status.CLOSED and draft.evaluations.count() == 2
