"""Reminders in batches: a province's daily run claims thousands of keys in a few queries, each
reminder still reaches each person once, and emails go out in chunks over one connection."""

import pytest
from django.core import mail

from cppcc_portal.notifications import services
from cppcc_portal.notifications.models import Notification, ReminderLog
from cppcc_portal.notifications.services import Reminder, send_reminders_once
from cppcc_portal.notifications.tasks import send_notification_emails
from tests.factories import UserFactory


@pytest.fixture
def people(committee):
    return [UserFactory(committee=committee, username=f"p{i:03d}", email=f"p{i:03d}@example.cn") for i in range(12)]


def reminders_for(users, day="2026-12-01"):
    return [Reminder(f"test:quota:{u.pk}:{day}", (u,), f"{u.username} 本月任务尚未完成", body="还差 1 篇") for u in users]


def test_each_reminder_is_sent_once_to_each_person(people):
    assert send_reminders_once(reminders_for(people), email=False) == 12
    assert send_reminders_once(reminders_for(people), email=False) == 0  # the beat fired twice
    assert Notification.objects.count() == 12
    first = people[0]
    [note] = Notification.objects.filter(user=first)
    assert note.title == "p000 本月任务尚未完成" and note.body == "还差 1 篇"
    assert list(ReminderLog.objects.filter(key__startswith="test:quota:").values_list("recipients", flat=True)) == [1] * 12
    # the next day's reminders are new keys
    assert send_reminders_once(reminders_for(people[:3], day="2026-12-02"), email=False) == 3


def test_a_batch_costs_the_same_queries_for_ten_or_a_thousand_keys(people, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(services, "CLAIM_BATCH", 10_000)
    many = [Reminder(f"test:many:{i}", (people[i % 12],), "提醒") for i in range(1000)]
    with django_assert_max_num_queries(4):  # savepoint, claim, bulk insert, release
        assert send_reminders_once(many, email=False) == 1000
    assert Notification.objects.count() == 1000


def test_keys_claimed_before_are_left_out_of_a_mixed_batch(people):
    assert send_reminders_once(reminders_for(people[:5]), email=False) == 5
    assert send_reminders_once(reminders_for(people), email=False) == 7
    assert Notification.objects.filter(user=people[0]).count() == 1
    assert Notification.objects.filter(user=people[11]).count() == 1


def test_emails_are_queued_in_chunks(people, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "EMAIL_CHUNK", 5)
    queued = []
    monkeypatch.setattr(send_notification_emails, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders_once(reminders_for(people), email=True)
    assert [len(ids) for ids in queued] == [5, 5, 2]  # 12 notifications → three tasks, not twelve
    assert Notification.objects.filter(email_due=True).count() == 12  # in the outbox until mailed
    for ids in queued:
        send_notification_emails.run(ids)  # what the worker does with each
    assert len(mail.outbox) == 12
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in people)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_mail_is_sent_once_and_a_failure_releases_only_the_unsent(people, monkeypatch):
    notes = services.notify(people[:3], "会议通知", body="请按时参加")
    ids = [n.pk for n in notes]
    original = mail.EmailMessage.send
    calls = []

    def flaky(self, *args, **kwargs):
        calls.append(self.to[0])
        if len(calls) == 2:
            raise ConnectionError("SMTP down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", flaky)
    with pytest.raises(ConnectionError):
        send_notification_emails.run(ids)
    assert [m.to[0] for m in mail.outbox] == ["p000@example.cn"]
    assert list(Notification.objects.filter(pk__in=ids, emailed_at__isnull=False).values_list("pk", flat=True)) == ids[:1]
    monkeypatch.undo()
    send_notification_emails.run(ids)  # the retry
    send_notification_emails.run(ids)  # and a duplicate delivery of the task
    assert sorted(m.to[0] for m in mail.outbox) == ["p000@example.cn", "p001@example.cn", "p002@example.cn"]
    assert "会议通知" in mail.outbox[1].subject and "请按时参加" in mail.outbox[1].body


def test_more_keys_than_one_statement_holds_are_claimed_in_several(people, monkeypatch):
    from cppcc_portal.notifications.services import claim_keys

    monkeypatch.setattr(services, "CLAIM_BATCH", 4)
    keys = [(f"test:item:{i}", "proposal-due-item", 0) for i in range(10)]
    assert claim_keys(keys) == {k for k, _, _ in keys}
    assert claim_keys(keys) == set()
    assert ReminderLog.objects.filter(key__startswith="test:item:").count() == 10
