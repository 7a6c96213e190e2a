"""Rule sets and stored scores: creating a year's rules, changing them (which recomputes every score
of that year in the background), and keeping each member's score in step with their records.

Consistency: a rule change bumps the rule set's `version` and queues a ScoreRecomputation in the
same transaction. Every stored score records the version it used; pages that list scores show them
only when all of the year's scores carry the current version, and otherwise show the job's
progress. Each member's score is computed and written while holding that member's row lock, after
reading their records, so a record change that commits while a job runs is never overwritten
by the job's older reading."""

import logging
import threading
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from cppcc_portal.core.queueing import queue_on_commit
from members import scoring_defaults
from members.models import (
    DutyMinimum,
    DutyRecord,
    GradeBand,
    Member,
    MemberScore,
    MemberStatus,
    RecomputeStatus,
    ScoreRecomputation,
    ScoringRule,
    ScoringRuleSet,
)
from members.scoring import REC_FIELDS, Rec, Rules, score

log = logging.getLogger(__name__)
CHUNK = 50


class ScoringError(Exception):
    """A refused scoring action, with a Chinese message for the user."""


class Superseded(Exception):
    pass


# --- Rule sets ------------------------------------------------------------------------------


def _copy_rules(source, target):
    ScoringRule.objects.bulk_create(
        [
            ScoringRule(
                committee_id=target.committee_id,
                rule_set=target,
                kind=r.kind,
                role=r.role,
                attendance=r.attendance,
                level=r.level,
                mode=r.mode,
                points=r.points,
                cap=r.cap,
                order=r.order,
            )
            for r in source.rules.all()
        ]
    )
    GradeBand.objects.bulk_create(
        [
            GradeBand(committee_id=target.committee_id, rule_set=target, name=g.name, min_score=g.min_score)
            for g in source.grades.all()
        ]
    )
    DutyMinimum.objects.bulk_create(
        [
            DutyMinimum(
                committee_id=target.committee_id,
                rule_set=target,
                label=m.label,
                kinds=list(m.kinds),
                role=m.role,
                measure=m.measure,
                threshold=m.threshold,
                period=m.period,
                order=m.order,
            )
            for m in source.minimums.all()
        ]
    )


def _default_rules(target):
    cid = target.committee_id
    ScoringRule.objects.bulk_create(
        [
            ScoringRule(
                committee_id=cid,
                rule_set=target,
                kind=kind,
                role=role,
                attendance=attendance,
                level=level,
                mode=mode,
                points=points,
                cap=cap,
                order=i,
            )
            for i, (kind, role, attendance, level, mode, points, cap) in enumerate(scoring_defaults.RULES)
        ]
    )
    GradeBand.objects.bulk_create(
        [GradeBand(committee_id=cid, rule_set=target, name=name, min_score=score) for name, score in scoring_defaults.GRADES]
    )
    DutyMinimum.objects.bulk_create(
        [
            DutyMinimum(
                committee_id=cid,
                rule_set=target,
                label=label,
                kinds=[str(k) for k in kinds],
                role=role,
                measure=measure,
                threshold=threshold,
                period=period,
                order=i,
            )
            for i, (label, kinds, role, measure, threshold, period) in enumerate(scoring_defaults.MINIMUMS)
        ]
    )


def rule_set_for(committee_id, year, *, create=True):
    """The committee's rules for `year`. On first use they are copied from the latest earlier year,
    or made from DOMAIN.md's defaults when there is none."""
    found = ScoringRuleSet.objects.filter(committee_id=committee_id, year=year).first()
    if found is not None or not create:
        return found
    from members.models import Committee

    committee = Committee.objects.get(pk=committee_id)
    previous = ScoringRuleSet.objects.filter(committee_id=committee_id, year__lt=year).order_by("-year").first()
    try:
        with transaction.atomic():
            rule_set = ScoringRuleSet.objects.create(
                committee_id=committee_id,
                year=year,
                name=f"{committee.short_name}{year}年度委员履职量化考核办法",
                scale=previous.scale if previous else "hundred",
                base_points=previous.base_points if previous else 0,
                at_risk_score=previous.at_risk_score if previous else 60,
                at_risk_prorate=previous.at_risk_prorate if previous else True,
                at_risk_absences=previous.at_risk_absences if previous else 2,
                note=(f"沿用{previous.year}年度规则" if previous else "依据《委员履职量化考核办法》默认标准"),
            )
            if previous:
                _copy_rules(previous, rule_set)
            else:
                _default_rules(rule_set)
    except IntegrityError:  # made meanwhile by another request
        return ScoringRuleSet.objects.get(committee_id=committee_id, year=year)
    return rule_set


