"""Background work of the members app (thin: each task calls a service)."""

import logging

from celery import shared_task
from django.utils import timezone

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def recompute_scores(job_id):
    """Recompute every score of a committee-year after a rule change (a ScoreRecomputation)."""
    from members.models import ScoreRecomputation
    from members.scoring_services import recompute_job_run

    if not ScoreRecomputation.objects.filter(pk=job_id).exists():
        return
    recompute_job_run(job_id)


@shared_task
def recompute_current_scores():
    """Nightly: bring this year's scores of every committee up to date (new members, a closed
    quarter that now counts as missed, anything a hook could not see)."""
    from members.models import Member, MemberStatus
    from members.scoring_services import recompute_committee_year

    year = timezone.localdate().year
    changed = 0
    committees = Member.objects.filter(status=MemberStatus.SERVING).values_list("committee_id", flat=True).distinct()
    for committee_id in sorted(set(committees)):
        changed += recompute_committee_year(committee_id, year)[1]
    return changed


@shared_task
def send_quarter_duty_reminders():
    from members.duty_reminders import send_quarter_reminders

    return send_quarter_reminders()


@shared_task
def send_at_risk_duty_reminders():
    from members.duty_reminders import send_at_risk_reminders

    return send_at_risk_reminders()
