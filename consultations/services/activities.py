"""Activities: from a plan item to a closed meeting with attendance in the members' duty files.
Members' replies, sign-in and speeches are in attendance.py.

    draft ──schedule──▶ scheduled ──notify (staff, or the beat on the notice date)──▶ notified
      ▲                     │                                                          │
      └─────reopen──────────┘                                           open_signin ──▶ signin
    draft / scheduled / notified ──cancel──▶ cancelled        notified / signin ──close──▶ closed

Attendance reaches the duty records only through members.duty (kind by activity type, source
"consultations.Activity:<pk>"): present when signed in, leave when leave was approved, absent
otherwise. A correction after closing updates the record."""

from django.db import transaction
from django.utils import timezone

from consultations.errors import ConsultationError, ScheduleWarningsPending
from consultations.models import (
    ActivityStatus,
    AgendaItem,
    Material,
    Participant,
    Reply,
)
from consultations.selectors import settings_for
from consultations.services.attendance import attendance_of, record_attendance
from consultations.services.common import locked_activity, log_event
from consultations.services.scheduling import schedule_warnings, unresolved
from consultations.workdays import WorkCalendar
from cppcc_portal.core.chinese import cn_date
from cppcc_portal.core.uploads import delete_file_on_commit, original_name
from cppcc_portal.notifications.services import notify, send_reminder_once
from members.models import Attendance, MemberStatus

S = ActivityStatus
# action: (allowed from, to, label). The one place the activity workflow is written down.
ACTIVITY_TRANSITIONS = {
    "schedule": ((S.DRAFT,), S.SCHEDULED, "确定排期"),
    "reopen": ((S.SCHEDULED,), S.DRAFT, "退回筹备"),
    "notify": ((S.SCHEDULED,), S.NOTIFIED, "发出通知"),
    "open_signin": ((S.NOTIFIED,), S.SIGNIN, "开始签到"),
    "close": ((S.NOTIFIED, S.SIGNIN), S.CLOSED, "结束活动"),
    "cancel": ((S.DRAFT, S.SCHEDULED, S.NOTIFIED), S.CANCELLED, "取消活动"),
}
EDITABLE = (S.DRAFT, S.SCHEDULED, S.NOTIFIED)


def activity_actions(activity):
    return [(action, label) for action, (sources, _dst, label) in ACTIVITY_TRANSITIONS.items() if activity.status in sources]


def _check(activity, action):
    sources, _dst, label = ACTIVITY_TRANSITIONS[action]
    if activity.status not in sources:
        raise ConsultationError(f"活动当前{activity.get_status_display()}，不能{label}")


def when_label(activity):
    start, end = timezone.localtime(activity.starts_at), timezone.localtime(activity.ends_at)
    if start.date() == end.date():
        return f"{cn_date(start)} {start:%H:%M}—{end:%H:%M}"
    return f"{cn_date(start)} {start:%H:%M}至{cn_date(end)} {end:%H:%M}"


def lead_dates(activity, calendar=None):
    """(notice date, materials date): the set numbers of working days before the activity."""
    rules = settings_for(activity.committee_id)
    calendar = calendar or WorkCalendar(activity.committee_id)
    day = timezone.localtime(activity.starts_at).date()
    return calendar.before(day, rules.notice_working_days), calendar.before(day, rules.materials_working_days)


# --- creating and editing -----------------------------------------------------------------------


def activity_create(activity, *, user):
    """Save a new activity built by a form; from a plan item it takes the item's participants."""
    if activity.ends_at <= activity.starts_at:
        raise ConsultationError("结束时间必须晚于开始时间")
    with transaction.atomic():
        activity.created_by = user
        activity.status = S.DRAFT
        activity.notice_on, activity.materials_on = lead_dates(activity)
        activity.save()
        item = activity.plan_item
        if item is not None:
            members = {m.pk: m for m in item.members.filter(status=MemberStatus.SERVING)}
            if item.sectors.exists():
                from members.selectors import serving_members

                sector_ids = list(item.sectors.values_list("pk", flat=True))
                for m in serving_members(activity.committee_id).filter(sector_id__in=sector_ids):
                    members.setdefault(m.pk, m)
            Participant.objects.bulk_create(
                [Participant(committee_id=activity.committee_id, activity=activity, member=m) for m in members.values()]
                + [Participant(committee_id=activity.committee_id, activity=activity, unit=u) for u in item.departments.all()]
            )
        log_event(activity, "创建", user=user, dst=S.DRAFT, comment=f"来自计划议题：{item.topic}" if item else "")
    return activity


