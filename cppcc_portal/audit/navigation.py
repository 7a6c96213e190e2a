from django.urls import reverse

from cppcc_portal.audit.permissions import can_read_audit_log
from cppcc_portal.core.registry import NavItem


def items(user):
    if can_read_audit_log(user):
        return [NavItem("安全审计", reverse("audit:list"), "bi-journal-check", order=96)]
    return []
