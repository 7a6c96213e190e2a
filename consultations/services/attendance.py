"""Members' part in an activity and what reaches their duty files: replies and leave, sign-in
(by QR code or by staff), attendance when the activity closes and its corrections, speeches."""

from django.db import transaction
from django.utils import timezone

from consultations.errors import ConsultationError
from consultations.models import Activity, ActivityStatus, Participant, Reply, SigninMethod, Speech, SpeechStatus
from consultations.services.common import locked_activity, log_event
from cppcc_portal.notifications.services import notify
from members.duty import duty_record_upsert, duty_record_withdraw
from members.models import Attendance, DutyKind

S = ActivityStatus


def attendance_of(participant):
    if participant.signed_in_at:
        return Attendance.PRESENT
    if participant.reply == Reply.LEAVE_APPROVED:
        return Attendance.LEAVE
    return Attendance.ABSENT


def record_attendance(activity, participant, *, user=None):
    duty_record_upsert(
        source=activity.duty_source,
        member=participant.member,
        kind=activity.duty_kind,
        occurred_on=timezone.localtime(activity.starts_at).date(),
        title=activity.title,
        attendance=participant.attendance,
        url=activity.get_absolute_url(),
        place=activity.place,
        detail=participant.attendance_note,
        recorded_by=user,
    )


# --- members: reply, leave, sign-in -----------------------------------------------------------------


def participant_reply(participant, *, user, reply, reason=""):
    """A member answers the notice: attend, or ask for leave with a reason."""
    if participant.member is None or participant.member.user_id != user.pk:
        raise ConsultationError("只能回复本人的参加通知")
    if reply not in (Reply.ATTEND, Reply.LEAVE_REQUESTED):
        raise ConsultationError("请选择参加或请假")
    reason = (reason or "").strip()
    if reply == Reply.LEAVE_REQUESTED and not reason:
        raise ConsultationError("请假请填写事由")
    with transaction.atomic():
        activity = locked_activity(participant.activity)
        if activity.status not in (S.NOTIFIED, S.SIGNIN) or activity.ends_at <= timezone.now():
            raise ConsultationError(f"活动{activity.get_status_display()}，不能再回复")
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if reply == Reply.LEAVE_REQUESTED and participant.signed_in_at:
            raise ConsultationError("您已签到，不能再请假")
        if reply == Reply.LEAVE_REQUESTED and participant.reply == Reply.LEAVE_APPROVED:
            raise ConsultationError("您的请假已获批准")
        participant.reply = reply
        participant.leave_reason = reason if reply == Reply.LEAVE_REQUESTED else ""
        participant.replied_at = timezone.now()
        participant.leave_comment = ""
        participant.leave_decided_by = None
        participant.leave_decided_at = None
        participant.save()
        log_event(activity, "请假" if reply == Reply.LEAVE_REQUESTED else "回复参加", user=user, comment=reason)
    return participant


def leave_decide(participant, *, user, approve, comment=""):
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",)).select_related("activity", "member__user").get(pk=participant.pk)
        )
        if participant.reply != Reply.LEAVE_REQUESTED:
            raise ConsultationError("该委员没有待审批的请假")
        if not approve and not (comment or "").strip():
            raise ConsultationError("不准假请说明理由")
        participant.reply = Reply.LEAVE_APPROVED if approve else Reply.LEAVE_REJECTED
        participant.leave_comment = (comment or "").strip()[:200]
        participant.leave_decided_by = user
        participant.leave_decided_at = timezone.now()
        participant.save()
        activity = participant.activity
        log_event(
            activity,
            "准假" if approve else "不准假",
            user=user,
            comment=f"{participant.member.name}：{participant.leave_comment}",
        )
        if activity.status == S.CLOSED:  # a late decision corrects the recorded attendance
            participant.attendance = attendance_of(participant)
            participant.save(update_fields=["attendance"])
            record_attendance(activity, participant, user=user)
        notify(
            participant.member.user,
            f"请假{'已批准' if approve else '未批准'}：{activity.title}",
            body=participant.leave_comment or ("请按时参加活动。" if not approve else ""),
            url=activity.get_absolute_url(),
            category="consultation",
        )
    return participant


def signin_by_code(activity_id, *, user):
    """Sign in the logged-in member (never anyone else) with a valid code for an open sign-in."""
    from consultations.selectors import participation

    with transaction.atomic():
        activity = Activity.objects.select_for_update().filter(pk=activity_id, committee_id=user.committee_id).first()
        if activity is None:
            raise ConsultationError("签到二维码无效，请扫描会场屏幕上的二维码")
        if activity.status != S.SIGNIN:
            raise ConsultationError(f"“{activity.title}”现在不在签到时间")
        participant = participation(activity, user)
        if participant is None:
            raise ConsultationError("您不在本次活动的参加人员名单中，请联系会务工作人员")
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.signed_in_at:
            return participant, False
        participant.signed_in_at = timezone.now()
        participant.signin_method = SigninMethod.QR
        participant.signed_in_by = user
        participant.save(update_fields=["signed_in_at", "signin_method", "signed_in_by"])
    return participant, True