def activity_update(activity, *, user, changed_fields):
    """Save edits (built by a form). Once participants were notified, a change of time or place
    is announced to them."""
    if activity.ends_at <= activity.starts_at:
        raise ConsultationError("结束时间必须晚于开始时间")
    with transaction.atomic():
        current = locked_activity(activity)
        if current.status not in EDITABLE:
            raise ConsultationError(f"活动{current.get_status_display()}，不能修改")
        activity.notice_on, activity.materials_on = lead_dates(activity)
        activity.save()
        moved = {"starts_at", "ends_at", "place"} & set(changed_fields)
        log_event(activity, "修改", user=user, comment="、".join(sorted(changed_fields)))
        if moved and current.status == S.NOTIFIED:
            notify(
                _member_users(activity),
                f"活动变更：{activity.title}",
                body=f"时间：{when_label(activity)}；地点：{activity.place}。",
                url=activity.get_absolute_url(),
                category="consultation",
            )
    return activity


def _member_users(activity, replies=None):
    qs = Participant.objects.filter(activity=activity, member__isnull=False).select_related("member__user")
    if replies is not None:
        qs = qs.filter(reply__in=replies)
    return [p.member.user for p in qs]


def participants_add(activity, *, user, members=(), units=(), guests=()):
    """Add members, departments and guests ([(name, org)]); those already invited are skipped.
    Added after the notice went out, members get the notice at once."""
    with transaction.atomic():
        activity = locked_activity(activity)
        if activity.status not in EDITABLE:
            raise ConsultationError(f"活动{activity.get_status_display()}，不能再增加参加人员")
        have_members = set(
            Participant.objects.filter(activity=activity, member__isnull=False).values_list("member_id", flat=True)
        )
        have_units = set(Participant.objects.filter(activity=activity, unit__isnull=False).values_list("unit_id", flat=True))
        new_members = [m for m in dict.fromkeys(members) if m.pk not in have_members and m.committee_id == activity.committee_id]
        rows = [Participant(committee_id=activity.committee_id, activity=activity, member=m) for m in new_members]
        rows += [
            Participant(committee_id=activity.committee_id, activity=activity, unit=u)
            for u in dict.fromkeys(units)
            if u.pk not in have_units and u.committee_id == activity.committee_id
        ]
        rows += [
            Participant(committee_id=activity.committee_id, activity=activity, guest_name=name[:50], guest_org=org[:100])
            for name, org in guests
            if name.strip()
        ]
        Participant.objects.bulk_create(rows)
        if rows:
            log_event(activity, "增加参加人员", user=user, comment=f"{len(rows)}人（单位）")
        if new_members and activity.status == S.NOTIFIED:
            _send_notice_to(activity, [m.user for m in new_members])
    return len(rows)


def participant_remove(participant, *, user):
    with transaction.atomic():
        activity = locked_activity(participant.activity)
        if activity.status not in EDITABLE:
            raise ConsultationError(f"活动{activity.get_status_display()}，不能移除参加人员")
        name = participant.display_name
        participant.delete()
        log_event(activity, "移除参加人员", user=user, comment=name)


def agenda_save(item, *, user):
    with transaction.atomic():
        activity = locked_activity(item.activity)
        if activity.status in (S.CLOSED, S.CANCELLED):
            raise ConsultationError(f"活动{activity.get_status_display()}，不能修改议程")
        item.committee_id = activity.committee_id
        if not item.order:
            item.order = (
                AgendaItem.objects.filter(activity=activity).order_by("-order").values_list("order", flat=True).first() or 0
            ) + 1
        item.save()
    return item


