"""Key proposals (重点提案) and their supervision, excellent proposals, model units, and the
look back (回头看) that checks promised measures against "结果满意"."""

from datetime import date

from django.db import IntegrityError, transaction

from cppcc_portal.notifications.services import notify
from members.models import DutyKind
from members.roles import Role
from proposals import workflow
from proposals.dates import today
from proposals.models import Milestone, MilestoneStatus, ModelUnit, ResultCheck, SupervisionRecord
from proposals.services.common import ProposalError, duty_record, duty_withdraw, event, lock, proposer_users


def proposal_mark_key(proposal, *, user, leader, comment=""):
    if leader is None or not leader.has_role(Role.LEADER) or leader.committee_id != proposal.committee_id:
        raise ProposalError("请选择本级政协的一位领导督办。")
    with transaction.atomic():
        proposal = lock(proposal)
        if proposal.status not in workflow.AWARDABLE:
            raise ProposalError("只有已立案的提案可以确定为重点提案。")
        was_key = proposal.is_key
        proposal.is_key, proposal.key_leader = True, leader
        proposal.key_since = proposal.key_since or today()
        proposal.save(update_fields=["is_key", "key_leader", "key_since", "updated_at"])
        label = "调整督办领导" if was_key else "确定为重点提案"
        event(proposal, "key", label, user, comment=f"督办领导：{leader.display_name}。{comment}")
        duty_record(proposal, DutyKind.PROPOSAL_KEY, proposal.key_since, recorded_by=user)
        notify(
            leader,
            f"请督办重点提案：{proposal.full_number}",
            body=f"《{proposal.title}》",
            url=proposal.get_absolute_url(),
            category="proposal-key",
        )
        if not was_key:
            notify(
                proposer_users(proposal),
                "您的提案被确定为重点提案",
                body=f"《{proposal.title}》",
                url=proposal.get_absolute_url(),
                category="proposal",
            )
    return proposal


def proposal_unmark_key(proposal, *, user, comment=""):
    with transaction.atomic():
        proposal = lock(proposal)
        if not proposal.is_key:
            raise ProposalError("该提案不是重点提案。")
        proposal.is_key, proposal.key_leader, proposal.key_since = False, None, None
        proposal.save(update_fields=["is_key", "key_leader", "key_since", "updated_at"])
        event(proposal, "unkey", "取消重点提案", user, comment=comment)
        duty_withdraw(proposal, DutyKind.PROPOSAL_KEY)
    return proposal


def proposal_mark_excellent(proposal, *, user, year, comment=""):
    if not year or year < 2000 or year > today().year + 1:
        raise ProposalError("请填写正确的评优年度。")
    with transaction.atomic():
        proposal = lock(proposal)
        if proposal.status not in workflow.AWARDABLE:
            raise ProposalError("只有已立案的提案可以评为优秀提案。")
        if proposal.is_excellent:
            raise ProposalError("该提案已是优秀提案。")
        proposal.is_excellent, proposal.excellent_year = True, year
        proposal.save(update_fields=["is_excellent", "excellent_year", "updated_at"])
        event(proposal, "excellent", "评为优秀提案", user, comment=f"{year}年度。{comment}")
        occurred = today() if year >= today().year else date(year, 12, 31)
        duty_record(proposal, DutyKind.PROPOSAL_EXCELLENT, occurred, recorded_by=user)
        notify(
            proposer_users(proposal),
            "您的提案被评为优秀提案",
            body=f"《{proposal.title}》",
            url=proposal.get_absolute_url(),
            category="proposal",
        )
    return proposal


def proposal_unmark_excellent(proposal, *, user, comment=""):
    with transaction.atomic():
        proposal = lock(proposal)
        if not proposal.is_excellent:
            raise ProposalError("该提案不是优秀提案。")
        proposal.is_excellent, proposal.excellent_year = False, None
        proposal.save(update_fields=["is_excellent", "excellent_year", "updated_at"])
        event(proposal, "unexcellent", "撤销优秀提案", user, comment=comment)
        duty_withdraw(proposal, DutyKind.PROPOSAL_EXCELLENT)
    return proposal


def supervision_add(proposal, *, user, kind, occurred_on, content, participants=""):
    with transaction.atomic():
        proposal = lock(proposal)
        if not proposal.is_key:
            raise ProposalError("只有重点提案记录督办情况。")
        staff = user.has_role(Role.PROPOSAL_STAFF, Role.ADMIN) and user.committee_id == proposal.committee_id
        if proposal.key_leader_id != user.pk and not staff:
            raise ProposalError("只有督办领导和提案工作人员可以记录督办情况。")
        if occurred_on > today():
            raise ProposalError("督办日期不能晚于今天。")
        record = SupervisionRecord.objects.create(
            committee_id=proposal.committee_id,
            proposal=proposal,
            kind=kind,
            occurred_on=occurred_on,
            participants=participants,
            content=content,
            recorded_by=user,
        )
        event(proposal, "supervise", "督办", user, comment=f"{record.get_kind_display()}：{content}")
    return record


def milestone_add(proposal, *, user, description, due_on):
    with transaction.atomic():
        proposal = lock(proposal)
        if proposal.status not in workflow.FOLLOW_UP:
            raise ProposalError("答复后才能记录回头看事项。")
        milestone = Milestone.objects.create(
            committee_id=proposal.committee_id, proposal=proposal, description=description, due_on=due_on, recorded_by=user
        )
        event(proposal, "milestone", "记录承诺事项", user, comment=f"{description}（计划{due_on:%Y年%m月%d日}）")
    return milestone


def milestone_check(milestone, *, user, status, note=""):
    if status not in (MilestoneStatus.DONE, MilestoneStatus.MISSED):
        raise ProposalError("请选择落实情况。")
    with transaction.atomic():
        proposal = lock(milestone.proposal)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        milestone.status, milestone.checked_on, milestone.note = status, today(), note
        milestone.save(update_fields=["status", "checked_on", "note"])
        event(
            proposal,
            "milestone_check",
            "核实承诺事项",
            user,
            comment=f"{milestone.description}：{milestone.get_status_display()}。{note}",
        )
    return milestone


def result_check_record(proposal, *, user, result, note=""):
    """The look back's conclusion: were the measures the reply promised carried out?"""
    if result not in (ResultCheck.DONE, ResultCheck.PARTLY, ResultCheck.NOT_DONE):
        raise ProposalError("请选择回头看结论。")
    with transaction.atomic():
        proposal = lock(proposal)
        if proposal.status not in workflow.FOLLOW_UP:
            raise ProposalError("答复后才能开展回头看。")
        if proposal.milestones.filter(status=MilestoneStatus.PLANNED).exists():
            raise ProposalError("还有承诺事项未核实，请先逐项核实。")
        proposal.result_check, proposal.result_checked_at, proposal.result_check_note = result, today(), note
        proposal.save(update_fields=["result_check", "result_checked_at", "result_check_note", "updated_at"])
        event(proposal, "result_check", "回头看", user, comment=f"{proposal.get_result_check_display()}。{note}")
    return proposal


def model_unit_choose(*, user, year, unit, note=""):
    if unit.committee_id != user.committee_id:
        raise ProposalError("只能评选本级政协的承办单位。")
    try:
        with transaction.atomic():
            return ModelUnit.objects.create(committee_id=user.committee_id, year=year, unit=unit, note=note, chosen_by=user)
    except IntegrityError:
        raise ProposalError(f"{unit}已是{year}年度先进承办单位。") from None


def model_unit_remove(model_unit, *, user):
    if model_unit.committee_id != user.committee_id:
        raise ProposalError("无权操作。")
    model_unit.delete()
