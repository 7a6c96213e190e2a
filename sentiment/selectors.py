"""Reads shared by pages, exports, statistics and reminders; every list is scoped to the user."""

from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from cppcc_portal.core.search import fulltext_filter, keywords, most_similar
from sentiment.models import (
    Adoption,
    LeaderComment,
    Report,
    ReportStatus,
    ReportWriter,
)
from sentiment.permissions import is_editor, is_leader

OFFICE_STATUSES = [s for s in ReportStatus.values if s != ReportStatus.DRAFT]
PUBLISHED = [ReportStatus.ISSUED, ReportStatus.SENT]


def with_list_data(qs):
    return qs.select_related("category", "sector", "committee", "from_committee", "bulletin").prefetch_related(
        Prefetch("writers", queryset=ReportWriter.objects.order_by("order", "id"))
    )


def writer_report_ids(user):
    """Ids of reports the user wrote: as a member, for one of their bodies, or as staff.

    Each branch is an indexed equality (writer's member, user or body; the report's submitter),
    joined by UNION: an OR across joined tables made PostgreSQL scan every report."""
    member = user.member
    body_ids = list(user.bodies.values_list("pk", flat=True))
    condition = Q(user=user)
    if member is not None:
        condition |= Q(member_id=member.pk)
    if body_ids:
        condition |= Q(body_id__in=body_ids)
    written = ReportWriter.objects.filter(condition).order_by().values("report_id")
    submitted = Report.objects.filter(submitted_by=user, source__in=["member", "body", "staff"]).order_by().values("pk")
    return written.union(submitted)


def writer_reports(user):
    """The writer's own reports as written (copies sent up are shown through their originals)."""
    return Report.objects.filter(pk__in=writer_report_ids(user), forwarded_from__isnull=True)


def editor_reports(user):
    """Everything in the editor's own committee that was submitted, including copies sent up to it."""
    if not is_editor(user):
        return Report.objects.none()
    return Report.objects.filter(committee_id=user.committee_id).exclude(status=ReportStatus.DRAFT)


def leader_reports(user):
    if not is_leader(user):
        return Report.objects.none()
    return Report.objects.filter(committee_id=user.committee_id, status__in=PUBLISHED)


def visible_reports(user):
    condition = Q(pk__in=writer_report_ids(user))
    if is_editor(user):
        condition |= Q(committee_id=user.committee_id) & ~Q(status=ReportStatus.DRAFT)
    if is_leader(user):
        condition |= Q(committee_id=user.committee_id, status__in=PUBLISHED)
    return Report.objects.filter(condition)


def upward_path(report):
    """The report and where it went next, up the tree: its copy sent up (or, when merged, the
    report it was merged into), and so on. A lower committee and the writer read their feedback
    from here ("adopted by the city and sent on to the province")."""
    path, node, seen = [report], report, {report.pk}
    while True:
        if node.merged_into_id:
            node = Report.objects.select_related("committee", "bulletin").get(pk=node.merged_into_id)
        else:
            node = Report.objects.select_related("committee", "bulletin").filter(forwarded_from=node).first()
        if node is None or node.pk in seen:
            return path
        seen.add(node.pk)
        path.append(node)


def downward_path(report):
    """The copies below this one, nearest first (the lower committees' own reports it came from)."""
    path, node = [], report
    while node.forwarded_from_id:
        node = Report.objects.select_related("committee").get(pk=node.forwarded_from_id)
        path.append(node)
    return path


def originals_reaching(report_ids):
    """The originally written reports whose upward path passes through any of `report_ids`
    (following copies down and merges back), for recomputing their writers' credit."""
    frontier, seen, originals = set(report_ids), set(), set()
    while frontier:
        seen |= frontier
        rows = list(Report.objects.filter(pk__in=frontier).values("pk", "forwarded_from_id"))
        merged = set(Report.objects.filter(merged_into__in=frontier).values_list("pk", flat=True))
        nxt = set()
        for row in rows:
            if row["forwarded_from_id"]:
                nxt.add(row["forwarded_from_id"])
            else:
                originals.add(row["pk"])
        nxt |= merged
        frontier = nxt - seen
    return originals


def path_feedback(path):
    """Adoptions and comments along a path, with the committee that holds each node."""
    ids = [n.pk for n in path]
    adoptions = list(Adoption.objects.filter(report__in=ids).select_related("committee", "bulletin").order_by("adopted_on"))
    comments = list(LeaderComment.objects.filter(report__in=ids).order_by("commented_on"))
    return adoptions, comments


def similar_reports(committee, text, *, months=12, exclude_pk=None, top=5):
    """[(score, report)] of this committee's reports of the last `months` most like `text`."""
    text = (text or "").strip()
    if len(text) < 4:
        return []
    since = timezone.now() - timedelta(days=30 * months)
    qs = Report.objects.filter(committee=committee, submitted_at__gte=since).exclude(
        status__in=[ReportStatus.DRAFT, ReportStatus.MERGED]
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    words = list(keywords(text, top=6))[:6]
    condition = Q()
    for word in words:
        condition |= Q(pk__in=fulltext_filter(Report.objects.all(), "search_text", word).values("pk"))
    if words:
        qs = qs.filter(condition)
    candidates = list(qs.only("pk", "title", "content", "status", "submitted_at").order_by("-submitted_at")[:200])
    by_pk = {r.pk: r for r in candidates}
    scored = most_similar(text, [(r.pk, f"{r.title}。{r.title}。{r.content[:600]}") for r in candidates], top=top)
    return [(score, by_pk[pk]) for score, pk in scored]
