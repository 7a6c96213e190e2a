"""Assignment (交办), the units' work (requests, contact, 会办意见, replies) and evaluation."""

from django.db import transaction
from django.utils import timezone

from cppcc_portal.core.uploads import original_name
from cppcc_portal.notifications.services import notify, send_reminder_once
from members.models import HandlingUnit
from proposals.dates import add_months, local_date, today
from proposals.defaults import rules_for
from proposals.models import (
    Assignment,
    AssignmentStatus,
    ContactRecord,
    CoOpinion,
    Evaluation,
    EvaluatorRole,
    HandlingMode,
    Proposal,
    Rating,
    Reply,
    RequestKind,
    RequestStatus,
    Status,
    Timing,
    UnitRequest,
    UnitRole,
)
from proposals.services.common import (
    ProposalError,
    cosigners,
    event,
    lock,
    proposer_users,
    staff_users,
    transition,
)


def handling_deadline(proposal, start, rules=None):
    rules = rules or rules_for(proposal.committee_id)
    months = rules.plenary_reply_months if proposal.timing == Timing.PLENARY else rules.reply_months
    return add_months(start, months)


def _clerks(unit):
    return list(unit.clerks.filter(is_active=True))


def _new_assignment(proposal, unit, role, user, now, deadline, round_):
    return Assignment.objects.create(
        committee_id=proposal.committee_id,
        proposal=proposal,
        unit=unit,
        role=role,
        round=round_,
        assigned_at=now,
        assigned_by=user,
        deadline=deadline,
        original_deadline=deadline,
    )


def _check_units(proposal, units):
    for unit in units:
        if unit.committee_id != proposal.committee_id or not unit.is_active:
            raise ProposalError(f"“{unit}”不是本级政协的有效承办单位。")
    if len({u.pk for u in units}) != len(units):
        raise ProposalError("同一单位不能重复交办。")


def proposal_assign(proposal, *, user, mode, lead=None, co_units=(), separate_units=(), comment=""):
    """交办: one lead unit, lead plus co-handlers, or separate handling; the deadline follows the rule."""
    now = timezone.now()
    co_units, separate_units = list(co_units), list(separate_units)
    if mode == HandlingMode.LEAD:
        if lead is None:
            raise ProposalError("请选择主办单位。")
        plan = [(lead, UnitRole.LEAD)]
    elif mode == HandlingMode.LEAD_CO:
        if lead is None or not co_units:
            raise ProposalError("主办+会办需要选择一个主办单位和至少一个会办单位。")
        plan = [(lead, UnitRole.LEAD)] + [(u, UnitRole.CO) for u in co_units]
    elif mode == HandlingMode.SEPARATE:
        if len(separate_units) < 2:
            raise ProposalError("分办需要选择至少两个承办单位。")
        plan = [(u, UnitRole.SEPARATE) for u in separate_units]
    else:
        raise ProposalError("请选择办理方式。")
    _check_units(proposal, [u for u, _ in plan])
    with transaction.atomic():
        proposal = lock(proposal)
        deadline = handling_deadline(proposal, local_date(now))
        proposal.handling_mode = mode
        proposal.assigned_at = now
        names = "；".join(f"{role.label}：{unit}" for unit, role in plan)
        transition(
            proposal,
            "assign",
            user,
            comment=f"{names}；答复期限{deadline:%Y年%m月%d日}{'；' + comment if comment else ''}",
            fields=["handling_mode", "assigned_at"],
        )
        created = [_new_assignment(proposal, unit, role, user, now, deadline, proposal.handling_round) for unit, role in plan]
        for assignment in created:
            notify(
                _clerks(assignment.unit),
                f"新交办提案：{proposal.full_number}",
                body=f"《{proposal.title}》由贵单位{assignment.get_role_display()}，请于{deadline:%Y年%m月%d日}前答复。",
                url=proposal.get_absolute_url(),
                category="proposal-assigned",
            )
        notify(
            proposer_users(proposal),
            "提案已交办",
            body=f"{proposal.full_number}《{proposal.title}》已交{names}办理。",
            url=proposal.get_absolute_url(),
            category="proposal",
        )
    return created


