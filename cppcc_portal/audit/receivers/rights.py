"""Role and permission changes: m2m_changed on User.groups (roles are groups), Group.permissions
and User.user_permissions, from either side of the relation. The is_staff / is_superuser flags are
recorded from the user's history row (receivers/history.py).

One event per account or role whose rights changed, naming what was added or removed; reading
those names is the one query an event costs beyond its INSERT."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from cppcc_portal.audit.models import Action
from cppcc_portal.audit.recording import record

CLEARED = "_audit_cleared_ids"


def _relations():
    """through model → (source id column, target id column, action)."""
    user = get_user_model()
    return {
        user.groups.through: ("user_id", "group_id", Action.ROLE_CHANGE),
        user.user_permissions.through: ("user_id", "permission_id", Action.PERMISSION_CHANGE),
        Group.permissions.through: ("group_id", "permission_id", Action.PERMISSION_CHANGE),
    }


def through_models():
    return list(_relations())


def _names(model, ids):
    if model is Permission:
        rows = Permission.objects.filter(pk__in=ids).values_list("content_type__app_label", "codename")
        return sorted(f"{app}.{codename}" for app, codename in rows)
    return sorted(Group.objects.filter(pk__in=ids).values_list("name", flat=True))


def _name_of(obj):
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    return getattr(obj, "name", None) or str(obj)


def rights_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    source_col, target_col, audit_action = _relations()[sender]
    if action == "pre_clear":
        # clear() tells no ids afterwards: note them now.
        own_col, other_col = (target_col, source_col) if reverse else (source_col, target_col)
        setattr(instance, CLEARED, set(sender.objects.filter(**{own_col: instance.pk}).values_list(other_col, flat=True)))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop(CLEARED, set())
    if not pk_set:
        return  # add() of what was already there still sends the signal
    change = "removed" if action in ("post_remove", "post_clear") else "added"
    if reverse:
        # e.g. group.user_set.add(user): every account named in pk_set gained or lost this one.
        name = _name_of(instance)
        for holder in model.objects.filter(pk__in=pk_set):
            record(audit_action, obj=holder, detail={change: [name]})
    else:
        record(audit_action, obj=instance, detail={change: _names(model, pk_set)})
