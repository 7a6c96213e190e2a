"""我的工作台 to-dos of 协商."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from consultations.models import (
    Activity,
    ActivityStatus,
    AnnualPlan,
    Deliberation,
    DeliberationStatus,
    Participant,
    PlanStatus,
    Reply,
    Speech,
    SpeechStatus,
)
from consultations.permissions import is_consultation_staff, member_profile
from consultations.selectors import awaiting_outcome
from cppcc_portal.core.registry import Todo


def _staff_todos(user):
    committee_id = user.committee_id
    today = timezone.localdate()
    todos = []
    leave = Participant.objects.filter(committee_id=committee_id, reply=Reply.LEAVE_REQUESTED).exclude(
        activity__status=ActivityStatus.CANCELLED
    )
    count = leave.count()
    if count:
        first = leave.order_by("activity__starts_at").values_list("activity_id", flat=True).first()
        todos.append(
            Todo(
                "请假待审批",
                reverse("consultations:participants", args=[first]) + "?reply=leave_requested",
                count,
                "有委员申请请假",
                "warning",
                "bi-person-dash",
            )
        )
    due = awaiting_outcome(committee_id)
    overdue = due.filter(outcome_due_on__lt=today).count()
    pending = due.count()
    if pending:
        todos.append(
            Todo(
                "协商成果待报送",
                reverse("consultations:outcome_list"),
                pending,
                f"其中{overdue}项已超过报送期限" if overdue else "活动结束后应在规定工作日内报送纪要或建议案",
                "danger" if overdue else "primary",
                "bi-file-earmark-text",
            )
        )
    speeches = Speech.objects.filter(committee_id=committee_id, status=SpeechStatus.SUBMITTED).count()
    if speeches:
        todos.append(
            Todo(
                "发言待确定",
                reverse("consultations:activity_list") + "?status=closed",
                speeches,
                "确定为口头或书面发言",
                "info",
                "bi-mic",
            )
        )
    drafts = Activity.objects.filter(
        committee_id=committee_id, status=ActivityStatus.DRAFT, starts_at__gte=timezone.now()
    ).count()
    if drafts:
        todos.append(
            Todo(
                "活动待确定排期",
                reverse("consultations:activity_list") + "?status=draft",
                drafts,
                "",
                "secondary",
                "bi-calendar-plus",
            )
        )
    plans = AnnualPlan.objects.filter(committee_id=committee_id, status__in=[PlanStatus.SUBMITTED, PlanStatus.APPROVED])
    for plan in plans:
        todos.append(
            Todo(
                f"{plan.title}{plan.get_status_display()}",
                plan.get_absolute_url(),
                None,
                "待登记批准或印发",
                "info",
                "bi-journal-text",
            )
        )
    return todos


def _member_todos(member):
    todos = []
    now = timezone.now()
    waiting = Participant.objects.filter(
        member=member,
        reply__in=[Reply.PENDING],
        activity__status__in=[ActivityStatus.NOTIFIED, ActivityStatus.SIGNIN],
        activity__ends_at__gt=now,
    ).select_related("activity")
    for p in waiting.order_by("activity__starts_at")[:5]:
        todos.append(
            Todo(
                f"请回复活动通知：{p.activity.title}",
                p.activity.get_absolute_url(),
                None,
                f"{timezone.localtime(p.activity.starts_at):%-m月%-d日 %H:%M} · {p.activity.place}",
                "warning",
                "bi-calendar-event",
            )
        )
    open_now = Deliberation.objects.filter(
        invitees=member, status=DeliberationStatus.OPEN, opens_at__lte=now, closes_at__gt=now
    ).exclude(Q(opinions__author=member))
    for d in open_now.distinct()[:5]:
        todos.append(
            Todo(
                f"网络议政：{d.title}",
                d.get_absolute_url(),
                None,
                f"{timezone.localtime(d.closes_at):%-m月%-d日 %H:%M}截止",
                "primary",
                "bi-chat-square-text",
            )
        )
    return todos


def todos(user):
    if not user.is_authenticated or user.committee_id is None:
        return []
    found = []
    if is_consultation_staff(user):
        found += _staff_todos(user)
    member = member_profile(user)
    if member is not None:
        found += _member_todos(member)
    return found
