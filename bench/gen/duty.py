"""The members' duty files beyond what the other apps recorded: plenary and standing-committee
attendance from sign-in sheets, and the activities members record themselves (contact with the
people, studio duty, reading, training, research) in every verification state, up to the total
of duty records; then every member's score, computed by the app's own engine (members.scoring)."""

from datetime import date, datetime, time, timedelta
from multiprocessing import get_context

from django.db import connections
from django.utils import timezone

from bench.gen import sizes
from bench.gen.db import CST, Table, execute, fetch
from cppcc_portal.core.chinese import cn_number
from members import duty_demo
from members.models import AttendanceSheet, DutyKind, DutyRecordEvent, DutyStatus, MemberScore

SELF_KINDS = [
    (DutyKind.CONTACT, 60),
    (DutyKind.STUDIO, 12),
    (DutyKind.READING, 10),
    (DutyKind.TRAINING, 10),
    (DutyKind.RESEARCH, 8),
]
TITLES = {
    DutyKind.STUDIO: duty_demo.STUDIO_TITLES,
    DutyKind.READING: duty_demo.READING_TITLES,
    DutyKind.TRAINING: duty_demo.TRAINING_TITLES,
    DutyKind.RESEARCH: duty_demo.RESEARCH_TITLES,
}


def duty_years(gen):
    return [gen.today.year - 1, gen.today.year]


def _sheets(gen, orgs, duty):
    """Sign-in sheets of the plenary and the standing committee's meetings, for every member."""
    rng = gen.seeded("duty-sheets")
    today = gen.today
    t_sheet = Table(
        AttendanceSheet,
        [
            "id",
            "committee_id",
            "kind",
            "title",
            "held_on",
            "half_days",
            "mark_missing_absent",
            "original_name",
            "present_count",
            "leave_count",
            "absent_count",
            "imported_by_id",
            "imported_at",
        ],
    )
    existing = {
        (cid, kind, held): pk
        for pk, cid, kind, held in fetch("SELECT id, committee_id, kind, held_on FROM members_attendancesheet")
    }
    on_sheet = set(fetch("SELECT source, member_id FROM members_dutyrecord WHERE source LIKE 'members.AttendanceSheet:%%'"))
    sheets, updates = [], []
    for org in orgs:
        serving = [m for m in org.members if m.serving]
        sessions = {s[2]: s for s in org.sessions}
        for year in duty_years(gen):
            meetings = []
            s = sessions.get(year)
            if s and s[3] <= today:
                title = f"政协第{cn_number(org.term_number)}届{org.place}委员会第{cn_number(s[1])}次会议"
                meetings.append((DutyKind.PLENARY, title, s[3], 7, serving))
            for month, day, label in duty_demo.STANDING_MEETINGS:
                held = date(year, month, day)
                if held <= today:
                    meetings.append((DutyKind.STANDING_MEETING, f"{year}年{label}", held, 1, [m for m in serving if m.standing]))
            for kind, title, held, half_days, expected in meetings:
                pk = existing.get((org.pk, kind, held))
                fresh = pk is None
                if fresh:
                    pk = gen.ids.take(AttendanceSheet)
                source = f"members.AttendanceSheet:{pk}"
                counts = {"present": 0, "leave": 0, "absent": 0}
                for m in expected:
                    if (source, m.pk) in on_sheet:
                        continue
                    roll = rng.random()
                    if kind == DutyKind.PLENARY:
                        att = "present" if roll < 0.92 else "leave" if roll < 0.97 else "absent"
                        days = half_days if rng.random() < 0.9 else rng.randint(4, half_days - 1)
                    else:
                        att = "present" if roll < 0.85 else "leave" if roll < 0.97 else "absent"
                        days = 1
                    counts[att] += 1
                    duty.add(
                        org.pk,
                        m.pk,
                        org.term_pk,
                        kind,
                        held,
                        title,
                        attendance=att,
                        quantity=days if att == "present" else 1,
                        source=source,
                        recorded_by=org.staff,
                        recorded_at=datetime.combine(held + timedelta(days=2), time(10), CST),
                    )
                if fresh:
                    sheets.append(
                        (
                            pk,
                            org.pk,
                            kind,
                            title,
                            held,
                            half_days,
                            True,
                            f"{title}签到表.xlsx",
                            counts["present"],
                            counts["leave"],
                            counts["absent"],
                            org.staff,
                            datetime.combine(held + timedelta(days=2), time(10), CST),
                        )
                    )
                else:
                    updates.append((counts["present"], counts["leave"], counts["absent"], pk))
    t_sheet.copy(sheets)
    for present, leave, absent, pk in updates:
        execute(
            "UPDATE members_attendancesheet SET present_count = present_count + %s, leave_count = leave_count + %s, "
            "absent_count = absent_count + %s WHERE id = %s",
            [present, leave, absent, pk],
        )


