"""Activities: from a plan item to attendance in the duty files. Replies, leave, QR sign-in,
speeches, materials, cancellation; who may do what."""

import io
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from consultations import signin
from consultations.errors import ConsultationError
from consultations.models import Activity, ActivityKind, ActivityStatus, Participant, Reply, Speech, SpeechStatus
from consultations.services import activities as act
from consultations.services import attendance as att
from cppcc_portal.notifications.models import Notification
from members.models import DutyKind, DutyRecord
from tests.consultations.conftest import at, new_activity, notified_activity, signin_activity

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


# --- planning an activity -----------------------------------------------------------------------


def test_staff_plan_an_activity_from_a_plan_item(client, staff, item, member_a, unit):
    client.force_login(staff)
    page = client.get(f"/consultations/items/{item.pk}/activities/new/").content.decode()
    assert "专题协商会：推进城乡义务教育优质均衡发展" in page  # the title is proposed from the item
    start = at(40)
    response = client.post(
        f"/consultations/items/{item.pk}/activities/new/",
        {
            "title": "专题协商会：推进城乡义务教育优质均衡发展",
            "kind": "meeting",
            "form": item.form_id,
            "organiser": item.organiser_id,
            "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "place": "市政协机关三楼会议室",
        },
    )
    activity = Activity.objects.get(plan_item=item)
    assert response["Location"] == activity.get_absolute_url()
    assert activity.status == ActivityStatus.DRAFT and activity.created_by == staff
    assert set(Participant.objects.filter(activity=activity).values_list("member_id", "unit_id")) == {
        (member_a.pk, None),
        (None, unit.pk),
    }
    assert activity.notice_on < activity.materials_on < start.date()


def test_an_item_of_an_unpublished_plan_gets_no_activity(client, staff, draft_plan):
    client.force_login(staff)
    response = client.get(f"/consultations/items/{draft_plan.items.get().pk}/activities/new/", follow=True)
    assert "计划印发后才能按议题安排活动" in response.content.decode()


def test_a_bad_activity_form_keeps_what_was_typed(client, staff):
    client.force_login(staff)
    page = client.post(
        "/consultations/activities/new/",
        {
            "title": "座谈：社区治理",
            "kind": "forum",
            "starts_at": "2026-12-10T14:00",
            "ends_at": "2026-12-10T09:00",
            "place": "委员之家",
        },
    ).content.decode()
    assert "结束时间必须晚于开始时间" in page and "座谈：社区治理" in page and "委员之家" in page
    assert not Activity.objects.exists()


def test_participants_by_sector_group_unit_and_guest(client, staff, member_a, member_b, unit):
    activity = new_activity(staff, title="座谈：社区治理")
    client.force_login(staff)
    client.post(
        f"/consultations/activities/{activity.pk}/participants/add/",
        {"sectors": [member_a.sector_id], "units": [unit.pk], "guests": "周建国，临江大学教授\n\n李老师"},
    )
    rows = list(Participant.objects.filter(activity=activity).order_by("id"))
    assert {p.member_id for p in rows if p.member_id} == {member_a.pk, member_b.pk}
    assert [(p.guest_name, p.guest_org) for p in rows if p.guest_name] == [("周建国", "临江大学教授"), ("李老师", "")]
    response = client.post(f"/consultations/activities/{activity.pk}/participants/add/", {"members": [member_a.pk]}, follow=True)
    assert "所选人员都已在名单中" in response.content.decode()
    response = client.post(f"/consultations/activities/{activity.pk}/participants/add/", {}, follow=True)
    assert "请至少选择一位委员" in response.content.decode()


# --- notice, reply and leave ----------------------------------------------------------------------


def test_scheduling_after_the_notice_date_sends_the_notice_at_once(staff, item, member_a):
    activity = new_activity(staff, item=item, starts=at(5))
    act.activity_schedule(activity, user=staff, override_reason="市委临时交办")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.NOTIFIED and activity.notice_sent_at
    note = Notification.objects.get(user=member_a.user)
    assert note.title == f"活动通知：{activity.title}" and "地点：市政协机关三楼会议室" in note.body
    assert "晚于应发日期" in activity.events.get(action="发出通知").comment
    with pytest.raises(ConsultationError, match="已通知，不能发出通知"):
        act.activity_send_notice(activity, user=staff)
    assert Notification.objects.filter(user=member_a.user).count() == 1


