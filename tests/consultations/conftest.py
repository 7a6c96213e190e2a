"""Fixtures of 协商: a published plan with an item, and helpers that bring an activity into a
given state through the services (never by setting the status by hand)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Activity, ActivityKind, PlanItem
from consultations.selectors import forms_for
from consultations.services import activities as act
from consultations.services.plans import plan_create, plan_item_save, plan_transition
from members.models import HandlingUnit
from tests.factories import MemberFactory, SectorFactory


@pytest.fixture
def staff(member_staff):
    """委员工作人员: runs the consultations of the committee."""
    return member_staff


@pytest.fixture
def forms(committee):
    return {f.name: f for f in forms_for(committee.pk)}


@pytest.fixture
def unit(unit_clerk):
    """市教育局, with its clerk (the unit_clerk persona)."""
    return HandlingUnit.objects.get(clerks=unit_clerk)


@pytest.fixture
def draft_plan(committee, staff, forms, special_committee, unit, member_a):
    plan = plan_create(committee=committee, year=2026, user=staff)
    item = PlanItem(
        plan=plan, topic="推进城乡义务教育优质均衡发展", form=forms["专题协商会"], planned_month=12, organiser=special_committee
    )
    plan_item_save(item, user=staff, m2m={"departments": [unit], "members": [member_a]})
    return plan


@pytest.fixture
def published_plan(draft_plan, staff):
    plan_transition(draft_plan, "submit", user=staff)
    plan_transition(draft_plan, "approve", user=staff, approval_reference="市委常委会会议纪要〔2026〕2号")
    plan_transition(draft_plan, "publish", user=staff, document_number="临委办发〔2026〕3号")
    draft_plan.refresh_from_db()
    return draft_plan


@pytest.fixture
def item(published_plan):
    return published_plan.items.get()


@pytest.fixture
def member_c(member_a):
    return MemberFactory(user__committee=member_a.committee, user__full_name="赵子龙", user__username="member_c")


@pytest.fixture
def other_member(other_staff, other_committee):
    sector = SectorFactory(committee=other_committee, name="经济界")
    return MemberFactory(user__committee=other_committee, user__full_name="远山委员", user__username="far_member", sector=sector)


def at(days=60, hour=9, minute=0):
    """A local time `days` from today (far enough ahead that the notice is not late)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()).replace(hour=hour, minute=minute))


def new_activity(
    staff,
    *,
    item=None,
    title="专题协商会：推进城乡义务教育优质均衡发展",
    starts=None,
    hours=3,
    members=(),
    kind=ActivityKind.MEETING,
    form=None,
):
    starts = starts or at()
    activity = Activity(
        committee_id=staff.committee_id,
        plan_item=item,
        title=title,
        kind=kind,
        form=form if form is not None else (item.form if item is not None and kind == ActivityKind.MEETING else None),
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        place="市政协机关三楼会议室",
    )
    act.activity_create(activity, user=staff)
    if members:
        act.participants_add(activity, user=staff, members=list(members))
    activity.refresh_from_db()
    return activity


def notified_activity(staff, **kwargs):
    """An activity whose notice went out (scheduled with any warnings overridden)."""
    activity = new_activity(staff, **kwargs)
    act.activity_schedule(activity, user=staff, override_reason="测试安排")
    activity.refresh_from_db()
    if activity.status == "scheduled":
        act.activity_send_notice(activity, user=staff)
        activity.refresh_from_db()
    return activity


def signin_activity(staff, **kwargs):
    activity = notified_activity(staff, **kwargs)
    act.activity_open_signin(activity, user=staff)
    activity.refresh_from_db()
    return activity
