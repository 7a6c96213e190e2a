"""Cross-committee permissions with named personas: a county editor never sees the city's own
reports; the city sees only what the county sent it; writers see their own; others get 404."""

import pytest

from sentiment.models import Report
from sentiment.selectors import editor_reports, visible_reports
from sentiment.services import bulletins as bulletin_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def landscape(county_member, county_member_2, city_member, county_editor, city_editor, make_report, publish):
    """Two county reports (one sent up), one city report, one county draft."""
    sent = make_report(county_member.user, title="关于县域医共体建设的建议")
    bulletin = publish(sent, county_editor)
    bulletin_services.bulletin_send(bulletin, user=county_editor)
    unsent = make_report(county_member_2.user, title="关于乡村公交的建议")
    draft = make_report(county_member.user, title="关于草稿的建议", submit=False)
    city_own = make_report(city_member.user, title="关于城市更新的建议")
    copy = Report.objects.get(forwarded_from=sent)
    return {"sent": sent, "unsent": unsent, "draft": draft, "city_own": city_own, "copy": copy}


def test_county_editor_sees_only_the_county(landscape, county_editor):
    mine = set(editor_reports(county_editor).values_list("pk", flat=True))
    assert mine == {landscape["sent"].pk, landscape["unsent"].pk}
    assert landscape["city_own"].pk not in set(visible_reports(county_editor).values_list("pk", flat=True))


def test_city_editor_sees_only_what_was_sent(landscape, city_editor):
    mine = set(editor_reports(city_editor).values_list("pk", flat=True))
    assert mine == {landscape["copy"].pk, landscape["city_own"].pk}


@pytest.mark.parametrize(
    ("persona", "key", "status"),
    [
        ("county_editor", "city_own", 404),
        ("county_editor", "copy", 404),
        ("county_editor", "unsent", 200),
        ("county_editor", "draft", 404),
        ("city_editor", "unsent", 404),
        ("city_editor", "sent", 404),
        ("city_editor", "copy", 200),
        ("city_editor", "city_own", 200),
        ("county_member_user", "sent", 200),
        ("county_member_user", "unsent", 404),
        ("county_member_user", "draft", 200),
        ("city_member_user", "sent", 404),
        ("city_leader", "city_own", 404),
    ],
)
def test_report_pages_by_persona(client, request, landscape, persona, key, status, city_leader):
    if persona.endswith("_user"):
        user = request.getfixturevalue(persona.removesuffix("_user")).user
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    report = landscape[key]
    response = client.get(f"/sentiment/{report.pk}/")
    assert response.status_code == status
    if status == 200:
        assert report.title in response.content.decode()


def test_queue_lists_by_persona(client, landscape, county_editor, city_editor):
    client.force_login(county_editor)
    page = client.get("/sentiment/queue/?tab=all").content.decode()
    assert "关于县域医共体建设的建议" in page and "关于乡村公交的建议" in page
    assert "关于城市更新的建议" not in page and "关于草稿的建议" not in page
    client.force_login(city_editor)
    page = client.get("/sentiment/queue/?tab=all").content.decode()
    assert "关于县域医共体建设的建议" in page and "关于城市更新的建议" in page
    assert "关于乡村公交的建议" not in page


def test_city_sees_the_county_history_of_a_copy(client, landscape, city_editor):
    client.force_login(city_editor)
    page = client.get(f"/sentiment/{landscape['copy'].pk}/").content.decode()
    assert 'id="lower-history"' in page and "青山区政协" in page and "签发" in page


def test_members_and_leaders_cannot_open_the_queue(client, county_member, city_leader):
    client.force_login(county_member.user)
    assert client.get("/sentiment/queue/").status_code == 403
    client.force_login(city_leader)
    assert client.get("/sentiment/queue/").status_code == 403
    assert client.get("/sentiment/bulletins/").status_code == 200


def test_actions_of_another_committee_are_refused(client, landscape, county_editor):
    client.force_login(county_editor)
    response = client.post(f"/sentiment/{landscape['city_own'].pk}/do/start_editing/")
    assert response.status_code == 404
    assert Report.objects.get(pk=landscape["city_own"].pk).status == "received"


def test_attachment_only_through_the_permission_check(client, county_member, county_editor, city_editor, make_report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sentiment.services import reports as services

    pdf = SimpleUploadedFile("调研材料.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")
    report = services.report_create(
        user=county_member.user, writer_key="member", title="关于附件的建议", content="正文内容足够长。", files=[pdf], submit=True
    )
    attachment = report.attachments.get()
    url = f"/sentiment/{report.pk}/attachments/{attachment.pk}/"
    client.force_login(county_editor)
    response = client.get(url)
    assert response.status_code == 200 and "attachment;" in response["Content-Disposition"]
    client.force_login(city_editor)
    assert client.get(url).status_code == 404
