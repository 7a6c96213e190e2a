"""Working days with Chinese public holidays and adjusted working days (调休).

2026 (State Council arrangement, carried by chinese-calendar): Mid-Autumn 9/25–9/27, National Day
10/1–10/7; Sunday 9/20 and Saturday 10/10 are working days."""

from datetime import date

import pytest

from consultations.models import CalendarDay
from consultations.workdays import WorkCalendar, package_covers


@pytest.fixture
def cal(committee):
    return WorkCalendar(committee.pk)


def test_holidays_and_adjusted_working_weekends_of_2026(cal):
    assert not cal.is_workday(date(2026, 10, 1)) and not cal.is_workday(date(2026, 10, 7))
    assert not cal.is_workday(date(2026, 9, 25))  # Mid-Autumn, a Friday
    assert cal.is_workday(date(2026, 10, 10))  # Saturday, worked in exchange
    assert cal.is_workday(date(2026, 9, 20))  # Sunday, worked in exchange
    assert not cal.is_workday(date(2026, 10, 11))  # an ordinary Sunday
    assert cal.is_workday(date(2026, 10, 8))


def test_counting_back_across_national_day(cal):
    # Mon 10/12 ← Sat 10/10 (worked) ← 10/9 ← 10/8 ← [10/1–10/7 off] ← 9/30 ← 9/29
    assert cal.before(date(2026, 10, 12), 5) == date(2026, 9, 29)
    # a notice 15 working days ahead of a meeting on Tue 10/20 also skips Mid-Autumn 9/25–9/27
    assert cal.before(date(2026, 10, 20), 15) == date(2026, 9, 22)
    # counting plain calendar days would have put it on 10/5, in the middle of the holiday
    assert cal.count_between(date(2026, 9, 22), date(2026, 10, 20)) == 15


def test_counting_forward_across_national_day_and_the_adjusted_saturday(cal):
    assert cal.after(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert cal.after(date(2026, 9, 30), 3) == date(2026, 10, 10)  # the adjusted Saturday counts
    # minutes due 7 working days after a meeting on Tue 9/29
    assert cal.after(date(2026, 9, 29), 7) == date(2026, 10, 14)
    assert cal.next_workday(date(2026, 10, 3)) == date(2026, 10, 8)


def test_a_year_the_package_does_not_know_falls_back_to_weekends_until_staff_enter_it(cal, committee):
    # 2099: a year no release of the package will carry (it ships a year at a time)
    assert package_covers(2026) and not package_covers(2099)
    assert not cal.year_is_covered(2099)
    # without data, New Year's Day 2099 (a Thursday) is counted as a working day
    assert cal.before(date(2099, 1, 2), 1) == date(2099, 1, 1)
    CalendarDay.objects.create(committee=committee, date=date(2099, 1, 1), is_workday=False, name="元旦")
    fresh = WorkCalendar(committee.pk)
    assert fresh.year_is_covered(2099)
    assert fresh.before(date(2099, 1, 2), 1) == date(2098, 12, 31)


def test_an_entry_by_staff_wins_over_the_package(committee):
    CalendarDay.objects.create(committee=committee, date=date(2026, 10, 10), is_workday=False, name="本地调整")
    CalendarDay.objects.create(committee=committee, date=date(2026, 10, 11), is_workday=True, name="补班")
    cal = WorkCalendar(committee.pk)
    assert not cal.is_workday(date(2026, 10, 10)) and cal.is_workday(date(2026, 10, 11))
    assert cal.after(date(2026, 9, 30), 3) == date(2026, 10, 11)


def test_corrections_belong_to_one_committee(committee, other_committee):
    CalendarDay.objects.create(committee=other_committee, date=date(2026, 10, 12), is_workday=False, name="远山节")
    assert WorkCalendar(committee.pk).is_workday(date(2026, 10, 12))
    assert not WorkCalendar(other_committee.pk).is_workday(date(2026, 10, 12))
