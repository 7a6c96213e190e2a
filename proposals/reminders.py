"""Reminders the beat sends, each exactly once: every reminder has a key that is claimed in
ReminderLog (unique) in the same transaction as its notification, so a beat firing twice, a
retried task or two workers at once never send it twice, and a missed day is caught up."""

from collections import defaultdict
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from cppcc_portal.notifications.models import ReminderLog
from cppcc_portal.notifications.services import notify, send_reminder_once
from members.models import User
from members.roles import Role
from proposals.dates import today
from proposals.defaults import rules_for
from proposals.models import (
    Assignment,
    AssignmentStatus,
    CosignDirection,
    CosignInvitation,
    CosignStatus,
    EvaluatorRole,
    Proposal,
    Reply,
    Status,
)
from proposals.services.common import lead_users, proposer_users, staff_users


def _claim(key, category, recipients):
    try:
        with transaction.atomic():
            ReminderLog.objects.create(key=key[:200], category=category, recipients=recipients)
        return True
    except IntegrityError:
        return False


def _marks(days, offsets):
    """The reminder marks a deadline `days` away has reached: offsets (15, 7, 1) and 'overdue'."""
    reached = [str(k) for k in offsets if days <= k]
    if days < 0:
        reached.append("overdue")
    return reached


def _item_key(assignment, mark):
    return f"proposals:due:a{assignment.pk}:{assignment.deadline:%Y%m%d}:{mark}"


def unit_deadline_reminders(on=None):
    """One daily digest per unit: its proposals at 15, 7 and 1 days before the deadline and on
    the first day overdue (the offsets are the committee's rule). Returns digests sent."""
    on = on or today()
    active = list(
        Assignment.objects.filter(status=AssignmentStatus.ACTIVE)
        .select_related("unit", "proposal__session__term")
        .order_by("unit_id", "deadline", "id")
    )
    offsets = {}
    candidates = {}
    for a in active:
        if a.committee_id not in offsets:
            offsets[a.committee_id] = rules_for(a.committee_id).reminder_offsets
        marks = _marks((a.deadline - on).days, offsets[a.committee_id])
        if marks:
            candidates[a.pk] = (a, marks)
    if not candidates:
        return 0
    keys = [_item_key(a, m) for a, marks in candidates.values() for m in marks]
    claimed_before = set(ReminderLog.objects.filter(key__in=keys).values_list("key", flat=True))
    by_unit = defaultdict(list)
    for a, marks in candidates.values():
        fresh = [m for m in marks if _item_key(a, m) not in claimed_before]
        if fresh:
            by_unit[a.unit_id].append((a, marks))
    sent = 0
    for items in by_unit.values():
        unit = items[0][0].unit
        clerks = list(unit.clerks.filter(is_active=True))
        with transaction.atomic():
            lines = []
            for a, marks in items:
                won = [m for m in marks if _claim(_item_key(a, m), "proposal-due", len(clerks))]
                if not won:
                    continue  # another run claimed it a moment ago
                days = (a.deadline - on).days
                when = f"已逾期 {-days} 天" if days < 0 else ("今天到期" if days == 0 else f"还剩 {days} 天")
                lines.append(
                    f"· {a.proposal.full_number}《{a.proposal.title}》（{a.get_role_display()}）{when}，期限{a.deadline:%Y年%m月%d日}"
                )
            if not lines:
                continue
            overdue = sum(1 for a, _ in items if a.deadline < on)
            title = f"提案办理提醒：{len(lines)} 件临近期限" + (f"，其中 {overdue} 件已逾期" if overdue else "")
            notify(clerks, title, body="\n".join(lines), url="/proposals/inbox/", category="proposal-due", email=True)
            sent += 1
    return sent


def _week(on):
    year, week, _ = on.isocalendar()
    return f"{year}-W{week:02d}"


