"""Reminders, each sent once (a beat that fires twice sends nothing more), and the periodic
closing of finished activities."""

import threading
from datetime import datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from consultations.models import (
    Activity,
    ActivityStatus,
    Deliberation,
    DeliberationStatus,
    Outcome,
    OutcomeKind,
    Participant,
    Reply,
)
from consultations.services import activities as act
from consultations.services import attendance as att
from consultations.services.outcomes import outcome_feedback, outcome_save, outcome_submit
from consultations.services.reminders import close_finished_activities, send_consultation_reminders
from consultations.tasks import close_finished_activities as close_task
from consultations.tasks import send_consultation_reminders as reminders_task
from consultations.workdays import WorkCalendar
from cppcc_portal.notifications.models import Notification, ReminderLog
from members.models import DutyRecord
from tests.consultations.conftest import at, new_activity, notified_activity

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def morning(day):
    return timezone.make_aware(datetime.combine(day, time(8, 5)))


def titles(user, prefix=""):
    return list(Notification.objects.filter(user=user, title__startswith=prefix).values_list("title", flat=True))


def test_the_notice_goes_out_on_its_working_day_once(staff, item, member_a):
    activity = new_activity(staff, item=item, starts=at(60))
    act.activity_schedule(activity, user=staff)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SCHEDULED
    assert activity.notice_on == WorkCalendar(staff.committee_id).before(timezone.localtime(activity.starts_at).date(), 15)
    assert send_consultation_reminders(now=morning(activity.notice_on - timedelta(days=1))) == {}
    assert titles(member_a.user) == []
    assert send_consultation_reminders(now=morning(activity.notice_on)) == {"notice": 1}
    assert send_consultation_reminders(now=morning(activity.notice_on)) == {}
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.NOTIFIED and titles(member_a.user) == [f"活动通知：{activity.title}"]
    assert ReminderLog.objects.filter(key=f"consult:notice:{activity.pk}").count() == 1


def test_the_materials_on_their_day_once_and_only_when_there_are_some(staff, item, member_a):
    activity = notified_activity(staff, item=item)
    day = activity.materials_on
    assert send_consultation_reminders(now=morning(day)) == {}
    act.material_add(activity, user=staff, title="参阅材料", upload=SimpleUploadedFile("参阅材料.pdf", PDF))
    assert send_consultation_reminders(now=morning(day - timedelta(days=1))) == {}
    assert send_consultation_reminders(now=morning(day)) == {"materials": 1}
    assert send_consultation_reminders(now=morning(day)) == {}
    assert titles(member_a.user, "会议材料已送达") == [f"会议材料已送达：{activity.title}"]


def test_the_day_before_goes_to_those_still_expected(staff, item, member_a, member_b, member_c):
    activity = notified_activity(staff, item=item, members=[member_b, member_c])
    leave = Participant.objects.get(activity=activity, member=member_b)
    att.participant_reply(leave, user=member_b.user, reply=Reply.LEAVE_REQUESTED, reason="出差")
    att.leave_decide(leave, user=staff, approve=True)
    eve = timezone.localtime(activity.starts_at) - timedelta(days=1)
    assert send_consultation_reminders(now=eve - timedelta(days=1)) == {}
    assert send_consultation_reminders(now=eve) == {"day_before": 1}
    assert send_consultation_reminders(now=eve + timedelta(hours=2)) == {}
    assert titles(member_a.user, "明天") == [f"明天：{activity.title}"]
    assert titles(member_c.user, "明天") == [f"明天：{activity.title}"]
    assert titles(member_b.user, "明天") == []


def test_staff_are_reminded_when_the_outcome_report_falls_due_and_when_it_is_late(staff, item, member_a):
    activity = notified_activity(staff, item=item)
    act.activity_close(activity, user=staff)
    activity.refresh_from_db()
    due = activity.outcome_due_on
    cal = WorkCalendar(staff.committee_id)
    assert due == cal.after(timezone.localtime(activity.ends_at).date(), 7)
    assert send_consultation_reminders(now=morning(cal.before(due, 3))) == {}
    assert send_consultation_reminders(now=morning(cal.before(due, 2))) == {"outcome_due": 1}
    assert send_consultation_reminders(now=morning(due)) == {}
    assert send_consultation_reminders(now=morning(due + timedelta(days=1))) == {"outcome_due": 1}
    assert send_consultation_reminders(now=morning(due + timedelta(days=2))) == {}
    assert titles(staff, "协商成果") == [
        f"协商成果已超期未报送：{activity.title}",
        f"协商成果将于{due.year}年{due.month}月{due.day}日到期：{activity.title}",
    ]
    assert titles(member_a.user, "协商成果") == []


