"""Reads shared by pages, exports, reminders and documents; every one is scoped to a committee
or to what one user may see."""

from django.db.models import Count, Prefetch, Q

from consultations.models import (
    Activity,
    ActivityStatus,
    AnnualPlan,
    ConsultationForm,
    ConsultationSettings,
    Deliberation,
    DeliberationStatus,
    Outcome,
    Participant,
    PlanItem,
    PlanStatus,
)
from consultations.models.config import DEFAULT_FORMS
from consultations.permissions import can_read_all, member_profile
from members.models import User
from members.roles import Role

PARTICIPANT_VISIBLE = [ActivityStatus.NOTIFIED, ActivityStatus.SIGNIN, ActivityStatus.CLOSED, ActivityStatus.CANCELLED]


def settings_for(committee_id):
    """The committee's rules, created with DOMAIN.md's defaults the first time they are needed."""
    found = ConsultationSettings.objects.filter(committee_id=committee_id).first()
    if found is None:
        found, _ = ConsultationSettings.objects.get_or_create(committee_id=committee_id)
    return found


def forms_for(committee_id):
    """The committee's consultation forms; the DOMAIN.md list is created on first use."""
    qs = ConsultationForm.objects.filter(committee_id=committee_id)
    if not qs.exists():
        for order, (name, kind) in enumerate(DEFAULT_FORMS):
            ConsultationForm.objects.get_or_create(
                committee_id=committee_id, name=name, defaults={"order": order, "duty_kind": kind}
            )
    return qs.filter(is_active=True)


def staff_users(committee_id):
    """Who gets the staff reminders: the committee's 委员工作人员."""
    return list(User.objects.filter(committee_id=committee_id, is_active=True, groups__name=Role.MEMBER_AFFAIRS_STAFF).distinct())


# --- plans -------------------------------------------------------------------------------------


def plans_visible_to(user):
    qs = AnnualPlan.objects.filter(committee_id=user.committee_id)
    if not can_read_all(user):
        qs = qs.filter(status=PlanStatus.PUBLISHED)
    return qs


def plan_items(plan):
    return (
        PlanItem.objects.filter(plan=plan)
        .select_related("form", "organiser")
        .prefetch_related("departments", "sectors")
        .annotate(activity_count=Count("activities", filter=~Q(activities__status=ActivityStatus.CANCELLED), distinct=True))
        .order_by("number", "id")
    )


# --- activities ---------------------------------------------------------------------------------


def activities_visible_to(user):
    """Staff and leaders: the committee's activities. Members and unit clerks: those they were
    invited to, once the notice is out."""
    qs = Activity.objects.filter(committee_id=user.committee_id)
    if can_read_all(user):
        return qs
    member = member_profile(user)
    condition = Q(pk__in=[])
    if member is not None:
        condition |= Q(participants__member=member)
    unit_ids = list(user.handling_units.values_list("pk", flat=True))
    if unit_ids:
        condition |= Q(participants__unit_id__in=unit_ids)
    return qs.filter(condition, status__in=PARTICIPANT_VISIBLE).distinct()


def activity_list_queryset(user):
    return (
        activities_visible_to(user)
        .select_related("form", "organiser", "plan_item")
        .annotate(
            member_count=Count("participants", filter=Q(participants__member__isnull=False), distinct=True),
            signed_count=Count("participants", filter=Q(participants__signed_in_at__isnull=False), distinct=True),
        )
    )


def activities_between(user, start, end):
    """The activities the user may see overlapping [start, end), for the calendars."""
    return (
        activities_visible_to(user)
        .filter(starts_at__lt=end, ends_at__gt=start)
        .select_related("form")
        .order_by("starts_at", "id")
    )


def participants_of(activity):
    return (
        Participant.objects.filter(activity=activity)
        .select_related("member__user", "member__sector", "unit", "leave_decided_by", "signed_in_by")
        .order_by("unit_id", "guest_name", "member__sector__order", "id")
    )


def participation(activity, user):
    """The user's own Participant row in this activity (as a member), or None."""
    member = member_profile(user)
    if member is None:
        return None
    return Participant.objects.filter(activity=activity, member=member).first()


def my_participations(member):
    return (
        Participant.objects.filter(member=member, activity__status__in=PARTICIPANT_VISIBLE)
        .select_related("activity", "activity__form")
        .order_by("activity__starts_at")
    )


# --- deliberation -------------------------------------------------------------------------------


def deliberations_visible_to(user):
    qs = Deliberation.objects.filter(committee_id=user.committee_id)
    if can_read_all(user):
        return qs
    member = member_profile(user)
    if member is None:
        return qs.none()
    return qs.filter(invitees=member).exclude(status=DeliberationStatus.DRAFT)


def opinions_of(deliberation, *, include_hidden):
    from consultations.models import Opinion

    qs = Opinion.objects.filter(deliberation=deliberation).select_related("author__user", "author__sector", "hidden_by")
    if not include_hidden:
        qs = qs.filter(is_hidden=False)
    return qs.order_by("created_at", "id")


def opinion_threads(deliberation, *, include_hidden):
    """Top-level opinions in order, each with `.thread` = its replies (one query for all)."""
    opinions = list(opinions_of(deliberation, include_hidden=include_hidden))
    by_parent = {}
    for op in opinions:
        by_parent.setdefault(op.parent_id, []).append(op)
    tops = by_parent.get(None, [])
    for op in opinions:
        op.thread = by_parent.get(op.pk, [])
    return tops


# --- outcomes -----------------------------------------------------------------------------------


def awaiting_outcome(committee_id=None):
    """Closed meetings whose minutes or recommendation report has not been submitted yet."""
    from consultations.models import OutcomeStatus

    submitted = Outcome.objects.filter(activity__isnull=False).exclude(status=OutcomeStatus.DRAFT).values("activity_id")
    qs = Activity.objects.filter(status=ActivityStatus.CLOSED, outcome_due_on__isnull=False).exclude(pk__in=submitted)
    return qs.filter(committee_id=committee_id) if committee_id is not None else qs


def outcomes_visible_to(user):
    if not can_read_all(user):
        return Outcome.objects.none()
    return Outcome.objects.filter(committee_id=user.committee_id)


def activity_detail_queryset(user):
    return (
        activities_visible_to(user)
        .select_related("form", "organiser", "plan_item__plan", "override_by")
        .prefetch_related("agenda", Prefetch("materials"))
    )