def load_rules(rule_set):
    """The rule set as plain values (three queries)."""
    return Rules.from_rule_set(
        rule_set,
        rules=list(ScoringRule.objects.filter(rule_set=rule_set)),
        grades=list(GradeBand.objects.filter(rule_set=rule_set)),
        minimums=list(DutyMinimum.objects.filter(rule_set=rule_set)),
    )


def rules_text(rules):
    """Every rule of a set as lines of text: what a change summary compares."""
    lines = [f"计分方式：{rules.scale}，基础分{rules.base}"]
    lines += [r.describe() for r in rules.rules]
    lines += [f"等次：{name} ≥ {minimum}" for name, minimum in rules.grades]
    lines += [f"最低要求：{m.label}（{m.period} ≥ {m.threshold}）" for m in rules.minimums]
    lines.append(
        f"风险线：{rules.at_risk_score}分{'（按时间进度折算）' if rules.at_risk_prorate else ''}，缺席{rules.at_risk_absences}次"
    )
    return lines


def change_summary(before, after):
    old, new = rules_text(before), rules_text(after)
    removed = [line for line in old if line not in new]
    added = [line for line in new if line not in old]
    parts = []
    if removed:
        parts.append("原：" + "；".join(removed))
    if added:
        parts.append("新：" + "；".join(added))
    return ("；".join(parts) or "规则未变")[:300]


def rule_set_update(rule_set, *, user, save_changes):
    """Apply a change to a rule set (`save_changes()` writes the edited rows) and recompute every
    score of its year in the background. Returns the queued ScoreRecomputation."""
    with transaction.atomic():
        locked = ScoringRuleSet.objects.select_for_update().get(pk=rule_set.pk)
        before = load_rules(locked)
        save_changes()
        return rule_set_bump(locked, user=user, before=before)


def rule_set_bump(rule_set, *, user, before):
    """After the rows of a rule set changed (here or in the admin): a new version, a summary of
    what changed, and the background recomputation — committed together."""
    with transaction.atomic():
        ScoringRuleSet.objects.filter(pk=rule_set.pk).update(version=F("version") + 1, updated_by=user, updated_at=timezone.now())
        rule_set.refresh_from_db()
        after = load_rules(rule_set)
        return _queue_recompute(rule_set, user=user, reason=change_summary(before, after))


def recompute_request(rule_set, *, user, reason="手动重新计算"):
    """Staff ask for every score of the year to be recomputed with the current rules."""
    with transaction.atomic():
        locked = ScoringRuleSet.objects.select_for_update().get(pk=rule_set.pk)
        if active_recomputation(locked) is not None:
            raise ScoringError("已有重新计算任务正在进行，请等待其完成")
        return _queue_recompute(locked, user=user, reason=reason)


def _queue_recompute(rule_set, *, user, reason):
    from members.tasks import recompute_scores

    job = ScoreRecomputation.objects.create(
        committee_id=rule_set.committee_id,
        rule_set=rule_set,
        year=rule_set.year,
        rule_version=rule_set.version,
        reason=reason,
        requested_by=user,
    )
    queue_on_commit(recompute_scores, job.pk, on_failure=partial(_queue_down, job.pk))
    return job


def _queue_down(job_id, exc):
    """The queue was down when the job was committed: say so on the job (the staff's page shows
    it) so a new recomputation can be asked for, instead of a 500 or a job 排队中 for ever."""
    ScoreRecomputation.objects.filter(pk=job_id, status=RecomputeStatus.QUEUED).update(
        status=RecomputeStatus.FAILED,
        finished_at=timezone.now(),
        error="后台任务队列暂时不可用，重新计算未能开始。请稍后再次点击“重新计算”。",
    )


def active_recomputation(rule_set):
    return (
        ScoreRecomputation.objects.filter(rule_set=rule_set, status__in=[RecomputeStatus.QUEUED, RecomputeStatus.RUNNING])
        .order_by("-id")
        .first()
    )


