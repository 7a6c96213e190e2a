"""Scheduling checks while planning (防止主题重复、人员扎堆、时段集中): a topic already consulted
this year, a member booked into overlapping activities or into more than K a week, more than L
activities in one week, and a notice that cannot go out the set number of working days ahead.
They are warnings: staff may override them with a reason (services.activities.activity_schedule)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from consultations.models import Activity, ActivityStatus, Participant
from consultations.selectors import settings_for
from consultations.workdays import WorkCalendar
from cppcc_portal.core.search import most_similar


@dataclass(frozen=True)
class ScheduleWarning:
    code: str
    kind: str  # topic | overlap | member_week | crowded_week | short_notice
    message: str


def week_bounds(day):
    """Monday 00:00 to next Monday 00:00 (local time) of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, start + timedelta(days=7)


def _when(activity):
    start, end = timezone.localtime(activity.starts_at), timezone.localtime(activity.ends_at)
    return f"{start:%-m月%-d日 %H:%M}—{end:%H:%M}" if start.date() == end.date() else f"{start:%-m月%-d日}—{end:%-m月%-d日}"


def schedule_warnings(activity, *, member_ids=None, today=None):
    """Warnings for `activity` as it stands (or with `member_ids` as its member participants).
    A fixed number of queries whatever the numbers of activities and participants."""
    rules = settings_for(activity.committee_id)
    today = today or timezone.localdate()
    if member_ids is None:
        member_ids = list(Participant.objects.filter(activity=activity, member__isnull=False).values_list("member_id", flat=True))
    member_ids = set(member_ids)
    local_start = timezone.localtime(activity.starts_at)
    week_start, week_end = week_bounds(local_start.date())
    warnings = []

    others = Activity.objects.filter(committee_id=activity.committee_id).exclude(status=ActivityStatus.CANCELLED)
    if activity.pk:
        others = others.exclude(pk=activity.pk)

    # 1. 主题重复: another activity this year, not of the same plan item, on a similar topic.
    year_start = timezone.make_aware(datetime(local_start.year, 1, 1))
    same_year = others.filter(starts_at__gte=year_start, starts_at__lt=year_start.replace(year=local_start.year + 1))
    if activity.plan_item_id:
        same_year = same_year.exclude(plan_item_id=activity.plan_item_id)
    candidates = {a.pk: a for a in same_year.select_related("plan_item").only("pk", "title", "starts_at", "plan_item__topic")}
    topic = activity.plan_item.topic if activity.plan_item_id else activity.title
    texts = [(pk, a.plan_item.topic if a.plan_item_id else a.title) for pk, a in candidates.items()]
    for score, pk in most_similar(topic, texts, top=3, threshold=float(rules.topic_similarity)):
        other = candidates[pk]
        warnings.append(
            ScheduleWarning(
                f"topic:{pk}",
                "topic",
                f"议题与本年度已安排的“{other.title}”（{timezone.localtime(other.starts_at):%-m月%-d日}）相近（相似度{score:.0%}）",
            )
        )

    # Everything else looks at the activity's week and anything overlapping it.
    window_start, window_end = min(week_start, activity.starts_at), max(week_end, activity.ends_at)
    nearby = list(others.filter(starts_at__lt=window_end, ends_at__gt=window_start).order_by("starts_at"))
    booked = {}
    if member_ids and nearby:
        for p in Participant.objects.filter(activity__in=nearby, member_id__in=member_ids).values("member_id", "activity_id"):
            booked.setdefault(p["member_id"], set()).add(p["activity_id"])
    names = {}
    if booked:
        from members.models import Member

        names = {m.pk: m.name for m in Member.objects.filter(pk__in=booked).select_related("user")}
    by_pk = {a.pk: a for a in nearby}
    in_week = [a for a in nearby if week_start <= a.starts_at < week_end]
    week_label = f"{timezone.localtime(week_start):%-m月%-d日}—{timezone.localtime(week_end - timedelta(days=1)):%-m月%-d日}"

    # 2. 人员扎堆: a member in an overlapping activity, or in more than K activities this week.
    for member_id in sorted(booked):
        for other_pk in sorted(booked[member_id]):
            other = by_pk[other_pk]
            if other.starts_at < activity.ends_at and other.ends_at > activity.starts_at:
                warnings.append(
                    ScheduleWarning(
                        f"overlap:{member_id}:{other_pk}",
                        "overlap",
                        f"{names[member_id]}委员同一时间已安排参加“{other.title}”（{_when(other)}）",
                    )
                )
        week_count = 1 + sum(1 for pk in booked[member_id] if week_start <= by_pk[pk].starts_at < week_end)
        if week_count > rules.member_weekly_limit:
            warnings.append(
                ScheduleWarning(
                    f"member_week:{member_id}:{week_start.date()}",
                    "member_week",
                    f"{names[member_id]}委员本周（{week_label}）将参加{week_count}项活动，超过每周{rules.member_weekly_limit}项",
                )
            )

    # 3. 时段集中: more than L activities in the week.
    if len(in_week) + 1 > rules.weekly_activity_limit:
        titles = "、".join(f"“{a.title}”" for a in in_week[:4])
        warnings.append(
            ScheduleWarning(
                f"crowded_week:{week_start.date()}",
                "crowded_week",
                f"本周（{week_label}）已安排{len(in_week)}项活动（{titles}），再安排将超过每周{rules.weekly_activity_limit}项",
            )
        )

    # 4. The notice can no longer go out the set number of working days ahead.
    if activity.status in (ActivityStatus.DRAFT, ActivityStatus.SCHEDULED):
        notice_on = WorkCalendar(activity.committee_id).before(local_start.date(), rules.notice_working_days)
        if notice_on < today:
            warnings.append(
                ScheduleWarning(
                    "short_notice",
                    "short_notice",
                    f"距活动已不足{rules.notice_working_days}个工作日（应于{notice_on:%-m月%-d日}前发通知），通知将晚于规定时间发出",
                )
            )
    return warnings


def unresolved(activity, warnings):
    return [w for w in warnings if w.code not in set(activity.override_codes or [])]
