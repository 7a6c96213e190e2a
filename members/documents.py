"""Documents of the members app: the member roster (委员名册), a member's yearly duty report
(履职报告, for 述职), the committee's yearly duty summary, and every member's report in one PDF."""

from collections import Counter

from django.utils import timezone

from cppcc_portal.documents.pdf import render_official
from cppcc_portal.documents.registry import document_kind
from members.models import LEVEL_LABELS, Attendance, Committee, DutyKind, DutyRecord, DutyStatus, Member, MemberStatus
from members.scoring import fmt_points
from members.scoring_services import committee_year_results
from members.selectors import serving_members

# How the report groups the kinds of duty (OFFICIAL-DOCS.md: attendance, proposals, reports,
# speeches, activities).
REPORT_GROUPS = [
    ("会议出勤", [DutyKind.PLENARY, DutyKind.STANDING_MEETING, DutyKind.CONSULTATION]),
    ("提案", [DutyKind.PROPOSAL_SUBMITTED, DutyKind.PROPOSAL_ACCEPTED, DutyKind.PROPOSAL_KEY, DutyKind.PROPOSAL_EXCELLENT]),
    ("社情民意", [DutyKind.REPORT_SUBMITTED, DutyKind.REPORT_ADOPTED, DutyKind.REPORT_COMMENTED]),
    ("大会发言", [DutyKind.SPEECH]),
    ("视察调研和委员活动", [DutyKind.ACTIVITY, DutyKind.RESEARCH, DutyKind.INSPECTION]),
    ("联系群众和学习", [DutyKind.CONTACT, DutyKind.STUDIO, DutyKind.READING, DutyKind.TRAINING]),
]


@document_kind("member_roster", label="委员名册")
def member_roster(doc, progress):
    committee = Committee.objects.get(pk=doc.committee_id)
    members = list(serving_members(committee.pk).order_by("sector__order", "id"))
    progress(1, 2, f"已读取 {len(members)} 名委员")
    return [
        render_official(
            "members/pdf/roster.html",
            {"title": doc.title, "committee": committee, "members": members, "today": timezone.localdate()},
        )
    ]


def _count_text(kind, records):
    """ "出席 1 次（7 个半天），请假 0 次" for attendance kinds; "2 件（领衔 1，联名 1）" for roles."""
    if kind in (
        DutyKind.PLENARY,
        DutyKind.STANDING_MEETING,
        DutyKind.CONSULTATION,
        DutyKind.ACTIVITY,
        DutyKind.RESEARCH,
        DutyKind.INSPECTION,
    ):
        by = Counter(r.attendance or Attendance.PRESENT for r in records)
        text = f"出席{by[Attendance.PRESENT]}次"
        if kind == DutyKind.PLENARY and by[Attendance.PRESENT]:
            text += f"（{sum(r.quantity for r in records if r.attendance == Attendance.PRESENT)}个半天）"
        if by[Attendance.LEAVE]:
            text += f"，请假{by[Attendance.LEAVE]}次"
        if by[Attendance.ABSENT]:
            text += f"，缺席{by[Attendance.ABSENT]}次"
        return text
    if kind == DutyKind.CONTACT:
        return f"{len(records)}次，联系群众{sum(r.quantity for r in records)}人次"
    roles = Counter(r.role for r in records)
    if roles.get("lead") or roles.get("cosigner"):
        return f"{len(records)}件（领衔{roles.get('lead', 0)}，联名{roles.get('cosigner', 0)}）"
    if kind == DutyKind.SPEECH:
        levels = Counter(r.level for r in records)
        return f"{len(records)}次" + "".join(f"，{LEVEL_LABELS.get(k, k)}{n}次" for k, n in levels.items() if k)
    return f"{len(records)}次"


def report_context(member, year, rule_set, rules, result, records, committee, today):
    """What one member's 履职报告 shows: the member, counts and points by kind, the minimums, the
    grade, room for the member's own summary, and every counted record."""
    points_by_kind = {}
    for line in result.lines:
        points_by_kind[line.rule.kind] = points_by_kind.get(line.rule.kind, 0) + line.points
    verified = [r for r in records if r.status == DutyStatus.VERIFIED]
    groups = []
    for label, kinds in REPORT_GROUPS:
        rows = []
        for kind in kinds:
            mine = [r for r in verified if r.kind == kind]
            if mine:
                rows.append(
                    {
                        "label": DutyKind(kind).label,
                        "count": _count_text(kind, mine),
                        "points": fmt_points(points_by_kind.get(kind, 0)),
                    }
                )
        if rows:
            groups.append({"label": label, "rows": rows})
    return {
        "member": member,
        "year": year,
        "committee": committee,
        "rule_set": rule_set,
        "total": fmt_points(result.total),
        "grade": result.grade,
        "groups": groups,
        "minimums": result.minimums,
        "details": [
            {"record": r, "points": None if result.record_points.get(r.id) is None else fmt_points(result.record_points[r.id])}
            for r in sorted(verified, key=lambda r: (r.occurred_on, r.id))
        ],
        "today": today,
        "base": fmt_points(rules.base),
    }


