"""The staff calendar (month and week) and 我的日程 for members."""

import calendar as pycal
from datetime import date, datetime, time, timedelta

from django.shortcuts import redirect, render
from django.utils import timezone

from consultations.models import ActivityStatus
from consultations.permissions import can_read_all, member_profile
from consultations.selectors import activities_between, my_participations
from consultations.workdays import WorkCalendar

WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"]


def _parse_day(value, default):
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _days(request, first, last, activities):
    """Each day from first to last with its activities and whether it is a working day."""
    work = WorkCalendar(request.user.committee_id)
    by_day = {}
    for a in activities:
        start, end = timezone.localtime(a.starts_at).date(), timezone.localtime(a.ends_at).date()
        day = max(start, first)
        while day <= min(end, last):
            by_day.setdefault(day, []).append(a)
            day += timedelta(days=1)
    today = timezone.localdate()
    days, day = [], first
    while day <= last:
        days.append(
            {
                "date": day,
                "weekday": WEEKDAYS[day.weekday()],
                "activities": by_day.get(day, []),
                "workday": work.is_workday(day),
                "today": day == today,
            }
        )
        day += timedelta(days=1)
    return days, work


def _calendar(request):
    view = "week" if request.GET.get("view") == "week" else "month"
    anchor = _parse_day(request.GET.get("date"), timezone.localdate())
    if view == "month":
        first_of_month = anchor.replace(day=1)
        last_of_month = first_of_month.replace(day=pycal.monthrange(anchor.year, anchor.month)[1])
        first = first_of_month - timedelta(days=first_of_month.weekday())
        last = last_of_month + timedelta(days=6 - last_of_month.weekday())
        prev_anchor = (first_of_month - timedelta(days=1)).replace(day=1)
        next_anchor = last_of_month + timedelta(days=1)
        title = f"{anchor.year}年{anchor.month}月"
    else:
        first = anchor - timedelta(days=anchor.weekday())
        last = first + timedelta(days=6)
        prev_anchor, next_anchor = first - timedelta(days=7), first + timedelta(days=7)
        title = f"{first:%Y年%-m月%-d日}—{last:%-m月%-d日}"
    activities = list(activities_between(request.user, _aware(first), _aware(last + timedelta(days=1))))
    if not request.GET.get("cancelled"):
        activities = [a for a in activities if a.status != ActivityStatus.CANCELLED]
    days, work = _days(request, first, last, activities)
    if view == "month":
        in_range = [
            a
            for a in activities
            if (timezone.localtime(a.starts_at).year, timezone.localtime(a.starts_at).month) == (anchor.year, anchor.month)
        ]
    else:
        in_range = activities
    return {
        "view": view,
        "anchor": anchor,
        "title": title,
        "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
        "days": days,
        "weekdays": WEEKDAYS,
        "prev": prev_anchor.isoformat(),
        "next": next_anchor.isoformat(),
        "today": timezone.localdate().isoformat(),
        "listing": in_range,
        "uncovered": not work.year_is_covered(anchor.year),
    }


def staff_calendar(request):
    if not can_read_all(request.user):
        return redirect("consultations:mine")
    ctx = _calendar(request)
    ctx["mode"] = "staff"
    return render(request, "consultations/calendar.html", ctx)


def my_schedule(request):
    """我的日程: the activities a member (or a department's clerk) was invited to, by month or
    week, then the upcoming ones with the member's reply."""
    member = member_profile(request.user)
    if member is None and can_read_all(request.user):
        return redirect("consultations:calendar")
    ctx = _calendar(request)
    now = timezone.now()
    if member is not None:
        mine = list(my_participations(member))
        upcoming = [p for p in mine if p.activity.ends_at > now and p.activity.status != ActivityStatus.CANCELLED]
        recent = [p for p in mine if p.activity.ends_at <= now or p.activity.status == ActivityStatus.CANCELLED][-10:][::-1]
    else:
        upcoming = recent = []
    ctx.update(mode="mine", member=member, upcoming=upcoming, recent=recent)
    return render(request, "consultations/calendar.html", ctx)
