"""Reminders, each sent once (a ReminderLog key is claimed per person, quota and period, or per
report and waiting spell), so a beat that fires twice never sends twice. Each committee's
reminders go out in one batch (notifications.services.send_reminders_once)."""

from datetime import timedelta

from django.utils import timezone

from cppcc_portal.notifications.services import Reminder, send_reminders_once
from members.models import Committee
from sentiment.models import Quota, QuotaSubject, Report, ReportStatus
from sentiment.quotas import progress_for
from sentiment.rules import ensure_rules
from sentiment.services.common import editors_of


def _committees_with(queryset):
    return Committee.objects.filter(pk__in=queryset.values("committee_id")).order_by("pk")


def quota_reminders(*, day=None):
    """Writers, bodies and lower committees behind their quota in the last days of the period."""
    day = day or timezone.localdate()
    sent = 0
    for committee in _committees_with(Quota.objects.filter(is_active=True)):
        settings = ensure_rules(committee)
        reminders = []
        for subject in QuotaSubject.values:
            for p in progress_for(committee, subject, day=day):
                if p.met or (p.period.last_day - day).days >= settings.quota_reminder_days:
                    continue
                if subject == QuotaSubject.MEMBER:
                    users = [p.subject.user]
                elif subject == QuotaSubject.BODY:
                    users = list(p.subject.submitters.filter(is_active=True))
                else:
                    users = editors_of(p.subject.pk)
                if not users:
                    continue
                key = f"sentiment:quota:{p.quota.pk}:{subject}:{p.subject.pk}:{p.period.key}"
                who = "" if subject == QuotaSubject.MEMBER else f"{p.name}"
                verb = "报送" if subject == QuotaSubject.LOWER else "撰写"
                title = f"{who}{p.period.label}社情民意{verb}任务尚未完成：已完成 {p.done} / {p.target} 篇"
                body = f"{committee.short_name}下达的任务：{p.quota.get_period_display()} {p.target} 篇，{p.period.label}将于{p.period.last_day.month}月{p.period.last_day.day}日结束。"
                reminders.append(
                    Reminder(key, tuple(users), title, body=body, url="/sentiment/quotas/mine/", category="sentiment-quota")
                )
        sent += send_reminders_once(reminders)
    return sent


def waiting_reminders(*, now=None):
    """Editors, for each report waiting in 已接收 or 编辑中 longer than the committee's setting."""
    now = now or timezone.now()
    sent = 0
    waiting_statuses = [ReportStatus.RECEIVED, ReportStatus.EDITING]
    for committee in _committees_with(Report.objects.filter(status__in=waiting_statuses)):
        days = ensure_rules(committee).waiting_days
        cutoff = now - timedelta(days=days)
        waiting = Report.objects.filter(committee=committee, status__in=waiting_statuses, status_changed_at__lt=cutoff).order_by(
            "status_changed_at"
        )
        editors = None
        reminders = []
        for report in waiting:
            editors = editors if editors is not None else editors_of(committee.pk)
            if not editors:
                break
            key = f"sentiment:waiting:{report.pk}:{report.status}:{report.status_changed_at:%Y%m%d%H%M%S}"
            waited = (now - report.status_changed_at).days
            title = f"社情民意信息《{report.title}》等待处理已{waited}天（{ReportStatus(report.status).label}）"[:200]
            reminders.append(Reminder(key, tuple(editors), title, url=report.get_absolute_url(), category="sentiment-waiting"))
        sent += send_reminders_once(reminders)
    return sent