def proposals_bulk_assign(pairs, *, user):
    """[(proposal_id, unit_id)] → each to one lead unit (the plenary rush). Returns (done, refused)."""
    units = {u.pk: u for u in HandlingUnit.objects.filter(pk__in=[u for _, u in pairs], committee_id=user.committee_id)}
    proposals = {p.pk: p for p in Proposal.objects.filter(pk__in=[p for p, _ in pairs], committee_id=user.committee_id)}
    done, refused = [], []
    for proposal_id, unit_id in pairs:
        proposal, unit = proposals.get(proposal_id), units.get(unit_id)
        if proposal is None:
            continue
        try:
            if unit is None:
                raise ProposalError("请选择主办单位。")
            proposal_assign(proposal, user=user, mode=HandlingMode.LEAD, lead=unit)
            done.append(proposal)
        except ProposalError as exc:
            refused.append((proposal, str(exc)))
    return done, refused


# --- the unit's requests -------------------------------------------------------------------


def _lock_assignment(assignment):
    return Assignment.objects.select_for_update(of=("self",)).select_related("unit", "proposal").get(pk=assignment.pk)


def _is_clerk(user, unit):
    return unit.clerks.filter(pk=user.pk).exists()


def unit_request_reassign(assignment, *, user, reason, suggested_unit=None):
    """Ask to be replaced, within the rule's days of the assignment (a unit may not pass it on)."""
    rules = rules_for(assignment.committee_id)
    if not (reason or "").strip():
        raise ProposalError("请说明申请调整的理由。")
    with transaction.atomic():
        proposal = lock(assignment.proposal)
        assignment = _lock_assignment(assignment)
        if not _is_clerk(user, assignment.unit):
            raise ProposalError("只有承办单位联络员可以提出申请。")
        if assignment.status != AssignmentStatus.ACTIVE or proposal.status not in (Status.HANDLING, Status.REHANDLING):
            raise ProposalError("该提案已不在办理中，不能申请调整。")
        days = (today() - local_date(assignment.assigned_at)).days
        if days > rules.reassign_request_days:
            raise ProposalError(f"交办 {rules.reassign_request_days} 天内才能申请调整承办单位，已超过期限，请按期办理答复。")
        if assignment.requests.filter(kind=RequestKind.REASSIGN, status=RequestStatus.PENDING).exists():
            raise ProposalError("已有待审批的调整申请。")
        request = UnitRequest.objects.create(
            committee_id=assignment.committee_id,
            assignment=assignment,
            kind=RequestKind.REASSIGN,
            reason=reason,
            suggested_unit=suggested_unit,
            requested_by=user,
            requested_at=timezone.now(),
        )
        event(proposal, "reassign_request", "申请调整承办单位", user, actor_label=str(assignment.unit), comment=reason)
        notify(
            staff_users(proposal.committee_id),
            f"{assignment.unit}申请调整承办单位",
            body=f"{proposal.full_number}《{proposal.title}》：{reason}",
            url=proposal.get_absolute_url(),
            category="proposal-request",
        )
    return request