def scores_are_current(rule_set):
    """True when every stored score of the year was computed with the rules as they are now."""
    return (
        not MemberScore.objects.filter(committee_id=rule_set.committee_id, year=rule_set.year)
        .exclude(rule_version=rule_set.version)
        .exists()
    )


# --- Computing and storing scores ---------------------------------------------------------


def records_by_member(committee_id, year, member_ids=None):
    qs = DutyRecord.objects.filter(committee_id=committee_id, year=year)
    if member_ids is not None:
        qs = qs.filter(member_id__in=list(member_ids))
    grouped = {}
    for row in qs.order_by("occurred_on", "id").values_list("member_id", *REC_FIELDS):
        grouped.setdefault(row[0], []).append(Rec(*row[1:]))
    return grouped


def members_to_score(committee_id, year):
    """Serving members, and anyone else with records or a stored score that year."""
    with_records = DutyRecord.objects.filter(committee_id=committee_id, year=year).values("member_id")
    with_scores = MemberScore.objects.filter(committee_id=committee_id, year=year).values("member_id")
    return list(
        Member.objects.filter(committee_id=committee_id)
        .filter(Q(status=MemberStatus.SERVING) | Q(pk__in=with_records) | Q(pk__in=with_scores))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


_SCORE_FIELDS = (
    "rule_set_id",
    "rule_version",
    "total",
    "raw_total",
    "grade",
    "absences",
    "below_minimum",
    "missing",
    "breakdown",
)


def _store(committee_id, year, rules, results, now):
    """Write the results that differ from what is stored; returns how many rows changed."""
    existing = {s.member_id: s for s in MemberScore.objects.filter(year=year, member_id__in=list(results))}
    to_create, to_update = [], []
    for member_id, result in results.items():
        values = {
            "rule_set_id": rules.rule_set_id,
            "rule_version": rules.version,
            "total": result.total,
            "raw_total": result.raw_total,
            "grade": result.grade,
            "absences": result.absences,
            "below_minimum": result.below_minimum,
            "missing": result.missing,
            "breakdown": result.breakdown_json(),
            "record_count": result.record_count,
        }
        row = existing.get(member_id)
        if row is None:
            to_create.append(MemberScore(committee_id=committee_id, member_id=member_id, year=year, computed_at=now, **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.computed_at = now
            to_update.append(row)
    MemberScore.objects.bulk_create(to_create)
    MemberScore.objects.bulk_update(to_update, [*_SCORE_FIELDS, "record_count", "computed_at"])
    return len(to_create) + len(to_update)


def recompute_chunk(committee_id, year, member_ids, *, expected_version=None, as_of=None):
    """Recompute some members' scores of one year, holding their row locks. Returns rows changed."""
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        list(Member.objects.select_for_update().filter(pk__in=list(member_ids)).order_by("pk").values_list("pk", flat=True))
        rule_set = rule_set_for(committee_id, year)
        if expected_version is not None and rule_set.version != expected_version:
            raise Superseded
        rules = load_rules(rule_set)
        records = records_by_member(committee_id, year, member_ids)
        results = {mid: score(records.get(mid, []), rules, as_of=as_of) for mid in member_ids}
        return _store(committee_id, year, rules, results, timezone.now())


def recompute_members(member_ids, years, *, as_of=None):
    """Bring the scores of these members for these years up to date (grouped by committee)."""
    by_committee = {}
    for pk, committee_id in Member.objects.filter(pk__in=list(member_ids)).values_list("pk", "committee_id"):
        by_committee.setdefault(committee_id, []).append(pk)
    changed = 0
    for year in sorted(years):
        for committee_id, ids in by_committee.items():
            for start in range(0, len(ids), CHUNK):
                changed += recompute_chunk(committee_id, year, sorted(ids)[start : start + CHUNK], as_of=as_of)
    return changed


def recompute_committee_year(committee_id, year, *, progress=None, expected_version=None, as_of=None):
    """Every score of a committee-year, in chunks; `progress(done, total, changed)` after each."""
    ids = members_to_score(committee_id, year)
    changed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        changed += recompute_chunk(committee_id, year, chunk, expected_version=expected_version, as_of=as_of)
        if progress:
            progress(start + len(chunk), len(ids), changed)
    return len(ids), changed


def recompute_job_run(job_id):
    """The background job behind a rule change (runs in the worker; safe to run twice)."""
    claimed = ScoreRecomputation.objects.filter(pk=job_id, status__in=[RecomputeStatus.QUEUED, RecomputeStatus.RUNNING]).update(
        status=RecomputeStatus.RUNNING, started_at=timezone.now(), done=0, changed=0
    )
    if not claimed:
        return
    job = ScoreRecomputation.objects.get(pk=job_id)
    ScoreRecomputation.objects.filter(pk=job_id).update(total=len(members_to_score(job.committee_id, job.year)))

    def progress(done, total, changed):
        ScoreRecomputation.objects.filter(pk=job_id).update(done=done, total=total, changed=changed)

    try:
        recompute_committee_year(job.committee_id, job.year, progress=progress, expected_version=job.rule_version)
    except Superseded:
        ScoreRecomputation.objects.filter(pk=job_id).update(status=RecomputeStatus.SUPERSEDED, finished_at=timezone.now())
        return
    except Exception as exc:
        ScoreRecomputation.objects.filter(pk=job_id).update(
            status=RecomputeStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise
    ScoreRecomputation.objects.filter(pk=job_id).update(status=RecomputeStatus.DONE, finished_at=timezone.now())


# --- Live scores for one member ------------------------------------------------------------


@dataclass
class MemberYear:
    """A member's score for a year as a page shows it: the stored one when it matches the current
    rules, otherwise computed now from the records with the current rules."""

    member: Member
    year: int
    rule_set: ScoringRuleSet
    rules: Rules
    total: object
    grade: str
    breakdown: dict
    absences: int
    below_minimum: bool
    missing: list
    stored: MemberScore | None
    live: bool

    @property
    def record_points(self):
        return self.breakdown.get("records", {})


def member_year(member, year, *, as_of=None):
    rule_set = rule_set_for(member.committee_id, year)
    rules = load_rules(rule_set)
    stored = MemberScore.objects.filter(member=member, year=year).first()
    if stored is not None and stored.rule_version == rule_set.version:
        return MemberYear(
            member,
            year,
            rule_set,
            rules,
            stored.total,
            stored.grade,
            stored.breakdown,
            stored.absences,
            stored.below_minimum,
            stored.missing,
            stored,
            False,
        )
    records = records_by_member(member.committee_id, year, [member.pk]).get(member.pk, [])
    result = score(records, rules, as_of=as_of or timezone.localdate())
    return MemberYear(
        member,
        year,
        rule_set,
        rules,
        result.total,
        result.grade,
        result.breakdown_json(),
        result.absences,
        result.below_minimum,
        result.missing,
        stored,
        True,
    )


# --- The on_duty_changed hook ----------------------------------------------------------------

_batch = threading.local()


def _flush():
    """Recompute everything the committed transaction touched; later callbacks find nothing left.
    (Pairs left by a rolled-back transaction are recomputed too: harmless, the result is the same.)"""
    pairs = getattr(_batch, "pairs", set())
    _batch.pairs = set()
    years = {}
    for member_id, year in pairs:
        years.setdefault(year, set()).add(member_id)
    for year, member_ids in sorted(years.items()):
        recompute_members(member_ids, [year])


def duty_changed(*, member_ids, years):
    """Registered in members.duty.on_duty_changed: recompute the scores once the change commits,
    in one pass per transaction however many records it touched (an import of 300 rows → one)."""
    _batch.pairs = getattr(_batch, "pairs", set()) | {(m, y) for m in member_ids for y in years}
    transaction.on_commit(_flush, robust=True)


def committee_year_results(committee_id, year, *, as_of=None, member_ids=None):
    """Every member's result computed now with the current rules (for documents and reminders,
    which must match the rules they print). Returns (rule_set, rules, records, {member_id: Result})."""
    rule_set = rule_set_for(committee_id, year)
    rules = load_rules(rule_set)
    ids = member_ids if member_ids is not None else members_to_score(committee_id, year)
    records = records_by_member(committee_id, year, ids)
    as_of = as_of or timezone.localdate()
    return rule_set, rules, records, {mid: score(records.get(mid, []), rules, as_of=as_of) for mid in ids}
