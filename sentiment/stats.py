"""The statistics page: what a committee received, issued, sent up and got adopted in a year.

Definitions (the page says them too):
- 收到: reports that reached the committee in the year (submitted, converted from proposals, or
  sent up by a lower committee), whatever happened to them next.
- 编发采用: reports issued in the committee's own bulletins that year (an adoption at its level).
- 报送上级: reports sent to the upper committee that year; 上级采用 of those, the ones the upper
  committee issued (or merged into one it issued); 转报更高一级: the ones it sent on.
Rates are rounded to one decimal."""

from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from members.models import DutyKind, DutyRecord
from sentiment.models import (
    Adoption,
    Bulletin,
    BulletinStatus,
    LeaderComment,
    LeaderLevel,
    Report,
    ReportSource,
    ReportStatus,
    ReportWriter,
)
from sentiment.quotas import COUNTED, Period


def _year_bounds(year):
    return Period("year", date(year, 1, 1), date(year + 1, 1, 1)).bounds()


def rate(part, whole):
    return round(part * 100 / whole, 1) if whole else 0.0


def committee_stats(committee, year):
    start, end = _year_bounds(year)
    received = Report.objects.filter(committee=committee, submitted_at__gte=start, submitted_at__lt=end).exclude(
        status=ReportStatus.DRAFT
    )
    by_source = dict(received.values_list("source").annotate(n=Count("pk")))
    by_status = dict(received.values_list("status").annotate(n=Count("pk")))
    issued = Adoption.objects.filter(committee=committee, level=committee.level, is_automatic=True, adopted_on__year=year).values(
        "report_id"
    )  # issued in the committee's own bulletins this year
    issued_reports = Report.objects.filter(pk__in=issued)
    sent_up = Report.objects.filter(committee=committee, sent_up_at__gte=start, sent_up_at__lt=end)
    copies = Report.objects.filter(forwarded_from__in=sent_up.values("pk"))
    adopted_up = copies.filter(Q(adoptions__isnull=False) | Q(merged_into__adoptions__isnull=False)).distinct()
    sent_on = copies.filter(Q(forwarded_copy__isnull=False) | Q(merged_into__forwarded_copy__isnull=False)).distinct()
    higher_copies = Report.objects.filter(
        Q(forwarded_from__in=copies.values("pk")) | Q(forwarded_from__merged_reports__in=copies.values("pk"))
    )
    adopted_higher = higher_copies.filter(adoptions__isnull=False).distinct()
    national = Adoption.objects.filter(report__committee=committee, level="national", adopted_on__year=year)
    comments = LeaderComment.objects.filter(report__committee=committee, commented_on__year=year)
    comment_levels = dict(comments.values_list("level").annotate(n=Count("pk")))

    n_received = received.count()
    n_issued = issued_reports.count()
    n_sent_up = sent_up.count()
    n_adopted_up = adopted_up.count()

    months = list(range(1, 13))
    rec_month = dict(received.annotate(m=ExtractMonth("submitted_at")).values_list("m").annotate(n=Count("pk")))
    own_adoptions = Adoption.objects.filter(committee=committee, level=committee.level, is_automatic=True, adopted_on__year=year)
    iss_month = dict(own_adoptions.annotate(m=ExtractMonth("adopted_on")).values_list("m").annotate(n=Count("pk")))
    up_month = dict(sent_up.annotate(m=ExtractMonth("sent_up_at")).values_list("m").annotate(n=Count("pk")))

    categories = {}
    for name, n in received.values_list("category__name").annotate(n=Count("pk")):
        categories.setdefault(name or "未分类", [0, 0])[0] += n
    for name, n in issued_reports.values_list("category__name").annotate(n=Count("pk")):
        categories.setdefault(name or "未分类", [0, 0])[1] += n
    sectors = sorted(
        ((name or "（无界别）", n) for name, n in received.values_list("sector__name").annotate(n=Count("pk"))),
        key=lambda x: -x[1],
    )

    lower = []
    for child in committee.children.order_by("order", "id"):
        theirs = received.filter(from_committee=child)
        n = theirs.count()
        adopted = theirs.filter(pk__in=issued).count()
        onward = theirs.filter(forwarded_copy__isnull=False).count()
        lower.append({"committee": child, "sent": n, "adopted": adopted, "sent_on": onward, "rate": rate(adopted, n)})

    return {
        "year": year,
        "received": n_received,
        "by_source": [(label, by_source.get(code, 0)) for code, label in ReportSource.choices],
        "by_status": [(label, by_status.get(code, 0)) for code, label in ReportStatus.choices if code != ReportStatus.DRAFT],
        "returned": by_status.get(ReportStatus.RETURNED, 0),
        "merged": by_status.get(ReportStatus.MERGED, 0),
        "issued": n_issued,
        "issued_rate": rate(n_issued, n_received),
        "bulletins": Bulletin.objects.filter(committee=committee, year=year).exclude(status=BulletinStatus.DRAFT).count(),
        "sent_up": n_sent_up,
        "adopted_up": n_adopted_up,
        "adopted_up_rate": rate(n_adopted_up, n_sent_up),
        "sent_on": sent_on.count(),
        "adopted_higher": adopted_higher.count(),
        "national": national.count(),
        "comments": comments.count(),
        "comment_levels": [(label, comment_levels.get(code, 0)) for code, label in LeaderLevel.choices],
        "months": months,
        "received_by_month": [rec_month.get(m, 0) for m in months],
        "issued_by_month": [iss_month.get(m, 0) for m in months],
        "sent_up_by_month": [up_month.get(m, 0) for m in months],
        "categories": sorted(([k, v[0], v[1], rate(v[1], v[0])] for k, v in categories.items()), key=lambda x: -x[1]),
        "sectors": sectors,
        "lower": lower,
        "upper": committee.parent,
    }


