"""Roles are Django groups named in Chinese; each app says which permissions each role needs in
its own roles.py, and this module gives every group exactly the union of those."""

import logging

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from cppcc_portal.core.registry import contributions

log = logging.getLogger(__name__)


def declared_role_permissions():
    wanted = {}
    for module in contributions("roles"):
        for role, codes in getattr(module, "ROLE_PERMISSIONS", {}).items():
            wanted.setdefault(role, set()).update(codes)
    return wanted


def sync_roles():
    """Create every role group and set its permissions to what the apps declare."""
    from members.roles import Role

    wanted = declared_role_permissions()
    for role in Role:
        wanted.setdefault(role.value, set())
    for role, codes in wanted.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for code in sorted(codes):
            app_label, codename = code.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is None:
                log.warning("role %s names unknown permission %s", role, code)
                continue
            perms.append(perm)
        group.permissions.set(perms)


def sync_roles_after_migrate(sender, **kwargs):
    # post_migrate fires once per app; permissions of every app exist only after the last one.
    if sender is list(apps.get_app_configs())[-1]:
        sync_roles()