def unit_request_extension(assignment, *, user, reason, until):
    rules = rules_for(assignment.committee_id)
    if not (reason or "").strip():
        raise ProposalError("请说明需要延期的理由。")
    with transaction.atomic():
        proposal = lock(assignment.proposal)
        assignment = _lock_assignment(assignment)
        if not _is_clerk(user, assignment.unit):
            raise ProposalError("只有承办单位联络员可以提出申请。")
        if assignment.status != AssignmentStatus.ACTIVE or not assignment.answers:
            raise ProposalError("该交办已不在办理中，不能申请延期。")
        latest = add_months(local_date(assignment.assigned_at), rules.max_handling_months)
        if until is None or until <= assignment.deadline:
            raise ProposalError("申请延至的日期应晚于现在的答复期限。")
        if until > latest:
            raise ProposalError(f"办理期限最长为交办后 {rules.max_handling_months} 个月，最迟只能延至{latest:%Y年%m月%d日}。")
        if assignment.requests.filter(kind=RequestKind.EXTEND, status=RequestStatus.PENDING).exists():
            raise ProposalError("已有待审批的延期申请。")
        request = UnitRequest.objects.create(
            committee_id=assignment.committee_id,
            assignment=assignment,
            kind=RequestKind.EXTEND,
            reason=reason,
            requested_deadline=until,
            requested_by=user,
            requested_at=timezone.now(),
        )
        event(
            proposal,
            "extension_request",
            "申请延期答复",
            user,
            actor_label=str(assignment.unit),
            comment=f"延至{until:%Y年%m月%d日}：{reason}",
        )
        notify(
            staff_users(proposal.committee_id),
            f"{assignment.unit}申请延期答复",
            body=f"{proposal.full_number}《{proposal.title}》：{reason}",
            url=proposal.get_absolute_url(),
            category="proposal-request",
        )
    return request


def unit_request_decide(request, *, user, approve, note="", new_unit=None):
    now = timezone.now()
    with transaction.atomic():
        proposal = lock(request.assignment.proposal)
        request = UnitRequest.objects.select_for_update(of=("self",)).select_related("assignment__unit").get(pk=request.pk)
        assignment = _lock_assignment(request.assignment)
        if request.status != RequestStatus.PENDING:
            raise ProposalError(f"该申请已{request.get_status_display()}。")
        if approve and assignment.status != AssignmentStatus.ACTIVE:
            raise ProposalError("该交办已结束，不能再同意申请。")
        if not approve and not (note or "").strip():
            raise ProposalError("不同意时请写明理由，承办单位据此继续办理。")
        request.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
        request.decided_by, request.decided_at, request.decision_note = user, now, note
        fields = ["status", "decided_by", "decided_at", "decision_note"]
        old_unit = assignment.unit
        if approve and request.kind == RequestKind.REASSIGN:
            new_unit = new_unit or request.suggested_unit
            if new_unit is None:
                raise ProposalError("请选择改由哪个单位承办。")
            _check_units(proposal, [new_unit])
            taken = Assignment.objects.filter(proposal=proposal, round=assignment.round, unit=new_unit).exclude(
                status=AssignmentStatus.REASSIGNED
            )
            if taken.exists():
                raise ProposalError(f"{new_unit}已承办该提案。")
            assignment.status, assignment.ended_at = AssignmentStatus.REASSIGNED, now
            assignment.save(update_fields=["status", "ended_at"])
            deadline = handling_deadline(proposal, local_date(now))
            replacement = _new_assignment(proposal, new_unit, assignment.role, user, now, deadline, assignment.round)
            request.new_unit = new_unit
            fields.append("new_unit")
            event(
                proposal,
                "reassign",
                "调整承办单位",
                user,
                comment=f"{old_unit} → {new_unit}（{replacement.get_role_display()}）；{note}",
            )
            notify(
                _clerks(new_unit),
                f"新交办提案：{proposal.full_number}",
                body=f"《{proposal.title}》改由贵单位{replacement.get_role_display()}，请于{deadline:%Y年%m月%d日}前答复。",
                url=proposal.get_absolute_url(),
                category="proposal-assigned",
            )
        elif approve:
            assignment.deadline = request.requested_deadline
            assignment.save(update_fields=["deadline"])
            event(
                proposal,
                "extend",
                "同意延期答复",
                user,
                comment=f"{old_unit}答复期限延至{assignment.deadline:%Y年%m月%d日}；{note}",
            )
        else:
            event(proposal, "request_refused", f"不同意{request.get_kind_display()}", user, comment=f"{old_unit}：{note}")
        request.save(update_fields=fields)
        notify(
            _clerks(old_unit),
            f"{request.get_kind_display()}{request.get_status_display()}",
            body=f"{proposal.full_number}《{proposal.title}》{('：' + note) if note else ''}",
            url=proposal.get_absolute_url(),
            category="proposal-request",
        )
    return request


