"""第N号 within the session: no gaps and no duplicates, even when staff accept at the same
moment. Real threads on PostgreSQL, each with its own connection and transaction."""

import pytest
from django.db import connection

from proposals import services
from proposals.models import Proposal, ProposalCounter, Status
from proposals.services import ProposalError
from tests.parallel import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_accepts_get_consecutive_numbers(make_submitted, member_a, member_b, proposal_staff, roles, committee):
    from members.roles import Role
    from tests.factories import UserFactory

    assert connection.vendor == "postgresql"
    second_staff = UserFactory(committee=committee, username="staff2", full_name="周建", roles=[Role.PROPOSAL_STAFF])
    proposals = [make_submitted(member_a if i % 2 else member_b, title=f"关于第{i}个问题的建议") for i in range(12)]
    calls = [
        (lambda p=p, s=(proposal_staff if i % 2 else second_staff): services.proposal_accept(p, user=s))
        for i, p in enumerate(proposals)
    ]
    results, errors = run_together(calls)
    assert errors == [None] * 12
    numbers = sorted(Proposal.objects.filter(status=Status.ACCEPTED).values_list("number", flat=True))
    assert numbers == list(range(1, 13))
    assert ProposalCounter.objects.get(session=proposals[0].session).last_number == 12


def test_the_same_proposal_accepted_twice_at_once_is_numbered_once(make_submitted, member_a, proposal_staff):
    proposal = make_submitted(member_a)
    results, errors = run_together([lambda: services.proposal_accept(proposal, user=proposal_staff)] * 4)
    assert sum(r is not None for r in results) == 1
    assert all(isinstance(e, ProposalError) for e in errors if e is not None) and sum(e is not None for e in errors) == 3
    proposal.refresh_from_db()
    assert proposal.number == 1 and ProposalCounter.objects.get(session=proposal.session).last_number == 1


def test_two_staff_bulk_accept_overlapping_selections(make_submitted, member_a, proposal_staff, roles, committee):
    from members.roles import Role
    from tests.factories import UserFactory

    other = UserFactory(committee=committee, username="staff3", full_name="吴敏", roles=[Role.PROPOSAL_STAFF])
    ids = [make_submitted(member_a, title=f"关于批量立案第{i}件的建议").pk for i in range(20)]
    (a, b), errors = run_together(
        [
            lambda: services.proposals_bulk_accept(ids[:14], user=proposal_staff),
            lambda: services.proposals_bulk_accept(ids[6:], user=other),
        ]
    )
    assert errors == [None, None]
    accepted = len(a[0]) + len(b[0])
    assert accepted == 20 and len(a[1]) + len(b[1]) == 8  # the overlap is refused once, by whoever came second
    numbers = sorted(Proposal.objects.filter(pk__in=ids).values_list("number", flat=True))
    assert numbers == list(range(1, 21))


def test_a_failed_accept_gives_its_number_back(make_submitted, member_a, proposal_staff, monkeypatch):
    """The number is taken inside the accept's transaction: if anything after it fails, the
    counter rolls back too, so the next accept gets the same number (no gap)."""
    import proposals.services.review as review

    first, second = make_submitted(member_a), make_submitted(member_a, title="关于第二件的建议")

    def boom(*args, **kwargs):
        raise RuntimeError("notification failed")

    monkeypatch.setattr(review, "accepted_credit", boom)
    with pytest.raises(RuntimeError):
        services.proposal_accept(first, user=proposal_staff)
    monkeypatch.undo()
    assert services.proposal_accept(second, user=proposal_staff).number == 1
    assert Proposal.objects.get(pk=first.pk).status == Status.SUBMITTED
