"""我的数据 (issue 8): a member downloads everything the portal holds about them as one workbook,
one sheet a kind; nobody else's data is in it; the download is a security audit event; a
visitor who is not logged in is sent to the login page."""

import io

import pytest
from openpyxl import load_workbook

from consultations.models import Participant
from consultations.services import activities as act
from cppcc_portal.audit.models import AuditEvent
from cppcc_portal.audit.recording import record
from cppcc_portal.notifications.models import Notification
from members.models import DutyKind, DutyRecord, DutyStatus
from proposals import services as proposals
from proposals.defaults import categories_for, ensure_defaults
from sentiment.services import reports as report_services
from tests.consultations.conftest import at
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(member_a, member_b, member_staff, committee, term):
    """Data of A (the one downloading) and of B (who must not appear), each kind with a marker."""
    SessionFactory(term=term)
    ensure_defaults(committee.pk)
    category = categories_for(committee.pk).get(name="教育")
    member_a.id_number = "330102198001011234"
    member_a.address = "临江市解放路 88 号"
    member_a.save()
    member_b.id_number = "330102199002022345"
    member_b.address = "临江市中山路 1 号"
    member_b.save()
    for member, marker in ((member_a, "甲"), (member_b, "乙")):
        user = member.user
        proposals.proposal_create_draft(
            user=user, data={"title": f"关于{marker}方案的建议", "grounds": "情况", "suggestions": "建议", "category": category}
        )
        DutyRecord.objects.create(
            member=member,
            committee=committee,
            term=member.term,
            kind=DutyKind.CONTACT,
            occurred_on=at().date().replace(year=2026, month=1),
            year=2026,
            title=f"{marker}走访社区",
            status=DutyStatus.PENDING,
        )
        report_services.report_create(user=user, writer_key="member", title=f"{marker}社情信息", content="正文", contact="")
        Notification.objects.create(user=user, title=f"{marker}的通知", body="内容")
        record("login", user=user, request=None)
    # A also co-signs B's proposal and is invited to an activity
    b_draft = proposals.proposal_create_draft(
        user=member_b.user, data={"title": "关于联名方案的建议", "grounds": "情况", "suggestions": "建议", "category": category}
    )
    proposals.cosign_invite(b_draft, user=member_b.user, members=[member_a])
    from consultations.models import Activity

    starts = at()
    activity = Activity(
        committee_id=committee.pk, title="甲参加的协商会", starts_at=starts, ends_at=starts.replace(hour=11), place="会议室"
    )
    act.activity_create(activity, user=member_staff)
    act.participants_add(activity, user=member_staff, members=[member_a])
    assert Participant.objects.filter(member=member_a).exists()
    return member_a, member_b


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def _text(wb):
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


def test_a_member_downloads_all_their_own_data(client, world):
    member_a, _ = world
    client.force_login(member_a.user)
    page = client.get("/members/me/data/")
    assert page.status_code == 200 and "下载我的数据" in page.content.decode()
    response = client.post("/members/me/data/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = _workbook(response)
    assert wb.sheetnames == ["个人资料", "角色", "提案", "履职记录", "协商活动", "社情民意", "登录记录", "通知"]
    text = _text(wb)
    for value in (
        "李明华",
        "13905710818",
        "330102198001011234",
        "临江市解放路 88 号",
        "委员",
        "关于甲方案的建议",
        "关于联名方案的建议",  # co-signer invitation
        "甲走访社区",
        "甲参加的协商会",
        "甲社情信息",
        "甲的通知",
        "登录",
    ):
        assert value in text, value


def test_nobody_elses_data_is_in_the_file(client, world):
    member_a, member_b = world
    client.force_login(member_a.user)
    text = _text(_workbook(client.post("/members/me/data/download/", {"user": member_b.user.pk, "pk": member_b.pk})))
    # (B's name may appear: B invited A to co-sign, and that notice is A's.)
    for value in ("13800001111", "330102199002022345", "中山路", "乙方案", "乙走访", "乙社情", "乙的通知"):
        assert value not in text, value


def test_the_download_is_a_security_audit_event(client, world):
    member_a, _ = world
    client.force_login(member_a.user)
    client.post("/members/me/data/download/")
    event = AuditEvent.objects.filter(user_id=member_a.user.pk, action="export").latest("id")
    assert event.object_text == "我的数据（个人数据下载）"
    assert event.detail["kind"] == "personal_data" and event.detail["sheets"]["提案"] == 2


def test_a_visitor_is_sent_to_login(client):
    for response in (client.get("/members/me/data/"), client.post("/members/me/data/download/")):
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_formulas_in_ones_own_data_stay_text(client, member_a):
    member_a.address = '=HYPERLINK("http://evil.example")'
    member_a.save()
    client.force_login(member_a.user)
    wb = _workbook(client.post("/members/me/data/download/"))
    cells = [c for row in wb["个人资料"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert '\'=HYPERLINK("http://evil.example")' in [c.value for c in cells]


def test_the_menu_offers_it(client, member_a):
    client.force_login(member_a.user)
    assert "/members/me/data/" in client.get("/").content.decode()