def test_a_member_replies_and_asks_for_leave(client, staff, item, member_a):
    activity = notified_activity(staff, item=item)
    client.force_login(member_a.user)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "我的回复与签到" in page and "未回复" in page
    response = client.post(
        f"/consultations/activities/{activity.pk}/reply/", {"reply": "leave_requested", "reason": ""}, follow=True
    )
    assert "请假请填写事由" in response.content.decode()
    client.post(f"/consultations/activities/{activity.pk}/reply/", {"reply": "leave_requested", "reason": "赴省里开会"})
    mine = Participant.objects.get(activity=activity, member=member_a)
    assert mine.reply == Reply.LEAVE_REQUESTED and mine.leave_reason == "赴省里开会"
    client.post(f"/consultations/activities/{activity.pk}/reply/", {"reply": "attend"})
    mine.refresh_from_db()
    assert mine.reply == Reply.ATTEND and mine.leave_reason == "" and mine.replied_at


def test_staff_approve_or_refuse_leave_and_the_member_is_told(client, staff, item, member_a, member_b):
    activity = notified_activity(staff, item=item, members=[member_b])
    a = Participant.objects.get(activity=activity, member=member_a)
    b = Participant.objects.get(activity=activity, member=member_b)
    att.participant_reply(a, user=member_a.user, reply=Reply.LEAVE_REQUESTED, reason="出差")
    att.participant_reply(b, user=member_b.user, reply=Reply.LEAVE_REQUESTED, reason="家中有事")
    client.force_login(staff)
    page = client.get(f"/consultations/activities/{activity.pk}/participants/?reply=leave_requested").content.decode()
    assert "出差" in page and "家中有事" in page and "准假" in page
    client.post(f"/consultations/activities/{activity.pk}/participants/{a.pk}/leave/", {"decision": "approve", "comment": "同意"})
    response = client.post(
        f"/consultations/activities/{activity.pk}/participants/{b.pk}/leave/", {"decision": "reject"}, follow=True
    )
    assert "不准假请说明理由" in response.content.decode()
    client.post(
        f"/consultations/activities/{activity.pk}/participants/{b.pk}/leave/",
        {"decision": "reject", "comment": "本次会议须全体出席"},
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.reply, a.leave_decided_by) == (Reply.LEAVE_APPROVED, staff)
    assert (b.reply, b.leave_comment) == (Reply.LEAVE_REJECTED, "本次会议须全体出席")
    assert Notification.objects.filter(user=member_a.user, title=f"请假已批准：{activity.title}").exists()
    assert Notification.objects.get(user=member_b.user, title=f"请假未批准：{activity.title}").body == "本次会议须全体出席"
    with pytest.raises(ConsultationError, match="没有待审批的请假"):
        att.leave_decide(a, user=staff, approve=False, comment="改主意")


def test_a_member_answers_only_for_themselves(client, staff, item, member_a, member_b):
    activity = notified_activity(staff, item=item)
    mine = Participant.objects.get(activity=activity, member=member_a)
    with pytest.raises(ConsultationError, match="只能回复本人"):
        att.participant_reply(mine, user=member_b.user, reply=Reply.ATTEND)
    client.force_login(member_b.user)  # not invited: the activity does not exist for them
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert client.post(f"/consultations/activities/{activity.pk}/reply/", {"reply": "attend"}).status_code == 404
    client.force_login(member_a.user)  # a member cannot decide leave
    assert (
        client.post(f"/consultations/activities/{activity.pk}/participants/{mine.pk}/leave/", {"decision": "approve"}).status_code
        == 403
    )


def test_a_draft_is_invisible_to_members_until_the_notice(client, staff, item, member_a):
    activity = new_activity(staff, item=item)
    client.force_login(member_a.user)
    assert client.get(activity.get_absolute_url()).status_code == 404
    act.activity_schedule(activity, user=staff)
    assert client.get(activity.get_absolute_url()).status_code == 404
    act.activity_send_notice(activity, user=staff)
    assert client.get(activity.get_absolute_url()).status_code == 200


