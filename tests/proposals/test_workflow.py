"""Every transition through its service: allowed ones move the proposal and write history;
refused ones raise a Chinese message and change nothing."""

import pytest

from proposals import services
from proposals.models import (
    CosignStatus,
    Proposal,
    ProposalEvent,
    ProposalKind,
    RejectionGround,
    Status,
)
from proposals.services import ProposalError


def snapshot(proposal):
    """Everything a refused transition must leave alone."""
    fresh = Proposal.objects.get(pk=proposal.pk)
    return (
        {f.attname: getattr(fresh, f.attname) for f in Proposal._meta.concrete_fields if f.attname != "updated_at"},
        ProposalEvent.objects.filter(proposal=proposal).count(),
        fresh.history.count(),
    )


def refused(proposal, call, message):
    before = snapshot(proposal)
    with pytest.raises(ProposalError, match=message):
        call()
    assert snapshot(proposal) == before


def last_event(proposal):
    return ProposalEvent.objects.filter(proposal=proposal).order_by("-id").first()


def test_submit_moves_draft_and_records_history(make_draft, member_a):
    draft = make_draft(member_a)
    assert draft.status == Status.DRAFT and draft.number is None
    proposal = services.proposal_submit(draft, user=member_a.user)
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED and proposal.submitted_at and proposal.kind == ProposalKind.INDIVIDUAL
    event = last_event(proposal)
    assert (event.action, event.from_status, event.to_status, event.actor) == ("submit", "draft", "submitted", member_a.user)


def test_submit_refused_when_incomplete_or_not_author(make_draft, member_a, member_b, rules):
    draft = make_draft(member_a, grounds="", suggestions="太短")
    refused(draft, lambda: services.proposal_submit(draft, user=member_a.user), "请填写情况分析")
    refused(draft, lambda: services.proposal_submit(draft, user=member_b.user), "只有提案人可以提交")
    rules.min_content_chars = 5000
    rules.save()
    full = make_draft(member_a)
    refused(full, lambda: services.proposal_submit(full, user=member_a.user), "至少 5000 字")


def test_submit_twice_is_refused(make_submitted, member_a):
    proposal = make_submitted(member_a)
    refused(proposal, lambda: services.proposal_submit(proposal, user=member_a.user), "不能提交")


def test_accept_gives_the_next_number(make_submitted, member_a, member_b, proposal_staff):
    first = services.proposal_accept(make_submitted(member_a), user=proposal_staff)
    second = services.proposal_accept(make_submitted(member_b), user=proposal_staff)
    assert (first.number, second.number) == (1, 2)
    assert first.status == Status.ACCEPTED and first.full_number == "十五届五次会议第1号"
    assert last_event(second).comment == "编为十五届五次会议第2号"


def test_accept_refused_outside_review(make_draft, make_accepted, member_a, proposal_staff):
    draft = make_draft(member_a)
    refused(draft, lambda: services.proposal_accept(draft, user=proposal_staff), "当前状态为“草稿”，不能立案")
    accepted = make_accepted(member_a)
    refused(accepted, lambda: services.proposal_accept(accepted, user=proposal_staff), "不能立案")


def test_return_then_resubmit(make_submitted, member_a, proposal_staff):
    proposal = make_submitted(member_a)
    refused(proposal, lambda: services.proposal_return(proposal, user=proposal_staff, comment=" "), "请写明退回修改的意见")
    services.proposal_return(proposal, user=proposal_staff, comment="请补充具体建议")
    proposal.refresh_from_db()
    assert proposal.status == Status.RETURNED and proposal.review_note == "请补充具体建议"
    services.proposal_update_draft(proposal, user=member_a.user, data={"suggestions": proposal.suggestions + "四、加强督查。"})
    services.proposal_submit(proposal, user=member_a.user)
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED and proposal.suggestions.endswith("四、加强督查。")


def test_reject_needs_one_of_the_grounds(make_submitted, member_a, proposal_staff, rules):
    proposal = make_submitted(member_a)
    assert RejectionGround.objects.filter(committee=proposal.committee).count() == 10
    refused(proposal, lambda: services.proposal_reject(proposal, user=proposal_staff, ground=None), "请选择不予立案的理由")
    ground = RejectionGround.objects.get(committee=proposal.committee, text="内容空泛、没有具体建议的")
    services.proposal_reject(proposal, user=proposal_staff, ground=ground, note="建议过于笼统")
    proposal.refresh_from_db()
    assert proposal.status == Status.REJECTED and proposal.rejection_ground == ground
    assert "内容空泛" in last_event(proposal).comment
    refused(proposal, lambda: services.proposal_accept(proposal, user=proposal_staff), "不能立案")


