"""Bad input to 社情民意 (issue 8): hostile text into the report form and the similar-report
search, hostile query strings into the writer's and the editor's lists and statistics. Never a
server error; a refusal is in Chinese and stores nothing; valid text is stored exactly."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from members.roles import Role
from sentiment.models import Report
from sentiment.rules import categories_for, ensure_rules
from tests.factories import UserFactory
from tests.trust.hostile import (
    FUZZ,
    NASTY,
    bad_id,
    clean_text,
    has_control,
    hostile_number,
    hostile_text,
    page_messages,
    speaks_chinese,
)

pytestmark = pytest.mark.django_db
CONTENT = "近年来，我区农村留守儿童数量较多，部分学校缺少专职心理教师。建议配齐心理健康教师。"


@pytest.fixture
def writer(client, member_a):
    ensure_rules(member_a.user.committee)
    client.force_login(member_a.user)
    return client


@pytest.fixture
def category(member_a):
    ensure_rules(member_a.user.committee)
    return categories_for(member_a.user.committee).first()


@pytest.fixture
def editor(roles, committee):
    return UserFactory(committee=committee, username="report_editor", full_name="周文博", roles=[Role.REPORT_EDITOR])


def _post(client, category, **fields):
    data = {"writer": "member", "title": "关于留守儿童心理健康的建议", "content": CONTENT, "category": category.pk, "contact": ""}
    return client.post("/sentiment/new/", {**data, **fields})


@FUZZ
@given(title=hostile_text(), content=hostile_text(), contact=hostile_text(), do=st.sampled_from(["save", "submit"]))
def test_report_form_refuses_bad_text_in_chinese(writer, category, title, content, contact, do):
    before = Report.objects.count()
    response = _post(writer, category, title=title, content=content, contact=contact, do=do)
    assert response.status_code in (200, 302)
    texts = [title.strip(), content.strip(), contact.strip()]
    if response.status_code == 200:
        assert Report.objects.count() == before
        assert speaks_chinese(page_messages(response))
        assert response.context["form"].data["title"] == title
    else:
        report = Report.objects.latest("id")
        assert [report.title, report.content, report.contact] == [texts[0], texts[1].replace("\r\n", "\n"), texts[2]]
    if any(has_control(t) for t in texts) or not texts[0] or len(texts[0]) > 120:
        assert response.status_code == 200


@FUZZ
@given(title=clean_text(max_size=120), content=clean_text(max_size=800))
def test_valid_report_is_stored_exactly_and_shown_escaped(writer, category, title, content):
    response = _post(writer, category, title=title, content=content, do="save")
    assert response.status_code == 302, page_messages(response)
    report = Report.objects.latest("id")
    assert (report.title, report.content) == (title, content)
    page = writer.get(f"/sentiment/{report.pk}/").content.decode()
    assert "<script>alert(" not in page


@FUZZ
@given(writer_key=st.one_of(hostile_text(20), st.sampled_from(["body:1", "body:x", "staff", "body:99999999999999999999"])))
def test_unknown_writer_is_refused_in_chinese(writer, category, writer_key):
    before = Report.objects.count()
    response = _post(writer, category, writer=writer_key)
    if writer_key == "member":
        return
    assert response.status_code == 200
    assert Report.objects.count() == before
    assert speaks_chinese(page_messages(response))


@FUZZ
@given(text=hostile_text(), exclude=bad_id())
def test_similar_search_takes_any_text(writer, text, exclude):
    response = writer.post("/sentiment/similar/", {"title": text, "content": text, "exclude": exclude})
    assert response.status_code == 200


LIST_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": hostile_text(60),
        "status": hostile_text(12),
        "tab": hostile_text(12),
        "year": hostile_number(),
        "category": bad_id(),
        "source": hostile_text(8),
        "from_committee": bad_id(),
        "sector": bad_id(),
        "subject": hostile_text(8),
        "only": hostile_text(8),
        "page": hostile_number(),
        "export": st.sampled_from(["", "xlsx"]),
    },
)


@FUZZ
@given(params=LIST_PARAMS)
def test_writer_pages_take_any_query(writer, params):
    for url in ("/sentiment/", "/sentiment/mine/", "/sentiment/quotas/mine/"):
        response = writer.get(url, params)
        assert response.status_code in (200, 302, 403, 404), (url, params)


@FUZZ
@given(params=LIST_PARAMS)
def test_editor_pages_take_any_query(client, editor, params):
    client.force_login(editor)
    for url in ("/sentiment/queue/", "/sentiment/bulletins/", "/sentiment/quotas/", "/sentiment/stats/", "/sentiment/adoptions/"):
        response = client.get(url, params)
        assert response.status_code in (200, 302, 404), (url, params)


def test_queue_search_takes_every_nasty_string(client, editor):
    client.force_login(editor)
    for q in NASTY:
        assert client.get("/sentiment/queue/", {"q": q, "tab": "all"}).status_code == 200, q
