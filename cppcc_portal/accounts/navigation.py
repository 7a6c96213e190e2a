from django.urls import reverse

from cppcc_portal.accounts.permissions import can_reset_two_factor
from cppcc_portal.core.registry import NavItem


def items(user):
    if can_reset_two_factor(user):
        return [NavItem("账号安全", reverse("accounts:security_users"), "bi-shield-lock", order=95)]
    return []
