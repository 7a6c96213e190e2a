"""Working-day arithmetic with Chinese public holidays and adjusted working days (调休).

The chinese-calendar package carries the State Council's holiday arrangements for the years it
ships (1.11: 2004–2026). Staff may correct or extend it per committee with `CalendarDay` rows
(e.g. the next year's arrangement, announced each November, or a local holiday); a row always
wins. For a year neither covers, weekends are the only days off and `year_is_covered` says so,
so the pages can warn staff to enter that year's holidays."""

from datetime import date, timedelta
from functools import cache

import chinese_calendar


@cache
def package_covers(year):
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """The working calendar of one committee. Loads its corrections once (a small table)."""

    def __init__(self, committee_id):
        self.committee_id = committee_id
        self._overrides = None

    @property
    def overrides(self):
        if self._overrides is None:
            from consultations.models import CalendarDay

            self._overrides = dict(CalendarDay.objects.filter(committee_id=self.committee_id).values_list("date", "is_workday"))
        return self._overrides

    def is_workday(self, day):
        if day in self.overrides:
            return self.overrides[day]
        if package_covers(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def year_is_covered(self, year):
        return package_covers(year) or any(d.year == year for d in self.overrides)

    def before(self, day, count):
        """The date `count` working days before `day` (a notice 15 working days ahead of a
        meeting on `day` goes out on `before(day, 15)`)."""
        current, left = day, count
        while left > 0:
            current -= timedelta(days=1)
            if self.is_workday(current):
                left -= 1
        return current

    def after(self, day, count):
        """The date `count` working days after `day` (minutes due 7 working days after a meeting)."""
        current, left = day, count
        while left > 0:
            current += timedelta(days=1)
            if self.is_workday(current):
                left -= 1
        return current

    def next_workday(self, day):
        """`day` itself when it is a working day, else the next one."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def count_between(self, start, end):
        """Working days in (start, end]: how many working days `end` lies after `start`."""
        days, current = 0, start
        while current < end:
            current += timedelta(days=1)
            days += self.is_workday(current)
        return days
