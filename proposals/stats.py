"""Statistics staff report (DOMAIN.md): received, accepted and 立案率, 办复率, on-time rate,
A/B/C/D shares and 满意率 — by session, category, unit and sector. Every figure is counted by
the database (aggregate / values + annotate), never by looping over rows in Python.

Definitions (shown on the page too):
- received (收到): proposals submitted at least once (drafts never submitted are not counted);
- accepted (立案): proposals holding a number; 立案率 = accepted / received;
- replied (已答复): accepted proposals with a reply; 办复率 = replied / accepted;
- on-time (按期): replies sent on or before their deadline, over all replies;
- A/B/C/D: shares of replies by result code;
- 满意率: the first proposer's (or body's) ratings of the result that are 满意 or 基本满意, over
  all such ratings; 满意 alone is shown beside it.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from proposals.dates import today
from proposals.models import (
    NUMBERED_STATES,
    Assignment,
    AssignmentStatus,
    Evaluation,
    EvaluatorRole,
    Proposal,
    Rating,
    Reply,
    ResultCheck,
    Status,
    UnitRole,
)

DECISIVE = [EvaluatorRole.LEAD, EvaluatorRole.BODY]
CODES = ["A", "B", "C", "D"]


def rate(part, whole):
    return round(part * 100.0 / whole, 1) if whole else None


def _proposal_counts():
    return {
        "received": Count("pk", distinct=True),
        "accepted": Count("pk", filter=Q(status__in=NUMBERED_STATES), distinct=True),
        "replied": Count("pk", filter=Q(status__in=NUMBERED_STATES, replied_at__isnull=False), distinct=True),
        "merged": Count("pk", filter=Q(status=Status.MERGED), distinct=True),
        "converted": Count("pk", filter=Q(status__in=[Status.TO_OPINION, Status.TO_REPORT]), distinct=True),
        "rejected": Count("pk", filter=Q(status=Status.REJECTED), distinct=True),
        "withdrawn": Count("pk", filter=Q(status=Status.WITHDRAWN), distinct=True),
        "in_review": Count("pk", filter=Q(status__in=[Status.SUBMITTED, Status.RETURNED]), distinct=True),
        "key": Count("pk", filter=Q(is_key=True), distinct=True),
        "excellent": Count("pk", filter=Q(is_excellent=True), distinct=True),
        "closed": Count("pk", filter=Q(status=Status.CLOSED), distinct=True),
    }


def _with_rates(row):
    row["acceptance_rate"] = rate(row["accepted"], row["received"])
    row["replied_rate"] = rate(row["replied"], row["accepted"])
    return row


def received_proposals(committee_id, session_ids):
    return Proposal.objects.filter(committee_id=committee_id, session_id__in=session_ids, first_submitted_at__isnull=False)


@dataclass
class Stats:
    totals: dict
    replies: dict
    ratings: dict
    by_session: list
    by_category: list
    by_unit: list
    by_sector: list


def proposal_stats(committee_id, session_ids):
    base = received_proposals(committee_id, session_ids)
    totals = _with_rates(base.aggregate(**_proposal_counts()))

    replies = Reply.objects.filter(proposal__in=base)
    reply_counts = replies.aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(on_time=True)),
        **{code: Count("pk", filter=Q(result_code=code)) for code in CODES},
    )
    reply_counts["on_time_rate"] = rate(reply_counts["on_time"], reply_counts["total"])
    reply_counts["shares"] = {code: rate(reply_counts[code], reply_counts["total"]) for code in CODES}

    decisive = Evaluation.objects.filter(proposal__in=base, role__in=DECISIVE)
    ratings = decisive.aggregate(
        total=Count("pk"),
        **{f"result_{r}": Count("pk", filter=Q(result=r)) for r in Rating.values},
        **{f"attitude_{r}": Count("pk", filter=Q(attitude=r)) for r in Rating.values},
    )
    ratings["satisfaction_rate"] = rate(ratings["result_satisfied"] + ratings["result_basic"], ratings["total"])
    ratings["satisfied_share"] = rate(ratings["result_satisfied"], ratings["total"])
    ratings["attitude_rate"] = rate(ratings["attitude_satisfied"] + ratings["attitude_basic"], ratings["total"])
    checks = base.aggregate(
        checked=Count("pk", filter=~Q(result_check="")),
        done=Count("pk", filter=Q(result_check=ResultCheck.DONE)),
    )
    ratings["result_checked"], ratings["result_done"] = checks["checked"], checks["done"]
    ratings["result_done_rate"] = rate(checks["done"], checks["checked"])

    by_session = [
        _with_rates(row)
        for row in base.values("session_id", "session__year", "session__number", "session__term__number")
        .annotate(**_proposal_counts())
        .order_by("-session__year", "-session__number")
    ]
    by_category = [
        _with_rates(row)
        for row in base.values("category_id", "category__name", "category__order")
        .annotate(**_proposal_counts())
        .order_by("category__order", "category_id")
    ]
    by_sector = [
        _with_rates(row)
        for row in base.values("proposer__sector_id", "proposer__sector__name", "proposer__sector__order")
        .annotate(**_proposal_counts())
        .order_by("proposer__sector__order", "proposer__sector_id")
    ]
    for row in by_sector:
        row["label"] = row["proposer__sector__name"] or "集体提案"
    by_sector.sort(key=lambda row: row["proposer__sector_id"] is None)  # collective proposals last
    return Stats(totals, reply_counts, ratings, by_session, by_category, unit_stats(base), by_sector)


def unit_stats(base):
    """Per unit: what it was given (as lead, co-handler or separately), replied, on time, overdue
    now, its reply codes and the decisive ratings of its replies."""
    on = today()
    rows = (
        Assignment.objects.filter(proposal__in=base)
        .exclude(status=AssignmentStatus.REASSIGNED)
        .values("unit_id", "unit__name", "unit__order")
        .annotate(
            assigned=Count("pk", distinct=True),
            lead=Count("pk", filter=Q(role__in=[UnitRole.LEAD, UnitRole.SEPARATE]), distinct=True),
            co=Count("pk", filter=Q(role=UnitRole.CO), distinct=True),
            replied=Count("reply", distinct=True),
            on_time=Count("reply", filter=Q(reply__on_time=True), distinct=True),
            overdue=Count(
                "pk",
                filter=Q(status=AssignmentStatus.ACTIVE, deadline__lt=on, role__in=[UnitRole.LEAD, UnitRole.SEPARATE]),
                distinct=True,
            ),
            evaluated=Count("reply__evaluations", filter=Q(reply__evaluations__role__in=DECISIVE), distinct=True),
            satisfied=Count(
                "reply__evaluations",
                filter=Q(
                    reply__evaluations__role__in=DECISIVE,
                    reply__evaluations__result__in=[Rating.SATISFIED, Rating.BASIC],
                ),
                distinct=True,
            ),
            **{code: Count("reply", filter=Q(reply__result_code=code), distinct=True) for code in CODES},
        )
        .order_by("unit__order", "unit_id")
    )
    result = []
    for row in rows:
        row["replied_rate"] = rate(row["replied"], row["lead"])
        row["on_time_rate"] = rate(row["on_time"], row["replied"])
        row["satisfaction_rate"] = rate(row["satisfied"], row["evaluated"])
        result.append(row)
    return result
