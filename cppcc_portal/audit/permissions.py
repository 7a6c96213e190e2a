"""Who reads the audit log: the audit administrator, and nobody else — not the system or security
administrator, and not a superuser (三员分立; the log is not in the Django admin either).

An auditor of a committee sees that committee's events and those that belong to no committee
(failed logins under unknown names, changes made by the system); an auditor with no committee,
at the platform level, sees all."""

from django.db.models import Q

from cppcc_portal.audit.models import AuditEvent
from members.roles import Role


def can_read_audit_log(user):
    return user.is_authenticated and not user.is_superuser and user.has_role(Role.AUDIT_ADMIN)


def events_visible_to(user):
    if not can_read_audit_log(user):
        return AuditEvent.objects.none()
    if user.committee_id is None:
        return AuditEvent.objects.all()
    return AuditEvent.objects.filter(Q(committee_id=user.committee_id) | Q(committee__isnull=True))
