# ruff: noqa: F811 (the proposals fixtures are imported by name, then requested as arguments)
"""Bad input to 提案 (issue 8): hostile text into the proposal form, the service and the pages,
hostile query strings into the lists and statistics, bad ids into the staff's bulk actions.
Never a server error; a refusal is in Chinese and stores nothing; valid text is stored exactly."""

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cppcc_portal.core.params import parse_id
from proposals import services
from proposals.forms import ProposalForm
from proposals.models import Proposal
from tests.proposals.conftest import (  # noqa: F401 (fixtures)
    TEXT_GROUNDS,
    TEXT_SUGGESTIONS,
    category,
    education,
    make_draft,
    make_submitted,
    rules,
)
from tests.trust.hostile import (
    FUZZ,
    NASTY,
    bad_id,
    clean_text,
    form_messages,
    has_control,
    hostile_number,
    hostile_text,
    page_messages,
    speaks_chinese,
)

pytestmark = pytest.mark.django_db


def _title_is_valid(title):
    stripped = title.strip()
    return not has_control(stripped) and 5 <= len(stripped) <= 200


@pytest.fixture
def writer(client, member_a, session, category, rules):
    client.force_login(member_a.user)
    return client


@FUZZ
@given(title=hostile_text())
def test_proposal_form_refuses_bad_titles_in_chinese(member_a, session, category, rules, title):
    form = ProposalForm(
        {"title": title, "category": category.pk, "timing": "plenary", "grounds": TEXT_GROUNDS}, user=member_a.user
    )
    if _title_is_valid(title):
        assert form.is_valid(), form.errors
        assert form.cleaned_data["title"] == title.strip()
    else:
        assert not form.is_valid()
        assert speaks_chinese(form_messages(form)), form.errors


@FUZZ
@given(grounds=hostile_text(), suggestions=hostile_text())
def test_proposal_form_refuses_control_characters_in_the_body(member_a, session, category, rules, grounds, suggestions):
    form = ProposalForm(
        {
            "title": "关于加强校园安全的建议",
            "category": category.pk,
            "timing": "plenary",
            "grounds": grounds,
            "suggestions": suggestions,
        },
        user=member_a.user,
    )
    grounds_, suggestions_ = grounds.strip(), suggestions.strip()  # a CharField strips first
    bad = has_control(grounds_ + suggestions_) or max(len(grounds_), len(suggestions_)) > rules.max_content_chars
    assert form.is_valid() is not bad, form.errors
    if bad:
        assert speaks_chinese(form_messages(form)), form.errors


@FUZZ
@given(title=hostile_text(), action=st.sampled_from(["save", "submit"]))
def test_proposal_create_page_never_fails(writer, member_a, category, title, action):
    before = Proposal.objects.count()
    response = writer.post(
        "/proposals/new/",
        {
            "title": title,
            "category": category.pk,
            "timing": "plenary",
            "grounds": TEXT_GROUNDS,
            "suggestions": TEXT_SUGGESTIONS,
            "action": action,
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused: said in Chinese, nothing stored, the text kept in the form
        assert Proposal.objects.count() == before
        assert speaks_chinese(page_messages(response))
        assert response.context["form"].data["title"] == title
    else:
        assert _title_is_valid(title)
        assert Proposal.objects.count() == before + 1
        assert Proposal.objects.latest("id").title == title.strip()


@FUZZ
@given(title=clean_text(), grounds=clean_text(max_size=400))
def test_valid_text_is_stored_exactly_and_shown_escaped(writer, member_a, category, title, grounds):
    response = writer.post(
        "/proposals/new/",
        {"title": title, "category": category.pk, "timing": "plenary", "grounds": grounds, "action": "save"},
    )
    assert response.status_code == 302, page_messages(response)
    proposal = Proposal.objects.latest("id")
    assert (proposal.title, proposal.grounds) == (title, grounds)
    page = writer.get(f"/proposals/{proposal.pk}/").content.decode()
    assert html.escape(title, quote=False).replace("'", "&#x27;") in page or html.escape(title) in page


def test_script_in_a_title_is_shown_as_text(writer, make_draft, member_a):
    proposal = make_draft(member_a, title="<script>alert('xss')</script>关于教育的建议")
    page = writer.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page


@FUZZ
@given(title=clean_text(), grounds=clean_text(max_size=400))
def test_draft_service_stores_text_exactly(member_a, session, category, rules, title, grounds):
    draft = services.proposal_create_draft(
        user=member_a.user, data={"title": title, "grounds": grounds, "suggestions": "", "category": category}
    )
    draft.refresh_from_db()
    assert (draft.title, draft.grounds) == (title, grounds)


LIST_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": hostile_text(80),
        "status": hostile_text(20),
        "session": bad_id(),
        "category": bad_id(),
        "unit": bad_id(),
        "sector": bad_id(),
        "page": hostile_number(),
        "year": hostile_number(),
        "export": st.sampled_from(["", "xlsx", "pdf", "\x00"]),
        "mine": hostile_text(5),
    },
)