def _self_recorded(gen, orgs, duty, wanted):
    """`wanted` records members entered themselves, spread over diligent and idle members."""
    rng = gen.seeded(f"duty-self-{orgs[0].pk if orgs else 0}")
    today = gen.today
    t_event = Table(DutyRecordEvent, ["id", "committee_id", "record_id", "from_status", "to_status", "actor_id", "at", "comment"])
    people = [(org, m) for org in orgs for m in org.members if m.serving]
    if not people or wanted <= 0:
        return 0
    weights = [rng.random() + 0.2 for _ in people]
    years = duty_years(gen)
    kinds, kind_weights = zip(*SELF_KINDS, strict=True)
    events = []
    made = 0
    picks = rng.choices(range(len(people)), weights, k=wanted)
    for idx in picks:
        org, m = people[idx]
        year = rng.choice(years)
        last = today if year == today.year else date(year, 12, 31)
        day = date(year, 1, 1) + timedelta(days=rng.randint(0, (last - date(year, 1, 1)).days))
        kind = rng.choices(kinds, kind_weights)[0]
        if kind == DutyKind.CONTACT:
            title, heard = rng.choice(duty_demo.CONTACT_TOPICS)
            quantity = rng.randint(5, 38)
        else:
            title, heard, quantity = rng.choice(TITLES[kind]), "", 1
        age = (today - day).days
        roll = rng.random()
        if age < 40:
            status = DutyStatus.PENDING if roll < 0.55 else DutyStatus.REJECTED if roll < 0.6 else DutyStatus.VERIFIED
        else:
            status = DutyStatus.VERIFIED if roll < 0.93 else DutyStatus.REJECTED
        decided = status != DutyStatus.PENDING
        verified_at = datetime.combine(day + timedelta(days=3), time(10), CST) if decided else None
        reason = rng.choice(duty_demo.REJECT_REASONS) if status == DutyStatus.REJECTED else ""
        entered = datetime.combine(day, time(20), CST)
        pk = duty.add(
            org.pk,
            m.pk,
            org.term_pk,
            kind,
            day,
            title,
            detail=heard,
            quantity=quantity,
            place=rng.choice(duty_demo.PLACES).replace("临江市", org.place).replace("青山区", org.place),
            status=status,
            reject_reason=reason,
            recorded_by=m.user,
            verified_by=org.staff if decided else None,
            verified_at=verified_at,
            recorded_at=entered,
        )
        events.append((gen.ids.take(DutyRecordEvent), org.pk, pk, "", DutyStatus.PENDING, m.user, entered, "委员填报"))
        if decided:
            events.append((gen.ids.take(DutyRecordEvent), org.pk, pk, DutyStatus.PENDING, status, org.staff, verified_at, reason))
        made += 1
        if len(events) >= 100_000:
            t_event.copy(events)
            events = []
    t_event.copy(events)
    return made


def sheets_step(gen, orgs, duty):
    _sheets(gen, orgs, duty)
    return 0


def self_recorded_step(gen, orgs, duty):
    return sum(_self_recorded(gen, [org], duty, org.self_quota) for org in orgs)


def build(gen, orgs, duty, in_parallel):
    """Sheets first; then members' own records, as many as it takes to reach the total."""
    before = duty.count
    in_parallel(gen, orgs, sheets_step)
    have = fetch("SELECT count(*) FROM members_dutyrecord")[0][0]
    wanted = max(0, gen.sizes.total(sizes.DUTY_RECORDS) - have)
    quotas = sizes.shares(wanted, [sum(1 for m in o.members if m.serving) or 1 for o in orgs])
    for org, quota in zip(orgs, quotas, strict=True):
        org.self_quota = quota
    in_parallel(gen, orgs, self_recorded_step)
    return duty.count - before


