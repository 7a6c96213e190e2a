"""Deadlines count calendar days and months in Asia/Shanghai (DESIGN.md: time is aware)."""

import calendar
from datetime import date

from django.utils import timezone


def today():
    return timezone.localdate()


def local_date(moment):
    return timezone.localdate(moment) if moment else None


def add_months(start: date, months: int) -> date:
    """2026-01-31 + 1 month → 2026-02-28: the same day of the month, clamped to the month's end."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def days_left(deadline, on=None):
    """Calendar days from `on` (today) to the deadline: 0 on the day, negative once overdue."""
    return (deadline - (on or today())).days