def test_search_takes_every_nasty_string(writer, client, proposal_staff):
    for q in NASTY:
        assert writer.get("/proposals/mine/", {"q": q}).status_code == 200, q
    client.force_login(proposal_staff)
    for q in NASTY:
        for url in ("/proposals/", "/proposals/review/"):
            assert client.get(url, {"q": q}).status_code == 200, (url, q)


@FUZZ
@given(params=LIST_PARAMS)
def test_member_lists_take_any_query(writer, params):
    for url in ("/proposals/mine/", "/proposals/"):
        response = writer.get(url, params)
        assert response.status_code in (200, 302, 403, 404), (url, params)


@FUZZ
@given(params=LIST_PARAMS)
def test_staff_lists_and_statistics_take_any_query(client, proposal_staff, session, rules, params):
    client.force_login(proposal_staff)
    for url in ("/proposals/", "/proposals/review/", "/proposals/assign/", "/proposals/stats/", "/proposals/awards/"):
        response = client.get(url, params)
        assert response.status_code in (200, 302, 404), (url, params)


@FUZZ
@given(ids=st.lists(bad_id(), max_size=4), unit=bad_id())
def test_bulk_actions_ignore_bad_ids(client, proposal_staff, make_submitted, member_a, ids, unit):
    client.force_login(proposal_staff)
    proposal = Proposal.objects.filter(status="submitted").first() or make_submitted(member_a)
    before = proposal.status
    ids = [i for i in ids if parse_id(i) != proposal.pk]  # a random id may be this one's: keep it out
    response = client.post("/proposals/review/accept/", {"ids": ids})
    assert response.status_code in (200, 302, 400, 404)
    data = {"ids": [*ids, str(proposal.pk)], f"unit_{proposal.pk}": unit}
    response = client.post("/proposals/assign/bulk/", data)
    assert response.status_code in (200, 302, 400, 404)
    proposal.refresh_from_db()
    assert proposal.status == before


@FUZZ
@given(text=hostile_text(), exclude=bad_id())
def test_similar_search_takes_any_text(writer, text, exclude):
    response = writer.post("/proposals/similar/", {"title": text, "grounds": text, "proposal": exclude})
    assert response.status_code == 200


@FUZZ
@given(session_id=bad_id(), year=hostile_number(), remove=bad_id())
def test_compilation_and_awards_take_bad_ids(client, proposal_staff, session, rules, session_id, year, remove):
    client.force_login(proposal_staff)
    response = client.post("/proposals/compilation/", {"session": session_id})
    assert response.status_code in (200, 302, 404)
    response = client.get("/proposals/awards/", {"year": year})
    assert response.status_code in (200, 302, 404)
    response = client.post("/proposals/awards/", {"remove": remove})
    assert response.status_code in (200, 302, 403, 404)
