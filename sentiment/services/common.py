"""What every 社情民意 service shares: the domain error, the history row, telling people."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from cppcc_portal.core.search import segment
from cppcc_portal.notifications.services import notify
from members.roles import Role
from sentiment.models import Report, ReportEvent, ReportStatus, ReportWriter
from sentiment.workflow import ACTIONS, WRITER_VISIBLE


class SentimentError(Exception):
    """A refused action; the message is Chinese and shown to the user as it is."""


def now_or(at):
    return at or timezone.now()


def locked(report):
    return Report.objects.select_for_update(of=("self",)).select_related("committee").get(pk=report.pk)


def check(code, report):
    action = ACTIONS[code]
    if report.status not in action.sources:
        raise SentimentError(f"这篇信息当前为“{ReportStatus(report.status).label}”，不能{action.label}。")


def set_status(report, status, *, at=None):
    report.status = status
    report.status_changed_at = now_or(at)


def search_text_of(title, content):
    return segment(f"{title} {content}")


def record_event(report, action, label, *, user=None, from_status="", to_status="", comment="", at=None, visible=None):
    return ReportEvent.objects.create(
        report=report,
        action=action,
        label=label[:60],
        from_status=from_status,
        to_status=to_status,
        actor=user,
        actor_name=user.display_name if user else "",
        committee_name=report.committee.short_name,
        comment=comment,
        visible_to_writer=(action in WRITER_VISIBLE) if visible is None else visible,
        created_at=now_or(at),
    )


def writer_users(report):
    """The accounts behind a report's writers: members, body submitters, staff writers."""
    users = {}
    for writer in ReportWriter.objects.filter(report=report).select_related("member__user", "user", "body"):
        if writer.member_id:
            users[writer.member.user_id] = writer.member.user
        if writer.user_id:
            users[writer.user_id] = writer.user
        if writer.body_id:
            for u in writer.body.submitters.all():
                users[u.pk] = u
    return list(users.values())


def editors_of(committee_id):
    return list(get_user_model().objects.filter(committee_id=committee_id, groups__name=Role.REPORT_EDITOR, is_active=True))


def tell_writers(report, title, body="", *, url=None, report_for_url=None):
    """Notify the writers; the link goes to the report they wrote (the original, for a copy)."""
    target = report_for_url or original_of(report)
    notify(writer_users(report), title, body=body, url=url or target.get_absolute_url(), category="sentiment")


def original_of(report):
    node = report
    while node.forwarded_from_id:
        node = Report.objects.get(pk=node.forwarded_from_id)
    return node


def tell_lower_committees(report, title, body=""):
    """What an upper committee did with a copy flows back to every lower committee in its chain."""
    node = report
    while node.forwarded_from_id:
        node = Report.objects.select_related("committee").get(pk=node.forwarded_from_id)
        notify(editors_of(node.committee_id), title, body=body, url=node.get_absolute_url(), category="sentiment")