def _records_full(member_ids, year):
    grouped = {}
    for r in DutyRecord.objects.filter(member_id__in=member_ids, year=year).order_by("occurred_on", "id"):
        grouped.setdefault(r.member_id, []).append(r)
    return grouped


@document_kind("duty_report", label="委员履职报告", personal=True)
def duty_report(doc, progress):
    member = Member.objects.select_related("user", "sector", "term", "committee").get(pk=doc.params["member_id"])
    year = int(doc.params["year"])
    today = timezone.localdate()
    rule_set, rules, _, results = committee_year_results(member.committee_id, year, as_of=today, member_ids=[member.pk])
    records = _records_full([member.pk], year).get(member.pk, [])
    progress(1, 2, "已计算积分")
    context = report_context(member, year, rule_set, rules, results[member.pk], records, member.committee, today)
    return [render_official("members/pdf/duty_report.html", {"title": doc.title, **context})]


@document_kind("duty_reports_all", label="全体委员履职报告")
def duty_reports_all(doc, progress):
    """One part per serving member, rendered one at a time and merged (memory stays bounded)."""
    committee = Committee.objects.get(pk=doc.committee_id)
    year = int(doc.params["year"])
    today = timezone.localdate()
    members = list(
        Member.objects.filter(committee=committee, status=MemberStatus.SERVING)
        .select_related("user", "sector", "term")
        .order_by("sector__order", "id")
    )
    ids = [m.pk for m in members]
    rule_set, rules, _, results = committee_year_results(committee.pk, year, as_of=today, member_ids=ids)
    records = _records_full(ids, year)
    for member in members:
        context = report_context(member, year, rule_set, rules, results[member.pk], records.get(member.pk, []), committee, today)
        yield render_official("members/pdf/duty_report.html", {"title": doc.title, **context})


@document_kind("duty_summary", label="委员履职情况汇总")
def duty_summary(doc, progress):
    from members.duty_selectors import kind_label

    committee = Committee.objects.get(pk=doc.committee_id)
    year = int(doc.params["year"])
    today = timezone.localdate()
    members = {
        m.pk: m for m in Member.objects.filter(committee=committee, status=MemberStatus.SERVING).select_related("user", "sector")
    }
    rule_set, rules, records, results = committee_year_results(committee.pk, year, as_of=today, member_ids=list(members))
    progress(1, 3, f"已计算 {len(results)} 名委员的积分")
    ranked = sorted(results.items(), key=lambda item: (-item[1].total, members[item[0]].sector.order, item[0]))
    totals = [r.total for r in results.values()]
    grades = Counter(r.grade for r in results.values())
    by_sector = {}
    for mid, r in results.items():
        by_sector.setdefault(members[mid].sector, []).append(r.total)
    kind_counts = Counter()
    kind_points = Counter()
    for r in results.values():
        for line in r.lines:
            kind_counts[line.rule.kind] += line.count
            kind_points[line.rule.kind] += line.points
    risk_line = rules.at_risk_line(today)
    at_risk = [
        (members[mid], fmt_points(r.total), r.absences, r.missing)
        for mid, r in ranked
        if r.total < risk_line or r.absences >= rules.at_risk_absences
    ]
    minimum_rates = []
    for minimum in rules.minimums:
        met = sum(1 for r in results.values() for m in r.minimums if m["id"] == minimum.id and m["met"])
        minimum_rates.append({"label": minimum.label, "met": met, "rate": round(met * 100 / len(results)) if results else 0})
    count = len(results) or 1
    context = {
        "title": doc.title,
        "committee": committee,
        "year": year,
        "rule_set": rule_set,
        "today": today,
        "member_count": len(results),
        "average": fmt_points(sum(totals) / count) if totals else "0",
        "highest": fmt_points(max(totals)) if totals else "0",
        "lowest": fmt_points(min(totals)) if totals else "0",
        "grades": [(name, grades.get(name, 0), round(grades.get(name, 0) * 100 / count)) for name, _ in rules.grades],
        "sectors": sorted(
            ((s.name, len(v), fmt_points(sum(v) / len(v)), fmt_points(max(v))) for s, v in by_sector.items()),
            key=lambda row: -float(row[2]),
        ),
        "kinds": [(kind_label(k), kind_counts[k], fmt_points(kind_points[k])) for k in DutyKind.values if kind_counts[k]],
        # competition ranking, as on the ranking page: equal totals share a place
        "top": [
            (1 + sum(1 for t in totals if t > r.total), members[mid], fmt_points(r.total), r.grade) for mid, r in ranked[:20]
        ],
        "at_risk": at_risk,
        "risk_line": fmt_points(risk_line),
        "below_count": sum(1 for r in results.values() if r.below_minimum),
        "minimum_rates": minimum_rates,
    }
    progress(2, 3, "正在排版")
    return [render_official("members/pdf/duty_summary.html", context)]
