"""The scoring engine (履职量化考核): pure functions from a year's duty records and a rule set to
a score. No queries here — `members.scoring_services` loads the rows and stores the results —
so the same code serves the background recomputation, a member's page and the PDF report.

How a score is made:
1. Only verified records of the year count (pending and rejected ones are listed, not scored).
2. Each record is scored by the one rule that matches it best: same kind, same attendance class
   ("" = present or no attendance; leave; absent), and role/level when the rule names them; a
   rule naming more conditions wins, then the lower `order`. Rules may be limited to dates.
3. A rule gives fixed points per record, points × quantity (half-days, people), or the points the
   source app computed (with the rule's points as a fallback). Negative points are deductions.
4. A rule's yearly total is limited to its cap (in magnitude). The total is base + all rules,
   never below 0, and at most 100 on the hundred scale.
5. The grade is the highest band whose minimum the total reaches.
6. Minimums count records (or sum their quantity) of some kinds per year or per quarter; records
   on leave or absent never count."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from members.models import Attendance, DutyKind, DutyStatus, PointsMode, ScoreScale

ZERO = Decimal("0")
HUNDRED = Decimal("100")
ATTENDED = ("", Attendance.PRESENT)


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def elapsed_quarter(year, as_of):
    """The quarter of `year` that `as_of` falls in: 0 before the year, 4 once it is over."""
    if as_of.year < year:
        return 0
    if as_of.year > year:
        return 4
    return quarter_of(as_of)


def elapsed_months(year, as_of):
    """Whole months of `year` over on `as_of` (0 in January, 12 once the year is over)."""
    if as_of.year < year:
        return 0
    if as_of.year > year:
        return 12
    return as_of.month - 1


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def fmt_points(value):
    """5 → "5", 2.5 → "2.5", -10 → "−10" (a true minus sign for print)."""
    value = _dec(value).quantize(Decimal("0.1"))
    text = f"{value.normalize():f}" if value != value.to_integral() else f"{int(value)}"
    return text.replace("-", "−")


@dataclass(frozen=True)
class Rule:
    id: int | None
    kind: str
    role: str = ""
    attendance: str = ""
    level: str = ""
    mode: str = PointsMode.FIXED
    points: Decimal = ZERO
    cap: Decimal | None = None
    effective_from: date | None = None
    effective_until: date | None = None
    order: int = 0

    @property
    def specificity(self):
        return (self.role != "") + (self.level != "") + (self.effective_from is not None or self.effective_until is not None)

    def matches(self, rec):
        if rec.kind != self.kind:
            return False
        if self.attendance == "":
            if rec.attendance not in ATTENDED:
                return False
        elif rec.attendance != self.attendance:
            return False
        if self.role and rec.role != self.role:
            return False
        if self.level and rec.level != self.level:
            return False
        if self.effective_from and rec.occurred_on < self.effective_from:
            return False
        return not (self.effective_until and rec.occurred_on > self.effective_until)

    def points_for(self, rec):
        if self.mode == PointsMode.PER_QUANTITY:
            return self.points * rec.quantity
        if self.mode == PointsMode.SOURCE and rec.points is not None:
            return _dec(rec.points)
        return self.points

    def describe(self, with_kind=True):
        """The rule in words, as the rules page and the report print it."""
        from members.models import LEVEL_LABELS, DutyRole, RuleAttendance

        parts = [DutyKind(self.kind).label] if with_kind else []
        if self.role:
            parts.append(str(DutyRole(self.role).label))
        if self.attendance:
            parts.append(str(RuleAttendance(self.attendance).label))
        if self.level:
            parts.append(str(LEVEL_LABELS.get(self.level, self.level)))
        head = " · ".join(str(p) for p in parts)
        sign = "扣" if self.points < 0 else ""
        amount = fmt_points(abs(self.points))
        if self.mode == PointsMode.PER_QUANTITY:
            unit = "每人" if self.kind == DutyKind.CONTACT else "每半天"
            text = f"{unit}{sign}{amount}分"
        elif self.mode == PointsMode.SOURCE:
            source = "社情民意积分标准" if self.kind.startswith("report_") else "组织部门所定积分"
            text = f"按{source}（未给分时{sign}{amount}分）"
        else:
            text = f"每次{sign}{amount}分"
        if self.cap is not None:
            text += f"，全年最多{'扣' if self.points < 0 else '计'}{fmt_points(self.cap)}分"
        if self.effective_from or self.effective_until:
            start = f"{self.effective_from:%Y-%m-%d}" if self.effective_from else "年初"
            end = f"{self.effective_until:%Y-%m-%d}" if self.effective_until else "年底"
            text += f"（{start}至{end}）"
        return f"{head}：{text}" if head else text

    @property
    def condition_text(self):
        return self.describe(with_kind=False)


@dataclass(frozen=True)
class Minimum:
    id: int | None
    label: str
    kinds: tuple
    role: str = ""
    measure: str = "count"
    threshold: int = 1
    period: str = "year"

    def counts(self, rec):
        return rec.kind in self.kinds and rec.attendance in ATTENDED and (not self.role or rec.role == self.role)

    def value_of(self, rec):
        return rec.quantity if self.measure == "quantity" else 1


@dataclass(frozen=True)
class Rules:
    """A rule set as plain values: what one computation used, whatever happens to the rows later."""

    rule_set_id: int | None
    version: int
    year: int
    scale: str = ScoreScale.HUNDRED
    base: Decimal = ZERO
    rules: tuple = ()
    grades: tuple = ()  # ((name, min_score), …) highest first
    minimums: tuple = ()
    at_risk_score: Decimal = Decimal("60")
    at_risk_prorate: bool = True
    at_risk_absences: int = 2

    @classmethod
    def from_rule_set(cls, rule_set, rules=None, grades=None, minimums=None):
        rules = rule_set.rules.all() if rules is None else rules
        grades = rule_set.grades.all() if grades is None else grades
        minimums = rule_set.minimums.all() if minimums is None else minimums
        return cls(
            rule_set_id=rule_set.pk,
            version=rule_set.version,
            year=rule_set.year,
            scale=rule_set.scale,
            base=_dec(rule_set.base_points),
            rules=tuple(
                Rule(
                    id=r.pk,
                    kind=r.kind,
                    role=r.role,
                    attendance=r.attendance,
                    level=r.level,
                    mode=r.mode,
                    points=_dec(r.points),
                    cap=None if r.cap is None else _dec(r.cap),
                    effective_from=r.effective_from,
                    effective_until=r.effective_until,
                    order=r.order,
                )
                for r in rules
            ),
            grades=tuple(sorted(((g.name, _dec(g.min_score)) for g in grades), key=lambda g: -g[1])),
            minimums=tuple(
                Minimum(
                    id=m.pk,
                    label=m.label,
                    kinds=tuple(m.kinds),
                    role=m.role,
                    measure=m.measure,
                    threshold=m.threshold,
                    period=m.period,
                )
                for m in minimums
            ),
            at_risk_score=_dec(rule_set.at_risk_score),
            at_risk_prorate=rule_set.at_risk_prorate,
            at_risk_absences=rule_set.at_risk_absences,
        )

    def rule_for(self, rec):
        best = None
        for rule in self.rules:
            if rule.matches(rec) and (best is None or (-rule.specificity, rule.order) < (-best.specificity, best.order)):
                best = rule
        return best

    def grade_for(self, total):
        for name, minimum in self.grades:
            if total >= minimum:
                return name
        return ""

    def at_risk_line(self, as_of):
        """The score under which a member is at risk on `as_of` (pro-rated by months if set)."""
        if not self.at_risk_prorate:
            return self.at_risk_score
        return (self.at_risk_score * elapsed_months(self.year, as_of) / 12).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Rec:
    """The fields of a DutyRecord the engine reads."""

    id: int
    kind: str
    occurred_on: date
    role: str = ""
    attendance: str = ""
    level: str = ""
    quantity: int = 1
    points: Decimal | None = None
    status: str = DutyStatus.VERIFIED


REC_FIELDS = ("id", "kind", "occurred_on", "role", "attendance", "level", "quantity", "points", "status")


@dataclass
class Line:
    rule: Rule | None
    count: int = 0
    quantity: int = 0
    raw: Decimal = ZERO
    points: Decimal = ZERO
    record_ids: list = field(default_factory=list)

    @property
    def capped(self):
        return self.points != self.raw


@dataclass
class Result:
    total: Decimal
    raw_total: Decimal
    grade: str
    lines: list
    record_points: dict  # record id → points before the cap (None: counted by no rule)
    minimums: list  # dicts, see _minimums()
    absences: int
    record_count: int

    @property
    def below_minimum(self):
        return any(not m["met"] for m in self.minimums)

    @property
    def missing(self):
        return [m["label"] for m in self.minimums if not m["met"]]

    def by_kind(self):
        """[(kind, points, count, [lines])] in DutyKind order, kinds with records only."""
        grouped = {}
        for line in self.lines:
            kind = line.rule.kind if line.rule else None
            grouped.setdefault(kind, []).append(line)
        out = []
        for kind in DutyKind.values:
            lines = grouped.get(kind)
            if lines:
                out.append((kind, sum((ln.points for ln in lines), ZERO), sum(ln.count for ln in lines), lines))
        return out

    def breakdown_json(self):
        """What MemberScore.breakdown stores: enough to show and export the score without the rules."""
        return {
            "kinds": [
                {
                    "kind": kind,
                    "points": str(points),
                    "count": count,
                    "lines": [
                        {
                            "rule": ln.rule.id,
                            "text": ln.rule.describe(),
                            "count": ln.count,
                            "quantity": ln.quantity,
                            "raw": str(ln.raw),
                            "points": str(ln.points),
                            "records": ln.record_ids,
                        }
                        for ln in lines
                    ],
                }
                for kind, points, count, lines in self.by_kind()
            ],
            "records": {str(k): (None if v is None else str(v)) for k, v in self.record_points.items()},
            "minimums": self.minimums,
        }


def score(records, rules, *, as_of):
    """Score one member's records of `rules.year` as known on `as_of`."""
    lines = {}
    record_points = {}
    absences = 0
    counted = [r for r in records if r.status == DutyStatus.VERIFIED and r.occurred_on.year == rules.year]
    for rec in counted:
        if rec.attendance == Attendance.ABSENT:
            absences += 1
        rule = rules.rule_for(rec)
        if rule is None:
            record_points[rec.id] = None
            continue
        pts = rule.points_for(rec)
        record_points[rec.id] = pts
        line = lines.setdefault(rule, Line(rule))
        line.count += 1
        line.quantity += rec.quantity
        line.raw += pts
        line.record_ids.append(rec.id)
    for line in lines.values():
        line.points = line.raw
        if line.rule.cap is not None and abs(line.raw) > line.rule.cap:
            line.points = line.rule.cap if line.raw > 0 else -line.rule.cap
    ordered = sorted(lines.values(), key=lambda ln: (DutyKind.values.index(ln.rule.kind), ln.rule.order, ln.rule.id or 0))
    raw_total = rules.base + sum((ln.points for ln in ordered), ZERO)
    total = max(ZERO, raw_total)
    if rules.scale == ScoreScale.HUNDRED:
        total = min(HUNDRED, total)
    return Result(
        total=total,
        raw_total=raw_total,
        grade=rules.grade_for(total),
        lines=ordered,
        record_points=record_points,
        minimums=_minimums(counted, rules, as_of),
        absences=absences,
        record_count=len(counted),
    )


