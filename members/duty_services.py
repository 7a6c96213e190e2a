"""Writes to the duty file that belong to the members app itself: activities members record for
themselves (verified by staff before they count) and meeting attendance staff import from a
sign-in sheet. Records made by other apps go through `members.duty` instead.

The verification workflow, in one place:

    (new) ──submit──▶ pending ──verify──▶ verified
                        │  ▲                  │
                 reject │  │ edit (member)    │ reject (staff, with a reason)
                        ▼  │                  ▼
                      rejected ◀──────────────┘

A member may edit or withdraw their own pending or rejected record; staff verify or reject."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cppcc_portal.core.uploads import delete_file_on_commit, original_name
from members.duty import duty_record_upsert, duty_record_withdraw, records_changed
from members.models import (
    SELF_RECORDED_KINDS,
    Attendance,
    AttendanceSheet,
    DutyKind,
    DutyPhoto,
    DutyRecord,
    DutyRecordEvent,
    DutyStatus,
    Member,
    MemberStatus,
)

MAX_PHOTOS = 9

# action → (statuses it may start from, status it leads to, who may take it)
TRANSITIONS = {
    "edit": ({DutyStatus.PENDING, DutyStatus.REJECTED}, DutyStatus.PENDING, "member"),
    "withdraw": ({DutyStatus.PENDING, DutyStatus.REJECTED}, None, "member"),
    "verify": ({DutyStatus.PENDING}, DutyStatus.VERIFIED, "staff"),
    "reject": ({DutyStatus.PENDING, DutyStatus.VERIFIED}, DutyStatus.REJECTED, "staff"),
}


class DutyError(Exception):
    """A refused action on a duty record, with a Chinese message for the user."""


def is_self_recorded(record):
    return record.source == ""


def allowed_actions(record, user):
    """The actions `user` may take on `record` now (the page shows only these)."""
    from members.permissions import can_verify_duty

    if not is_self_recorded(record):
        return set()
    found = set()
    for action, (sources, _, who) in TRANSITIONS.items():
        if record.status not in sources:
            continue
        if (
            who == "member"
            and record.member.user_id == user.pk
            or who == "staff"
            and can_verify_duty(user)
            and user.committee_id == record.committee_id
        ):
            found.add(action)
    return found


def _check(record, action, user):
    if not is_self_recorded(record):
        raise DutyError("这条记录由其他模块自动记录，不能在这里修改")
    sources, _, who = TRANSITIONS[action]
    if record.status not in sources:
        names = {"edit": "修改", "withdraw": "撤回", "verify": "审核通过", "reject": "退回"}
        raise DutyError(f"这条记录当前为“{record.get_status_display()}”，不能{names[action]}")
    if action not in allowed_actions(record, user):
        raise DutyError("您没有权限进行此操作")


def _log(record, from_status, to_status, user, comment=""):
    DutyRecordEvent.objects.create(
        committee_id=record.committee_id,
        record=record,
        from_status=from_status,
        to_status=to_status,
        actor=user,
        at=timezone.now(),
        comment=comment[:200],
    )


def _add_photos(record, photos):
    for upload in photos:
        DutyPhoto.objects.create(
            committee_id=record.committee_id, record=record, image=upload, original_name=original_name(upload)
        )


ACTIVITY_FIELDS = ("kind", "occurred_on", "title", "place", "quantity", "detail")


def duty_activity_create(member, *, data, photos=(), user):
    """A member records an activity of their own; it waits for staff to verify it."""
    if data["kind"] not in SELF_RECORDED_KINDS:
        raise DutyError("这类履职由组织单位记录，委员不能自行填报")
    if len(photos) > MAX_PHOTOS:
        raise DutyError(f"每条记录最多上传 {MAX_PHOTOS} 张照片")
    with transaction.atomic():
        record = DutyRecord.objects.create(
            committee_id=member.committee_id,
            member=member,
            term_id=member.term_id,
            year=data["occurred_on"].year,
            status=DutyStatus.PENDING,
            recorded_by=user,
            **{k: data[k] for k in ACTIVITY_FIELDS},
        )
        _add_photos(record, photos)
        _log(record, "", DutyStatus.PENDING, user, "委员填报")
    return record


def duty_activity_update(record, *, data, photos=(), remove_photo_ids=(), user):
    """The member corrects a pending or rejected record; it goes (back) to pending."""
    with transaction.atomic():
        record = DutyRecord.objects.select_for_update().select_related("member").get(pk=record.pk)
        _check(record, "edit", user)
        if data["kind"] not in SELF_RECORDED_KINDS:
            raise DutyError("这类履职由组织单位记录，委员不能自行填报")
        kept = record.photos.exclude(pk__in=list(remove_photo_ids)).count()
        if kept + len(photos) > MAX_PHOTOS:
            raise DutyError(f"每条记录最多上传 {MAX_PHOTOS} 张照片")
        before, old_year = record.status, record.year
        for key in ACTIVITY_FIELDS:
            setattr(record, key, data[key])
        record.year = record.occurred_on.year
        record.status = DutyStatus.PENDING
        record.reject_reason = ""
        record.save()
        for photo in record.photos.filter(pk__in=list(remove_photo_ids)):
            delete_file_on_commit(photo.image)
            photo.delete()
        _add_photos(record, photos)
        _log(record, before, DutyStatus.PENDING, user, "修改后重新提交" if before == DutyStatus.REJECTED else "修改")
        records_changed([record.member_id], {old_year, record.year})
    return record


def duty_activity_withdraw(record, *, user):
    with transaction.atomic():
        record = DutyRecord.objects.select_for_update().select_related("member").get(pk=record.pk)
        _check(record, "withdraw", user)
        for photo in record.photos.all():
            delete_file_on_commit(photo.image)
        member_id, year = record.member_id, record.year
        record.delete()
        records_changed([member_id], [year])


def duty_record_verify(record, *, user):
    with transaction.atomic():
        record = DutyRecord.objects.select_for_update().select_related("member").get(pk=record.pk)
        _check(record, "verify", user)
        before = record.status
        record.status = DutyStatus.VERIFIED
        record.reject_reason = ""
        record.verified_by = user
        record.verified_at = timezone.now()
        record.save(update_fields=["status", "reject_reason", "verified_by", "verified_at", "updated_at"])
        _log(record, before, DutyStatus.VERIFIED, user)
        records_changed([record.member_id], [record.year])
    return record


def duty_record_reject(record, *, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise DutyError("请填写退回原因，委员将据此修改")
    with transaction.atomic():
        record = DutyRecord.objects.select_for_update().select_related("member").get(pk=record.pk)
        _check(record, "reject", user)
        before = record.status
        record.status = DutyStatus.REJECTED
        record.reject_reason = reason[:200]
        record.verified_by = user
        record.verified_at = timezone.now()
        record.save(update_fields=["status", "reject_reason", "verified_by", "verified_at", "updated_at"])
        _log(record, before, DutyStatus.REJECTED, user, reason)
        records_changed([record.member_id], [record.year])
    return record


# --- Meeting sign-in sheets -------------------------------------------------------------------


@dataclass
class SheetRow:
    row: int
    member: Member
    attendance: str
    half_days: int


@dataclass
class SheetReport:
    errors: list = field(default_factory=list)  # (row, column, message)
    sheet: AttendanceSheet | None = None
    present: int = 0
    leave: int = 0
    absent: int = 0
    missing_marked: int = 0

    @property
    def ok(self):
        return not self.errors


def attendance_sheet_import(rows, *, committee, user, kind, title, held_on, half_days, mark_missing_absent, original_name=""):
    """Record a meeting's attendance from checked sheet rows (see members.attendance_excel)."""
    if kind not in (DutyKind.PLENARY, DutyKind.STANDING_MEETING):
        raise DutyError("只能导入全体会议或常委会议的签到表")
    if AttendanceSheet.objects.filter(committee=committee, kind=kind, held_on=held_on, title=title).exists():
        raise DutyError("这次会议的签到表已经导入过；如需更正，请先删除原导入记录再重新导入")
    report = SheetReport()
    with transaction.atomic():
        sheet = AttendanceSheet.objects.create(
            committee=committee,
            kind=kind,
            title=title,
            held_on=held_on,
            half_days=half_days,
            mark_missing_absent=mark_missing_absent,
            original_name=original_name[:200],
            imported_by=user,
        )
        listed = set()
        for row in rows:
            listed.add(row.member.pk)
            _record_attendance(sheet, row.member, row.attendance, row.half_days, user)
            setattr(report, _COUNTER[row.attendance], getattr(report, _COUNTER[row.attendance]) + 1)
        if mark_missing_absent:
            expected = Member.objects.filter(committee=committee, status=MemberStatus.SERVING).select_related("term")
            if kind == DutyKind.STANDING_MEETING:
                expected = expected.filter(is_standing=True)
            for member in expected.exclude(pk__in=listed):
                _record_attendance(sheet, member, Attendance.ABSENT, 1, user)
                report.absent += 1
                report.missing_marked += 1
        sheet.present_count, sheet.leave_count, sheet.absent_count = report.present, report.leave, report.absent
        sheet.save(update_fields=["present_count", "leave_count", "absent_count"])
    report.sheet = sheet
    return report


_COUNTER = {Attendance.PRESENT: "present", Attendance.LEAVE: "leave", Attendance.ABSENT: "absent"}


def _record_attendance(sheet, member, attendance, half_days, user):
    duty_record_upsert(
        source=sheet.source,
        member=member,
        kind=sheet.kind,
        occurred_on=sheet.held_on,
        title=sheet.title,
        attendance=attendance,
        quantity=half_days if attendance == Attendance.PRESENT else 1,
        recorded_by=user,
    )


def attendance_sheet_delete(sheet, *, user):
    """Take a wrongly imported sheet back out of every duty file."""
    with transaction.atomic():
        sheet = AttendanceSheet.objects.select_for_update().get(pk=sheet.pk)
        count = duty_record_withdraw(source=sheet.source)
        sheet.delete()
    return count
