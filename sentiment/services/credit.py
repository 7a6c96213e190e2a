"""Writers' credit in their duty files (members.duty), computed from adoptions and comments.

Each member writer of an originally written report gets, with `source="sentiment.Report:<pk>"`:
- `report_submitted` once the report is received (withdrawn when it is returned or pulled back);
- `report_adopted` for the highest adoption anywhere on the report's upward path (its own
  committee, the copies sent up, the report it was merged into), `level` = own / upper / higher /
  national relative to the writer's committee, `points` from that committee's PointRule table;
- `report_commented` for the highest leader's comment on that path, `level` = county_leader …
  central_leader, with its points.
An adoption upgraded later (the city adopts what the county adopted) updates the same record."""

from members.duty import duty_record_upsert, duty_record_withdraw
from members.models import DutyKind
from sentiment.models import (
    LEADER_ORDER,
    LEVEL_ORDER,
    Adoption,
    CreditLevel,
    LeaderComment,
    Report,
    ReportStatus,
    ReportWriter,
)
from sentiment.rules import points_table
from sentiment.selectors import originals_reaching, upward_path

COUNTED = [s for s in ReportStatus.values if s not in (ReportStatus.DRAFT, ReportStatus.RETURNED)]


def source_of(report):
    return f"sentiment.Report:{report.pk}"


def relative_level(writer_level, adoption_level):
    if adoption_level == "national":
        return CreditLevel.NATIONAL
    distance = LEVEL_ORDER.index(adoption_level) - LEVEL_ORDER.index(writer_level)
    if distance <= 0:
        return CreditLevel.OWN
    return CreditLevel.UPPER if distance == 1 else CreditLevel.HIGHER


def comment_level(leader_level):
    return f"{leader_level}_leader"


def _member_writers(report):
    """The report's member writers with their role: the first signs as 执笔人 (lead), the rest
    (co-signers of a converted joint proposal) as cosigners. Everyone keeps full credit."""
    writers = ReportWriter.objects.filter(report=report, member__isnull=False, via_merge=False).select_related(
        "member__committee", "member__user"
    )
    found = []
    for i, w in enumerate(writers.order_by("order", "id")):
        w.member.duty_role = "lead" if i == 0 else "cosigner"
        found.append(w.member)
    return found


def record_submitted(report):
    """Called when an original report is received."""
    for member in _member_writers(report):
        duty_record_upsert(
            source=source_of(report),
            member=member,
            kind=DutyKind.REPORT_SUBMITTED,
            occurred_on=report.submitted_at.date() if report.submitted_at else report.created_at.date(),
            title=report.title,
            role=member.duty_role,
            url=report.get_absolute_url(),
        )


def withdraw_submitted(report):
    duty_record_withdraw(source=source_of(report), kinds=[DutyKind.REPORT_SUBMITTED])


def recompute_for(report_ids):
    """Recompute the credit of every original whose path passes through these reports."""
    for pk in sorted(originals_reaching(report_ids)):
        recompute_original(Report.objects.select_related("committee").get(pk=pk))


def recompute_original(original):
    path = upward_path(original)
    adoptions = list(Adoption.objects.filter(report__in=[n.pk for n in path]).select_related("committee"))
    comments = list(LeaderComment.objects.filter(report__in=[n.pk for n in path]))
    best_adoption = max(adoptions, key=lambda a: (LEVEL_ORDER.index(a.level), -a.adopted_on.toordinal()), default=None)
    best_comment = max(comments, key=lambda c: (LEADER_ORDER.index(c.level), -c.commented_on.toordinal()), default=None)
    source = source_of(original)
    counted = original.status in COUNTED
    tables = {}
    for member in _member_writers(original):
        table = tables.setdefault(member.committee_id, points_table(member.committee))
        if best_adoption is not None and counted:
            level = relative_level(member.committee.level, best_adoption.level)
            duty_record_upsert(
                source=source,
                member=member,
                kind=DutyKind.REPORT_ADOPTED,
                occurred_on=best_adoption.adopted_on,
                title=original.title,
                role=member.duty_role,
                level=level,
                points=table[level],
                url=original.get_absolute_url(),
                detail=f"{best_adoption.adopted_by}（{CreditLevel(level).label}）",
            )
        else:
            duty_record_withdraw(source=source, member=member, kinds=[DutyKind.REPORT_ADOPTED])
        if best_comment is not None and counted:
            level = comment_level(best_comment.level)
            duty_record_upsert(
                source=source,
                member=member,
                kind=DutyKind.REPORT_COMMENTED,
                occurred_on=best_comment.commented_on,
                title=original.title,
                role=member.duty_role,
                level=level,
                points=table[level],
                url=original.get_absolute_url(),
                detail=f"{best_comment.leader}批示：{best_comment.text[:150]}",
            )
        else:
            duty_record_withdraw(source=source, member=member, kinds=[DutyKind.REPORT_COMMENTED])


def recompute_committee_year(committee, year):
    """After editors change the points table: this year's records of the committee's writers."""
    from members.models import DutyRecord

    sources = (
        DutyRecord.objects.filter(committee=committee, year=year, kind__in=[DutyKind.REPORT_ADOPTED, DutyKind.REPORT_COMMENTED])
        .filter(source__startswith="sentiment.Report:")
        .values_list("source", flat=True)
        .distinct()
    )
    ids = sorted({int(s.split(":", 1)[1]) for s in sources})
    for original in Report.objects.filter(pk__in=ids).select_related("committee"):
        recompute_original(original)
    return len(ids)
