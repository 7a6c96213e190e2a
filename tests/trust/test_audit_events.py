"""The security audit log records every kind of event with time, user, IP address, action, object
and result: logins, logouts, failed logins, two-factor resets, role and permission changes,
exports, downloads and state changes of domain records."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cppcc_portal.accounts import session_lifetime, two_factor
from cppcc_portal.audit.models import Action, AuditEvent, Result
from cppcc_portal.documents.models import GeneratedDocument
from members.models import User
from members.roles import Role
from proposals import services
from proposals.models import Proposal
from tests.factories import TEST_PASSWORD
from tests.proposals import conftest as proposal_fixtures
from tests.trust.conftest import page_text

pytestmark = pytest.mark.usefixtures("fast_hasher")

ADDRESS = "10.8.1.23"
# The proposal fixtures, to walk a proposal through the real services.
rules, category = proposal_fixtures.rules, proposal_fixtures.category
make_draft, make_submitted = proposal_fixtures.make_draft, proposal_fixtures.make_submitted
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def only_event(**filters):
    events = list(AuditEvent.objects.filter(**filters))
    assert len(events) == 1, events
    return events[0]


def last_event_id():
    """Fixtures grant roles too (and those are recorded): tests look at what came after this."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_login_and_a_logout_are_recorded_with_user_address_and_result(client, proposal_staff):
    before = timezone.now()
    response = client.post("/accounts/login/", {"username": "proposal_staff", "password": TEST_PASSWORD}, REMOTE_ADDR=ADDRESS)
    assert response["Location"] == "/"
    login = only_event(action=Action.LOGIN)
    assert login.user_id == proposal_staff.pk and login.username == "proposal_staff" and login.user_display == "钱建军"
    assert login.ip_address == ADDRESS and login.result == Result.SUCCESS
    assert login.committee_id == proposal_staff.committee_id and login.occurred_at >= before
    assert login.content_type == ContentType.objects.get_for_model(User) and login.object_id == str(proposal_staff.pk)

    client.post("/accounts/logout/", REMOTE_ADDR=ADDRESS)
    logout = only_event(action=Action.LOGOUT)
    assert (logout.user_id, logout.ip_address, logout.result) == (proposal_staff.pk, ADDRESS, Result.SUCCESS)
    assert logout.detail["ended_by"] == "user"


def test_a_session_ended_by_the_portal_is_recorded_as_a_logout(client, proposal_staff):
    client.post("/accounts/login/", {"username": "proposal_staff", "password": TEST_PASSWORD})
    session = client.session
    session[session_lifetime.SEEN_AT] -= 31 * 60  # half an hour idle
    session.save()
    assert "您已 30 分钟未操作" in page_text(client.get("/", follow=True))
    logout = only_event(action=Action.LOGOUT)
    assert logout.user_id == proposal_staff.pk and logout.detail["ended_by"] == "portal"


def test_a_failed_login_keeps_the_typed_username_and_the_address(client, proposal_staff):
    client.post("/accounts/login/", {"username": "proposal_staff", "password": "wrong-Password-1"}, REMOTE_ADDR=ADDRESS)
    client.post("/accounts/login/", {"username": "nobody_here", "password": "wrong-Password-1"}, REMOTE_ADDR=ADDRESS)
    failed = list(AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("id"))
    assert [e.username for e in failed] == ["proposal_staff", "nobody_here"]
    assert [e.object_text for e in failed] == ["proposal_staff", "nobody_here"]
    assert all(e.result == Result.FAILURE and e.ip_address == ADDRESS and e.user_id is None for e in failed)
    assert failed[0].detail["reason"] == "wrong_password"
    assert set(failed[0].detail) == {"reason", "user_agent"}  # never the password that was typed
    assert not AuditEvent.objects.filter(action=Action.LOGIN).exists()


def test_a_two_factor_reset_names_the_administrator_and_the_user(security_admin, leader):
    two_factor.reset(leader, by=security_admin)
    event = only_event(action=Action.TWO_FACTOR_RESET)
    assert event.user_id == security_admin.pk and event.username == "security_admin"
    assert event.object_id == str(leader.pk) and event.object_text == "陈志远" and event.result == Result.SUCCESS