def agenda_delete(item, *, user):
    with transaction.atomic():
        activity = locked_activity(item.activity)
        if activity.status in (S.CLOSED, S.CANCELLED):
            raise ConsultationError(f"活动{activity.get_status_display()}，不能修改议程")
        item.delete()


def material_add(activity, *, user, title, upload):
    with transaction.atomic():
        activity = locked_activity(activity)
        if activity.status == S.CANCELLED:
            raise ConsultationError("活动已取消，不能上传材料")
        material = Material(
            committee_id=activity.committee_id,
            activity=activity,
            title=title or original_name(upload).rsplit(".", 1)[0],
            original_name=original_name(upload),
            size=upload.size,
            uploaded_by=user,
        )
        material.file.save(upload.name, upload, save=False)
        material.save()
        log_event(activity, "上传材料", user=user, comment=material.title)
        if activity.materials_sent_at:
            notify(
                _member_users(activity, [Reply.PENDING, Reply.ATTEND, Reply.LEAVE_REJECTED]),
                f"新增会议材料：{activity.title}",
                body=material.title,
                url=activity.get_absolute_url(),
                category="consultation",
            )
    return material


def material_delete(material, *, user):
    with transaction.atomic():
        activity = locked_activity(material.activity)
        title = material.title
        delete_file_on_commit(material.file)
        material.delete()
        log_event(activity, "删除材料", user=user, comment=title)


# --- the workflow ---------------------------------------------------------------------------------


def activity_schedule(activity, *, user, override_reason="", today=None):
    """Confirm the schedule. Scheduling warnings must be overridden with a reason. When the
    notice date has already come, the notice goes out at once."""
    with transaction.atomic():
        activity = locked_activity(activity)
        _check(activity, "schedule")
        if not Participant.objects.filter(activity=activity, member__isnull=False).exists():
            raise ConsultationError("请先确定参加委员")
        warnings = schedule_warnings(activity, today=today)
        pending = unresolved(activity, warnings)
        reason = (override_reason or "").strip()
        if pending and not reason:
            raise ScheduleWarningsPending(pending)
        if pending:
            activity.override_codes = sorted({*(activity.override_codes or []), *(w.code for w in pending)})
            activity.override_reason = reason
            activity.override_by = user
            activity.override_at = timezone.now()
        activity.notice_on, activity.materials_on = lead_dates(activity)
        activity.status = S.SCHEDULED
        activity.save()
        comment = f"确认排期提示，理由：{reason}（" + "；".join(w.message for w in pending) + "）" if pending else ""
        log_event(activity, "确定排期", user=user, src=S.DRAFT, dst=S.SCHEDULED, comment=comment)
    if activity.notice_on <= (today or timezone.localdate()):
        activity_send_notice(activity, user=user)
        activity.refresh_from_db()
    return activity


def activity_reopen(activity, *, user, comment=""):
    with transaction.atomic():
        activity = locked_activity(activity)
        _check(activity, "reopen")
        activity.status = S.DRAFT
        activity.save(update_fields=["status", "updated_at"])
        log_event(activity, "退回筹备", user=user, src=S.SCHEDULED, dst=S.DRAFT, comment=comment)
    return activity


def _notice_text(activity):
    return f"时间：{when_label(activity)}\n地点：{activity.place}\n请于活动前回复是否参加；不能参加的请说明事由请假。"


def _send_notice_to(activity, users):
    notify(
        users,
        f"活动通知：{activity.title}",
        body=_notice_text(activity),
        url=activity.get_absolute_url(),
        category="consultation",
    )


def activity_send_notice(activity, *, user=None):
    """Send the notice to the members invited (once: the reminder key is claimed)."""
    with transaction.atomic():
        activity = locked_activity(activity)
        _check(activity, "notify")
        send_reminder_once(
            f"consult:notice:{activity.pk}",
            _member_users(activity),
            f"活动通知：{activity.title}",
            body=_notice_text(activity),
            url=activity.get_absolute_url(),
            category="consultation",
        )
        activity.status = S.NOTIFIED
        activity.notice_sent_at = timezone.now()
        activity.save(update_fields=["status", "notice_sent_at", "updated_at"])
        late = activity.notice_on and timezone.localdate() > activity.notice_on
        log_event(
            activity,
            "发出通知",
            user=user,
            src=S.SCHEDULED,
            dst=S.NOTIFIED,
            comment=("自动发出" if user is None else "") + (f"（晚于应发日期{cn_date(activity.notice_on)}）" if late else ""),
        )
    return activity


