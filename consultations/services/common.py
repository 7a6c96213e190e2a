"""Helpers shared by the activity services: the row lock and the history row."""

from consultations.models import Activity, ActivityEvent


def log_event(activity, action, *, user=None, src="", dst="", comment=""):
    ActivityEvent.objects.create(
        committee_id=activity.committee_id,
        activity=activity,
        action=action,
        from_status=src,
        to_status=dst,
        actor=user,
        comment=comment,
    )


def locked_activity(activity):
    return Activity.objects.select_for_update(of=("self",)).select_related("form", "plan_item").get(pk=activity.pk)
