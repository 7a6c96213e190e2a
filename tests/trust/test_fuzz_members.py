"""Bad input to 委员履职 (issue 8): hostile text, dates and numbers into the duty activity a member
records, bad ids into the staff's bulk verification and the duty report, hostile query strings
into the member list, the duty file and the rankings. Never a server error; a refusal is in
Chinese and stores nothing; valid text is stored exactly."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cppcc_portal.documents.models import GeneratedDocument
from members.models import DutyRecord, DutyStatus
from tests.trust.hostile import (
    FUZZ,
    NASTY,
    bad_id,
    clean_text,
    has_control,
    hostile_date,
    hostile_number,
    hostile_text,
    page_messages,
    speaks_chinese,
)

pytestmark = pytest.mark.django_db
YESTERDAY = str(timezone.localdate() - timedelta(days=1))


@pytest.fixture
def member_client(client, member_a):
    client.force_login(member_a.user)
    return client


def _post(client, **fields):
    data = {
        "kind": "contact",
        "occurred_on": YESTERDAY,
        "quantity": "12",
        "title": "走访社区听取群众意见",
        "place": "",
        "detail": "",
    }
    return client.post("/members/duty/new/", {**data, **fields})


@FUZZ
@given(title=hostile_text(), place=hostile_text(), detail=hostile_text())
def test_duty_activity_refuses_bad_text_in_chinese(member_client, title, place, detail):
    before = DutyRecord.objects.count()
    response = _post(member_client, title=title, place=place, detail=detail)
    assert response.status_code in (200, 302)
    texts = [title.strip(), place.strip(), detail.strip()]
    if response.status_code == 200:
        assert DutyRecord.objects.count() == before
        assert speaks_chinese(page_messages(response))
        assert response.context["form"].data["title"] == title
    else:
        record = DutyRecord.objects.latest("id")
        assert [record.title, record.place, record.detail] == texts
    if any(has_control(t) for t in texts) or not texts[0]:
        assert response.status_code == 200


@FUZZ
@given(occurred_on=hostile_date(), quantity=hostile_number(), kind=st.one_of(st.just("contact"), hostile_text(12)))
def test_duty_activity_takes_any_date_number_and_kind(member_client, occurred_on, quantity, kind):
    before = DutyRecord.objects.count()
    response = _post(member_client, occurred_on=occurred_on, quantity=quantity, kind=kind)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert DutyRecord.objects.count() == before
        assert speaks_chinese(page_messages(response))
    else:
        record = DutyRecord.objects.latest("id")
        assert record.occurred_on <= timezone.localdate()
        assert 1 <= record.quantity <= 10000


@FUZZ
@given(title=clean_text(max_size=200), detail=clean_text(max_size=1000))
def test_valid_activity_is_stored_exactly_and_shown_escaped(member_client, title, detail):
    response = _post(member_client, title=title, detail=detail)
    assert response.status_code == 302, page_messages(response)
    record = DutyRecord.objects.latest("id")
    assert (record.title, record.detail) == (title, detail)
    page = member_client.get(f"/members/duty/records/{record.pk}/").content.decode()
    assert "<script>alert(" not in page


@FUZZ
@given(ids=st.lists(bad_id(), max_size=5), member_id=bad_id(), year=hostile_number())
def test_staff_actions_take_bad_ids(client, member_staff, member_a, ids, member_id, year):
    client.force_login(member_staff)
    documents = GeneratedDocument.objects.count()
    response = client.post("/members/duty/review/verify/", {"record": ids})
    assert response.status_code in (200, 302)
    assert not DutyRecord.objects.filter(status=DutyStatus.VERIFIED, verified_by=member_staff).exists()
    response = client.post(f"/members/duty/report/pdf/?year={year}", {"member": member_id})
    assert response.status_code in (302, 404)
    if response.status_code == 404:
        assert GeneratedDocument.objects.count() == documents


LIST_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": hostile_text(60),
        "year": hostile_number(),
        "sector": bad_id(),
        "special_committee": bad_id(),
        "group": bad_id(),
        "status": hostile_text(12),
        "kind": hostile_text(12),
        "grade": hostile_text(8),
        "party": hostile_text(8),
        "page": hostile_number(),
        "export": st.sampled_from(["", "xlsx"]),
    },
)


@FUZZ
@given(params=LIST_PARAMS)
def test_staff_pages_take_any_query(client, member_staff, member_a, params):
    client.force_login(member_staff)
    pages = (
        "/members/",
        "/members/duty/review/",
        "/members/duty/ranking/",
        "/members/duty/below-minimum/",
        "/members/duty/stats/",
        "/members/duty/attendance/",
        f"/members/duty/members/{member_a.pk}/",
    )
    for url in pages:
        response = client.get(url, params)
        assert response.status_code in (200, 302, 404), (url, params)


@FUZZ
@given(params=LIST_PARAMS)
def test_member_pages_take_any_query(member_client, params):
    for url in ("/members/duty/", "/members/me/", "/members/duty/rules/"):
        response = member_client.get(url, params)
        assert response.status_code in (200, 302, 403, 404), (url, params)


def test_member_search_takes_every_nasty_string(client, member_staff, member_a):
    client.force_login(member_staff)
    for q in NASTY:
        assert client.get("/members/", {"q": q}).status_code == 200, q
