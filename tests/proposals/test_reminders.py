"""Beat reminders: units get one daily digest (15, 7, 1 days before and on the first overdue
day), staff a weekly overdue list, members invitation/evaluation reminders, leaders a weekly
summary — and two runs on the same day send each reminder once."""

from datetime import timedelta

from django.utils import timezone

from cppcc_portal.notifications.models import Notification
from proposals import reminders, services, tasks
from proposals.dates import today
from proposals.models import Assignment, CosignInvitation, HandlingMode, Reply


def titles(user):
    return list(Notification.objects.filter(user=user, category__startswith="proposal").values_list("title", flat=True))


def digests(user):
    return list(Notification.objects.filter(user=user, category="proposal-due").order_by("id"))


def due_in(assignment, days):
    Assignment.objects.filter(pk=assignment.pk).update(deadline=today() + timedelta(days=days))


def test_units_get_one_daily_digest_and_two_runs_send_it_once(
    make_assigned, member_a, unit_clerk, proposal_staff, health, other_clerk
):
    first, second, third, far = (make_assigned(member_a, title=f"关于第{i}件的建议") for i in range(4))
    due_in(first.assignments.get(), 7)
    due_in(second.assignments.get(), 15)
    due_in(third.assignments.get(), -1)  # the first day overdue
    elsewhere = make_assigned(member_a, title="关于医疗的建议")
    Assignment.objects.filter(proposal=elsewhere).update(unit=health, deadline=today() + timedelta(days=1))
    Notification.objects.all().delete()

    assert tasks.send_unit_deadline_reminders.apply().get() == 2  # one digest per unit
    assert tasks.send_unit_deadline_reminders.apply().get() == 0  # the beat fired twice: nothing more
    [digest] = digests(unit_clerk)
    assert "3 件临近期限，其中 1 件已逾期" in digest.title
    assert "还剩 7 天" in digest.body and "还剩 15 天" in digest.body and "已逾期 1 天" in digest.body
    assert "第4号" not in digest.body  # three months away: no reminder yet
    [other] = digests(other_clerk)
    assert "还剩 1 天" in other.body
    assert far.pk


def test_next_marks_arrive_on_their_day_and_missed_days_catch_up_once(make_assigned, member_a, unit_clerk):
    proposal = make_assigned(member_a)
    assignment = proposal.assignments.get()
    due_in(assignment, 20)
    Notification.objects.all().delete()
    assert reminders.unit_deadline_reminders(on=today()) == 0
    assert reminders.unit_deadline_reminders(on=today() + timedelta(days=5)) == 1  # 15 days left
    assert reminders.unit_deadline_reminders(on=today() + timedelta(days=6)) == 0
    # the beat was down from day 7 to day 19: one catch-up digest (7 and 1 claimed together)
    assert reminders.unit_deadline_reminders(on=today() + timedelta(days=19)) == 1
    assert reminders.unit_deadline_reminders(on=today() + timedelta(days=20)) == 0  # due today: nothing new
    assert reminders.unit_deadline_reminders(on=today() + timedelta(days=21)) == 1  # overdue
    assert reminders.unit_deadline_reminders(on=today() + timedelta(days=22)) == 0
    assert len(digests(unit_clerk)) == 3


def test_offsets_are_the_committee_rule(make_assigned, member_a, unit_clerk, rules):
    rules.unit_reminder_days = "30,3"
    rules.save()
    assignment = make_assigned(member_a).assignments.get()
    due_in(assignment, 30)
    Notification.objects.all().delete()
    assert reminders.unit_deadline_reminders() == 1
    assert "还剩 30 天" in digests(unit_clerk)[0].body


def test_an_extension_starts_the_reminders_again(make_assigned, member_a, unit_clerk, proposal_staff):
    assignment = make_assigned(member_a).assignments.get()
    due_in(assignment, 1)
    assert reminders.unit_deadline_reminders() == 1
    assignment.refresh_from_db()
    request = services.unit_request_extension(assignment, user=unit_clerk, reason="需协调", until=today() + timedelta(days=10))
    services.unit_request_decide(request, user=proposal_staff, approve=True)
    assert reminders.unit_deadline_reminders() == 1  # 10 days left on the new deadline: the 15-day mark
    assert reminders.unit_deadline_reminders() == 0


