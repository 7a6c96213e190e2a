"""Concurrency on PostgreSQL for real: a double-clicked submit, two staff acting on the same
proposal, and 案号 under concurrent acceptances, each through the real pages. Every request runs
in its own thread with its own database connection; a barrier releases them together."""

import re

import pytest
from django.db import connection
from django.test import Client

from cppcc_portal.notifications.models import Notification
from members.roles import Role
from proposals.models import Assignment, Proposal, ProposalCounter, ProposalEvent, Status
from tests.factories import UserFactory
from tests.parallel import run_together
from tests.proposals.conftest import (  # noqa: F401 - fixtures
    TEXT_GROUNDS,
    TEXT_SUGGESTIONS,
    category,
    education,
    make_draft,
    make_submitted,
    rules,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("concurrency is tested on PostgreSQL: run with `make test`")


def together(calls):
    """Every call at the same instant; none of them may raise."""
    results, errors = run_together(calls)
    assert errors == [None] * len(calls), errors
    return results


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def text(response):
    return response.content.decode()


def same_browser(client, times):
    """Clients sharing one session cookie: the same browser tab sending the form again."""
    copies = []
    for _ in range(times):
        c = Client()
        c.cookies = client.cookies
        copies.append(c)
    return copies


def test_a_double_clicked_submit_makes_one_proposal(session, member_a, proposal_staff, category):  # noqa: F811
    browser = client_for(member_a.user)
    form = text(browser.get("/proposals/new/"))
    key = re.search(r'name="submission_key" value="([0-9a-f-]+)"', form)
    assert key, "the new-proposal form carries a one-time submission key"
    data = {
        "title": "关于加强城乡学校结对帮扶的建议",
        "category": category.pk,
        "timing": "plenary",
        "grounds": TEXT_GROUNDS,
        "suggestions": TEXT_SUGGESTIONS,
        "action": "submit",
        "submission_key": key.group(1),
    }
    responses = together([lambda c=c: c.post("/proposals/new/", data) for c in same_browser(browser, 3)])

    proposals = Proposal.objects.filter(title=data["title"])
    assert proposals.count() == 1
    proposal = proposals.get()
    assert proposal.status == Status.SUBMITTED
    assert all(r.status_code == 302 and r.url == proposal.get_absolute_url() for r in responses), responses
    assert ProposalEvent.objects.filter(proposal=proposal, action="submit").count() == 1
    assert ProposalEvent.objects.filter(proposal=proposal, action="create").count() == 1
    assert Notification.objects.filter(user=proposal_staff, title="有新提案待审查").count() == 1
    # the repeated clicks are told plainly what happened
    page = text(browser.get(proposal.get_absolute_url()))
    assert "提案已提交，请等待提案委员会审查。" in page or "已经保存过，重复提交已忽略" in page


def test_a_double_clicked_save_keeps_one_draft(session, member_a, category):  # noqa: F811
    browser = client_for(member_a.user)
    key = re.search(r'name="submission_key" value="([0-9a-f-]+)"', text(browser.get("/proposals/new/"))).group(1)
    data = {"title": "关于完善社区养老服务的建议", "category": category.pk, "timing": "plenary", "submission_key": key}
    together([lambda c=c: c.post("/proposals/new/", data) for c in same_browser(browser, 2)])
    assert Proposal.objects.filter(title=data["title"], status=Status.DRAFT).count() == 1
    # a new form is a new key: writing a second proposal with the same title is allowed
    key2 = re.search(r'name="submission_key" value="([0-9a-f-]+)"', text(browser.get("/proposals/new/"))).group(1)
    assert key2 != key
    browser.post("/proposals/new/", {**data, "submission_key": key2})
    assert Proposal.objects.filter(title=data["title"]).count() == 2


@pytest.fixture
def two_staff(proposal_staff, roles, committee):
    second = UserFactory(committee=committee, username="staff_zhou", full_name="周建", roles=[Role.PROPOSAL_STAFF])
    return proposal_staff, second


def test_two_staff_accepting_the_same_proposal_number_it_once(make_submitted, member_a, two_staff):  # noqa: F811
    proposal = make_submitted(member_a)
    clients = [client_for(s) for s in two_staff]
    url = f"/proposals/{proposal.pk}/review/accept/"
    responses = together([lambda c=c: c.post(url, {"comment": ""}) for c in clients])

    proposal.refresh_from_db()
    assert proposal.status == Status.ACCEPTED and proposal.number == 1
    assert ProposalCounter.objects.get(session=proposal.session).last_number == 1
    winners = [r for r in responses if r.status_code == 302]
    losers = [r for r in responses if r.status_code == 200]
    assert len(winners) == 1 and len(losers) == 1
    assert "不能立案。请刷新页面查看最新状态。" in text(losers[0])
    assert ProposalEvent.objects.filter(proposal=proposal, action="accept").count() == 1
    assert Notification.objects.filter(user=member_a.user, title__startswith="提案已立案").count() == 1


def test_two_staff_assigning_the_same_proposal_assign_it_once(
    make_submitted,  # noqa: F811
    member_a,
    two_staff,
    education,  # noqa: F811
    unit_clerk,
):
    from proposals import services

    proposal = services.proposal_accept(make_submitted(member_a), user=two_staff[0])
    clients = [client_for(s) for s in two_staff]
    url = f"/proposals/{proposal.pk}/assign/"
    responses = together([lambda c=c: c.post(url, {"mode": "lead", "lead": education.pk}) for c in clients])

    proposal.refresh_from_db()
    assert proposal.status == Status.HANDLING
    assert Assignment.objects.filter(proposal=proposal).count() == 1
    assert ProposalEvent.objects.filter(proposal=proposal, action="assign").count() == 1
    assert Notification.objects.filter(user=unit_clerk, title__startswith="新交办提案").count() == 1
    assert Notification.objects.filter(user=member_a.user, title="提案已交办").count() == 1
    losers = [r for r in responses if r.status_code == 200]
    assert len(losers) == 1 and sum(r.status_code == 302 for r in responses) == 1
    assert "不能交办。请刷新页面查看最新状态。" in text(losers[0])


def test_concurrent_acceptances_through_the_pages_get_consecutive_numbers(
    make_submitted,  # noqa: F811
    member_a,
    member_b,
    two_staff,
):
    n = 8
    proposals = [make_submitted(member_a if i % 2 else member_b, title=f"关于并发立案第{i}件的建议") for i in range(n)]
    clients = [client_for(s) for s in two_staff]
    calls = [
        (lambda p=p, c=clients[i % 2]: c.post(f"/proposals/{p.pk}/review/accept/", {"comment": ""}))
        for i, p in enumerate(proposals)
    ]
    responses = together(calls)
    assert [r.status_code for r in responses] == [302] * n
    numbers = sorted(Proposal.objects.filter(pk__in=[p.pk for p in proposals]).values_list("number", flat=True))
    assert numbers == list(range(1, n + 1))
    assert ProposalEvent.objects.filter(proposal__in=proposals, action="accept").count() == n