def activity_send_materials(activity, *, user=None):
    """Tell participants the materials are ready (once)."""
    with transaction.atomic():
        activity = locked_activity(activity)
        if activity.status not in (S.NOTIFIED, S.SIGNIN):
            raise ConsultationError("通知发出后才能送达材料")
        if not activity.materials.exists():
            raise ConsultationError("还没有上传会议材料")
        sent = send_reminder_once(
            f"consult:materials:{activity.pk}",
            _member_users(activity, [Reply.PENDING, Reply.ATTEND, Reply.LEAVE_REJECTED]),
            f"会议材料已送达：{activity.title}",
            body="请在手机或电脑上打开活动页面阅读会议材料。",
            url=activity.get_absolute_url(),
            category="consultation",
        )
        if sent or not activity.materials_sent_at:
            activity.materials_sent_at = activity.materials_sent_at or timezone.now()
            activity.save(update_fields=["materials_sent_at", "updated_at"])
            log_event(activity, "送达材料", user=user, comment="" if user else "自动发出")
    return activity


def activity_open_signin(activity, *, user):
    with transaction.atomic():
        activity = locked_activity(activity)
        _check(activity, "open_signin")
        activity.status = S.SIGNIN
        activity.signin_opened_at = timezone.now()
        activity.save(update_fields=["status", "signin_opened_at", "updated_at"])
        log_event(activity, "开始签到", user=user, src=S.NOTIFIED, dst=S.SIGNIN)
    return activity


def activity_cancel(activity, *, user, reason):
    if not (reason or "").strip():
        raise ConsultationError("请填写取消原因")
    with transaction.atomic():
        activity = locked_activity(activity)
        _check(activity, "cancel")
        src = activity.status
        activity.status = S.CANCELLED
        activity.cancel_reason = reason.strip()[:200]
        activity.save(update_fields=["status", "cancel_reason", "updated_at"])
        log_event(activity, "取消活动", user=user, src=src, dst=S.CANCELLED, comment=reason)
        if src == S.NOTIFIED:
            notify(
                _member_users(activity),
                f"活动取消：{activity.title}",
                body=f"原定{when_label(activity)}的活动取消。原因：{reason.strip()}",
                url=activity.get_absolute_url(),
                category="consultation",
            )
    return activity


def activity_close(activity, *, user=None):
    """End the activity: attendance for every member invited goes to their duty file, and the
    outcome report falls due a set number of working days later."""
    with transaction.atomic():
        activity = locked_activity(activity)
        _check(activity, "close")
        src = activity.status
        participants = list(
            Participant.objects.select_for_update(of=("self",))
            .filter(activity=activity, member__isnull=False)
            .select_related("member")
        )
        for p in participants:
            p.attendance = attendance_of(p)
        Participant.objects.bulk_update(participants, ["attendance"])
        for p in participants:
            record_attendance(activity, p, user=user)
        activity.status = S.CLOSED
        activity.closed_at = timezone.now()
        activity.outcome_due_on = outcome_due_on(activity) if activity.expects_outcome else None
        activity.save(update_fields=["status", "closed_at", "outcome_due_on", "updated_at"])
        counts = {a: sum(1 for p in participants if p.attendance == a) for a in Attendance.values if a}
        log_event(
            activity,
            "结束活动",
            user=user,
            src=src,
            dst=S.CLOSED,
            comment=f"出席{counts['present']}人，请假{counts['leave']}人，缺席{counts['absent']}人"
            + ("（到时自动结束）" if user is None else ""),
        )
    return activity


def outcome_due_on(activity, calendar=None):
    rules = settings_for(activity.committee_id)
    calendar = calendar or WorkCalendar(activity.committee_id)
    return calendar.after(timezone.localtime(activity.ends_at).date(), rules.outcome_due_working_days)