# --- contact, co-handlers' opinions, replies ------------------------------------------------


def _current(assignment, proposal):
    return assignment.round == proposal.handling_round and assignment.status != AssignmentStatus.REASSIGNED


def contact_record_add(assignment, *, user, contacted_on, method, person, content):
    with transaction.atomic():
        proposal = lock(assignment.proposal)
        assignment = _lock_assignment(assignment)
        if not _is_clerk(user, assignment.unit):
            raise ProposalError("只有承办单位联络员可以记录沟通联系。")
        if not _current(assignment, proposal) or proposal.status not in (Status.HANDLING, Status.REHANDLING, Status.REPLIED):
            raise ProposalError("该提案已不在办理中。")
        if contacted_on > today():
            raise ProposalError("联系日期不能晚于今天。")
        record = ContactRecord.objects.create(
            committee_id=assignment.committee_id,
            assignment=assignment,
            contacted_on=contacted_on,
            method=method,
            person=person,
            content=content,
            recorded_by=user,
        )
        event(
            proposal,
            "contact",
            "与提案人沟通联系",
            user,
            actor_label=str(assignment.unit),
            comment=f"{record.get_method_display()}：{content}",
        )
    return record


def co_opinion_submit(assignment, *, user, text, upload=None):
    now = timezone.now()
    if not (text or "").strip():
        raise ProposalError("请填写会办意见。")
    with transaction.atomic():
        proposal = lock(assignment.proposal)
        assignment = _lock_assignment(assignment)
        if not _is_clerk(user, assignment.unit):
            raise ProposalError("只有承办单位联络员可以提交会办意见。")
        if assignment.role != UnitRole.CO:
            raise ProposalError("只有会办单位提交会办意见。")
        if assignment.status != AssignmentStatus.ACTIVE or proposal.status not in (Status.HANDLING, Status.REHANDLING):
            raise ProposalError("会办意见已提交或提案已不在办理中。")
        opinion = CoOpinion(
            committee_id=assignment.committee_id, assignment=assignment, text=text, submitted_by=user, submitted_at=now
        )
        if upload is not None:
            opinion.attachment_name = original_name(upload)
            opinion.attachment.save(upload.name, upload, save=False)
        opinion.save()
        assignment.status, assignment.ended_at = AssignmentStatus.OPINION_SENT, now
        assignment.save(update_fields=["status", "ended_at"])
        event(proposal, "co_opinion", "提出会办意见", user, actor_label=str(assignment.unit))
        lead = proposal.assignments.filter(round=assignment.round, role=UnitRole.LEAD).exclude(status=AssignmentStatus.REASSIGNED)
        for lead_assignment in lead.select_related("unit"):
            notify(
                _clerks(lead_assignment.unit),
                f"{assignment.unit}送来会办意见",
                body=f"{proposal.full_number}《{proposal.title}》",
                url=proposal.get_absolute_url(),
                category="proposal-opinion",
            )
    return opinion


