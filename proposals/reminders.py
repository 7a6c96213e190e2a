"""Reminders the beat sends, each exactly once: every reminder has a key that is claimed in
ReminderLog (unique) in the same transaction as its notification, so a beat firing twice, a
retried task or two workers at once never send it twice, and a missed day is caught up.

They run over a whole province: keys are claimed and notifications written in batches
(notifications.services.send_reminders_once), and reminders already sent are found with one
query before anything is built for them, so a day's run costs a fixed number of queries."""

import hashlib
from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from cppcc_portal.notifications.models import ReminderLog
from cppcc_portal.notifications.services import Reminder, claim_keys, send_reminders_once
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
from proposals.services.common import lead_users, proposer_users, staff_users, with_people


def _claimed(keys):
    """Which of these keys were claimed before (one query per few thousand keys)."""
    keys, found = list(keys), set()
    for start in range(0, len(keys), 5000):
        found.update(ReminderLog.objects.filter(key__in=keys[start : start + 5000]).values_list("key", flat=True))
    return found


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
    the first day overdue (the offsets are the committee's rule). Returns digests sent.

    Each proposal's mark is claimed as an item key (so it is never listed twice), and the digest
    that lists the items won is itself a reminder, whose log records who received it."""
    on = on or today()
    clerks = Prefetch("unit__clerks", queryset=User.objects.filter(is_active=True).order_by("pk"), to_attr="active_clerks")
    active = Assignment.objects.filter(status=AssignmentStatus.ACTIVE)
    offsets = {c: rules_for(c).reminder_offsets for c in active.order_by().values_list("committee_id", flat=True).distinct()}
    furthest = max((max(o, default=0) for o in offsets.values()), default=0)
    active = list(  # deadlines further away than any committee's first reminder are not read at all
        active.filter(deadline__lte=on + timedelta(days=furthest))
        .select_related("unit", "proposal__session__term")
        .prefetch_related(clerks)
        .order_by("unit_id", "deadline", "id")
    )
    candidates = {}
    for a in active:
        marks = _marks((a.deadline - on).days, offsets[a.committee_id])
        if marks:
            candidates[a.pk] = (a, marks)
    if not candidates:
        return 0
    claimed_before = _claimed(_item_key(a, m) for a, marks in candidates.values() for m in marks)
    by_unit = defaultdict(list)
    for a, marks in candidates.values():
        fresh = [m for m in marks if _item_key(a, m) not in claimed_before]
        if fresh and a.unit.active_clerks:
            by_unit[a.unit_id].append((a, fresh))
    if not by_unit:
        return 0
    with transaction.atomic():
        won = claim_keys(
            [(_item_key(a, m), "proposal-due-item", 0) for items in by_unit.values() for a, fresh in items for m in fresh]
        )
        digests = []
        for unit_id, items in by_unit.items():
            mine = [(a, [m for m in fresh if _item_key(a, m) in won]) for a, fresh in items]
            mine = [(a, marks) for a, marks in mine if marks]  # another run claimed the rest a moment ago
            if not mine:
                continue
            lines = []
            for a, _marks_won in mine:
                days = (a.deadline - on).days
                when = f"已逾期 {-days} 天" if days < 0 else ("今天到期" if days == 0 else f"还剩 {days} 天")
                lines.append(
                    f"· {a.proposal.full_number}《{a.proposal.title}》（{a.get_role_display()}）{when}，期限{a.deadline:%Y年%m月%d日}"
                )
            overdue = sum(1 for a, _ in mine if a.deadline < on)
            title = f"提案办理提醒：{len(lines)} 件临近期限" + (f"，其中 {overdue} 件已逾期" if overdue else "")
            items_won = sorted(_item_key(a, m) for a, marks in mine for m in marks)
            digest = hashlib.sha1("|".join(items_won).encode()).hexdigest()[:16]
            digests.append(
                Reminder(
                    f"proposals:due-digest:u{unit_id}:{on:%Y%m%d}:{digest}",
                    tuple(mine[0][0].unit.active_clerks),
                    title,
                    body="\n".join(lines),
                    url="/proposals/inbox/",
                    category="proposal-due",
                )
            )
        return send_reminders_once(digests)


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
    claimed = _claimed(f"proposals:staff-overdue:{c}:{_week(on)}" for c in by_committee)
    reminders = []
    for committee_id, items in by_committee.items():
        key = f"proposals:staff-overdue:{committee_id}:{_week(on)}"
        if key in claimed:
            continue
        lines = [f"· {a.unit}：{a.proposal.full_number}《{a.proposal.title}》逾期 {(on - a.deadline).days} 天" for a in items]
        reminders.append(
            Reminder(
                key,
                tuple(staff_users(committee_id)),
                f"本周逾期未答复的提案 {len(items)} 件",
                body="\n".join(lines[:200]),
                url="/proposals/?status=handling",
                category="proposal-overdue",
            )
        )
    return send_reminders_once(reminders)


def member_reminders(now=None):
    """Members: co-sign invitations about to expire; a reply arrived, please evaluate; the
    evaluation still missing after the rule's days (default 15)."""
    now = now or timezone.now()
    reminders = []
    expiring = list(
        CosignInvitation.objects.filter(
            status=CosignStatus.PENDING, expires_at__gt=now, expires_at__lte=now + timedelta(days=1)
        ).select_related("member__user", "proposal__created_by")
    )
    claimed = _claimed(f"proposals:cosign-expiring:{inv.pk}" for inv in expiring)
    for inv in expiring:
        key = f"proposals:cosign-expiring:{inv.pk}"
        if key in claimed:
            continue
        to = inv.member.user if inv.direction == CosignDirection.INVITE else inv.proposal.created_by
        what = "联名邀请" if inv.direction == CosignDirection.INVITE else f"{inv.member.name}的联名申请"
        reminders.append(
            Reminder(
                key,
                (to,),
                f"{what}即将过期，请尽快确认",
                body=f"《{inv.proposal.title}》，{timezone.localtime(inv.expires_at):%m月%d日 %H:%M}前有效。",
                url=inv.proposal.get_absolute_url(),
                category="proposal-cosign",
            )
        )
    waiting = [
        reply
        for reply in Reply.objects.filter(proposal__status=Status.REPLIED)
        .exclude(evaluations__role__in=[EvaluatorRole.LEAD, EvaluatorRole.BODY])
        .select_related(
            "proposal__session__term", "proposal__proposer__user", "proposal__body", "proposal__created_by", "assignment__unit"
        )
        if reply.round == reply.proposal.handling_round
    ]
    overdue_days = {}
    due = []  # (reply, key, kind): only those not sent yet are looked at further
    for reply in waiting:
        committee_id = reply.proposal.committee_id
        if committee_id not in overdue_days:
            overdue_days[committee_id] = rules_for(committee_id).evaluation_overdue_days
        due.append((reply, f"proposals:reply-arrived:{reply.pk}", "arrived"))
        if reply.submitted_at <= now - timedelta(days=overdue_days[committee_id]):
            due.append((reply, f"proposals:evaluate-overdue:{reply.pk}", "overdue"))
    claimed = _claimed(key for _, key, _ in due)
    with_people([reply.proposal for reply, key, _ in due if key not in claimed])
    for reply, key, kind in due:
        if key in claimed:
            continue
        proposal = reply.proposal
        if kind == "arrived":
            reminders.append(
                Reminder(
                    key,
                    tuple(proposer_users(proposal)),
                    f"{reply.assignment.unit}已答复您的提案，请评价",
                    body=f"{proposal.full_number}《{proposal.title}》答复类别：{reply.get_result_code_display()}。",
                    url=proposal.get_absolute_url() + "#evaluate",
                    category="proposal-evaluate",
                )
            )
        else:
            days = overdue_days[proposal.committee_id]
            reminders.append(
                Reminder(
                    key,
                    tuple(lead_users(proposal)),
                    f"提案答复已送达 {days} 天，尚未评价",
                    body=f"{proposal.full_number}《{proposal.title}》，请对{reply.assignment.unit}的答复作出评价。",
                    url=proposal.get_absolute_url() + "#evaluate",
                    category="proposal-evaluate",
                )
            )
    return send_reminders_once(reminders)


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
    reminders = []
    for leader_id, items in by_leader.items():
        leader = leaders.get(leader_id)
        if leader is None:
            continue
        lines = [f"· {p.full_number}《{p.title}》：{p.get_status_display()}" for p in items]
        reminders.append(
            Reminder(
                f"proposals:leader-weekly:{leader_id}:{_week(on)}",
                (leader,),
                f"本周重点提案督办情况（{len(items)} 件）",
                body="\n".join(lines),
                url="/proposals/key/",
                category="proposal-key",
            )
        )
    return send_reminders_once(reminders)
