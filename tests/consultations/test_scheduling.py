"""Scheduling checks (防止主题重复、人员扎堆、时段集中) and their override with a reason."""

from datetime import timedelta

import pytest

from consultations.errors import ConsultationError, ScheduleWarningsPending
from consultations.models import ActivityEvent, ActivityStatus
from consultations.selectors import settings_for
from consultations.services import activities as act
from consultations.services.scheduling import schedule_warnings, week_bounds
from tests.consultations.conftest import at, new_activity, notified_activity


def kinds(warnings):
    return sorted(w.kind for w in warnings)


def monday(days=60):
    """A Monday 9:00 about `days` ahead, so week arithmetic is predictable."""
    start = at(days)
    return start - timedelta(days=start.weekday())


def test_no_warnings_for_a_well_spaced_activity(staff, item, member_a):
    activity = new_activity(staff, item=item, starts=monday())
    assert schedule_warnings(activity) == []
    act.activity_schedule(activity, user=staff)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SCHEDULED and activity.override_reason == ""


def test_a_topic_already_consulted_this_year(staff, item, member_b):
    earlier = new_activity(
        staff, title="专题调研：推进城乡义务教育优质均衡发展", starts=monday() - timedelta(days=14), members=[member_b]
    )
    activity = new_activity(staff, item=item, starts=monday())
    warnings = schedule_warnings(activity)
    assert [w.code for w in warnings] == [f"topic:{earlier.pk}"]
    assert "议题与本年度已安排的“专题调研：推进城乡义务教育优质均衡发展”" in warnings[0].message
    # a different topic raises nothing
    assert (
        schedule_warnings(new_activity(staff, title="对口协商会：发展夜间经济促进消费", starts=monday() + timedelta(days=21)))
        == []
    )
    # a second activity of the same plan item is not a repeat of the first one
    second = new_activity(staff, item=item, starts=monday() + timedelta(days=28))
    assert [w.code for w in schedule_warnings(second) if w.kind == "topic"] == [f"topic:{earlier.pk}"]


def test_a_member_in_two_overlapping_activities(staff, item, member_a, member_b):
    other = new_activity(staff, title="视察：农村饮水安全", starts=monday() + timedelta(hours=1), members=[member_a, member_b])
    activity = new_activity(staff, item=item, starts=monday(), members=[member_b])
    overlap = [w for w in schedule_warnings(activity) if w.kind == "overlap"]
    assert {w.code for w in overlap} == {f"overlap:{member_a.pk}:{other.pk}", f"overlap:{member_b.pk}:{other.pk}"}
    assert any("李明华委员同一时间已安排参加“视察：农村饮水安全”" in w.message for w in overlap)
    # back to back is not overlapping
    later = new_activity(staff, title="座谈：社区治理", starts=monday() + timedelta(hours=3), members=[member_a])
    assert not [w for w in schedule_warnings(later) if w.kind == "overlap" and w.code.endswith(f":{activity.pk}")]


def test_a_member_booked_more_than_k_times_a_week(staff, item, member_a, committee):
    rules = settings_for(committee.pk)
    rules.member_weekly_limit, rules.weekly_activity_limit = 2, 10
    rules.save()
    new_activity(staff, title="调研：职业教育", starts=monday() + timedelta(days=1), members=[member_a])
    activity = new_activity(staff, item=item, starts=monday())  # member_a comes with the plan item
    assert "member_week" not in kinds(schedule_warnings(activity))  # 2 in the week: at the limit
    new_activity(staff, title="视察：食品安全", starts=monday() + timedelta(days=3), members=[member_a])
    warnings = [w for w in schedule_warnings(activity) if w.kind == "member_week"]
    assert len(warnings) == 1 and "李明华委员本周" in warnings[0].message and "将参加3项活动，超过每周2项" in warnings[0].message
    # an activity in the following week does not count
    rules.member_weekly_limit = 3
    rules.save()
    new_activity(staff, title="座谈：养老服务", starts=monday() + timedelta(days=7), members=[member_a])
    assert "member_week" not in kinds(schedule_warnings(activity))