def staff_overdue_reminders(on=None):
    """Weekly: the overdue list to each committee's proposal staff."""
    on = on or today()
    overdue = (
        Assignment.objects.filter(status=AssignmentStatus.ACTIVE, deadline__lt=on)
        .select_related("unit", "proposal__session__term")
        .order_by("committee_id", "unit__order", "deadline")
    )
    by_committee = defaultdict(list)
    for a in overdue:
        by_committee[a.committee_id].append(a)
    sent = 0
    for committee_id, items in by_committee.items():
        lines = [f"· {a.unit}：{a.proposal.full_number}《{a.proposal.title}》逾期 {(on - a.deadline).days} 天" for a in items]
        if send_reminder_once(
            f"proposals:staff-overdue:{committee_id}:{_week(on)}",
            staff_users(committee_id),
            f"本周逾期未答复的提案 {len(items)} 件",
            body="\n".join(lines[:200]),
            url="/proposals/?status=handling",
            category="proposal-overdue",
        ):
            sent += 1
    return sent


def member_reminders(now=None):
    """Members: co-sign invitations about to expire; a reply arrived, please evaluate; the
    evaluation still missing after the rule's days (default 15)."""
    now = now or timezone.now()
    sent = 0
    expiring = CosignInvitation.objects.filter(
        status=CosignStatus.PENDING, expires_at__gt=now, expires_at__lte=now + timedelta(days=1)
    ).select_related("member__user", "proposal__created_by")
    for inv in expiring:
        to = inv.member.user if inv.direction == CosignDirection.INVITE else inv.proposal.created_by
        what = "联名邀请" if inv.direction == CosignDirection.INVITE else f"{inv.member.name}的联名申请"
        if send_reminder_once(
            f"proposals:cosign-expiring:{inv.pk}",
            [to],
            f"{what}即将过期，请尽快确认",
            body=f"《{inv.proposal.title}》，{timezone.localtime(inv.expires_at):%m月%d日 %H:%M}前有效。",
            url=inv.proposal.get_absolute_url(),
            category="proposal-cosign",
        ):
            sent += 1
    waiting = (
        Reply.objects.filter(proposal__status=Status.REPLIED)
        .exclude(evaluations__role__in=[EvaluatorRole.LEAD, EvaluatorRole.BODY])
        .select_related(
            "proposal__session__term", "proposal__proposer__user", "proposal__body", "proposal__created_by", "assignment__unit"
        )
    )
    for reply in waiting:
        proposal = reply.proposal
        if reply.round != proposal.handling_round:
            continue
        if send_reminder_once(
            f"proposals:reply-arrived:{reply.pk}",
            proposer_users(proposal),
            f"{reply.assignment.unit}已答复您的提案，请评价",
            body=f"{proposal.full_number}《{proposal.title}》答复类别：{reply.get_result_code_display()}。",
            url=proposal.get_absolute_url() + "#evaluate",
            category="proposal-evaluate",
        ):
            sent += 1
        days = rules_for(proposal.committee_id).evaluation_overdue_days
        if reply.submitted_at <= now - timedelta(days=days) and send_reminder_once(
            f"proposals:evaluate-overdue:{reply.pk}",
            lead_users(proposal),
            f"提案答复已送达 {days} 天，尚未评价",
            body=f"{proposal.full_number}《{proposal.title}》，请对{reply.assignment.unit}的答复作出评价。",
            url=proposal.get_absolute_url() + "#evaluate",
            category="proposal-evaluate",
        ):
            sent += 1
    return sent


def leader_weekly_reminders(on=None):
    """Leaders: a weekly summary of the key proposals they supervise."""
    on = on or today()
    keyed = (
        Proposal.objects.filter(is_key=True, key_leader__isnull=False)
        .exclude(status=Status.CLOSED)
        .select_related("session__term", "key_leader")
        .order_by("key_leader_id", "number")
    )
    by_leader = defaultdict(list)
    for p in keyed:
        by_leader[p.key_leader_id].append(p)
    leaders = {u.pk: u for u in User.objects.filter(pk__in=by_leader, is_active=True, groups__name=str(Role.LEADER))}
    sent = 0
    for leader_id, items in by_leader.items():
        leader = leaders.get(leader_id)
        if leader is None:
            continue
        lines = [f"· {p.full_number}《{p.title}》：{p.get_status_display()}" for p in items]
        if send_reminder_once(
            f"proposals:leader-weekly:{leader_id}:{_week(on)}",
            [leader],
            f"本周重点提案督办情况（{len(items)} 件）",
            body="\n".join(lines),
            url="/proposals/key/",
            category="proposal-key",
        ):
            sent += 1
    return sent
