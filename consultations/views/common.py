from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from consultations.errors import ConsultationError
from consultations.permissions import can_read_all, is_consultation_staff


def require_staff(request):
    if not is_consultation_staff(request.user):
        raise PermissionDenied


def require_reader(request):
    if not can_read_all(request.user):
        raise PermissionDenied


def committee_object(request, model_or_qs, pk):
    """An object of the user's committee, or 404 (never another committee's)."""
    qs = model_or_qs if hasattr(model_or_qs, "filter") else model_or_qs.objects.all()
    return get_object_or_404(qs, pk=pk, committee_id=request.user.committee_id)


def attempt(request, action, success=None):
    """Run a service call; its refusal becomes a clear message. Returns (ok, result)."""
    try:
        result = action()
    except ConsultationError as exc:
        messages.error(request, str(exc))
        return False, None
    if success:
        messages.success(request, success)
    return True, result


def form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)