# --- QR sign-in -------------------------------------------------------------------------------


def _token_from_qr_page(client, activity):
    page = client.get(f"/consultations/activities/{activity.pk}/qr/").content.decode()
    assert "<svg" in page
    return re.search(r'data-signin-url="[^"]*/consultations/signin/([^/"]+)/"', page).group(1)


def test_qr_sign_in_on_the_members_phone(client, staff, item, member_a):
    activity = signin_activity(staff, item=item)
    client.force_login(staff)
    token = _token_from_qr_page(client, activity)
    client.force_login(member_a.user)
    page = client.get(f"/consultations/signin/{token}/").content.decode()
    assert "李明华委员，请确认签到" in page and activity.title in page
    response = client.post(f"/consultations/signin/{token}/", follow=True)
    assert "签到成功" in response.content.decode()
    mine = Participant.objects.get(activity=activity, member=member_a)
    assert mine.signed_in_at and mine.signin_method == "qr" and mine.signed_in_by == member_a.user
    first = mine.signed_in_at
    response = client.post(f"/consultations/signin/{token}/", follow=True)
    assert "您已于" in response.content.decode()
    mine.refresh_from_db()
    assert mine.signed_in_at == first


def test_an_expired_code_is_refused(client, staff, item, member_a):
    activity = signin_activity(staff, item=item)
    eleven_minutes_ago = timezone.now().timestamp() - 11 * 60
    with mock.patch("django.core.signing.time.time", return_value=eleven_minutes_ago):
        old = signin.signin_token(activity)
    client.force_login(member_a.user)
    response = client.post(f"/consultations/signin/{old}/")
    assert response.status_code == 400 and "签到二维码已过期" in response.content.decode()
    assert not Participant.objects.get(activity=activity, member=member_a).signed_in_at
    nine_minutes_ago = timezone.now().timestamp() - 9 * 60
    with mock.patch("django.core.signing.time.time", return_value=nine_minutes_ago):
        recent = signin.signin_token(activity)
    assert client.post(f"/consultations/signin/{recent}/").status_code == 302


@pytest.mark.parametrize(
    "forge",
    [
        lambda token, other: token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),  # altered signature
        lambda token, other: signing.dumps({"a": other}, salt="another.salt"),  # signed for something else
        lambda token, other: signing.dumps({"a": other}, salt=signin.SALT, key="not-the-secret-key"),  # wrong key
        lambda token, other: "bm90LWEtdG9rZW4",
    ],
)
def test_a_forged_code_is_refused(client, staff, item, member_a, forge):
    activity = signin_activity(staff, item=item)
    token = forge(signin.signin_token(activity), activity.pk)
    client.force_login(member_a.user)
    response = client.post(f"/consultations/signin/{token}/")
    assert response.status_code == 400 and "签到二维码无效" in response.content.decode()
    assert not Participant.objects.filter(signed_in_at__isnull=False).exists()


def test_nobody_signs_in_for_another(client, staff, item, member_a, member_b, member_c):
    activity = signin_activity(staff, item=item, members=[member_b])
    token = signin.signin_token(activity)
    client.force_login(member_b.user)
    # whatever else is posted, the code signs in the member who is logged in, and only them
    client.post(f"/consultations/signin/{token}/", {"member": member_a.pk, "participant": member_a.pk})
    signed = dict(Participant.objects.filter(activity=activity, member__isnull=False).values_list("member_id", "signed_in_at"))
    assert signed[member_b.pk] is not None and signed[member_a.pk] is None
    # a member not invited cannot sign in at all, nor use staff sign-in
    client.force_login(member_c.user)
    response = client.post(f"/consultations/signin/{token}/")
    assert response.status_code == 400 and "不在本次活动的参加人员名单中" in response.content.decode()
    pid = Participant.objects.get(activity=activity, member=member_a).pk
    assert client.post(f"/consultations/activities/{activity.pk}/participants/{pid}/signin/").status_code == 403
    assert Participant.objects.get(pk=pid).signed_in_at is None