def test_more_than_l_activities_in_one_week(staff, item, committee):
    rules = settings_for(committee.pk)
    rules.weekly_activity_limit = 2
    rules.save()
    new_activity(staff, title="调研：职业教育", starts=monday() + timedelta(days=2))
    activity = new_activity(staff, item=item, starts=monday())
    assert "crowded_week" not in kinds(schedule_warnings(activity))
    third = new_activity(staff, title="视察：食品安全", starts=monday() + timedelta(days=4))
    warnings = [w for w in schedule_warnings(activity) if w.kind == "crowded_week"]
    assert len(warnings) == 1 and "已安排2项活动" in warnings[0].message and "超过每周2项" in warnings[0].message
    act.activity_cancel(third, user=staff, reason="改期")
    assert "crowded_week" not in kinds(schedule_warnings(activity))  # cancelled ones do not count
    start, end = week_bounds(monday().date())
    assert (end - start).days == 7 and start.weekday() == 0


def test_a_notice_that_can_no_longer_go_out_in_time(staff, item):
    activity = new_activity(staff, item=item, starts=at(5))
    warnings = schedule_warnings(activity)
    assert kinds(warnings) == ["short_notice"]
    assert "距活动已不足15个工作日" in warnings[0].message


def test_warnings_block_scheduling_until_overridden_with_a_reason(staff, item, member_a, member_b):
    new_activity(staff, title="视察：农村饮水安全", starts=monday(), members=[member_a])
    activity = new_activity(staff, item=item, starts=monday())
    with pytest.raises(ScheduleWarningsPending) as refused:
        act.activity_schedule(activity, user=staff)
    assert [w.kind for w in refused.value.warnings] == ["overlap"]
    assert "请核对后填写理由确认" in str(refused.value)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DRAFT
    act.activity_schedule(activity, user=staff, override_reason="李明华委员为视察组组长，会议只出席上半场")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SCHEDULED
    assert activity.override_reason == "李明华委员为视察组组长，会议只出席上半场" and activity.override_by == staff
    assert activity.override_codes == [w.code for w in refused.value.warnings]
    event = ActivityEvent.objects.get(activity=activity, action="确定排期")
    assert "李明华委员为视察组组长" in event.comment and "同一时间已安排参加" in event.comment


def test_an_override_covers_only_the_warnings_it_saw(staff, item, member_a, member_b):
    new_activity(staff, title="视察：农村饮水安全", starts=monday(), members=[member_a])
    activity = new_activity(staff, item=item, starts=monday())
    act.activity_schedule(activity, user=staff, override_reason="已协调")
    act.activity_reopen(activity, user=staff, comment="调整人员")
    act.participants_add(activity, user=staff, members=[member_b])
    new_activity(staff, title="座谈：社区治理", starts=monday(), members=[member_b])
    with pytest.raises(ScheduleWarningsPending) as refused:
        act.activity_schedule(activity, user=staff)
    assert [w.message for w in refused.value.warnings] == [
        f"王晓红委员同一时间已安排参加“座谈：社区治理”（{refused.value.warnings[0].message.split('（')[-1]}"
    ]


def test_scheduling_needs_members(staff):
    activity = new_activity(staff, title="座谈：社区治理")
    with pytest.raises(ConsultationError, match="请先确定参加委员"):
        act.activity_schedule(activity, user=staff)


def test_the_page_shows_warnings_and_takes_the_override(client, staff, item, member_a):
    new_activity(staff, title="视察：农村饮水安全", starts=monday(), members=[member_a])
    activity = new_activity(staff, item=item, starts=monday())
    client.force_login(staff)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "李明华委员同一时间已安排参加“视察：农村饮水安全”" in page and "确认提示并确定排期" in page
    response = client.post(f"/consultations/activities/{activity.pk}/schedule/", follow=True)
    assert "请核对后填写理由确认" in response.content.decode()
    client.post(f"/consultations/activities/{activity.pk}/schedule/", {"override_reason": "会议时间不能再调"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SCHEDULED
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "（已确认）" in page and "会议时间不能再调" in page


def test_notified_activities_count_for_the_warnings_too(staff, item, member_a):
    notified_activity(staff, title="视察：农村饮水安全", starts=monday(), members=[member_a])
    activity = new_activity(staff, item=item, starts=monday())
    assert kinds(schedule_warnings(activity)) == ["overlap"]
