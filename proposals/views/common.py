"""Helpers shared by the views: finding a proposal the user may see, and running a service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from proposals.selectors import visible_proposals
from proposals.services import ProposalError


def proposal_for(request, pk, *, lock_related=True):
    """The proposal if this user may open it; 404 otherwise (no hint that it exists)."""
    qs = visible_proposals(request.user)
    if lock_related:
        qs = qs.select_related(
            "session__term",
            "category",
            "proposer__user",
            "proposer__sector",
            "body",
            "created_by",
            "suggested_unit",
            "rejection_ground",
            "merged_into",
            "key_leader",
            "opinion_unit",
        )
    return get_object_or_404(qs, pk=pk)


def require(condition):
    if not condition:
        raise PermissionDenied


def run(request, action, success, *, redirect_to=None):
    """Call a service; on a refusal show its Chinese message. Returns (ok, result)."""
    try:
        result = action()
    except ProposalError as exc:
        messages.error(request, str(exc))
        return False, None
    if success:
        messages.success(request, success)
    return True, result


def back(request, proposal, anchor=""):
    return redirect(proposal.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def form_errors(form):
    """All of a form's errors as one Chinese line."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}：{e}" if label else str(e) for e in errors)
    return "；".join(parts)
