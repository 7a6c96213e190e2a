"""The scoring engine on plain values: points per kind, roles, attendance, levels, source points,
caps, deductions, scales, grades, minimums and rules limited to dates (a change mid-year)."""

from datetime import date
from decimal import Decimal as D

from members.models import DutyKind as K
from members.models import DutyStatus, PointsMode, ScoreScale
from members.scoring import Minimum, Rec, Rule, Rules, elapsed_months, fmt_points, score
from members.scoring_defaults import GRADES, MINIMUMS, RULES

Y = 2026
_ids = iter(range(1, 10**6))


def rec(kind, on=date(Y, 3, 1), **kw):
    return Rec(id=next(_ids), kind=kind, occurred_on=on, **kw)


def defaults(scale=ScoreScale.HUNDRED, base=D(0)):
    return Rules(
        rule_set_id=1,
        version=1,
        year=Y,
        scale=scale,
        base=base,
        rules=tuple(
            Rule(id=i, kind=k, role=r, attendance=a, level=lv, mode=m, points=p, cap=c, order=i)
            for i, (k, r, a, lv, m, p, c) in enumerate(RULES)
        ),
        grades=tuple(GRADES),
        minimums=tuple(
            Minimum(id=i, label=label, kinds=tuple(kinds), role=role, measure=measure, threshold=t, period=period)
            for i, (label, kinds, role, measure, t, period) in enumerate(MINIMUMS)
        ),
    )


END = date(Y, 12, 31)


def test_domain_points_for_plenary_activities_and_proposals():
    r = score(
        [
            rec(K.PLENARY, attendance="present", quantity=7),  # 5 × 7 half-days
            rec(K.CONSULTATION, attendance="present"),  # 5
            rec(K.PROPOSAL_ACCEPTED, role="lead"),  # 15
            rec(K.PROPOSAL_ACCEPTED, role="cosigner"),  # 3
            rec(K.PROPOSAL_KEY, role="lead"),  # +15
            rec(K.PROPOSAL_EXCELLENT, role="cosigner"),  # +2
        ],
        defaults(),
        as_of=END,
    )
    assert r.total == D(35 + 5 + 15 + 3 + 15 + 2)
    kinds = {k: pts for k, pts, _, _ in r.by_kind()}
    assert kinds[K.PLENARY] == 35 and kinds[K.PROPOSAL_ACCEPTED] == 18


def test_unexcused_absence_deducts_and_leave_neither_adds_nor_deducts():
    r = score(
        [
            rec(K.PLENARY, attendance="absent"),  # −10
            rec(K.CONSULTATION, attendance="absent"),  # −5
            rec(K.ACTIVITY, attendance="leave"),  # 0: no rule
            rec(K.ACTIVITY, attendance="present"),  # 5
            rec(K.CONTACT),
            rec(K.CONTACT),
            rec(K.CONTACT),
            rec(K.CONTACT),
            rec(K.CONTACT),
            rec(K.CONTACT),
            rec(K.CONTACT),
            rec(K.CONTACT),  # 8 × 2 = 16
        ],
        defaults(),
        as_of=END,
    )
    assert r.raw_total == D(-10 - 5 + 5 + 16)
    assert r.absences == 2
    leave = [rid for rid, pts in r.record_points.items() if pts is None]
    assert len(leave) == 1


def test_total_never_below_zero():
    r = score([rec(K.PLENARY, attendance="absent"), rec(K.STANDING_MEETING, attendance="absent")], defaults(), as_of=END)
    assert r.raw_total == D(-15) and r.total == 0 and r.grade == "不称职"


def test_a_cap_limits_the_years_points_of_a_rule():
    contacts = [rec(K.CONTACT, on=date(Y, 1 + i % 12, 5)) for i in range(13)]  # 26 points raw
    r = score(contacts, defaults(), as_of=END)
    (line,) = r.lines
    assert line.raw == 26 and line.points == 20 and line.capped
    assert r.total == 20
    # each record still shows its own points; the cap is on the line
    assert set(r.record_points.values()) == {D(2)}


def test_a_cap_on_a_deduction_limits_how_much_is_taken():
    rules = Rules(
        rule_set_id=1,
        version=1,
        year=Y,
        base=D(50),
        rules=(Rule(id=1, kind=K.ACTIVITY, attendance="absent", points=D(-5), cap=D(8)),),
    )
    r = score([rec(K.ACTIVITY, attendance="absent") for _ in range(3)], rules, as_of=END)
    assert r.lines[0].raw == -15 and r.lines[0].points == -8
    assert r.total == 42


def test_source_points_are_used_and_the_rule_points_when_the_source_gave_none():
    r = score(
        [
            rec(K.REPORT_ADOPTED, level="national", points=D(20)),
            rec(K.REPORT_ADOPTED, level="own", points=None),  # fallback 5
            rec(K.REPORT_COMMENTED, level="city_leader", points=D("12.5")),
        ],
        defaults(),
        as_of=END,
    )
    assert r.total == D("37.5")


def test_source_points_may_be_capped():
    r = score([rec(K.REPORT_SUBMITTED, points=D(4)) for _ in range(4)], defaults(), as_of=END)
    assert r.lines[0].raw == 16 and r.total == 10


def test_the_more_specific_rule_wins():
    r = score([rec(K.SPEECH, level="oral"), rec(K.SPEECH, level="written"), rec(K.SPEECH)], defaults(), as_of=END)
    assert sorted(r.record_points.values()) == [5, 5, 10]
    assert r.total == 20


