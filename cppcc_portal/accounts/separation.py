"""三员分立 (separation of duties, GB/T 22239-2019 8.1.4.2 c/d): the system, security and audit
administrators are three different people.

- 系统管理员 manages accounts (names, committee, active, passwords) and organisation data; grants
  the business roles; cannot touch the accounts of the security and audit administrators, cannot
  grant or revoke any of the three administrator roles, and cannot read the audit log.
- 安全管理员 grants and revokes roles (the three administrator roles included) and permissions,
  and resets two-factor login; edits no account data.
- 审计管理员 reads, searches and exports the audit log (cppcc_portal/audit) and nothing else.

Nobody changes their own roles. The mutual exclusion holds for every path that adds a role, not
only the admin's form: `refuse_two_admin_roles` guards User.groups itself."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from members.roles import ADMIN_ROLES, Role

ADMIN_ROLE_NAMES = frozenset(str(role) for role in ADMIN_ROLES)


def admin_roles_among(names):
    return [str(role) for role in ADMIN_ROLES if str(role) in set(names)]


def check_exclusive(names):
    held = admin_roles_among(names)
    if len(held) > 1:
        raise ValidationError(
            _("三员分立：系统管理员、安全管理员、审计管理员须由不同账号担任，一个账号不能同时担任%(roles)s。")
            % {"roles": "、".join(held)},
            code="separation_of_duties",
        )


def can_grant(actor, role_name):
    """May `actor` give or take away this role (on someone else's account)?"""
    if actor.is_superuser or actor.has_role(Role.SECURITY_ADMIN):
        return True
    return actor.has_role(Role.ADMIN) and str(role_name) not in ADMIN_ROLE_NAMES


def can_manage_account(actor, target):
    """Account data and password: the system administrator, except for the other two
    administrators and superusers (who could otherwise be taken over by a new password)."""
    if actor.is_superuser:
        return True
    if target.is_superuser or not actor.has_role(Role.ADMIN):
        return False
    return not target.has_role(Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


def can_change_roles(actor, target):
    """Roles and the admin-site flag of someone else's account (which roles: see can_grant)."""
    if actor.is_superuser:
        return True
    if target.pk == actor.pk or target.is_superuser:
        return False
    return actor.has_role(Role.SECURITY_ADMIN) or can_manage_account(actor, target)


def can_grant_permissions(actor, target):
    """Single permissions outside any role: the security administrator's alone."""
    if actor.is_superuser:
        return True
    return actor.has_role(Role.SECURITY_ADMIN) and target.pk != actor.pk and not target.is_superuser


def role_change_problems(actor, target, before, after):
    """Chinese messages for what is wrong with changing target's roles from `before` to `after`."""
    before, after = set(before), set(after)
    problems = []
    if before != after and not can_change_roles(actor, target):
        problems.append(_("您不能更改这个账号的角色。"))
    refused = sorted(name for name in before ^ after if not can_grant(actor, name))
    if refused and not problems:
        problems.append(
            _("三员分立：系统管理员不能授予或撤销%(roles)s角色，请由安全管理员办理。") % {"roles": "、".join(refused)}
        )
    try:
        check_exclusive(after)
    except ValidationError as exc:
        problems.extend(exc.messages)
    return problems


def refuse_two_admin_roles(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed guard on User.groups: no add may leave an account with two administrator roles."""
    if action != "pre_add" or not pk_set:
        return
    if not reverse:
        adding = set(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
        if adding & ADMIN_ROLE_NAMES:
            check_exclusive(adding | set(instance.groups.values_list("name", flat=True)))
        return
    if instance.name not in ADMIN_ROLE_NAMES:
        return
    others = ADMIN_ROLE_NAMES - {instance.name}
    clash = model.objects.filter(pk__in=pk_set, groups__name__in=others).values_list("groups__name", flat=True).first()
    if clash:
        check_exclusive({instance.name, clash})
