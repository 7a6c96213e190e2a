# ruff: noqa: F811 (the consultations fixtures are imported by name, then requested as arguments)
"""Bad input to 协商 (issue 8): hostile text and times into the activity form, hostile opinions
into an online deliberation, hostile query strings into the lists and the calendar. Never a
server error; a refusal is in Chinese and stores nothing; valid text is stored exactly."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from consultations.models import Activity, Deliberation, Opinion
from consultations.services import deliberation as delib
from tests.consultations.conftest import forms, staff  # noqa: F401 (fixtures)
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

GOOD_START = (timezone.localdate() + timedelta(days=40)).strftime("%Y-%m-%dT09:00")
GOOD_END = (timezone.localdate() + timedelta(days=40)).strftime("%Y-%m-%dT11:30")


def hostile_datetime():
    return st.one_of(
        hostile_date(),
        st.sampled_from(["0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T09:00", "2026-01-01T25:61", "T09:00"]),
        st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    )


@pytest.fixture
def staff_client(client, staff, forms):
    client.force_login(staff)
    return client


@FUZZ
@given(title=hostile_text(), place=hostile_text(), description=hostile_text())
def test_activity_form_page_refuses_bad_text_in_chinese(staff_client, title, place, description):
    before = Activity.objects.count()
    data = {"title": title, "kind": "meeting", "starts_at": GOOD_START, "ends_at": GOOD_END, "place": place}
    response = staff_client.post("/consultations/activities/new/", {**data, "description": description})
    assert response.status_code in (200, 302)
    texts = [title.strip(), place.strip(), description.strip()]
    if response.status_code == 200:
        assert Activity.objects.count() == before
        assert speaks_chinese(page_messages(response))
        assert response.context["form"].data["title"] == title
    else:
        assert not any(has_control(t) for t in texts)
        activity = Activity.objects.latest("id")
        assert [activity.title, activity.place, activity.description] == texts
    if any(has_control(t) for t in texts):
        assert response.status_code == 200


@FUZZ
@given(starts=hostile_datetime(), ends=hostile_datetime(), kind=st.one_of(st.just("meeting"), hostile_text(12)))
def test_activity_form_page_takes_any_time(staff_client, starts, ends, kind):
    before = Activity.objects.count()
    data = {"title": "专题协商会：老旧小区改造", "kind": kind, "starts_at": starts, "ends_at": ends, "place": "三楼会议室"}
    response = staff_client.post("/consultations/activities/new/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Activity.objects.count() == before
        assert speaks_chinese(page_messages(response))
    else:
        activity = Activity.objects.latest("id")
        assert activity.starts_at < activity.ends_at


@pytest.fixture
def deliberation(staff, member_a):
    d = Deliberation(
        committee=staff.committee,
        title="老旧小区改造网络议政",
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=3),
    )
    delib.deliberation_save(d, user=staff, invitees=[member_a])
    delib.deliberation_open(d, user=staff)
    return d


@FUZZ
@given(content=hostile_text(), parent=st.one_of(st.just(""), bad_id()))
def test_opinions_refuse_bad_text_and_take_any_parent(client, member_a, deliberation, content, parent):
    client.force_login(member_a.user)
    before = Opinion.objects.count()
    response = client.post(f"/consultations/deliberations/{deliberation.pk}/opinions/", {"content": content, "parent": parent})
    assert response.status_code == 302
    stripped = content.strip()
    refused = not stripped or has_control(stripped) or len(stripped) > 2000
    if refused:
        assert Opinion.objects.count() == before
        page = client.get(response.url)
        assert speaks_chinese(page_messages(page))
    elif Opinion.objects.count() == before + 1:
        assert Opinion.objects.latest("id").content == stripped
    else:  # a parent id that is a number but not an opinion: refused, in Chinese
        assert speaks_chinese(page_messages(client.get(response.url)))


@FUZZ
@given(content=clean_text(min_size=1, max_size=500))
def test_valid_opinion_is_stored_exactly_and_shown_escaped(client, member_a, deliberation, content):
    client.force_login(member_a.user)
    response = client.post(f"/consultations/deliberations/{deliberation.pk}/opinions/", {"content": content})
    assert response.status_code == 302
    assert Opinion.objects.latest("id").content == content
    page = client.get(f"/consultations/deliberations/{deliberation.pk}/").content.decode()
    assert "<script>alert(" not in page


LIST_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": hostile_text(60),
        "status": hostile_text(12),
        "kind": hostile_text(12),
        "year": hostile_number(),
        "month": hostile_number(),
        "date": hostile_date(),
        "view": hostile_text(8),
        "page": hostile_number(),
        "item": bad_id(),
        "form": bad_id(),
        "organiser": bad_id(),
        "starts_after": hostile_date(),
        "starts_before": hostile_date(),
        "export": st.sampled_from(["", "xlsx"]),
        "cancelled": hostile_text(4),
    },
)

STAFF_PAGES = (
    "/consultations/activities/",
    "/consultations/calendar/",
    "/consultations/plans/",
    "/consultations/deliberations/",
    "/consultations/outcomes/",
    "/consultations/deliberations/new/",
)


@FUZZ
@given(params=LIST_PARAMS)
def test_staff_lists_and_calendar_take_any_query(staff_client, params):
    for url in STAFF_PAGES:
        response = staff_client.get(url, params)
        assert response.status_code in (200, 302, 404), (url, params)


@FUZZ
@given(params=LIST_PARAMS)
def test_member_pages_take_any_query(client, member_a, params):
    client.force_login(member_a.user)
    for url in ("/consultations/", "/consultations/deliberations/", "/consultations/outcomes/"):
        response = client.get(url, params)
        assert response.status_code in (200, 302, 403, 404), (url, params)


def test_activity_search_takes_every_nasty_string(staff_client):
    for q in NASTY:
        assert staff_client.get("/consultations/activities/", {"q": q}).status_code == 200, q