def reply_submit(assignment, *, user, result_code, text, signer, contact_person, contact_phone, upload=None):
    """The lead (or a separate) unit replies; when every answering unit has replied, the
    proposal is 已答复 and its proposers are asked to evaluate."""
    now = timezone.now()
    with transaction.atomic():
        proposal = lock(assignment.proposal)
        assignment = _lock_assignment(assignment)
        if not _is_clerk(user, assignment.unit):
            raise ProposalError("只有承办单位联络员可以提交答复。")
        if not assignment.answers:
            raise ProposalError("会办单位不直接答复提案人，请向主办单位提交会办意见。")
        if assignment.status != AssignmentStatus.ACTIVE or not _current(assignment, proposal):
            raise ProposalError("本单位已答复，或该交办已结束。")
        if proposal.status not in (Status.HANDLING, Status.REHANDLING):
            raise ProposalError(f"提案当前状态为“{proposal.get_status_display()}”，不能答复。")
        reply = Reply(
            committee_id=assignment.committee_id,
            assignment=assignment,
            proposal=proposal,
            round=assignment.round,
            result_code=result_code,
            text=text,
            signer=signer,
            contact_person=contact_person,
            contact_phone=contact_phone,
            submitted_by=user,
            submitted_at=now,
            on_time=local_date(now) <= assignment.deadline,
        )
        if upload is not None:
            reply.attachment_name = original_name(upload)
            reply.attachment.save(upload.name, upload, save=False)
        reply.save()
        assignment.status, assignment.ended_at = AssignmentStatus.REPLIED, now
        assignment.save(update_fields=["status", "ended_at"])
        if assignment.role == UnitRole.LEAD:
            # co-handlers who have not sent an opinion are done: the lead has answered
            proposal.assignments.filter(round=assignment.round, role=UnitRole.CO, status=AssignmentStatus.ACTIVE).update(
                status=AssignmentStatus.CLOSED, ended_at=now
            )
        event(
            proposal,
            "reply",
            "答复提案",
            user,
            actor_label=str(assignment.unit),
            comment=f"{reply.get_result_code_display()}{'' if reply.on_time else '（逾期答复）'}",
        )
        waiting = proposal.assignments.filter(
            round=proposal.handling_round, role__in=[UnitRole.LEAD, UnitRole.SEPARATE], status=AssignmentStatus.ACTIVE
        )
        if not waiting.exists():
            proposal.replied_at = now
            transition(proposal, "replied", user, actor_label=str(assignment.unit), fields=["replied_at"])
        _ask_to_evaluate(reply.pk)  # keyed: the daily reminder run will not send it again
    return reply


def _ask_to_evaluate(reply_id):
    """ "答复已送达，请评价" — keyed, so the daily reminder run never sends it again."""
    reply = Reply.objects.select_related("proposal", "assignment__unit").filter(pk=reply_id).first()
    if reply is None:
        return
    proposal = reply.proposal
    send_reminder_once(
        f"proposals:reply-arrived:{reply.pk}",
        proposer_users(proposal),
        f"{reply.assignment.unit}已答复您的提案，请评价",
        body=f"{proposal.full_number}《{proposal.title}》答复类别：{reply.get_result_code_display()}。请对办理态度和办理结果作出评价。",
        url=proposal.get_absolute_url() + "#evaluate",
        category="proposal-evaluate",
    )


# --- evaluation ----------------------------------------------------------------------------


def evaluator_role(user, proposal):
    if proposal.body_id:
        if user.pk == proposal.created_by_id or proposal.body.submitters.filter(pk=user.pk).exists():
            return EvaluatorRole.BODY
        return None
    if proposal.proposer_id and proposal.proposer.user_id == user.pk:
        return EvaluatorRole.LEAD
    if any(m.user_id == user.pk for m in cosigners(proposal)):
        return EvaluatorRole.COSIGNER
    return None


