"""Reads for the duty pages, exports, reminders and PDFs: always scoped to what the user may see."""

from collections import Counter
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import Rank
from django.utils import timezone

from members.models import ActivityGroup, DutyKind, DutyRecord, DutyStatus, MemberScore, MemberStatus, ScoringRuleSet
from members.permissions import can_view_all_duty, duty_scope


def year_choices(committee_id):
    """The years a page may show, newest first: the current term's years so far, and any year
    that already has rules (a rule set is made on first use, so only for these years)."""
    from members.models import Term

    today = timezone.localdate()
    years = set(ScoringRuleSet.objects.filter(committee_id=committee_id).values_list("year", flat=True))
    term = Term.objects.filter(committee_id=committee_id, is_current=True).first()
    if term is not None:
        years.update(range(term.start_year, min(term.end_year, today.year) + 1))
    years.add(today.year)
    return sorted(years, reverse=True)


def years_for(request):
    """year_choices() for the user's committee, worked out once per request."""
    if not hasattr(request, "_duty_years"):
        request._duty_years = year_choices(request.user.committee_id)
    return request._duty_years


def selected_year(request):
    """?year=2025 when it is one of the years offered, else this year."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if year in years_for(request) else timezone.localdate().year


def member_records(member, year):
    return (
        DutyRecord.objects.filter(member=member, year=year).annotate(photo_count=Count("photos")).order_by("-occurred_on", "-id")
    )


def scores_for(user, year):
    """The stored scores of `year` the user may see, with what a ranking row shows."""
    # member__committee_id repeats what committee_id implies so PostgreSQL can read the members
    # through their (committee, status) index instead of scanning all of them for the status filter
    scores = MemberScore.objects.filter(committee_id=user.committee_id, year=year, member__committee_id=user.committee_id)
    if not can_view_all_duty(user):  # staff see the whole committee: the scope would only slow the plan
        scores = scores.filter(member__in=duty_scope(user).values("pk"))
    return scores.select_related("member__user", "member__sector").prefetch_related(
        Prefetch("member__activity_groups", queryset=ActivityGroup.objects.only("id", "name"))
    )


def with_rank(queryset):
    """Rank within the filtered list (equal totals share a rank)."""
    return queryset.annotate(rank=Window(Rank(), order_by=F("total").desc())).order_by(
        "-total", "member__sector__order", "member_id"
    )


def with_overall_rank(queryset, committee_id, year):
    """Each row's place among all serving members of the committee (for lists that are not a
    ranking themselves, e.g. the at-risk list), lowest totals first."""
    from django.db.models import IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    higher = (
        MemberScore.objects.filter(
            committee_id=committee_id,
            year=year,
            member__committee_id=committee_id,
            member__status=MemberStatus.SERVING,
            total__gt=OuterRef("total"),
        )
        .order_by()
        .values("year")
        .annotate(n=Count("id"))
        .values("n")
    )
    return queryset.annotate(rank=Coalesce(Subquery(higher, output_field=IntegerField()), 0) + 1).order_by(
        "total", "member__sector__order", "member_id"
    )


def at_risk_filter(rules, as_of):
    """Scores under the (pro-rated) risk line, or with repeated unexcused absences."""
    return Q(total__lt=rules.at_risk_line(as_of)) | Q(absences__gte=rules.at_risk_absences)


def pending_review(committee_id):
    return DutyRecord.objects.filter(committee_id=committee_id, source="", status=DutyStatus.PENDING)


def distribution(scores, rules):
    """Data for the charts: totals in ten bins, members per grade, average per sector, and the
    share of members meeting each minimum. `scores` is a list of MemberScore rows."""
    totals = [s.total for s in scores]
    top = Decimal(100) if rules.scale == "hundred" else max([Decimal(10), *totals])
    width = (top / 10).quantize(Decimal("1")) or Decimal(1)
    bins = [0] * 10
    for t in totals:
        bins[min(9, int(t // width))] += 1
    labels = [f"{int(width * i)}–{int(width * (i + 1)) - (0 if i == 9 else 1)}" for i in range(10)]
    grade_counts = Counter(s.grade for s in scores)
    grades = [(name, grade_counts.get(name, 0)) for name, _ in rules.grades]
    sectors = {}
    for s in scores:
        sectors.setdefault(s.member.sector.name, []).append(s.total)
    sector_avg = sorted(((name, float(sum(v) / len(v))) for name, v in sectors.items()), key=lambda item: item[1], reverse=True)
    minimum_rates = []
    for minimum in rules.minimums:
        met = sum(1 for s in scores for m in s.breakdown.get("minimums", []) if m.get("id") == minimum.id and m.get("met"))
        minimum_rates.append((minimum.label, round(met * 100 / len(scores)) if scores else 0))
    return {
        "bins": {"labels": labels, "values": bins},
        "grades": {"labels": [g for g, _ in grades], "values": [n for _, n in grades]},
        "sectors": {"labels": [n for n, _ in sector_avg], "values": [round(v, 1) for _, v in sector_avg]},
        "minimums": {"labels": [n for n, _ in minimum_rates], "values": [v for _, v in minimum_rates]},
        "count": len(scores),
        "average": round(float(sum(totals) / len(totals)), 1) if totals else 0,
    }


def kind_label(kind):
    try:
        return DutyKind(kind).label
    except ValueError:
        return kind
