"""Quotas with progress, and reminders that are sent once: writers and bodies behind their quota
in the last week of the period; editors for reports waiting too long."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cppcc_portal.notifications.models import Notification
from sentiment.models import Quota, Report
from sentiment.quotas import my_progress, period_of, progress_for
from sentiment.services import bulletins as bulletin_services
from sentiment.services import reports as services
from sentiment.services.reminders import quota_reminders, waiting_reminders
from tests.sentiment.conftest import when

pytestmark = pytest.mark.django_db


def test_periods():
    assert (period_of("month", date(2025, 12, 20)).start, period_of("month", date(2025, 12, 20)).end) == (
        date(2025, 12, 1),
        date(2026, 1, 1),
    )
    q = period_of("quarter", date(2025, 8, 3))
    assert (q.start, q.end, q.key, q.label) == (date(2025, 7, 1), date(2025, 10, 1), "2025-Q3", "2025年第3季度")
    assert period_of("year", date(2025, 3, 1)).last_day == date(2025, 12, 31)


def test_specific_quota_overrides_the_general_one(county, county_member, county_member_2, make_report):
    Quota.objects.create(committee=county, subject="member", period="year", target=2)
    Quota.objects.create(committee=county, subject="member", member=county_member_2, period="year", target=5)
    make_report(county_member.user, at=when(2025, 2, 1))
    make_report(county_member.user, title="关于另一件事的建议", at=when(2025, 3, 1))
    make_report(county_member.user, title="关于草稿的建议", submit=False)
    rows = {p.name: (p.done, p.target, p.met) for p in progress_for(county, "member", day=date(2025, 6, 1))}
    assert rows == {"张青山": (2, 2, True), "刘碧水": (0, 5, False)}


def test_lower_committee_quota_counts_reports_sent_up(city, county, county_member, county_editor, make_report, publish):
    Quota.objects.create(committee=city, subject="lower", period="month", target=5, note="每月报送5篇")
    for i in range(3):
        r = make_report(county_member.user, title=f"关于第{i}事的建议", at=when(2025, 5, 2))
        publish(r, county_editor, at=when(2025, 5, 3))
        services.report_send_up(r, user=county_editor, at=when(2025, 5, 4 + i))
    [p] = progress_for(city, "lower", day=date(2025, 5, 20))
    assert (p.name, p.done, p.target, p.percent) == ("青山区政协", 3, 5, 60)
    [mine] = my_progress(county_editor, day=date(2025, 5, 20))
    assert (mine.done, mine.target) == (3, 5)
    assert progress_for(city, "lower", day=date(2025, 6, 2))[0].done == 0


def test_quota_reminders_in_the_last_week_are_sent_once(
    city, county, county_member, county_member_2, county_editor, body_submitter, make_report, publish
):
    Quota.objects.create(committee=county, subject="member", period="year", target=1)
    Quota.objects.create(committee=city, subject="body", period="quarter", target=2)
    Quota.objects.create(committee=city, subject="lower", period="month", target=5)
    make_report(county_member.user, at=when(2025, 4, 1))
    sent = quota_reminders(day=date(2025, 12, 26))
    behind_member = Notification.objects.filter(user=county_member_2.user, category="sentiment-quota")
    assert behind_member.count() == 1 and "2025年社情民意撰写任务尚未完成：已完成 0 / 1 篇" in behind_member.get().title
    assert not Notification.objects.filter(user=county_member.user, category="sentiment-quota").exists()
    body_note = Notification.objects.get(user=body_submitter, category="sentiment-quota")
    assert body_note.title.startswith("民盟临江市委员会2025年第4季度")
    county_note = Notification.objects.get(user=county_editor, category="sentiment-quota")
    assert county_note.title == "青山区政协2025年12月社情民意报送任务尚未完成：已完成 0 / 5 篇"
    assert sent == 3
    assert quota_reminders(day=date(2025, 12, 27)) == 0
    assert Notification.objects.filter(category="sentiment-quota").count() == 3


def test_no_quota_reminder_before_the_last_week(county, county_member, county_member_2):
    Quota.objects.create(committee=county, subject="member", period="year", target=1)
    from sentiment.rules import ensure_rules

    ensure_rules(county)
    assert quota_reminders(day=date(2025, 12, 20)) == 0
    assert not Notification.objects.filter(category="sentiment-quota").exists()


def test_waiting_reminders_once_per_report_and_spell(county_member, county_editor, make_report):
    now = timezone.now()
    report = make_report(county_member.user, at=now - timedelta(days=9))
    fresh = make_report(county_member.user, title="关于新近事项的建议", at=now - timedelta(days=2))
    assert waiting_reminders(now=now) == 1
    assert waiting_reminders(now=now) == 0
    [note] = Notification.objects.filter(user=county_editor, category="sentiment-waiting")
    assert note.title == f"社情民意信息《{report.title}》等待处理已9天（已接收）"
    assert note.url == f"/sentiment/{report.pk}/"
    services.report_start_editing(report, user=county_editor, at=now - timedelta(days=8))
    assert waiting_reminders(now=now) == 1  # a new spell: 编辑中 for 8 days
    assert waiting_reminders(now=now + timedelta(days=1)) == 0
    assert Report.objects.get(pk=fresh.pk).status == "received"
    assert Notification.objects.filter(category="sentiment-waiting").count() == 2


def test_reminder_tasks_are_routed_to_the_reminders_queue():
    from cppcc_portal.celery import app
    from cppcc_portal.schedule import BEAT_SCHEDULE

    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {"sentiment.tasks.send_quota_reminders", "sentiment.tasks.send_waiting_reminders"} <= tasks
    route = app.amqp.router.route({}, "sentiment.tasks.send_quota_reminders")
    assert route["queue"].name == "reminders"


def test_issue_notifies_every_writer_once(county_member, county_member_2, county_editor, make_report):
    a = make_report(county_member.user)
    b = make_report(county_member_2.user, title="关于第二篇的建议")
    for r in (a, b):
        services.report_start_editing(r, user=county_editor)
        services.report_sign_off(r, user=county_editor)
    bulletin = bulletin_services.bulletin_create(user=county_editor)
    for r in (a, b):
        bulletin_services.bulletin_add_report(bulletin, r, user=county_editor)
    bulletin_services.bulletin_issue(bulletin, user=county_editor)
    for member, report in ((county_member, a), (county_member_2, b)):
        assert (
            Notification.objects.filter(user=member.user, title__contains=f"《{report.title}》被青山区政协《社情民意》").count()
            == 1
        )