def _minimums(records, rules, as_of):
    """Each minimum with its value per period. `met` says whether the member meets it on `as_of`:
    a yearly minimum once the year's value reaches it; a quarterly one when every closed quarter
    reached it and so has the current one. `open_short` marks a period still open but short (the
    member can still make it), `missed_quarters` the closed quarters that fell short."""
    if as_of.year == rules.year:
        open_q, closed_before = quarter_of(as_of), quarter_of(as_of)
    else:
        open_q, closed_before = None, (5 if as_of.year > rules.year else 1)
    out = []
    for minimum in rules.minimums:
        per_quarter = [0, 0, 0, 0]
        for rec in records:
            if minimum.counts(rec):
                per_quarter[quarter_of(rec.occurred_on) - 1] += minimum.value_of(rec)
        year_value = sum(per_quarter)
        item = {
            "id": minimum.id,
            "label": minimum.label,
            "period": minimum.period,
            "measure": minimum.measure,
            "threshold": minimum.threshold,
            "value": year_value,
        }
        if minimum.period == "quarter":
            quarters = []
            for q in range(1, 5):
                reached = per_quarter[q - 1] >= minimum.threshold
                state = "met" if reached else "missed" if q < closed_before else "open" if q == open_q else "future"
                quarters.append({"q": q, "value": per_quarter[q - 1], "state": state})
            current = quarters[open_q - 1] if open_q else None
            item["quarters"] = quarters
            item["current_quarter"] = open_q
            item["current"] = current["value"] if current else None
            item["missed_quarters"] = [q["q"] for q in quarters if q["state"] == "missed"]
            item["open_short"] = bool(current and current["state"] == "open")
            item["met"] = not item["missed_quarters"] and not item["open_short"]
        else:
            item["met"] = year_value >= minimum.threshold
            item["open_short"] = not item["met"] and open_q is not None
        out.append(item)
    return out