def evaluation_submit(reply, *, user, attitude, result, comment=""):
    """满意 / 基本满意 / 不满意 for the handling attitude and for the result. When the first
    proposer (or the body) has rated every reply of the round: any 不满意 sends those units'
    part back for re-handling with a new deadline (once); otherwise the proposal is closed."""
    now = timezone.now()
    valid = set(Rating.values)
    if attitude not in valid or result not in valid:
        raise ProposalError("请分别评价办理态度和办理结果。")
    if Rating.UNSATISFIED in (attitude, result) and not (comment or "").strip():
        raise ProposalError("评价为不满意时，请写明意见，承办单位据此重新办理。")
    with transaction.atomic():
        proposal = lock(reply.proposal)
        reply = Reply.objects.select_related("assignment__unit").get(pk=reply.pk)
        role = evaluator_role(user, proposal)
        if role is None:
            raise ProposalError("只有提案人和联名人可以评价答复。")
        if proposal.status not in (Status.REPLIED, Status.CLOSED, Status.REHANDLING) or reply.round != proposal.handling_round:
            raise ProposalError("这份答复现在不能评价。")
        if role in (EvaluatorRole.LEAD, EvaluatorRole.BODY) and proposal.status != Status.REPLIED:
            raise ProposalError("提案已办结或正在重新办理，评价已不能更改。")
        if Evaluation.objects.filter(reply=reply, evaluator=user).exists():
            raise ProposalError("您已经评价过这份答复。")
        evaluation = Evaluation.objects.create(
            committee_id=proposal.committee_id,
            reply=reply,
            proposal=proposal,
            evaluator=user,
            role=role,
            attitude=attitude,
            result=result,
            comment=comment,
            created_at=now,
        )
        event(
            proposal,
            "evaluate",
            "评价答复",
            user,
            comment=f"{reply.assignment.unit}：办理态度{evaluation.get_attitude_display()}，办理结果{evaluation.get_result_display()}。{comment}",
        )
        if role in (EvaluatorRole.LEAD, EvaluatorRole.BODY):
            _settle(proposal, user, now)
    return evaluation


def _settle(proposal, user, now):
    """After the decisive rating: close, or re-handle the units rated 不满意."""
    round_replies = list(proposal.replies.filter(round=proposal.handling_round).select_related("assignment__unit"))
    decisive = {
        e.reply_id: e
        for e in Evaluation.objects.filter(reply__in=round_replies, role__in=[EvaluatorRole.LEAD, EvaluatorRole.BODY]).order_by(
            "created_at"
        )
    }
    if any(r.pk not in decisive for r in round_replies):
        return  # more replies (分办) still to rate
    unsatisfied = [r for r in round_replies if decisive[r.pk].unsatisfied]
    rules = rules_for(proposal.committee_id)
    if unsatisfied and proposal.handling_round == 1:
        proposal.handling_round = 2
        transition(
            proposal,
            "rehandle",
            user,
            comment="不满意，交"
            + "、".join(str(r.assignment.unit) for r in unsatisfied)
            + f"重新办理，{rules.rehandle_months}个月内再次答复",
            fields=["handling_round"],
        )
        deadline = add_months(local_date(now), rules.rehandle_months)
        for reply in unsatisfied:
            old = reply.assignment
            again = _new_assignment(proposal, old.unit, old.role, user, now, deadline, 2)
            reasons = decisive[reply.pk].comment
            notify(
                _clerks(again.unit),
                f"提案需重新办理：{proposal.full_number}",
                body=f"提案人对答复不满意：{reasons}。请于{deadline:%Y年%m月%d日}前重新答复。",
                url=proposal.get_absolute_url(),
                category="proposal-assigned",
            )
            # co-handlers of the first round join again when the lead re-handles
            if old.role == UnitRole.LEAD:
                for co in proposal.assignments.filter(round=1, role=UnitRole.CO).exclude(status=AssignmentStatus.REASSIGNED):
                    _new_assignment(proposal, co.unit, UnitRole.CO, user, now, deadline, 2)
        notify(
            staff_users(proposal.committee_id),
            "提案人对答复不满意，已转重新办理",
            url=proposal.get_absolute_url(),
            category="proposal",
        )
        return
    proposal.closed_at = now
    fields = ["closed_at"]
    comment = ""
    if unsatisfied:
        proposal.needs_consultation = True
        fields.append("needs_consultation")
        comment = "重新办理后仍不满意，安排当面协商"
        notify(
            staff_users(proposal.committee_id),
            "重新办理后提案人仍不满意，请安排当面协商",
            url=proposal.get_absolute_url(),
            category="proposal",
        )
    transition(proposal, "close", user, comment=comment, fields=fields)
