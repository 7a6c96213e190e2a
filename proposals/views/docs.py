"""Asking the worker for a proposal's documents: 提案表 PDF, DOCX, reply letter, 提案汇编."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cppcc_portal.core.params import object_or_404
from cppcc_portal.documents.models import GeneratedDocument
from cppcc_portal.documents.services import document_request
from members.models import Session
from proposals.models import NUMBERED_STATES, Proposal, Reply
from proposals.permissions import Access, can_review
from proposals.views.common import proposal_for, require


@require_POST
def proposal_document(request, pk, kind):
    proposal = proposal_for(request, pk)
    access = Access(request.user, proposal)
    label = proposal.full_number or proposal.title[:30]
    if kind == "form":
        require(access.can_print_form)
        doc = document_request(
            user=request.user, kind="proposal_form", title=f"提案表-{label}", params={"proposal_id": proposal.pk}
        )
    elif kind == "docx":
        require(access.can_docx)
        doc = document_request(
            user=request.user, kind="proposal_docx", title=f"提案-{label}", params={"proposal_id": proposal.pk}
        )
    else:
        raise PermissionDenied
    return redirect(doc)


@require_POST
def reply_letter(request, pk, reply_pk):
    proposal = proposal_for(request, pk)
    reply = get_object_or_404(Reply, pk=reply_pk, proposal=proposal)
    require(Access(request.user, proposal).sees_handling)
    unit = reply.assignment.unit if hasattr(reply, "assignment") else ""
    doc = document_request(
        user=request.user,
        kind="reply_letter",
        title=f"{unit}关于{proposal.session_title}第{proposal.number}号提案的答复",
        params={"reply_id": reply.pk},
    )
    return redirect(doc)


def compilation(request):
    """提案汇编: every accepted proposal of a session with its reply, as a background job."""
    if not can_review(request.user):
        raise PermissionDenied
    sessions = list(Session.objects.filter(committee_id=request.user.committee_id).select_related("term").order_by("-year"))
    if request.method == "POST":
        session = object_or_404(Session.objects.all(), request.POST.get("session"), committee_id=request.user.committee_id)
        count = Proposal.objects.filter(session=session, status__in=NUMBERED_STATES).count()
        if not count:
            messages.error(request, f"{session.name}还没有立案的提案。")
            return redirect("proposals:compilation")
        doc = document_request(
            user=request.user,
            kind="proposal_compilation",
            title=f"{session.name}提案汇编",
            params={"session_id": session.pk, "expected_parts": count},
        )
        return redirect(doc)
    recent = GeneratedDocument.objects.filter(committee_id=request.user.committee_id, kind="proposal_compilation").select_related(
        "owner"
    )[:10]
    counts = dict(
        Proposal.objects.filter(session__in=sessions, status__in=NUMBERED_STATES)
        .values_list("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    for s in sessions:
        s.accepted_count = counts.get(s.pk, 0)
    return render(request, "proposals/compilation.html", {"sessions": sessions, "recent": recent})