# --- scores ------------------------------------------------------------------------------------


class _Kinds:
    """DutyKind for members.scoring in the worker processes, with `values` computed once (the
    engine looks it up for every line it sorts; the enum rebuilds the list on each lookup)."""

    values = list(DutyKind.values)

    def __call__(self, value):
        return DutyKind(value)

    def __getattr__(self, name):
        return getattr(DutyKind, name)


def _fast(rules):
    """The same rules, with each rule's text and each record shape's rule remembered: score()
    and breakdown_json() call them once per record and line, and they depend only on these."""
    from dataclasses import asdict, dataclass
    from functools import cache

    from members import scoring

    @dataclass(frozen=True)
    class CachedRule(scoring.Rule):
        @cache  # noqa: B019 — a few dozen rules per process
        def describe(self, with_kind=True):
            return scoring.Rule.describe(self, with_kind)

    @dataclass(frozen=True)
    class CachedRules(scoring.Rules):
        def rule_for(self, rec):
            key = (rec.kind, rec.attendance, rec.role, rec.level, rec.occurred_on if dated else None)
            found = memo.get(key, memo)
            if found is memo:
                found = memo[key] = scoring.Rules.rule_for(self, rec)
            return found

    memo = {}
    fast = tuple(CachedRule(**asdict(r)) for r in rules.rules)
    dated = any(r.effective_from or r.effective_until for r in fast)
    return CachedRules(**{**{f: getattr(rules, f) for f in rules.__dataclass_fields__}, "rules": fast})


def _score_task(task):
    """One committee-year in a worker process: the app's rules and engine, the rows by COPY."""
    committee_id, year, first_id, member_ids = task
    from members import scoring
    from members.scoring import REC_FIELDS, Rec, score
    from members.scoring_services import load_rules, rule_set_for

    scoring.DutyKind = _Kinds()
    rule_set = rule_set_for(committee_id, year)
    rules = _fast(load_rules(rule_set))
    grouped = {}
    rows = fetch(
        f"SELECT member_id, {', '.join(REC_FIELDS)} FROM members_dutyrecord WHERE committee_id = %s AND year = %s "
        "ORDER BY occurred_on, id",
        [committee_id, year],
    )
    for row in rows:
        grouped.setdefault(row[0], []).append(Rec(*row[1:]))
    as_of = timezone.localdate()
    now = timezone.now()
    table = Table(
        MemberScore,
        [
            "id",
            "committee_id",
            "member_id",
            "year",
            "rule_set_id",
            "rule_version",
            "total",
            "raw_total",
            "grade",
            "absences",
            "below_minimum",
            "missing",
            "breakdown",
            "record_count",
            "computed_at",
        ],
    )

    def out():
        for i, member_id in enumerate(member_ids):
            result = score(grouped.get(member_id, []), rules, as_of=as_of)
            yield (
                first_id + i,
                committee_id,
                member_id,
                year,
                rule_set.pk,
                rule_set.version,
                result.total,
                result.raw_total,
                result.grade,
                result.absences,
                result.below_minimum,
                result.missing,
                result.breakdown_json(),
                result.record_count,
                now,
            )

    n = table.copy(out())
    connections.close_all()
    return n


def scores(gen, orgs):
    from members.scoring_services import rule_set_for

    tasks = []
    for org in orgs:
        for year in duty_years(gen):
            rule_set_for(org.pk, year)
            ids = [
                r[0]
                for r in fetch(
                    "SELECT id FROM members_member WHERE committee_id = %s AND (status = '在任' OR id IN "
                    "(SELECT member_id FROM members_dutyrecord WHERE committee_id = %s AND year = %s)) ORDER BY id",
                    [org.pk, org.pk, year],
                )
            ]
            tasks.append((org.pk, year, gen.ids.take(MemberScore, len(ids)), ids))
    years = duty_years(gen)
    execute("DELETE FROM members_memberscore WHERE year = ANY(%s)", [years])
    gen.ids.sync()
    connections.close_all()
    tasks.sort(key=lambda t: -len(t[3]))
    with get_context("fork").Pool(2) as pool:
        made = sum(pool.imap_unordered(_score_task, tasks))
    return made
