"""The calendars, 我的日程, 我的工作台 and the menu, as each persona sees them; the demo data."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from consultations.models import Activity, ActivityStatus, AnnualPlan, Deliberation, Participant, PlanStatus, Reply
from consultations.services import activities as act
from consultations.services import attendance as att
from consultations.services.deliberation import deliberation_open, deliberation_save
from cppcc_portal.core.registry import navigation_for, todos_for
from tests.consultations.conftest import at, new_activity, notified_activity


def _mid_month_days_ahead(days):
    """Days from today to the 10th of a month at least `days` ahead: the next two days then
    fall in the same month's grid whatever today's date is."""
    today = timezone.localdate()
    day = today + timedelta(days=days)
    if day.day > 10:
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=10)
    return (day.replace(day=10) - today).days


def test_the_staff_calendar_by_month_and_week(client, staff, item, member_a, django_assert_max_num_queries):
    start = at(_mid_month_days_ahead(60))
    meeting = notified_activity(staff, item=item, starts=start)
    trip = new_activity(staff, title="调研：职业教育", starts=start + timedelta(days=1), kind="research")
    gone = new_activity(staff, title="座谈：已取消的座谈", starts=start + timedelta(days=2))
    act.activity_cancel(gone, user=staff, reason="改期")
    client.force_login(staff)
    day = timezone.localtime(start).date()
    url = f"/consultations/calendar/?date={day.isoformat()}"
    client.get(url)
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert f"{day.year}年{day.month}月" in page and 'id="calendar-month"' in page
    assert meeting.title in page and trip.title in page and "座谈：已取消的座谈" not in page
    assert "座谈：已取消的座谈" in client.get(url + "&cancelled=1").content.decode()
    week = client.get(f"/consultations/calendar/?view=week&date={day.isoformat()}").content.decode()
    assert 'id="calendar-week"' in week and meeting.title in week and trip.title in week
    monday = day - timedelta(days=day.weekday())
    assert f"{monday.month}月{monday.day}日" in week
    # the navigation arrows move by a month and by a week
    assert f"date={(monday - timedelta(days=7)).isoformat()}" in week


def test_the_calendar_marks_holidays_and_a_year_without_holiday_data(client, staff):
    client.force_login(staff)
    page = client.get("/consultations/calendar/?view=week&date=2026-10-05").content.decode()
    # 10/5–10/7 are National Day holidays and Sunday 10/11 is off; Saturday 10/10 is worked (调休)
    assert page.count(">休<") == 4
    assert "10月10日 星期六</div>" in page and "10月11日 星期日 <span" in page
    assert "尚未收录" not in page
    assert "本年度的法定节假日安排尚未收录" in client.get("/consultations/calendar/?date=2099-03-01").content.decode()
    assert client.get("/consultations/calendar/?date=nonsense").status_code == 200


def test_my_schedule_shows_a_member_only_their_activities(client, staff, item, member_a, member_b):
    mine = notified_activity(staff, item=item)
    theirs = notified_activity(staff, title="视察：食品安全", starts=at(61), members=[member_b])
    hidden = new_activity(staff, title="座谈：还在筹备", starts=at(62), members=[member_a])
    client.force_login(member_a.user)
    day = timezone.localtime(mine.starts_at).date()
    page = client.get(f"/consultations/?date={day.isoformat()}").content.decode()
    assert "我的日程" in page and mine.title in page
    assert theirs.title not in page and hidden.title not in page
    assert "未回复" in page  # the reply status in the upcoming list
    assert client.get("/consultations/calendar/")["Location"] == "/consultations/"


def test_a_departments_clerk_sees_the_activities_it_was_invited_to(client, staff, item, unit_clerk):
    meeting = notified_activity(staff, item=item)
    other = notified_activity(staff, title="视察：食品安全", starts=at(61), members=[item.members.get()])
    client.force_login(unit_clerk)
    page = client.get(f"/consultations/?date={timezone.localtime(meeting.starts_at).date().isoformat()}").content.decode()
    assert meeting.title in page and other.title not in page
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "议程" in detail and "我的回复与签到" not in detail
    assert client.get(other.get_absolute_url()).status_code == 404


def test_leaders_read_everything_and_change_nothing(client, staff, item, leader):
    activity = notified_activity(staff, item=item)
    client.force_login(leader)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "参加情况" in page and "办理记录" in page and 'id="activity-actions"' not in page
    assert client.get("/consultations/calendar/").status_code == 200
    assert client.post(f"/consultations/activities/{activity.pk}/do/close/").status_code == 403
    assert client.get(f"/consultations/activities/{activity.pk}/participants/").status_code == 200


def test_the_menu_by_role(staff, member_a, leader, unit_clerk, proposal_staff):
    def labels(user):
        return {child.label for item in navigation_for(user) for child in item.children} | {i.label for i in navigation_for(user)}

    assert {"年度协商计划", "协商活动", "新建活动", "活动日历", "网络议政", "协商成果"} <= labels(staff)
    assert {"我的日程", "网络议政", "年度协商计划"} <= labels(member_a.user) and "协商成果" not in labels(member_a.user)
    assert "新建活动" not in labels(leader) and "活动日历" in labels(leader)
    assert "协商活动" in labels(unit_clerk)
    assert "协商议政" not in labels(proposal_staff)


def test_workbench_todos_for_staff_and_members(client, staff, item, member_a, member_b, committee):
    activity = notified_activity(staff, item=item, members=[member_b])
    b = Participant.objects.get(activity=activity, member=member_b)
    att.participant_reply(b, user=member_b.user, reply=Reply.LEAVE_REQUESTED, reason="出差")
    d = Deliberation(
        committee=committee, title="老旧小区改造", opens_at=timezone.now(), closes_at=timezone.now() + timedelta(days=2)
    )
    deliberation_save(d, user=staff, invitees=[member_a])
    deliberation_open(d, user=staff)
    staff_todos = {t.title: t for t in todos_for(staff)}
    assert staff_todos["请假待审批"].count == 1
    assert staff_todos["请假待审批"].url == f"/consultations/activities/{activity.pk}/participants/?reply=leave_requested"
    member_todos = [t.title for t in todos_for(member_a.user)]
    assert f"请回复活动通知：{activity.title}" in member_todos and "网络议政：老旧小区改造" in member_todos
    att.participant_reply(Participant.objects.get(activity=activity, member=member_a), user=member_a.user, reply=Reply.ATTEND)
    assert f"请回复活动通知：{activity.title}" not in [t.title for t in todos_for(member_a.user)]
    act.activity_close(activity, user=staff)
    assert todos_for(staff)[0].title in {"请假待审批", "协商成果待报送"}
    assert "协商成果待报送" in {t.title for t in todos_for(staff)}
    client.force_login(staff)
    assert "协商成果待报送" in client.get("/").content.decode()


def test_the_demo_has_a_published_plan_and_activities_in_every_state(client, db):
    call_command("seed_demo", verbosity=0)
    plan = AnnualPlan.objects.get(year=timezone.localdate().year, status=PlanStatus.PUBLISHED)
    assert 12 <= plan.items.count() <= 16 and plan.versions.count() == 2
    assert AnnualPlan.objects.filter(year=timezone.localdate().year + 1, status=PlanStatus.DRAFT).exists()
    assert set(Activity.objects.values_list("status", flat=True)) == set(ActivityStatus.values)
    assert set(Deliberation.objects.values_list("status", flat=True)) == {"draft", "open", "closed"}
    from consultations.models import Outcome
    from members.models import DutyRecord

    assert {"adopted", "partial", "studying", "not_adopted", ""} <= set(Outcome.objects.values_list("adoption", flat=True))
    assert DutyRecord.objects.filter(source__startswith="consultations.Activity:", attendance="present").exists()
    assert DutyRecord.objects.filter(kind="speech", level="oral").exists()
    from members.models import User

    client.force_login(User.objects.get(username="staff"))
    page = client.get("/consultations/calendar/").content.decode()
    current = [
        a
        for a in Activity.objects.exclude(status="cancelled")
        if timezone.localtime(a.starts_at).month == timezone.localdate().month
    ]
    assert len(current) >= 3 and all(a.title in page for a in current)
    client.force_login(User.objects.get(username="member"))
    page = client.get("/consultations/").content.decode()
    assert "未回复" in page and "签到中" in page