def test_sign_in_only_while_it_is_open_and_only_in_ones_committee(client, staff, item, member_a, other_member):
    activity = notified_activity(staff, item=item)
    token = signin.signin_token(activity)
    client.force_login(member_a.user)
    response = client.post(f"/consultations/signin/{token}/")
    assert response.status_code == 400 and "现在不在签到时间" in response.content.decode()
    act.activity_open_signin(activity, user=staff)
    client.force_login(other_member.user)
    assert client.post(f"/consultations/signin/{token}/").status_code == 400
    client.force_login(member_a.user)
    assert client.post(f"/consultations/signin/{token}/").status_code == 302


def test_staff_sign_a_member_in_and_out(client, staff, item, member_a):
    activity = signin_activity(staff, item=item)
    mine = Participant.objects.get(activity=activity, member=member_a)
    client.force_login(staff)
    client.post(f"/consultations/activities/{activity.pk}/participants/{mine.pk}/signin/", {"present": "1"})
    mine.refresh_from_db()
    assert mine.signin_method == "staff" and mine.signed_in_by == staff
    client.post(f"/consultations/activities/{activity.pk}/participants/{mine.pk}/signin/", {"present": "0"})
    mine.refresh_from_db()
    assert mine.signed_in_at is None and mine.signin_method == ""


# --- closing: attendance to the duty files ----------------------------------------------------------


def test_closing_records_attendance_in_the_duty_files(staff, item, member_a, member_b, member_c, unit):
    activity = signin_activity(staff, item=item, members=[member_b, member_c])
    parts = {p.member_id: p for p in Participant.objects.filter(activity=activity, member__isnull=False)}
    att.participant_reply(parts[member_b.pk], user=member_b.user, reply=Reply.LEAVE_REQUESTED, reason="出差")
    att.leave_decide(parts[member_b.pk], user=staff, approve=True)
    att.signin_by_code(activity.pk, user=member_a.user)
    act.activity_close(activity, user=staff)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CLOSED and activity.outcome_due_on > timezone.localdate()
    records = {r.member_id: r for r in DutyRecord.objects.filter(source=f"consultations.Activity:{activity.pk}")}
    assert {m: r.attendance for m, r in records.items()} == {member_a.pk: "present", member_b.pk: "leave", member_c.pk: "absent"}
    record = records[member_a.pk]
    assert record.kind == DutyKind.CONSULTATION and record.title == activity.title and record.status == "verified"
    assert record.occurred_on == timezone.localtime(activity.starts_at).date() and record.url == activity.get_absolute_url()
    assert "出席1人，请假1人，缺席1人" in activity.events.get(action="结束活动").comment
    with pytest.raises(ConsultationError, match="已结束，不能结束活动"):
        act.activity_close(activity, user=staff)


@pytest.mark.parametrize(
    ("kind", "with_form", "duty_kind"),
    [
        (ActivityKind.RESEARCH, False, DutyKind.RESEARCH),
        (ActivityKind.INSPECTION, False, DutyKind.INSPECTION),
        (ActivityKind.FORUM, False, DutyKind.ACTIVITY),
        (ActivityKind.MEETING, False, DutyKind.ACTIVITY),
        (ActivityKind.MEETING, True, DutyKind.CONSULTATION),
    ],
)
def test_the_duty_kind_follows_the_activity(staff, member_a, forms, kind, with_form, duty_kind):
    activity = notified_activity(
        staff, title="活动", kind=kind, members=[member_a], form=forms["对口协商会"] if with_form else None
    )
    act.activity_close(activity, user=staff)
    assert DutyRecord.objects.get(member=member_a).kind == duty_kind
    assert (activity.expects_outcome, Activity.objects.get(pk=activity.pk).outcome_due_on is not None) == (
        kind in (ActivityKind.MEETING, ActivityKind.FORUM),
    ) * 2


