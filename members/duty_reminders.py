"""Duty reminders, each sent once (a claimed key per member per quarter, per committee per month):
- in the first days of the last month of each quarter, members who have not yet met a
  quarterly minimum (e.g. the quarter's contact activity) are told what is missing;
- in the first days of each month, member-affairs staff get the list of members at risk.
The beat runs them daily; a day missed is caught up while the window is open. Members already
reminded are found with one query per committee and left out before any score is computed, and
a committee's reminders are sent in one batch (notifications.services.send_reminders_once).
The quarterly minimums are summed in SQL, one query per minimum for a whole committee."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Count, Sum
from django.utils import timezone

from cppcc_portal.notifications.models import ReminderLog
from cppcc_portal.notifications.services import Reminder, send_reminders_once
from members.models import Committee, DutyRecord, DutyStatus, Member, MemberScore, MemberStatus
from members.roles import Role
from members.scoring import ATTENDED, fmt_points, quarter_of
from members.scoring_services import committee_year_results, load_rules, rule_set_for, scores_are_current

WINDOW_DAYS = 7  # how many days into the month a missed beat is caught up
QUARTER_LAST_MONTHS = (3, 6, 9, 12)


def _committees_with_members():
    ids = Member.objects.filter(status=MemberStatus.SERVING).values_list("committee_id", flat=True).distinct()
    return Committee.objects.filter(pk__in=ids).order_by("pk")


def send_quarter_reminders(today=None):
    today = today or timezone.localdate()
    if today.month not in QUARTER_LAST_MONTHS or today.day > WINDOW_DAYS:
        return 0
    year, quarter = today.year, quarter_of(today)
    sent = 0
    for committee in _committees_with_members():
        rules = load_rules(rule_set_for(committee.pk, year))
        if not any(m.period == "quarter" for m in rules.minimums):
            continue
        prefix = f"duty-quarter:{committee.pk}:{year}Q{quarter}:member="
        reminded = set(ReminderLog.objects.filter(key__startswith=prefix).values_list("key", flat=True))
        members = [
            m
            for m in Member.objects.filter(committee=committee, status=MemberStatus.SERVING).select_related("user")
            if f"{prefix}{m.pk}" not in reminded
        ]
        if not members:
            continue
        minimums = [(m, quarter_values(committee.pk, year, quarter, m)) for m in rules.minimums if m.period == "quarter"]
        reminders = []
        for member in members:
            short = [(m, values.get(member.pk, 0)) for m, values in minimums if values.get(member.pk, 0) < m.threshold]
            if not short:
                continue
            body = "本季度还需完成：" + "；".join(f"{m.label}（目前 {current}，要求 {m.threshold}）" for m, current in short)
            body += "。请在季度结束前完成，并在“我的履职”中填报，工作人员审核后计入。"
            reminders.append(
                Reminder(
                    f"{prefix}{member.pk}",
                    (member.user,),
                    f"{year}年第{quarter}季度履职提醒",
                    body=body,
                    url="/members/duty/",
                    category="duty",
                )
            )
        sent += send_reminders_once(reminders)
    return sent


def quarter_values(committee_id, year, quarter, minimum):
    """{member id: value} of a quarterly minimum in the quarter, counted as the scoring engine
    counts it (members.scoring: verified, attended, of its kinds and role), in one query for the
    whole committee instead of scoring every member."""
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    records = DutyRecord.objects.filter(
        committee_id=committee_id,
        year=year,
        status=DutyStatus.VERIFIED,
        kind__in=list(minimum.kinds),
        attendance__in=ATTENDED,
        occurred_on__gte=start,
        occurred_on__lt=end,
    )
    if minimum.role:
        records = records.filter(role=minimum.role)
    value = Sum("quantity") if minimum.measure == "quantity" else Count("pk")
    return dict(records.order_by().values("member_id").annotate(v=value).values_list("member_id", "v"))


def send_at_risk_reminders(today=None):
    today = today or timezone.localdate()
    if today.day > WINDOW_DAYS:
        return 0
    year = today.year if today.month > 1 else today.year - 1  # in January, last year's final list
    as_of = today
    sent = 0
    User = get_user_model()
    for committee in _committees_with_members():
        key = f"duty-at-risk:{committee.pk}:{today:%Y-%m}"
        if ReminderLog.objects.filter(key=key).exists():
            continue  # this month's list went out: no need to score the committee again
        serving = {
            m.pk: m
            for m in Member.objects.filter(committee=committee, status=MemberStatus.SERVING).select_related("user", "sector")
        }
        rules, results = _year_results(committee.pk, year, as_of, list(serving))
        line = rules.at_risk_line(as_of)
        at_risk = sorted(
            ((serving[mid], r) for mid, r in results.items() if r.total < line or r.absences >= rules.at_risk_absences),
            key=lambda item: (item[1].total, item[0].pk),
        )
        if not at_risk:
            continue
        staff = list(User.objects.filter(committee=committee, is_active=True, groups__name=Role.MEMBER_AFFAIRS_STAFF).distinct())
        if not staff:
            continue
        names = "、".join(
            f"{m.name}（{m.sector.name}，{fmt_points(r.total)}分{f'，缺席{r.absences}次' if r.absences >= rules.at_risk_absences else ''}）"
            for m, r in at_risk[:30]
        )
        more = f"等 {len(at_risk)} 人" if len(at_risk) > 30 else f"共 {len(at_risk)} 人"
        body = f"截至{as_of.month}月{as_of.day}日，积分低于 {fmt_points(line)} 分或未请假缺席达 {rules.at_risk_absences} 次的委员{more}：{names}。"
        sent += send_reminders_once(
            [
                Reminder(
                    key,
                    tuple(staff),
                    f"{today.month}月委员履职风险名单（{len(at_risk)}人）",
                    body=body,
                    url=f"/members/duty/at-risk/?year={year}",
                    category="duty",
                )
            ]
        )
    return sent


@dataclass(frozen=True)
class _Standing:
    total: object
    absences: int


def _year_results(committee_id, year, as_of, member_ids):
    """(rules, {member id: standing}) with the rules as they are now, so the list matches the rules
    staff see: the stored scores when every one was computed with those rules (the nightly
    recompute and each duty change keep them so), one query; otherwise every member scored now."""
    rule_set = rule_set_for(committee_id, year)
    if scores_are_current(rule_set):
        stored = MemberScore.objects.filter(committee_id=committee_id, year=year, member_id__in=member_ids)
        results = {
            mid: _Standing(total, absences) for mid, total, absences in stored.values_list("member_id", "total", "absences")
        }
        if len(results) == len(member_ids):
            return load_rules(rule_set), results
    _, rules, _, results = committee_year_results(committee_id, year, as_of=as_of, member_ids=member_ids)
    return rules, results
