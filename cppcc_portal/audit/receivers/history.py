"""Every state change of a domain record: one hook on django-simple-history's
post_create_historical_record, so each history row the services already write gets its audit
event, in the same transaction, without touching any service.

The changed fields' names come from the `update_fields` the save was given (noted in pre_save, no
query); a save of the whole record costs one query for its previous history row. A history row
written for an m2m change (no save at all) names the record's tracked m2m fields."""

from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.utils.translation import get_language

from cppcc_portal.audit.models import Action
from cppcc_portal.audit.recording import AMBIENT, record
from cppcc_portal.history.changes import differing_fields

SAVED_FIELDS = "_audit_update_fields"
WHOLE_RECORD = "*"
KINDS = {"+": Action.CREATE, "~": Action.STATE_CHANGE, "-": Action.DELETE}
# Changing these flags changes what the account may do: a permission change, not a plain edit.
PRIVILEGE_FLAGS = ("is_staff", "is_superuser")


def tracked_models():
    return [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]


def note_saved_fields(sender, instance, update_fields=None, **kwargs):
    instance.__dict__[SAVED_FIELDS] = WHOLE_RECORD if update_fields is None else frozenset(update_fields)


def forget_saved_fields(sender, instance, **kwargs):
    # A save that wrote no history row (skip_history_when_saving) must not lend its fields to a later one.
    instance.__dict__.pop(SAVED_FIELDS, None)


def connect_save_notes():
    for model in tracked_models():
        uid = f"audit-fields-{model._meta.label_lower}"
        pre_save.connect(note_saved_fields, sender=model, dispatch_uid=uid)
        # After simple-history's own post_save receiver, which was connected when the model was built.
        post_save.connect(forget_saved_fields, sender=model, dispatch_uid=uid)


def changed_fields(instance, history_row):
    """Names of the tracked fields this history row changed (empty for creations and deletions)."""
    if history_row.history_type != "~":
        return []
    tracked = history_row.tracked_fields
    saved = instance.__dict__.pop(SAVED_FIELDS, None)
    if saved is None:
        return sorted(f.name for f in history_row._history_m2m_fields)
    if saved != WHOLE_RECORD:
        return sorted(f.name for f in tracked if f.name in saved or f.attname in saved)
    pk_name = type(instance)._meta.pk.attname
    previous = (
        type(history_row)
        .objects.filter(**{pk_name: instance.pk}, history_id__lt=history_row.history_id)
        .order_by("-history_id")
        .first()
    )
    if previous is None:
        return sorted(f.name for f in tracked)
    return sorted(f.name for f in differing_fields(previous, history_row))


@cache
def _status_labels(model, language):
    return {value: str(label) for value, label in model._meta.get_field("status").flatchoices}


def status_label(instance):
    """The status as the pages name it. Cached: get_status_display() walks the translated choices
    on every call, which cost more than the event's INSERT."""
    return _status_labels(type(instance), get_language()).get(instance.status, str(instance.status))


def history_written(sender, instance, history_instance, history_user=None, **kwargs):
    kind = history_instance.history_type
    fields = changed_fields(instance, history_instance)
    if kind == "~" and not fields:
        return  # only untracked fields changed (a login's last_login, a search column)
    action = KINDS[kind]
    detail = {"history_id": history_instance.pk}
    if fields:
        detail["fields"] = fields
    if "status" in fields:
        detail["status"] = status_label(instance)
    if isinstance(instance, get_user_model()) and kind == "~" and set(fields) & set(PRIVILEGE_FLAGS):
        action = Action.PERMISSION_CHANGE
        detail.update({flag: getattr(instance, flag) for flag in PRIVILEGE_FLAGS})
    record(action, obj=instance, user=history_user if history_user is not None else AMBIENT, detail=detail)
