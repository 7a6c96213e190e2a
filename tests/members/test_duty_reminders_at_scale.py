"""Duty reminders over a province: the quarterly minimum is summed in SQL exactly as the scoring
engine counts it, the day's run costs the same queries for 3 members or 20, and the monthly
at-risk list reads the stored scores when they are current instead of scoring every member."""

from datetime import date

from django.db.models import F

from cppcc_portal.notifications.models import Notification
from members import duty_reminders
from members.models import DutyKind, DutyRecord, ScoringRuleSet
from members.scoring import quarter_of, score
from members.scoring_services import load_rules, recompute_committee_year, records_by_member, rule_set_for
from tests.factories import MemberFactory
from tests.members.conftest import activity


def engine_current(member, rules, on):
    """What the scoring engine says the member has of each quarterly minimum this quarter."""
    result = score(records_by_member(member.committee_id, rules.year).get(member.pk, []), rules, as_of=on)
    return {m["label"]: m["current"] for m in result.minimums if m["period"] == "quarter"}


def test_quarter_values_match_the_scoring_engine(member_a, member_b, rule_set):
    year = rule_set.year
    on = date(year, 12, 1)
    activity(member_a, DutyKind.CONTACT, on=date(year, 10, 3))
    activity(member_a, DutyKind.CONTACT, on=date(year, 11, 20), quantity=40)
    activity(member_a, DutyKind.CONTACT, on=date(year, 9, 30))  # last quarter
    activity(member_a, DutyKind.CONTACT, on=date(year, 11, 2), status="pending")  # not verified
    absent = activity(member_b, DutyKind.CONTACT, on=date(year, 10, 9))
    DutyRecord.objects.filter(pk=absent.pk).update(attendance="absent")  # absent never counts
    activity(member_b, DutyKind.PLENARY, on=date(year, 10, 10))  # another kind
    rules = load_rules(rule_set_for(member_a.committee_id, year))
    quarterly = [m for m in rules.minimums if m.period == "quarter"]
    assert quarterly
    for member in (member_a, member_b):
        expected = engine_current(member, rules, on)
        got = {
            m.label: duty_reminders.quarter_values(member.committee_id, year, quarter_of(on), m).get(member.pk, 0)
            for m in quarterly
        }
        assert got == expected, member
    assert engine_current(member_a, rules, on) != engine_current(member_b, rules, on)


def count_queries(run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run()
    return len(queries)


def test_the_quarter_run_costs_the_same_for_few_or_many_members(committee, term, sector, rule_set, roles):
    year = rule_set.year
    few = [MemberFactory(user__committee=committee, user__username=f"few{i}") for i in range(3)]
    first = count_queries(lambda: duty_reminders.send_quarter_reminders(date(year, 12, 1)))
    assert Notification.objects.filter(user__in=[m.user for m in few]).count() == 3
    many = [MemberFactory(user__committee=committee, user__username=f"many{i}") for i in range(20)]
    second = count_queries(lambda: duty_reminders.send_quarter_reminders(date(year, 12, 2)))
    assert Notification.objects.filter(user__in=[m.user for m in many]).count() == 20
    assert Notification.objects.filter(user__in=[m.user for m in few]).count() == 3  # not twice
    assert second <= first


def test_the_at_risk_list_reads_current_stored_scores(member_a, member_b, member_staff, rule_set, monkeypatch):
    year = rule_set.year
    activity(member_a, DutyKind.CONTACT, on=date(year, 1, 5))
    recompute_committee_year(member_a.committee_id, year, as_of=date(year, 7, 1))

    def no_scoring(*args, **kwargs):
        raise AssertionError("scored every member although the stored scores are current")

    monkeypatch.setattr(duty_reminders, "committee_year_results", no_scoring)
    assert duty_reminders.send_at_risk_reminders(date(year, 7, 1)) == 1
    note = Notification.objects.get(user=member_staff)
    assert "李明华（教育界，2分）" in note.body and "王晓红（教育界，0分）" in note.body


def test_the_at_risk_list_is_scored_afresh_after_a_rule_change(member_a, member_b, member_staff, rule_set, monkeypatch):
    year = rule_set.year
    recompute_committee_year(member_a.committee_id, year, as_of=date(year, 7, 1))
    ScoringRuleSet.objects.filter(pk=rule_set.pk).update(version=F("version") + 1)  # the rules changed: stored scores stale
    scored = []
    real = duty_reminders.committee_year_results

    def counting(*args, **kwargs):
        scored.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(duty_reminders, "committee_year_results", counting)
    duty_reminders.send_at_risk_reminders(date(year, 8, 2))
    assert scored == [member_a.committee_id]