def test_a_correction_updates_the_same_duty_record(client, staff, item, member_a):
    activity = notified_activity(staff, item=item)
    act.activity_close(activity, user=staff)
    mine = Participant.objects.get(activity=activity, member=member_a)
    assert DutyRecord.objects.get(member=member_a).attendance == "absent"
    client.force_login(staff)
    response = client.post(
        f"/consultations/activities/{activity.pk}/participants/{mine.pk}/attendance/", {"attendance": "present"}, follow=True
    )
    assert "更正出勤请说明原因" in response.content.decode()
    client.post(
        f"/consultations/activities/{activity.pk}/participants/{mine.pk}/attendance/",
        {"attendance": "present", "note": "签到系统故障，现场签纸质名册"},
    )
    record = DutyRecord.objects.get(member=member_a)
    assert DutyRecord.objects.filter(member=member_a).count() == 1
    assert record.attendance == "present" and record.detail == "签到系统故障，现场签纸质名册"
    mine.refresh_from_db()
    assert mine.attendance == "present"
    with pytest.raises(ConsultationError, match="不能移除参加人员"):
        act.participant_remove(mine, user=staff)


def test_a_late_leave_decision_corrects_attendance(staff, item, member_a):
    activity = notified_activity(staff, item=item)
    mine = Participant.objects.get(activity=activity, member=member_a)
    att.participant_reply(mine, user=member_a.user, reply=Reply.LEAVE_REQUESTED, reason="生病")
    act.activity_close(activity, user=staff)
    assert DutyRecord.objects.get(member=member_a).attendance == "absent"
    att.leave_decide(mine, user=staff, approve=True, comment="补批")
    assert DutyRecord.objects.get(member=member_a).attendance == "leave"


def test_replies_end_with_the_activity(staff, item, member_a):
    activity = notified_activity(staff, item=item)
    act.activity_close(activity, user=staff)
    with pytest.raises(ConsultationError, match="不能再回复"):
        att.participant_reply(Participant.objects.get(activity=activity, member=member_a), user=member_a.user, reply=Reply.ATTEND)


# --- speeches ---------------------------------------------------------------------------------


def test_selected_speeches_are_duty_records(client, staff, item, member_a, member_b):
    activity = notified_activity(staff, item=item)
    client.force_login(member_a.user)
    page = client.post(
        f"/consultations/activities/{activity.pk}/speeches/new/", {"title": "关于师资的建议", "content": ""}
    ).content.decode()
    assert "请填写发言内容" in page and "关于师资的建议" in page
    client.post(f"/consultations/activities/{activity.pk}/speeches/new/", {"title": "关于师资的建议", "content": "一是……二是……"})
    speech = Speech.objects.get()
    assert speech.member == member_a and speech.status == SpeechStatus.SUBMITTED
    client.force_login(member_b.user)  # not a participant
    assert (
        client.post(f"/consultations/activities/{activity.pk}/speeches/new/", {"title": "x", "content": "y"}).status_code == 404
    )
    client.force_login(staff)
    client.post(f"/consultations/activities/{activity.pk}/speeches/{speech.pk}/decide/", {"status": "oral"})
    record = DutyRecord.objects.get(kind=DutyKind.SPEECH)
    assert (record.member, record.level, record.source) == (member_a, "oral", f"consultations.Speech:{speech.pk}")
    client.post(f"/consultations/activities/{activity.pk}/speeches/{speech.pk}/decide/", {"status": "written"})
    assert list(DutyRecord.objects.filter(kind=DutyKind.SPEECH).values_list("level", flat=True)) == ["written"]
    client.post(f"/consultations/activities/{activity.pk}/speeches/{speech.pk}/decide/", {"status": "not_selected"})
    assert not DutyRecord.objects.filter(kind=DutyKind.SPEECH).exists()
    client.force_login(member_a.user)
    assert (
        client.post(f"/consultations/activities/{activity.pk}/speeches/{speech.pk}/decide/", {"status": "oral"}).status_code
        == 403
    )


# --- materials ---------------------------------------------------------------------------------


