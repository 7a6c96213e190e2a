"""Quotas and progress: who has to write (or send up) how many reports in which period, and how
far they are. Counts are a fixed number of queries per quota, whatever the number of members."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from members.models import Body, Committee, Member, MemberStatus
from sentiment.models import Quota, QuotaPeriod, QuotaSubject, Report, ReportStatus, ReportWriter

COUNTED = [s for s in ReportStatus.values if s not in (ReportStatus.DRAFT, ReportStatus.RETURNED)]


@dataclass
class Period:
    kind: str
    start: date
    end: date  # exclusive

    @property
    def key(self):
        if self.kind == QuotaPeriod.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == QuotaPeriod.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self):
        if self.kind == QuotaPeriod.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == QuotaPeriod.QUARTER:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    @property
    def last_day(self):
        return self.end - timedelta(days=1)

    def bounds(self):
        tz = timezone.get_current_timezone()
        return datetime.combine(self.start, time.min, tz), datetime.combine(self.end, time.min, tz)


def period_of(kind, day):
    if kind == QuotaPeriod.MONTH:
        start = day.replace(day=1)
    elif kind == QuotaPeriod.QUARTER:
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    else:
        start = date(day.year, 1, 1)
    months = {QuotaPeriod.MONTH: 1, QuotaPeriod.QUARTER: 3, QuotaPeriod.YEAR: 12}[kind]
    month = start.month - 1 + months
    end = date(start.year + month // 12, month % 12 + 1, 1)
    return Period(kind, start, end)


@dataclass
class Progress:
    quota: Quota
    period: Period
    subject: object  # Member, Body or Committee
    name: str
    done: int

    @property
    def target(self):
        return self.quota.target

    @property
    def percent(self):
        return min(100, round(self.done * 100 / self.target)) if self.target else 100

    @property
    def met(self):
        return self.done >= self.target


def _member_counts(committee_id, period, only=None):
    start, end = period.bounds()
    rows = (
        ReportWriter.objects.filter(
            *([Q(member_id=only)] if only is not None else []),
            report__committee_id=committee_id,
            report__forwarded_from__isnull=True,
            report__status__in=COUNTED,
            report__submitted_at__gte=start,
            report__submitted_at__lt=end,
            member__isnull=False,
            via_merge=False,
        )
        .values("member_id")
        .annotate(n=Count("report", distinct=True))
    )
    return {r["member_id"]: r["n"] for r in rows}


def _body_counts(committee_id, period, only=None):
    start, end = period.bounds()
    rows = (
        ReportWriter.objects.filter(
            *([Q(body_id=only)] if only is not None else []),
            report__committee_id=committee_id,
            report__forwarded_from__isnull=True,
            report__status__in=COUNTED,
            report__submitted_at__gte=start,
            report__submitted_at__lt=end,
            body__isnull=False,
            via_merge=False,
        )
        .values("body_id")
        .annotate(n=Count("report", distinct=True))
    )
    return {r["body_id"]: r["n"] for r in rows}


def _lower_counts(committee_id, period, only=None):
    """Reports each lower committee sent up to this committee in the period."""
    start, end = period.bounds()
    rows = (
        Report.objects.filter(
            *([Q(from_committee_id=only)] if only is not None else []),
            committee_id=committee_id,
            from_committee__isnull=False,
            submitted_at__gte=start,
            submitted_at__lt=end,
        )
        .values("from_committee_id")
        .annotate(n=Count("pk"))
    )
    return {r["from_committee_id"]: r["n"] for r in rows}


def progress_for(committee, subject, *, day=None, only=None):
    """[Progress] of every member / body / lower committee under an active quota of `committee`,
    or of the one whose pk is `only` (a member's own progress must not load the whole committee)."""
    day = day or timezone.localdate()
    quotas = list(Quota.objects.filter(committee=committee, subject=subject, is_active=True).order_by("period", "id"))
    if not quotas:
        return []
    if subject == QuotaSubject.MEMBER:
        subjects = Member.objects.filter(committee=committee, status=MemberStatus.SERVING).select_related("user", "sector")
        subjects = subjects.order_by("sector__order", "id")
        field, counter = "member_id", _member_counts
    elif subject == QuotaSubject.BODY:
        subjects = Body.objects.filter(committee=committee, is_active=True)
        field, counter = "body_id", _body_counts
    else:
        subjects = Committee.objects.filter(parent=committee)
        field, counter = "lower_committee_id", _lower_counts
    subjects = list(subjects if only is None else subjects.filter(pk=only))
    found = []
    for period_kind in dict.fromkeys(q.period for q in quotas):
        same = [q for q in quotas if q.period == period_kind]
        general = next((q for q in same if getattr(q, field) is None), None)
        specific = {getattr(q, field): q for q in same if getattr(q, field) is not None}
        period = period_of(period_kind, day)
        counts = counter(committee.pk, period, only)
        for s in subjects:
            quota = specific.get(s.pk, general)
            if quota is None:
                continue
            name = s.name if subject != QuotaSubject.LOWER else s.short_name
            found.append(Progress(quota, period, s, name, counts.get(s.pk, 0)))
    return found


def my_progress(user, *, day=None):
    """The quotas that concern this user: as a member, a body submitter, or an editor of a lower
    committee (the upper committee's target for it)."""
    from sentiment.permissions import is_editor

    day = day or timezone.localdate()
    rows = []
    member = user.member
    if member is not None:
        rows += progress_for(member.committee, QuotaSubject.MEMBER, day=day, only=member.pk)
    for body in user.bodies.all():
        rows += progress_for(body.committee, QuotaSubject.BODY, day=day, only=body.pk)
    if is_editor(user) and user.committee and user.committee.parent_id:
        rows += progress_for(user.committee.parent, QuotaSubject.LOWER, day=day, only=user.committee_id)
    return rows