def test_no_outcome_reminder_once_the_report_went_out(staff, item):
    activity = notified_activity(staff, item=item)
    act.activity_close(activity, user=staff)
    activity.refresh_from_db()
    outcome = outcome_save(Outcome(activity=activity, kind=OutcomeKind.MINUTES, title="纪要", content="……"), user=staff)
    outcome_submit(outcome, user=staff, submitted_to="市委、市政府")
    sent = send_consultation_reminders(now=morning(activity.outcome_due_on + timedelta(days=1)))
    assert "outcome_due" not in sent and not ReminderLog.objects.filter(key__contains="outcome-").exists()


def test_feedback_missing_after_30_days_once(staff, item):
    activity = notified_activity(staff, item=item)
    act.activity_close(activity, user=staff)
    outcome = outcome_save(
        Outcome(activity=activity, kind=OutcomeKind.MINUTES, title="关于教育均衡的协商纪要", content="……"), user=staff
    )
    sent_on = timezone.localdate() - timedelta(days=29)
    outcome_submit(outcome, user=staff, submitted_to="市委、市政府", submitted_on=sent_on)
    now = morning(timezone.localdate())
    assert send_consultation_reminders(now=now).get("feedback_missing") is None
    assert send_consultation_reminders(now=now + timedelta(days=1)) == {"feedback_missing": 1}
    assert send_consultation_reminders(now=now + timedelta(days=2)) == {}
    assert titles(staff, "报送30天仍无反馈") == ["报送30天仍无反馈：关于教育均衡的协商纪要"]
    outcome_feedback(outcome, user=staff, adoption="studying")
    Notification.objects.all().delete()
    ReminderLog.objects.all().delete()
    assert send_consultation_reminders(now=now + timedelta(days=3)) == {}  # feedback came: nothing more


def test_staff_hear_the_day_before_a_deliberation_closes(staff, committee, member_a):
    closes = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=5), time(18)))
    deliberation = Deliberation.objects.create(
        committee=committee, title="老旧小区改造", opens_at=timezone.now(), closes_at=closes, status=DeliberationStatus.OPEN
    )
    deliberation.invitees.add(member_a)
    assert send_consultation_reminders(now=morning(closes.date() - timedelta(days=2))) == {}
    assert send_consultation_reminders(now=morning(closes.date() - timedelta(days=1))) == {"deliberation_closing": 1}
    assert send_consultation_reminders(now=morning(closes.date() - timedelta(days=1)) + timedelta(hours=3)) == {}
    assert titles(staff) == ["网络议政明天截止：老旧小区改造"]
    assert titles(member_a.user) == []


def test_the_beat_tasks_run_the_services(staff, item, member_a):
    activity = notified_activity(staff, item=item)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - timedelta(hours=4), ends_at=timezone.now() - timedelta(hours=1)
    )
    assert reminders_task.run() == {}
    assert close_task.run() == 1 and close_task.run() == 0
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CLOSED and "到时自动结束" in activity.events.get(action="结束活动").comment
    assert DutyRecord.objects.get(member=member_a).attendance == "absent"


def test_activities_still_running_are_not_closed(staff, item):
    notified_activity(staff, item=item)
    assert close_finished_activities() == 0


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_send_each_notice_once(staff, item, member_a, member_b):
    if connection.vendor != "postgresql":
        pytest.fail("concurrency is tested on PostgreSQL: run with `make test`")
    activity = new_activity(staff, item=item, starts=at(60), members=[member_b])
    act.activity_schedule(activity, user=staff)
    activity.refresh_from_db()
    barrier = threading.Barrier(2)
    results = []

    def beat():
        barrier.wait()
        try:
            results.append(send_consultation_reminders(now=morning(activity.notice_on)))
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.get("notice", 0) for r in results) == [0, 1]
    for member in (member_a, member_b):
        assert Notification.objects.filter(user=member.user, title=f"活动通知：{activity.title}").count() == 1
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.NOTIFIED
