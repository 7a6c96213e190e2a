"""Reminders, each sent once: members short of the quarterly minimum at the start of the last
month of the quarter; the monthly at-risk list for member-affairs staff."""

from datetime import date

from cppcc_portal.notifications.models import Notification, ReminderLog
from members.duty_reminders import send_at_risk_reminders, send_quarter_reminders
from members.models import DutyKind
from members.scoring_services import recompute_committee_year
from tests.members.conftest import activity


def test_quarter_reminder_goes_once_to_members_short_of_the_quarter(member_a, member_b, rule_set):
    year = rule_set.year
    activity(member_b, DutyKind.CONTACT, on=date(year, 10, 20))
    activity(member_a, DutyKind.CONTACT, on=date(year, 11, 2), status="pending")  # pending does not count
    assert send_quarter_reminders(date(year, 12, 1)) == 1
    note = Notification.objects.get()
    assert note.user == member_a.user and note.title == f"{year}年第4季度履职提醒"
    assert "每季度联系界别群众不少于1次（目前 0，要求 1）" in note.body and note.url == "/members/duty/"
    # the beat runs again the next day: nothing more
    assert send_quarter_reminders(date(year, 12, 2)) == 0
    assert Notification.objects.count() == 1
    assert ReminderLog.objects.filter(key__startswith=f"duty-quarter:{member_a.committee_id}:{year}Q4:").count() == 1


def test_quarter_reminder_only_in_the_first_week_of_the_quarters_last_month(member_a, rule_set):
    year = rule_set.year
    assert send_quarter_reminders(date(year, 11, 2)) == 0
    assert send_quarter_reminders(date(year, 12, 8)) == 0
    assert send_quarter_reminders(date(year, 9, 7)) == 1
    assert Notification.objects.get().title == f"{year}年第3季度履职提醒"


def test_at_risk_list_goes_to_member_affairs_staff_once_a_month(member_a, member_b, member_staff, proposal_staff, rule_set):
    year = rule_set.year
    activity(member_a, DutyKind.CONTACT, on=date(year, 1, 5))
    activity(member_b, DutyKind.PLENARY, on=date(year, 1, 8))
    member_b.duty_records.update(attendance="absent")
    activity(member_b, DutyKind.ACTIVITY, on=date(year, 3, 8))
    member_b.duty_records.update(attendance="absent")
    recompute_committee_year(member_a.committee_id, year, as_of=date(year, 7, 1))
    assert send_at_risk_reminders(date(year, 7, 1)) == 1
    note = Notification.objects.get()
    assert note.user == member_staff and note.title == "7月委员履职风险名单（2人）"
    assert "积分低于 30 分或未请假缺席达 2 次的委员共 2 人" in note.body
    assert "王晓红（教育界，0分，缺席2次）" in note.body and "李明华（教育界，2分）" in note.body
    assert send_at_risk_reminders(date(year, 7, 3)) == 0
    assert send_at_risk_reminders(date(year, 7, 20)) == 0
    assert Notification.objects.count() == 1


def test_tasks_are_routed_to_the_reminders_queue_and_scheduled():
    from cppcc_portal.celery import app
    from cppcc_portal.schedule import BEAT_SCHEDULE

    for name in ("members.tasks.send_quarter_duty_reminders", "members.tasks.send_at_risk_duty_reminders"):
        assert app.amqp.router.route({}, name)["queue"].name == "reminders"
        assert any(entry["task"] == name for entry in BEAT_SCHEDULE.values())
    assert any(entry["task"] == "members.tasks.recompute_current_scores" for entry in BEAT_SCHEDULE.values())
