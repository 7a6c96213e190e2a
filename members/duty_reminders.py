"""Duty reminders, each sent once (a claimed key per member per quarter, per committee per month):
- in the first days of the last month of each quarter, members who have not yet met a
  quarterly minimum (e.g. the quarter's contact activity) are told what is missing;
- in the first days of each month, member-affairs staff get the list of members at risk.
The beat runs them daily; a day missed is caught up while the window is open."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from cppcc_portal.notifications.services import send_reminder_once
from members.models import Committee, Member, MemberStatus
from members.roles import Role
from members.scoring import fmt_points, quarter_of, score
from members.scoring_services import committee_year_results, load_rules, records_by_member, rule_set_for

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
        records = records_by_member(committee.pk, year)
        for member in Member.objects.filter(committee=committee, status=MemberStatus.SERVING).select_related("user"):
            result = score(records.get(member.pk, []), rules, as_of=today)
            short = [m for m in result.minimums if m["period"] == "quarter" and m["open_short"]]
            if not short:
                continue
            body = "本季度还需完成：" + "；".join(f"{m['label']}（目前 {m['current']}，要求 {m['threshold']}）" for m in short)
            body += "。请在季度结束前完成，并在“我的履职”中填报，工作人员审核后计入。"
            if send_reminder_once(
                f"duty-quarter:{committee.pk}:{year}Q{quarter}:member={member.pk}",
                [member.user],
                f"{year}年第{quarter}季度履职提醒",
                body=body,
                url="/members/duty/",
                category="duty",
            ):
                sent += 1
    return sent


def send_at_risk_reminders(today=None):
    today = today or timezone.localdate()
    if today.day > WINDOW_DAYS:
        return 0
    year = today.year if today.month > 1 else today.year - 1  # in January, last year's final list
    as_of = today
    sent = 0
    User = get_user_model()
    for committee in _committees_with_members():
        # computed now with the current rules, so the list matches the rules staff see
        serving = {
            m.pk: m
            for m in Member.objects.filter(committee=committee, status=MemberStatus.SERVING).select_related("user", "sector")
        }
        _, rules, _, results = committee_year_results(committee.pk, year, as_of=as_of, member_ids=list(serving))
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
        if send_reminder_once(
            f"duty-at-risk:{committee.pk}:{today:%Y-%m}",
            staff,
            f"{today.month}月委员履职风险名单（{len(at_risk)}人）",
            body=body,
            url=f"/members/duty/at-risk/?year={year}",
            category="duty",
        ):
            sent += 1
    return sent