def test_materials_are_served_only_to_those_invited(client, staff, item, member_a, member_b, other_staff, unit_clerk):
    activity = notified_activity(staff, item=item)
    client.force_login(staff)
    response = client.post(
        f"/consultations/activities/{activity.pk}/materials/",
        {"title": "情况通报", "file": SimpleUploadedFile("情况通报.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    material = activity.materials.get()
    url = f"/consultations/activities/{activity.pk}/materials/{material.pk}/download/"
    assert not material.file.name.endswith("情况通报.pdf") and material.file.name.startswith("consultations/materials/")
    client.force_login(member_a.user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("inline") and response["X-Content-Type-Options"] == "nosniff"
    for outsider in (member_b.user, other_staff):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(unit_clerk)  # 市教育局 was invited with the plan item
    assert Participant.objects.filter(activity=activity, unit__clerks=unit_clerk).exists()
    assert client.get(url).status_code == 200


def test_a_wrong_file_is_refused_with_a_clear_message(client, staff, item):
    activity = notified_activity(staff, item=item)
    client.force_login(staff)
    response = client.post(
        f"/consultations/activities/{activity.pk}/materials/",
        {"file": SimpleUploadedFile("通报.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")},
        follow=True,
    )
    assert "类型不被接受" in response.content.decode() and not activity.materials.exists()


def test_materials_sent_once_and_new_ones_announced(staff, item, member_a):
    activity = notified_activity(staff, item=item)
    with pytest.raises(ConsultationError, match="还没有上传会议材料"):
        act.activity_send_materials(activity, user=staff)
    act.material_add(activity, user=staff, title="议程", upload=SimpleUploadedFile("议程.pdf", PDF))
    act.activity_send_materials(activity, user=staff)
    act.activity_send_materials(activity, user=staff)
    assert Notification.objects.filter(user=member_a.user, title__startswith="会议材料已送达").count() == 1
    act.material_add(activity, user=staff, title="补充材料", upload=SimpleUploadedFile("补充.pdf", PDF))
    assert Notification.objects.get(user=member_a.user, title__startswith="新增会议材料").body == "补充材料"


def test_a_deleted_material_keeps_its_file_until_the_deletion_commits(staff, item, django_capture_on_commit_callbacks):
    activity = notified_activity(staff, item=item)
    material = act.material_add(activity, user=staff, title="议程", upload=SimpleUploadedFile("议程.pdf", PDF))
    pk, storage, name = material.pk, material.file.storage, material.file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        act.material_delete(material, user=staff)
        raise RuntimeError("something after it failed: the deletion is rolled back")
    assert activity.materials.filter(pk=pk).exists() and storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        act.material_delete(activity.materials.get(pk=pk), user=staff)
    assert not activity.materials.exists() and not storage.exists(name)


# --- changes and cancellation --------------------------------------------------------------------


def test_moving_a_notified_activity_tells_the_members(client, staff, item, member_a):
    activity = notified_activity(staff, item=item)
    client.force_login(staff)
    new_start = timezone.localtime(activity.starts_at + timedelta(days=1))
    client.post(
        f"/consultations/activities/{activity.pk}/edit/",
        {
            "title": activity.title,
            "kind": "meeting",
            "form": activity.form_id,
            "starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (new_start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "place": "市民中心2号会议室",
        },
    )
    note = Notification.objects.get(user=member_a.user, title=f"活动变更：{activity.title}")
    assert "市民中心2号会议室" in note.body and f"{new_start.month}月{new_start.day}日" in note.body


def test_cancelling_needs_a_reason_and_tells_those_notified(client, staff, item, member_a):
    activity = notified_activity(staff, item=item)
    with pytest.raises(ConsultationError, match="请填写取消原因"):
        act.activity_cancel(activity, user=staff, reason=" ")
    client.force_login(staff)
    client.post(f"/consultations/activities/{activity.pk}/do/cancel/", {"reason": "与市人大会议冲突"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CANCELLED and activity.cancel_reason == "与市人大会议冲突"
    assert "与市人大会议冲突" in Notification.objects.get(user=member_a.user, title__startswith="活动取消").body
    assert (
        client.post(f"/consultations/activities/{activity.pk}/do/open_signin/", follow=True)
        .content.decode()
        .count("已取消，不能开始签到")
        == 1
    )


@pytest.mark.parametrize(
    ("status_setup", "action", "allowed"),
    [
        ("draft", "notify", False),
        ("draft", "open_signin", False),
        ("draft", "close", False),
        ("draft", "cancel", True),
        ("scheduled", "reopen", True),
        ("scheduled", "notify", True),
        ("scheduled", "close", False),
        ("notified", "reopen", False),
        ("notified", "open_signin", True),
        ("notified", "close", True),
        ("signin", "cancel", False),
        ("signin", "close", True),
    ],
)
def test_allowed_and_refused_activity_transitions(staff, item, status_setup, action, allowed):
    activity = new_activity(staff, item=item)
    steps = {
        "draft": [],
        "scheduled": ["schedule"],
        "notified": ["schedule", "notify"],
        "signin": ["schedule", "notify", "open_signin"],
    }
    run = {
        "schedule": lambda a: act.activity_schedule(a, user=staff),
        "reopen": lambda a: act.activity_reopen(a, user=staff),
        "notify": lambda a: act.activity_send_notice(a, user=staff),
        "open_signin": lambda a: act.activity_open_signin(a, user=staff),
        "close": lambda a: act.activity_close(a, user=staff),
        "cancel": lambda a: act.activity_cancel(a, user=staff, reason="改期"),
    }
    for step in steps[status_setup]:
        run[step](activity)
    assert Activity.objects.get(pk=activity.pk).status == status_setup
    if allowed:
        run[action](activity)
        assert Activity.objects.get(pk=activity.pk).status == act.ACTIVITY_TRANSITIONS[action][1]
    else:
        with pytest.raises(ConsultationError):
            run[action](activity)
        assert Activity.objects.get(pk=activity.pk).status == status_setup


# --- lists ------------------------------------------------------------------------------------


def test_the_activity_list_costs_the_same_for_3_or_12_activities(
    client, staff, member_a, member_b, django_assert_max_num_queries
):
    client.force_login(staff)
    for i in range(3):
        new_activity(staff, title=f"座谈{i}", starts=at(30 + i), members=[member_a, member_b])
    client.get("/consultations/activities/")
    with django_assert_max_num_queries(12):
        page = client.get("/consultations/activities/").content.decode()
    assert page.count("座谈") >= 3
    for i in range(3, 12):
        new_activity(staff, title=f"座谈{i}", starts=at(30 + i), members=[member_a])
    with django_assert_max_num_queries(12):
        page = client.get("/consultations/activities/?status=draft&q=座谈").content.decode()
    assert "座谈11" in page


def test_activity_list_filters_and_exports(client, staff, item, member_a):
    notified_activity(staff, item=item)
    new_activity(staff, title="调研：职业教育", kind=ActivityKind.RESEARCH, starts=at(70))
    client.force_login(staff)
    page = client.get("/consultations/activities/?kind=research").content.decode()
    assert "调研：职业教育" in page and "专题协商会：推进城乡义务教育" not in page
    response = client.get("/consultations/activities/?status=notified&export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert (
        rows[0][0] == "活动名称"
        and len(rows) == 2
        and rows[1][0] == "专题协商会：推进城乡义务教育优质均衡发展"
        and rows[1][9] == 1
    )
    assert "没有符合条件的活动" in client.get("/consultations/activities/?q=不存在的活动").content.decode()


def test_members_and_other_committees_do_not_get_the_staff_pages(client, staff, item, member_a, other_staff):
    activity = notified_activity(staff, item=item)
    client.force_login(member_a.user)
    assert client.get("/consultations/activities/")["Location"] == "/consultations/"
    assert client.get(f"/consultations/activities/{activity.pk}/participants/").status_code == 403
    assert client.get(f"/consultations/activities/{activity.pk}/edit/").status_code == 403
    assert client.post(f"/consultations/activities/{activity.pk}/do/close/").status_code == 403
    client.force_login(other_staff)
    for url in [
        activity.get_absolute_url(),
        f"/consultations/activities/{activity.pk}/participants/",
        f"/consultations/activities/{activity.pk}/qr/",
    ]:
        assert client.get(url).status_code == 404
    assert client.post(f"/consultations/activities/{activity.pk}/do/close/").status_code == 404


def test_the_participant_sheet_exports(client, staff, item, member_a, unit):
    activity = signin_activity(staff, item=item)
    att.signin_by_code(activity.pk, user=member_a.user)
    client.force_login(staff)
    rows = list(
        load_workbook(
            io.BytesIO(client.get(f"/consultations/activities/{activity.pk}/participants/?export=xlsx").content)
        ).active.values
    )
    assert rows[0][:4] == ("类别", "姓名/单位", "界别/职务", "回复")
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["李明华"][6] == "扫码签到" and by_name["市教育局"][0] == "部门"