def test_pending_and_rejected_records_do_not_count():
    r = score(
        [
            rec(K.CONTACT, status=DutyStatus.PENDING),
            rec(K.CONTACT, status=DutyStatus.REJECTED),
            rec(K.CONTACT),
        ],
        defaults(),
        as_of=END,
    )
    assert r.total == 2 and r.record_count == 1


def test_hundred_scale_stops_at_100_and_points_scale_does_not():
    many = [rec(K.PROPOSAL_ACCEPTED, role="lead") for _ in range(9)]  # 135
    assert score(many, defaults(), as_of=END).total == 100
    uncapped = score(many, defaults(scale=ScoreScale.POINTS), as_of=END)
    assert uncapped.total == 135 and uncapped.grade == "优秀"


def test_grade_boundaries():
    rules = defaults(base=D(0))
    for total, grade in [
        (D(90), "优秀"),
        (D("89.9"), "良好"),
        (D(80), "良好"),
        (D("79.9"), "称职"),
        (D(60), "称职"),
        (D("59.9"), "不称职"),
        (D(0), "不称职"),
    ]:
        assert rules.grade_for(total) == grade, total


def test_base_points_are_added():
    r = score([rec(K.CONTACT)], defaults(base=D(60)), as_of=END)
    assert r.total == 62 and r.grade == "称职"


def test_a_rule_changed_mid_year_by_dates_scores_each_half_by_its_own_points():
    rules = Rules(
        rule_set_id=1,
        version=2,
        year=Y,
        rules=(
            Rule(id=1, kind=K.CONTACT, points=D(2), effective_until=date(Y, 6, 30)),
            Rule(id=2, kind=K.CONTACT, points=D(3), effective_from=date(Y, 7, 1)),
        ),
    )
    r = score(
        [rec(K.CONTACT, on=date(Y, 3, 1)), rec(K.CONTACT, on=date(Y, 6, 30)), rec(K.CONTACT, on=date(Y, 7, 1))], rules, as_of=END
    )
    assert r.total == 2 + 2 + 3
    assert [ln.rule.id for ln in r.lines] == [1, 2]


def test_per_quantity_rule_multiplies():
    rules = Rules(
        rule_set_id=1, version=1, year=Y, rules=(Rule(id=1, kind=K.PLENARY, mode=PointsMode.PER_QUANTITY, points=D(5)),)
    )
    assert score([rec(K.PLENARY, attendance="present", quantity=5)], rules, as_of=END).total == 25


def test_records_of_another_year_are_ignored():
    r = score([rec(K.CONTACT, on=date(Y - 1, 12, 31)), rec(K.CONTACT)], defaults(), as_of=END)
    assert r.total == 2


def _minimum(result, label_start):
    return next(m for m in result.minimums if m["label"].startswith(label_start))


def test_quarterly_minimum_states_during_the_year():
    records = [rec(K.CONTACT, on=date(Y, 2, 1)), rec(K.CONTACT, on=date(Y, 8, 1))]
    r = score(records, defaults(), as_of=date(Y, 11, 23))
    m = _minimum(r, "每季度联系")
    assert [q["state"] for q in m["quarters"]] == ["met", "missed", "met", "open"]
    assert m["missed_quarters"] == [2] and m["open_short"] and not m["met"]
    # once Q4 has its contact, only the missed Q2 remains
    r = score([*records, rec(K.CONTACT, on=date(Y, 11, 1))], defaults(), as_of=date(Y, 11, 23))
    m = _minimum(r, "每季度联系")
    assert not m["open_short"] and m["missed_quarters"] == [2] and not m["met"]


def test_quarterly_minimum_of_a_past_year_judges_the_fourth_quarter_too():
    records = [rec(K.CONTACT, on=date(Y, q * 3 - 1, 1)) for q in (1, 2, 3)]
    m = _minimum(score(records, defaults(), as_of=date(Y + 1, 2, 1)), "每季度联系")
    assert m["missed_quarters"] == [4] and not m["open_short"]


def test_people_reached_sums_quantity_and_leave_never_counts_towards_a_minimum():
    r = score(
        [rec(K.CONTACT, quantity=25), rec(K.CONTACT, quantity=15), rec(K.PLENARY, attendance="leave")],
        defaults(),
        as_of=END,
    )
    people = _minimum(r, "全年联系")
    assert people["value"] == 40 and people["met"]
    assert not _minimum(r, "出席全体会议")["met"]
    assert "出席全体会议" in r.missing and r.below_minimum


def test_activity_minimum_counts_several_kinds():
    r = score(
        [
            rec(K.CONSULTATION, attendance="present"),
            rec(K.RESEARCH),
            rec(K.INSPECTION, attendance="present"),
            rec(K.ACTIVITY, attendance="absent"),
        ],
        defaults(),
        as_of=END,
    )
    assert _minimum(r, "参加协商")["value"] == 3


def test_at_risk_line_is_prorated_by_whole_months():
    rules = defaults()
    assert elapsed_months(Y, date(Y, 1, 20)) == 0
    assert rules.at_risk_line(date(Y, 7, 1)) == 30
    assert rules.at_risk_line(date(Y + 1, 1, 1)) == 60


def test_rules_in_words():
    by_kind = {r.kind + r.attendance: r for r in defaults().rules if not r.role and not r.level}
    assert by_kind["plenary"].describe() == "出席全体会议：每半天5分"
    assert by_kind["plenaryabsent"].describe() == "出席全体会议 · 缺席（未请假）：每次扣10分"
    assert by_kind["contact"].describe() == "联系界别群众：每次2分，全年最多计20分"
    assert fmt_points(D("-2.5")) == "−2.5" and fmt_points(D("35.0")) == "35"
