"""The demo session (seed_demo) and statistics that match a count made by hand over it."""

from collections import Counter, defaultdict

from django.core.management import call_command

from members.models import DutyRecord, Session, User
from proposals.dates import today
from proposals.models import (
    NUMBERED_STATES,
    Assignment,
    Evaluation,
    Proposal,
    Reply,
    Status,
)
from proposals.stats import proposal_stats


def hand_count(session):
    """Statistics the slow way: load the rows and count them in Python."""
    received = [
        p for p in Proposal.objects.filter(session=session).select_related("category", "proposer__sector") if p.first_submitted_at
    ]
    ids = {p.pk for p in received}
    accepted = [p for p in received if p.status in NUMBERED_STATES]
    replied = [p for p in accepted if p.replied_at]
    replies = [r for r in Reply.objects.all() if r.proposal_id in ids]
    decisive = [e for e in Evaluation.objects.all() if e.proposal_id in ids and e.role in ("lead", "body")]
    by_category = defaultdict(lambda: [0, 0])
    for p in received:
        by_category[p.category.name][0] += 1
        by_category[p.category.name][1] += p.status in NUMBERED_STATES
    by_sector = defaultdict(int)
    for p in received:
        by_sector[p.proposer.sector.name if p.proposer_id else "集体提案"] += 1
    by_unit = defaultdict(lambda: {"lead": 0, "replied": 0, "overdue": 0})
    reply_of = {r.assignment_id: r for r in replies}
    for a in Assignment.objects.select_related("unit"):
        if a.proposal_id not in ids or a.status == "reassigned":
            continue
        row = by_unit[a.unit.name]
        if a.role in ("lead", "separate"):
            row["lead"] += 1
            row["overdue"] += a.status == "active" and a.deadline < today()
        row["replied"] += a.pk in reply_of
    return {
        "received": len(received),
        "accepted": len(accepted),
        "replied": len(replied),
        "merged": sum(p.status == Status.MERGED for p in received),
        "rejected": sum(p.status == Status.REJECTED for p in received),
        "replies": len(replies),
        "on_time": sum(r.on_time for r in replies),
        "codes": Counter(r.result_code for r in replies),
        "ratings": Counter(e.result for e in decisive),
        "by_category": {k: tuple(v) for k, v in by_category.items()},
        "by_sector": dict(by_sector),
        "by_unit": {k: dict(v) for k, v in by_unit.items()},
    }


def test_demo_session_and_statistics_match_a_hand_count(client, db):
    call_command("seed_demo", verbosity=0)
    current = Session.objects.get(committee__short_name="临江市政协", is_current=True)
    last = Session.objects.get(committee=current.committee, year=current.year - 1)

    # ~400 proposals across every state, this session and the last
    total = Proposal.objects.filter(committee=current.committee).count()
    assert 380 <= total <= 460, total
    states = set(Proposal.objects.filter(session=current).values_list("status", flat=True))
    assert states == set(Status.values)
    assert Proposal.objects.filter(session=last, status=Status.CLOSED).count() >= 100
    assert Assignment.objects.filter(status="active", deadline__lt=today()).exists()  # overdue ones
    assert Proposal.objects.filter(is_key=True, supervision__isnull=False).exists()
    assert Reply.objects.exists() and Evaluation.objects.exists()
    numbers = sorted(Proposal.objects.filter(session=current, number__isnull=False).values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert DutyRecord.objects.filter(source__startswith="proposals.Proposal:", kind="proposal_accepted").exists()

    for session in (current, last):
        by_hand = hand_count(session)
        stats = proposal_stats(current.committee_id, [session.pk])
        t = stats.totals
        assert (t["received"], t["accepted"], t["replied"], t["merged"], t["rejected"]) == (
            by_hand["received"],
            by_hand["accepted"],
            by_hand["replied"],
            by_hand["merged"],
            by_hand["rejected"],
        )
        assert stats.replies["total"] == by_hand["replies"] and stats.replies["on_time"] == by_hand["on_time"]
        assert {c: stats.replies[c] for c in "ABCD"} == {c: by_hand["codes"].get(c, 0) for c in "ABCD"}
        assert stats.ratings["total"] == sum(by_hand["ratings"].values())
        assert stats.ratings["result_satisfied"] == by_hand["ratings"]["satisfied"]
        assert stats.ratings["result_basic"] == by_hand["ratings"]["basic"]
        expected_rate = round(
            (by_hand["ratings"]["satisfied"] + by_hand["ratings"]["basic"]) * 100 / sum(by_hand["ratings"].values()), 1
        )
        assert stats.ratings["satisfaction_rate"] == expected_rate
        assert t["acceptance_rate"] == round(by_hand["accepted"] * 100 / by_hand["received"], 1)
        assert {r["category__name"]: (r["received"], r["accepted"]) for r in stats.by_category} == by_hand["by_category"]
        assert {r["label"]: r["received"] for r in stats.by_sector} == by_hand["by_sector"]
        assert {
            r["unit__name"]: {"lead": r["lead"], "replied": r["replied"], "overdue": r["overdue"]} for r in stats.by_unit
        } == by_hand["by_unit"]

    # the page shows the same figures, and the Excel export carries them
    client.force_login(User.objects.get(username="staff"))
    page = client.get("/proposals/stats/").content.decode()
    by_hand = hand_count(current)
    assert f'id="stat-received">{by_hand["received"]}<' in page
    assert f'id="stat-accepted">{by_hand["accepted"]}<' in page
    assert f'id="stat-code-A">{by_hand["codes"]["A"]}<' in page
    response = client.get(f"/proposals/stats/?session={current.pk}&export=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["总体情况", "按会议", "按类别", "按界别", "按承办单位"]
    overview = {row[0].value: row[1].value for row in wb["总体情况"].iter_rows(min_row=2)}
    assert overview["收到提案"] == by_hand["received"] and overview["立案"] == by_hand["accepted"]
