"""Who sees what (named personas, one refused each time), and lists that run a fixed number of
queries whatever their length."""

from datetime import timedelta

import pytest

from proposals import services
from proposals.models import HandlingMode, Proposal, Status


def test_member_cannot_see_anothers_draft(client, make_draft, member_a, member_b):
    draft = make_draft(member_b)
    client.force_login(member_a.user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/proposals/{draft.pk}/edit/").status_code == 404
    client.force_login(member_b.user)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert draft.title in page and 'id="edit-proposal"' in page


def test_invited_member_may_read_the_draft_and_answer(client, make_draft, member_a, member_b):
    draft = make_draft(member_a)
    services.cosign_invite(draft, user=member_a.user, members=[member_b])
    client.force_login(member_b.user)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="invitation-panel"' in page and "同意联名" in page and 'id="edit-proposal"' not in page


def test_members_read_others_proposals_under_review_but_not_returned_ones(
    client, make_submitted, member_a, member_b, proposal_staff
):
    proposal = make_submitted(member_b)
    client.force_login(member_a.user)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert proposal.title in page and 'id="request-cosign"' in page and 'id="review-panel"' not in page
    services.proposal_return(proposal, user=proposal_staff, comment="请修改")
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_unit_cannot_open_a_proposal_assigned_only_to_another_unit(
    client, make_accepted, member_a, proposal_staff, health, unit_clerk, other_clerk
):
    proposal = make_accepted(member_a)
    services.proposal_assign(proposal, user=proposal_staff, mode=HandlingMode.LEAD, lead=health)
    client.force_login(unit_clerk)  # 市教育局
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert proposal.title not in client.get("/proposals/inbox/").content.decode()
    client.force_login(other_clerk)  # 市卫生健康委员会
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert proposal.title in page and "答复提案" in page


def test_member_cannot_accept(client, make_submitted, member_a, member_b):
    proposal = make_submitted(member_b)
    client.force_login(member_a.user)
    response = client.post(f"/proposals/{proposal.pk}/review/accept/", {"comment": ""})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED and proposal.number is None
    assert client.post("/proposals/review/accept/", {"ids": [proposal.pk]}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.number is None


def test_unit_cannot_see_the_review_queue(client, unit_clerk, leader, proposal_staff):
    client.force_login(unit_clerk)
    assert client.get("/proposals/review/").status_code == 403
    assert client.get("/proposals/stats/").status_code == 403
    client.force_login(leader)
    assert client.get("/proposals/review/").status_code == 403
    assert client.get("/proposals/stats/").status_code == 200
    client.force_login(proposal_staff)
    assert "提案审查" in client.get("/proposals/review/").content.decode()


def test_staff_of_another_committee_get_404(client, make_submitted, member_a, other_staff):
    proposal = make_submitted(member_a)
    client.force_login(other_staff)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert proposal.title not in client.get("/proposals/").content.decode()


def test_staff_never_see_drafts(client, make_draft, member_a, proposal_staff):
    draft = make_draft(member_a)
    client.force_login(proposal_staff)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_page_shows_only_allowed_actions(client, make_submitted, make_accepted, member_a, proposal_staff):
    submitted, accepted = make_submitted(member_a), make_accepted(member_a, title="关于另一件事的建议")
    client.force_login(proposal_staff)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert 'id="review-panel"' in page and 'id="assign-panel"' not in page
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert 'id="review-panel"' not in page and 'id="assign-panel"' in page


# --- fixed number of queries ------------------------------------------------------------------


def _many(make_submitted, proposal_staff, education, members, n):
    done = []
    for i in range(n):
        p = make_submitted(members[i % len(members)], title=f"关于列表第{i}件的建议")
        if i % 3 == 0:
            services.proposal_accept(p, user=proposal_staff)
            services.proposal_assign(p, user=proposal_staff, mode=HandlingMode.LEAD, lead=education)
            clerk = education.clerks.first()
            services.unit_request_extension(
                p.assignments.get(), user=clerk, reason="需协调", until=p.assignments.get().deadline + timedelta(days=10)
            )
        done.append(p)
    return done


LISTS = {
    "staff": [
        "/proposals/",
        "/proposals/?q=教育",
        "/proposals/review/",
        "/proposals/assign/",
        "/proposals/key/",
        "/proposals/requests/?status=",
    ],
    "member": ["/proposals/mine/"],
    "unit": ["/proposals/inbox/"],
}


@pytest.mark.parametrize("persona", ["staff", "member", "unit"])
def test_lists_run_a_fixed_number_of_queries(
    client,
    make_submitted,
    member_a,
    member_b,
    proposal_staff,
    unit_clerk,
    education,
    django_assert_max_num_queries,
    persona,
    settings,
):
    settings.PAGE_CACHE = False  # the view's own queries are counted, every time
    user = {"staff": proposal_staff, "member": member_a.user, "unit": unit_clerk}[persona]
    client.force_login(user)
    _many(make_submitted, proposal_staff, education, [member_a, member_b], 3)
    small = {}
    for url in LISTS[persona]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(url)  # warm up: rules created on first use, session caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        small[url] = len(ctx.captured_queries)
        assert small[url] < 30, (url, small[url])
    _many(make_submitted, proposal_staff, education, [member_a, member_b], 27)
    assert Proposal.objects.count() == 30
    for url in LISTS[persona]:
        with django_assert_max_num_queries(small[url]):
            assert client.get(url).status_code == 200