def test_merge_into_another_proposal_of_the_session(make_submitted, make_accepted, member_a, member_b, proposal_staff):
    target = make_accepted(member_b, title="关于推进义务教育优质均衡发展的建议")
    proposal = make_submitted(member_a)
    refused(proposal, lambda: services.proposal_merge(proposal, user=proposal_staff, into=proposal), "不能并入提案本身")
    services.proposal_merge(proposal, user=proposal_staff, into=target, comment="内容相同")
    proposal.refresh_from_db()
    assert proposal.status == Status.MERGED and proposal.merged_into == target and proposal.number is None
    assert ProposalEvent.objects.filter(proposal=target, action="merged_in").exists()
    refused(proposal, lambda: services.proposal_merge(proposal, user=proposal_staff, into=target), "不能并案")


def test_merge_refuses_a_closed_review_target(make_submitted, member_a, member_b, proposal_staff, rules):
    target = make_submitted(member_b)
    services.proposal_reject(target, user=proposal_staff, ground=RejectionGround.objects.first())
    proposal = make_submitted(member_a)
    refused(proposal, lambda: services.proposal_merge(proposal, user=proposal_staff, into=target), "不能作为并案对象")


def test_convert_to_opinion(make_submitted, member_a, proposal_staff, education):
    proposal = make_submitted(member_a)
    services.proposal_to_opinion(proposal, user=proposal_staff, comment="属于具体工作意见", unit=education)
    proposal.refresh_from_db()
    assert proposal.status == Status.TO_OPINION and proposal.opinion_unit == education
    refused(proposal, lambda: services.proposal_to_report(proposal, user=proposal_staff), "不能转社情民意")


def test_withdraw_by_proposer_only_before_review_ends(make_submitted, make_accepted, member_a, member_b):
    proposal = make_submitted(member_a)
    refused(proposal, lambda: services.proposal_withdraw(proposal, user=member_b.user), "只有提案人可以撤案")
    services.proposal_withdraw(proposal, user=member_a.user, reason="已解决")
    proposal.refresh_from_db()
    assert proposal.status == Status.WITHDRAWN
    accepted = make_accepted(member_b)
    refused(accepted, lambda: services.proposal_withdraw(accepted, user=member_b.user), "不能撤案")


def test_drafts_may_be_discarded_but_submitted_proposals_are_never_deleted(make_draft, make_submitted, member_a, proposal_staff):
    draft = make_draft(member_a)
    services.proposal_discard(draft, user=member_a.user)
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    proposal = make_submitted(member_a)
    services.proposal_return(proposal, user=proposal_staff, comment="请修改")
    refused(proposal, lambda: services.proposal_discard(proposal, user=member_a.user), "提交后不能删除")


def test_edit_refused_after_submission(make_submitted, member_a):
    proposal = make_submitted(member_a)
    refused(
        proposal,
        lambda: services.proposal_update_draft(proposal, user=member_a.user, data={"title": "关于新标题的建议"}),
        "不能修改",
    )


def test_joint_proposal_submits_with_those_who_accepted(make_draft, member_a, member_b, member_c):
    draft = make_draft(member_a)
    invitations = services.cosign_invite(draft, user=member_a.user, members=[member_b, member_c])
    services.cosign_respond(invitations[0], user=member_b.user, accept=True)
    services.proposal_submit(draft, user=member_a.user)
    draft.refresh_from_db()
    assert draft.kind == ProposalKind.JOINT
    statuses = {i.member_id: i.status for i in draft.invitations.all()}
    assert statuses == {member_b.pk: CosignStatus.ACCEPTED, member_c.pk: CosignStatus.CANCELLED}
    with pytest.raises(ProposalError, match="不能再回复"):
        services.cosign_respond(invitations[1], user=member_c.user, accept=True)


def test_a_refused_review_in_another_committee_is_not_found(make_submitted, member_a, other_staff):
    proposal = make_submitted(member_a)
    from proposals.selectors import visible_proposals

    assert not visible_proposals(other_staff).filter(pk=proposal.pk).exists()
