"""What the beat runs. Each reminder has its own key and goes through `send_reminder_once`, so
a beat that fires twice, or a task that is retried, never sends it twice.

Participants: the notice (on the notice date, N working days ahead), the materials (M working
days ahead), the day before. Staff: the outcome report falling due (and overdue), feedback still
missing a set number of days after the report went out, an online deliberation closing tomorrow."""

from collections import Counter
from datetime import datetime, time, timedelta

from django.utils import timezone

from consultations.errors import ConsultationError
from consultations.models import Activity, ActivityStatus, Deliberation, DeliberationStatus, Outcome, OutcomeStatus, Reply
from consultations.selectors import awaiting_outcome, settings_for, staff_users
from consultations.services.activities import (
    activity_close,
    activity_send_materials,
    activity_send_notice,
    when_label,
)
from consultations.workdays import WorkCalendar
from cppcc_portal.core.chinese import cn_date
from cppcc_portal.notifications.services import send_reminder_once

S = ActivityStatus


def _day_range(day):
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


class _PerCommittee:
    def __init__(self):
        self.staff, self.calendars = {}, {}

    def staff_of(self, committee_id):
        if committee_id not in self.staff:
            self.staff[committee_id] = staff_users(committee_id)
        return self.staff[committee_id]

    def calendar(self, committee_id):
        if committee_id not in self.calendars:
            self.calendars[committee_id] = WorkCalendar(committee_id)
        return self.calendars[committee_id]


def send_consultation_reminders(now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = Counter()
    cache = _PerCommittee()

    # Participants: the notice goes out on its date.
    for activity in Activity.objects.filter(status=S.SCHEDULED, notice_on__lte=today):
        try:
            activity_send_notice(activity)
            sent["notice"] += 1
        except ConsultationError:
            continue
    # ... the materials on theirs (once there are materials to read).
    due_materials = Activity.objects.filter(
        status__in=[S.NOTIFIED, S.SIGNIN], materials_on__lte=today, materials_sent_at__isnull=True, materials__isnull=False
    ).distinct()
    for activity in due_materials:
        try:
            activity_send_materials(activity)
            sent["materials"] += 1
        except ConsultationError:
            continue
    # ... and the day before, to everyone still expected.
    start, end = _day_range(today + timedelta(days=1))
    for activity in Activity.objects.filter(status__in=[S.NOTIFIED, S.SIGNIN], starts_at__gte=start, starts_at__lt=end):
        users = [
            p.member.user
            for p in activity.participants.filter(
                member__isnull=False, reply__in=[Reply.PENDING, Reply.ATTEND, Reply.LEAVE_REJECTED]
            ).select_related("member__user")
        ]
        if send_reminder_once(
            f"consult:day-before:{activity.pk}",
            users,
            f"明天：{activity.title}",
            body=f"时间：{when_label(activity)}；地点：{activity.place}。会议材料可在活动页面查看。",
            url=activity.get_absolute_url(),
            category="consultation",
        ):
            sent["day_before"] += 1

    # Staff: the outcome report falls due N working days after the activity (and is overdue after).
    for activity in awaiting_outcome().filter(outcome_due_on__gte=today - timedelta(days=60)):
        calendar = cache.calendar(activity.committee_id)
        if today > activity.outcome_due_on:
            key, title = f"consult:outcome-overdue:{activity.pk}", f"协商成果已超期未报送：{activity.title}"
        elif today >= calendar.before(activity.outcome_due_on, 2):
            key, title = (
                f"consult:outcome-due:{activity.pk}",
                f"协商成果将于{cn_date(activity.outcome_due_on)}到期：{activity.title}",
            )
        else:
            continue
        if send_reminder_once(
            key,
            cache.staff_of(activity.committee_id),
            title,
            body=f"活动结束后{settings_for(activity.committee_id).outcome_due_working_days}个工作日内应将纪要或建议案报送党委、政府。",
            url=activity.get_absolute_url(),
            category="consultation",
        ):
            sent["outcome_due"] += 1

    # Staff: no feedback a set number of days after the report went out.
    for outcome in Outcome.objects.filter(status=OutcomeStatus.SUBMITTED, submitted_on__isnull=False).select_related("activity"):
        days = settings_for(outcome.committee_id).feedback_missing_days
        if today < outcome.submitted_on + timedelta(days=days):
            continue
        if send_reminder_once(
            f"consult:feedback-missing:{outcome.pk}",
            cache.staff_of(outcome.committee_id),
            f"报送{days}天仍无反馈：{outcome.title}",
            body=f"{cn_date(outcome.submitted_on)}报送{outcome.submitted_to}，请跟踪采纳和落实情况。",
            url=outcome.get_absolute_url(),
            category="consultation",
        ):
            sent["feedback_missing"] += 1

    # Staff: an online deliberation closes tomorrow.
    start, end = _day_range(today + timedelta(days=1))
    for deliberation in Deliberation.objects.filter(status=DeliberationStatus.OPEN, closes_at__gte=start, closes_at__lt=end):
        if send_reminder_once(
            f"consult:deliberation-closing:{deliberation.pk}",
            cache.staff_of(deliberation.committee_id),
            f"网络议政明天截止：{deliberation.title}",
            body=f"截止时间：{timezone.localtime(deliberation.closes_at):%Y年%-m月%-d日 %H:%M}，截止后请导出意见汇总。",
            url=deliberation.get_absolute_url(),
            category="consultation",
        ):
            sent["deliberation_closing"] += 1
    return dict(sent)


def close_finished_activities(now=None):
    """Activities past their end time are closed: attendance goes to the duty files."""
    now = now or timezone.now()
    closed = 0
    for activity in Activity.objects.filter(status__in=[S.NOTIFIED, S.SIGNIN], ends_at__lte=now):
        try:
            activity_close(activity)
            closed += 1
        except ConsultationError:
            continue
    return closed