def test_staff_get_the_overdue_list_weekly(make_assigned, member_a, proposal_staff):
    assignment = make_assigned(member_a).assignments.get()
    due_in(assignment, -3)
    assert tasks.send_staff_overdue_reminders.apply().get() == 1
    assert tasks.send_staff_overdue_reminders.apply().get() == 0
    [note] = Notification.objects.filter(user=proposal_staff, category="proposal-overdue")
    assert "逾期未答复的提案 1 件" in note.title and "逾期 3 天" in note.body
    assert reminders.staff_overdue_reminders(on=today() + timedelta(days=7)) == 1  # next week


def test_members_are_asked_to_evaluate_then_reminded_after_15_days(make_assigned, member_a, reply_to):
    proposal = make_assigned(member_a)
    reply = reply_to(proposal.assignments.get())
    asked = [t for t in titles(member_a.user) if "请评价" in t]
    assert len(asked) == 1  # sent with the reply
    assert tasks.send_member_proposal_reminders.apply().get() == 0  # the beat does not send it again
    Reply.objects.filter(pk=reply.pk).update(submitted_at=timezone.now() - timedelta(days=16))
    assert reminders.member_reminders() == 1
    assert reminders.member_reminders() == 0
    assert any("尚未评价" in t for t in titles(member_a.user))


def test_pending_invitation_reminded_once_before_it_expires(make_draft, member_a, member_b):
    draft = make_draft(member_a)
    [invitation] = services.cosign_invite(draft, user=member_a.user, members=[member_b])
    assert reminders.member_reminders() == 0  # three days left
    CosignInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(hours=20))
    assert reminders.member_reminders() == 1
    assert reminders.member_reminders() == 0
    assert any("即将过期" in t for t in titles(member_b.user))


def test_leaders_get_a_weekly_summary_of_their_key_proposals(make_assigned, member_a, proposal_staff, leader):
    proposal = make_assigned(member_a)
    services.proposal_mark_key(proposal, user=proposal_staff, leader=leader)
    assert tasks.send_leader_key_reminders.apply().get() == 1
    assert tasks.send_leader_key_reminders.apply().get() == 0
    note = Notification.objects.filter(user=leader, category="proposal-key").order_by("-id").first()
    assert "本周重点提案督办情况（1 件）" in note.title and proposal.title in note.body


def test_expiry_task(make_draft, member_a, member_b):
    draft = make_draft(member_a)
    [invitation] = services.cosign_invite(draft, user=member_a.user, members=[member_b])
    CosignInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tasks.expire_cosign_invitations.apply().get() == 1


def test_the_schedule_holds_the_proposal_tasks_on_the_reminders_queue():
    from cppcc_portal.celery import app
    from cppcc_portal.schedule import BEAT_SCHEDULE

    names = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {
        "proposals.tasks.send_unit_deadline_reminders",
        "proposals.tasks.send_staff_overdue_reminders",
        "proposals.tasks.send_member_proposal_reminders",
        "proposals.tasks.send_leader_key_reminders",
        "proposals.tasks.expire_cosign_invitations",
    } <= names
    route = app.amqp.router.route({}, "proposals.tasks.send_unit_deadline_reminders")
    assert route["queue"].name == "reminders"
    assert HandlingMode.LEAD


def test_the_daily_member_run_costs_the_same_queries_for_one_reply_or_many(make_assigned, member_a, reply_to):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def overdue_replies(count, start):
        for i in range(start, start + count):
            reply = reply_to(make_assigned(member_a, title=f"关于第{i}件的建议").assignments.get())
            Reply.objects.filter(pk=reply.pk).update(submitted_at=timezone.now() - timedelta(days=16))

    overdue_replies(1, 0)
    with CaptureQueriesContext(connection) as one:
        assert reminders.member_reminders() == 1
    overdue_replies(5, 1)
    with CaptureQueriesContext(connection) as six:
        assert reminders.member_reminders() == 5  # the first reply's reminder is not sent again
    assert len(six) <= len(one)
    assert sum("尚未评价" in t for t in titles(member_a.user)) == 6