def signin_by_staff(participant, *, user, present=True):
    """Staff sign a member in (or undo it) during sign-in."""
    with transaction.atomic():
        activity = locked_activity(participant.activity)
        if activity.status not in (S.NOTIFIED, S.SIGNIN):
            raise ConsultationError("活动不在签到阶段；活动结束后请用“更正出勤”")
        participant = Participant.objects.select_for_update().get(pk=participant.pk, activity=activity)
        if participant.member_id is None:
            raise ConsultationError("只有委员需要签到")
        participant.signed_in_at = timezone.now() if present else None
        participant.signin_method = SigninMethod.STAFF if present else ""
        participant.signed_in_by = user if present else None
        participant.save(update_fields=["signed_in_at", "signin_method", "signed_in_by"])
        log_event(activity, "代签到" if present else "撤销签到", user=user, comment=participant.member.name)
    return participant


def attendance_correct(participant, *, user, attendance, note):
    """After the activity closed, staff correct one member's attendance; the duty record follows."""
    if attendance not in (Attendance.PRESENT, Attendance.LEAVE, Attendance.ABSENT):
        raise ConsultationError("请选择出席、请假或缺席")
    if not (note or "").strip():
        raise ConsultationError("更正出勤请说明原因")
    with transaction.atomic():
        activity = locked_activity(participant.activity)
        if activity.status != S.CLOSED:
            raise ConsultationError("活动结束后才能更正出勤")
        participant = (
            Participant.objects.select_for_update(of=("self",)).select_related("member").get(pk=participant.pk, activity=activity)
        )
        if participant.member_id is None:
            raise ConsultationError("只有委员有出勤记录")
        old = participant.get_attendance_display()
        participant.attendance = attendance
        participant.attendance_note = note.strip()[:200]
        participant.save(update_fields=["attendance", "attendance_note"])
        record_attendance(activity, participant, user=user)
        log_event(
            activity,
            "更正出勤",
            user=user,
            comment=f"{participant.member.name}：{old}→{participant.get_attendance_display()}，{note.strip()}",
        )
    return participant


# --- speeches -----------------------------------------------------------------------------------


def speech_submit(activity, *, user, title, content):
    from consultations.selectors import participation

    if not (title or "").strip() or not (content or "").strip():
        raise ConsultationError("请填写发言题目和内容")
    with transaction.atomic():
        activity = locked_activity(activity)
        if activity.status not in (S.NOTIFIED, S.SIGNIN, S.CLOSED):
            raise ConsultationError(f"活动{activity.get_status_display()}，不能提交发言")
        participant = participation(activity, user)
        if participant is None:
            raise ConsultationError("只有参加本次活动的委员可以提交发言")
        speech = Speech.objects.create(
            committee_id=activity.committee_id,
            activity=activity,
            member=participant.member,
            title=title.strip(),
            content=content.strip(),
        )
        log_event(activity, "提交发言", user=user, comment=speech.title)
    return speech


def speech_decide(speech, *, user, status):
    """Staff select a speech as oral or written (a duty record of kind speech) or not."""
    if status not in (SpeechStatus.ORAL, SpeechStatus.WRITTEN, SpeechStatus.NOT_SELECTED):
        raise ConsultationError("请选择口头发言、书面发言或不采用")
    with transaction.atomic():
        speech = Speech.objects.select_for_update(of=("self",)).select_related("activity", "member").get(pk=speech.pk)
        activity = speech.activity
        if activity.status == S.CANCELLED:
            raise ConsultationError("活动已取消")
        speech.status = status
        speech.decided_by = user
        speech.decided_at = timezone.now()
        speech.save(update_fields=["status", "decided_by", "decided_at"])
        if status == SpeechStatus.NOT_SELECTED:
            duty_record_withdraw(source=speech.duty_source, kinds=[DutyKind.SPEECH])
        else:
            duty_record_upsert(
                source=speech.duty_source,
                member=speech.member,
                kind=DutyKind.SPEECH,
                level=status,
                occurred_on=timezone.localtime(activity.starts_at).date(),
                title=f"{activity.title}：{speech.title}",
                url=activity.get_absolute_url(),
                recorded_by=user,
            )
        log_event(
            activity, "确定发言", user=user, comment=f"{speech.member.name}《{speech.title}》：{speech.get_status_display()}"
        )
    return speech