def writer_ranking(committee, year, *, limit=20):
    """Members of the committee by reports submitted in the year, with adoptions and points."""
    start, end = _year_bounds(year)
    rows = list(
        ReportWriter.objects.filter(
            member__committee=committee,
            via_merge=False,
            report__forwarded_from__isnull=True,
            report__status__in=COUNTED,
            report__submitted_at__gte=start,
            report__submitted_at__lt=end,
        )
        .values("member_id", "member__user__full_name", "member__sector__name")
        .annotate(submitted=Count("report", distinct=True))
        .order_by("-submitted", "member_id")
    )
    ids = [r["member_id"] for r in rows]
    records = (
        DutyRecord.objects.filter(
            member_id__in=ids,
            year=year,
            source__startswith="sentiment.Report:",
            kind__in=[DutyKind.REPORT_ADOPTED, DutyKind.REPORT_COMMENTED],
        )
        .values("member_id")
        .annotate(
            adopted=Count("pk", filter=Q(kind=DutyKind.REPORT_ADOPTED)),
            commented=Count("pk", filter=Q(kind=DutyKind.REPORT_COMMENTED)),
            points=Sum("points"),
        )
    )
    extra = {r["member_id"]: r for r in records}
    for r in rows:
        e = extra.get(r["member_id"], {})
        r["adopted"], r["commented"], r["points"] = e.get("adopted", 0), e.get("commented", 0), e.get("points") or 0
    rows.sort(key=lambda r: (-r["points"], -r["submitted"], r["member_id"]))
    return rows[:limit]


def upper_sentence(stats):
    """本年报送临江市政协 5 篇，被采用 3 篇，转报江南省政协 2 篇."""
    upper = stats["upper"]
    if upper is None:
        return ""
    text = f"{stats['year']}年报送{upper.short_name} {stats['sent_up']} 篇，被采用 {stats['adopted_up']} 篇"
    if upper.parent_id:
        text += f"，转报{upper.parent.short_name} {stats['sent_on']} 篇"
    return text


def current_year():
    return timezone.localdate().year