def test_a_role_granted_in_the_admin_is_recorded(client, security_admin, leader):
    from tests.members.test_rules_page import form_data

    client.force_login(security_admin)
    mark = last_event_id()
    url = f"/admin/members/user/{leader.pk}/change/"
    data = form_data(client.get(url).content.decode(), "user_form")
    data["groups"] = [str(Group.objects.get(name=Role.LEADER).pk), str(Group.objects.get(name=Role.PROPOSAL_STAFF).pk)]
    data["_save"] = ["保存"]
    response = client.post(url, data, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302, page_text(response)
    assert leader.groups.filter(name=Role.PROPOSAL_STAFF).exists()
    event = only_event(action=Action.ROLE_CHANGE, id__gt=mark)
    assert event.user_id == security_admin.pk and event.ip_address == ADDRESS
    assert event.object_id == str(leader.pk) and event.object_text == "陈志远"
    assert event.detail == {"added": ["提案工作人员"]}


def test_roles_changed_from_either_side_and_cleared_are_recorded(leader, member_staff):
    mark = last_event_id()
    group = Group.objects.get(name=Role.PROPOSAL_STAFF)
    group.user_set.add(leader, member_staff)
    added = AuditEvent.objects.filter(action=Action.ROLE_CHANGE, id__gt=mark)
    assert sorted(e.object_text for e in added) == ["孙丽萍", "陈志远"]
    assert all(e.detail == {"added": ["提案工作人员"]} and e.user_id is None for e in added)
    leader.groups.clear()
    cleared = AuditEvent.objects.filter(action=Action.ROLE_CHANGE, object_id=str(leader.pk)).latest("id")
    assert cleared.detail == {"removed": ["提案工作人员", "领导"]}
    leader.groups.add(Group.objects.get(name=Role.LEADER))
    leader.groups.add(Group.objects.get(name=Role.LEADER))  # already there: nothing changed, nothing recorded
    assert AuditEvent.objects.filter(action=Action.ROLE_CHANGE, object_id=str(leader.pk), id__gt=mark).count() == 3


def test_permission_changes_of_roles_users_and_flags_are_recorded(roles, leader):
    view_user = Permission.objects.get(codename="view_user", content_type__app_label="members")
    group = Group.objects.get(name=Role.LEADER)
    group.permissions.add(view_user)
    event = AuditEvent.objects.filter(action=Action.PERMISSION_CHANGE, object_text="领导").latest("id")
    assert event.detail == {"added": ["members.view_user"]}

    leader.user_permissions.add(view_user)
    event = AuditEvent.objects.filter(action=Action.PERMISSION_CHANGE, object_id=str(leader.pk)).latest("id")
    assert event.object_text == "陈志远" and event.detail == {"added": ["members.view_user"]}

    leader.is_staff = True
    leader.save()
    event = AuditEvent.objects.filter(action=Action.PERMISSION_CHANGE, object_id=str(leader.pk)).latest("id")
    assert event.detail["fields"] == ["is_staff"] and event.detail["is_staff"] is True and event.detail["is_superuser"] is False
    assert not AuditEvent.objects.filter(action=Action.STATE_CHANGE, object_id=str(leader.pk)).exists()


def test_an_excel_export_of_personal_data_is_recorded(client, member_staff, member_a, member_b):
    client.force_login(member_staff)
    response = client.get("/members/?export=xlsx", REMOTE_ADDR=ADDRESS)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = only_event(action=Action.EXPORT)
    assert event.user_id == member_staff.pk and event.ip_address == ADDRESS and event.result == Result.SUCCESS
    assert event.object_text == "委员名单" and event.detail == {"rows": 2, "page": "/members/?export=xlsx"}


def test_a_blank_import_template_is_not_an_export(client, member_staff):
    client.force_login(member_staff)
    assert client.get("/members/import/template.xlsx").status_code == 200
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_document_download_is_recorded(client, member_staff):
    doc = GeneratedDocument.objects.create(
        committee=member_staff.committee, owner=member_staff, kind="member_roster", title="临江市政协委员名册"
    )
    doc.file.save("roster.pdf", ContentFile(PDF))
    client.force_login(member_staff)
    response = client.get(f"/documents/{doc.pk}/download/", REMOTE_ADDR=ADDRESS)
    assert b"".join(response.streaming_content) == PDF
    event = only_event(action=Action.DOWNLOAD)
    assert event.user_id == member_staff.pk and event.ip_address == ADDRESS
    assert event.content_type == ContentType.objects.get_for_model(GeneratedDocument) and event.object_id == str(doc.pk)
    assert event.detail == {"file": "临江市政协委员名册.pdf", "inline": False}


def test_a_refused_download_is_not_recorded_as_a_download(client, member_staff, member_a):
    doc = GeneratedDocument.objects.create(
        committee=member_staff.committee, owner=member_staff, kind="member_roster", title="名册"
    )
    doc.file.save("roster.pdf", ContentFile(PDF))
    client.force_login(member_a.user)
    assert client.get(f"/documents/{doc.pk}/download/").status_code == 404
    assert not AuditEvent.objects.filter(action=Action.DOWNLOAD).exists()


def test_a_proposal_attachment_download_is_recorded(client, make_draft, member_a):
    draft = make_draft(member_a)
    attachment = services.attachment_add(draft, user=member_a.user, upload=SimpleUploadedFile("调研报告.pdf", PDF))
    client.force_login(member_a.user)
    response = client.get(f"/proposals/{draft.pk}/attachments/{attachment.pk}/", REMOTE_ADDR=ADDRESS)
    assert b"".join(response.streaming_content) == PDF
    event = only_event(action=Action.DOWNLOAD)
    assert event.user_id == member_a.user.pk and event.ip_address == ADDRESS and event.object_id == str(attachment.pk)
    assert event.detail["file"] == "调研报告.pdf"


def test_a_proposal_state_change_is_recorded_with_its_fields(client, make_submitted, member_a, proposal_staff):
    proposal = make_submitted(member_a)
    client.force_login(proposal_staff)
    response = client.post(f"/proposals/{proposal.pk}/review/accept/", {"comment": ""}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    event = AuditEvent.objects.filter(action=Action.STATE_CHANGE, object_id=str(proposal.pk)).latest("id")
    assert event.content_type == ContentType.objects.get_for_model(Proposal)
    assert event.user_id == proposal_staff.pk and event.ip_address == ADDRESS and event.result == Result.SUCCESS
    assert event.object_text == str(proposal) and "status" in event.detail["fields"]
    assert event.detail["status"] == proposal.get_status_display()
    assert event.detail["history_id"] == proposal.history.latest("history_id").history_id


def test_creating_and_deleting_a_record_are_recorded(member_staff, committee):
    from members.models import Sector

    sector = Sector.objects.create(committee=committee, name="新闻出版界")
    created = only_event(action=Action.CREATE, object_text="新闻出版界")
    assert created.committee_id == committee.pk and created.user_id is None  # no request: the system
    sector_pk = sector.pk
    sector.delete()
    deleted = only_event(action=Action.DELETE, object_id=str(sector_pk))
    assert deleted.object_text == "新闻出版界"


def test_a_whole_record_save_names_only_what_changed(member_a):
    member = member_a
    member.workplace = "临江市第二中学"
    member.save()
    event = AuditEvent.objects.filter(action=Action.STATE_CHANGE, object_id=str(member.pk)).latest("id")
    assert event.detail["fields"] == ["workplace"]


def test_a_login_stamp_alone_is_not_a_state_change(client, proposal_staff):
    client.post("/accounts/login/", {"username": "proposal_staff", "password": TEST_PASSWORD})
    assert not AuditEvent.objects.filter(action=Action.STATE_CHANGE, object_id=str(proposal_staff.pk)).exists()
