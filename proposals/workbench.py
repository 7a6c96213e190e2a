"""To-dos on 我的工作台 for members, body accounts, proposal staff, units and leaders."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse

from cppcc_portal.core.registry import Todo
from members.roles import Role
from proposals.dates import today
from proposals.models import Assignment, AssignmentStatus, Evaluation, Proposal, RequestStatus, Status, UnitRequest
from proposals.selectors import is_proposal_staff, my_proposals, pending_invitations, unit_ids


def _member_todos(user):
    found = []
    invitations = pending_invitations(user).count()
    if invitations:
        found.append(
            Todo(
                "联名邀请待确认",
                reverse("proposals:mine") + "#invitations",
                invitations,
                "请在有效期内同意或谢绝",
                "warning",
                "bi-people",
            )
        )
    mine = my_proposals(user)
    returned = list(mine.filter(status=Status.RETURNED, created_by=user)[:5])
    for p in returned:
        found.append(
            Todo(f"提案被退回修改：{p.title}", p.get_absolute_url(), None, p.review_note[:60], "warning", "bi-arrow-return-left")
        )
    evaluated = Evaluation.objects.filter(reply__proposal=OuterRef("pk"), reply__round=OuterRef("handling_round"), evaluator=user)
    to_rate = mine.filter(status=Status.REPLIED).exclude(Exists(evaluated))
    count = to_rate.count()
    if count:
        first = to_rate.first()
        url = first.get_absolute_url() + "#evaluate" if count == 1 else reverse("proposals:mine") + "?status=replied"
        found.append(Todo("提案已答复，请评价", url, count, "对办理态度和办理结果分别评价", "success", "bi-star"))
    drafts = mine.filter(status=Status.DRAFT, created_by=user).count()
    if drafts:
        found.append(
            Todo("提案草稿未提交", reverse("proposals:mine") + "?status=draft", drafts, "", "secondary", "bi-pencil-square")
        )
    return found


def _staff_todos(user):
    committee = user.committee_id
    qs = Proposal.objects.filter(committee_id=committee)
    found = []
    review = qs.filter(status=Status.SUBMITTED).count()
    if review:
        found.append(
            Todo("提案待审查", reverse("proposals:review"), review, "立案、并案、转办或不予立案", "primary", "bi-clipboard-check")
        )
    to_assign = qs.filter(status=Status.ACCEPTED).count()
    if to_assign:
        found.append(Todo("已立案提案待交办", reverse("proposals:assign_queue"), to_assign, "", "primary", "bi-diagram-3"))
    requests = UnitRequest.objects.filter(committee_id=committee, status=RequestStatus.PENDING).count()
    if requests:
        found.append(
            Todo(
                "承办单位申请待审批",
                reverse("proposals:requests"),
                requests,
                "调整承办单位或延期答复",
                "warning",
                "bi-arrow-left-right",
            )
        )
    overdue = Assignment.objects.filter(committee_id=committee, status=AssignmentStatus.ACTIVE, deadline__lt=today()).count()
    if overdue:
        found.append(
            Todo(
                "提案办理已逾期",
                reverse("proposals:list") + "?status=handling",
                overdue,
                "请督促承办单位答复",
                "danger",
                "bi-alarm",
            )
        )
    return found


def _unit_todos(user):
    ids = unit_ids(user)
    active = Assignment.objects.filter(unit_id__in=ids, status=AssignmentStatus.ACTIVE)
    now = today()
    found = []
    overdue = active.filter(deadline__lt=now).count()
    if overdue:
        found.append(
            Todo("提案答复已逾期", reverse("proposals:inbox") + "?state=overdue", overdue, "请尽快答复", "danger", "bi-alarm")
        )
    soon = active.filter(deadline__gte=now, deadline__lte=now + timedelta(days=15)).count()
    if soon:
        found.append(
            Todo("提案 15 天内到期", reverse("proposals:inbox") + "?state=due_soon", soon, "", "warning", "bi-hourglass-split")
        )
    total = active.count()
    if total:
        found.append(
            Todo(
                "承办中的提案",
                reverse("proposals:inbox") + "?state=open",
                total,
                "沟通联系、会办意见和答复",
                "primary",
                "bi-inbox",
            )
        )
    return found


def _leader_todos(user):
    count = Proposal.objects.filter(key_leader=user, is_key=True).exclude(status=Status.CLOSED).count()
    if not count:
        return []
    return [Todo("督办的重点提案", reverse("proposals:key_list"), count, "记录视察、座谈等督办情况", "danger", "bi-star")]


def todos(user):
    found = []
    if user.member is not None or user.bodies.exists():
        found += _member_todos(user)
    if is_proposal_staff(user):
        found += _staff_todos(user)
    if unit_ids(user):
        found += _unit_todos(user)
    if user.has_role(Role.LEADER):
        found += _leader_todos(user)
    return found
