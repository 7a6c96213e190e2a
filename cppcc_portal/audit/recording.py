"""The one function that writes the security audit log: one INSERT per event.

It runs inside whatever transaction its caller is in, so an event commits or rolls back with the
change it records. It never raises because of what it is given: texts are cut to their columns,
an address that is not an IP address is kept in the detail instead, and values JSON cannot hold
are written as text. If the database itself refuses the INSERT, the error is not swallowed: the
change rolls back with it, so nothing changes unrecorded."""

import ipaddress
import json

from axes.helpers import get_client_ip_address
from django.contrib.contenttypes.models import ContentType

from cppcc_portal.audit.context import current_request
from cppcc_portal.audit.models import AuditEvent, Result

# "The user of the request being served", told apart from an explicit None (no user: the system).
AMBIENT = object()


def record(
    action,
    *,
    obj=None,
    user=AMBIENT,
    request=None,
    result=Result.SUCCESS,
    detail=None,
    object_text=None,
    username=None,
    committee_id=None,
):
    """Write one audit event. `obj` is the record acted on; `username` overrides the user's (a
    failed login keeps the name that was typed); `committee_id` defaults to the object's, then the
    user's."""
    request = request if request is not None else current_request()
    if user is AMBIENT:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    detail = _json_safe(detail or {})
    ip_address, unreadable = client_ip(request)
    if unreadable:
        detail["ip_raw"] = unreadable[:100]
    if committee_id is None:
        committee_id = getattr(obj, "committee_id", None) or getattr(user, "committee_id", None)
    if username is None:
        username = user.get_username() if user is not None else ""
    return AuditEvent.objects.create(
        user_id=user.pk if user is not None else None,
        username=_cut(username, 150),
        user_display=_cut(getattr(user, "full_name", "") or "", 50),
        committee_id=committee_id,
        ip_address=ip_address,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=_cut(obj.pk if obj is not None and obj.pk is not None else "", 64),
        object_text=_cut(object_text if object_text is not None else text_of(obj), 200),
        result=result,
        detail=detail,
    )


def client_ip(request):
    """(address, "") when the request's client address is an IP address, else (None, what was seen).
    The address is the one django-axes counts failed logins by, so the two always agree."""
    if request is None:
        return None, ""
    raw = getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or ""
    try:
        return str(ipaddress.ip_address(str(raw).strip())), ""
    except ValueError:
        return None, str(raw)


def text_of(obj):
    if obj is None:
        return ""
    try:
        return str(obj)
    except Exception:  # noqa: BLE001 — a broken __str__ must not stop the change being recorded
        return f"{obj._meta.verbose_name} #{obj.pk}"


def _cut(value, length):
    return str(value)[:length]


def _json_safe(detail):
    return json.loads(json.dumps(detail, default=str, ensure_ascii=False))
