"""Members (and body accounts) write, co-sign, submit, withdraw and evaluate."""

import django_filters
from django import forms as dj_forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.core.params import parse_id
from cppcc_portal.core.uploads import protected_download
from members.models import Body
from members.selectors import current_session
from proposals import forms as f
from proposals import services
from proposals.exports import EXPORT_COLUMNS
from proposals.filters import search_proposals
from proposals.models import CosignInvitation, Reply, Status
from proposals.permissions import Access, can_write
from proposals.selectors import body_ids, my_proposals, pending_invitations, with_list_data
from proposals.services import ProposalError
from proposals.views.common import back, form_errors, proposal_for, require, run
from proposals.views.detail import detail_response, similar_for


class MyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("搜索"), method="search", widget=dj_forms.TextInput(attrs={"placeholder": "案由或提案号"})
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices, empty_label=_("全部状态"))

    class Meta:
        fields = []

    def search(self, queryset, name, value):
        return search_proposals(queryset, value)


class MyProposalsView(FilteredListView):
    """我的提案: what I wrote, co-sign or am invited to, with the invitations waiting for me."""

    template_name = "proposals/mine.html"
    filterset_class = MyFilter
    context_object_name = "proposals"
    paginate_by = 20
    export_filename = "我的提案"
    export_columns = EXPORT_COLUMNS

    def base_queryset(self):
        return with_list_data(my_proposals(self.request.user)).order_by("-updated_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["invitations"] = list(pending_invitations(user)[:20])
        ctx["can_write"] = can_write(user)
        ctx["bodies"] = list(Body.objects.filter(pk__in=body_ids(user)))
        ctx["is_member"] = user.member is not None
        return ctx


def _body_from(request):
    body_id = request.GET.get("body") or request.POST.get("body")
    if not body_id:
        return None
    if parse_id(body_id) not in body_ids(request.user):
        raise Http404
    return Body.objects.get(pk=parse_id(body_id))


def _save(request, form, proposal=None, body=None):
    """Create or update the draft, add attachments and invitations; then submit if asked.
    The same new-proposal form sent twice (a double click) lands on the first one's proposal."""
    data = form.cleaned_data
    submitting = request.POST.get("action") == "submit"
    try:
        with transaction.atomic():
            if proposal is None:
                proposal = services.proposal_create_draft(
                    user=request.user, data=data, body=body, submission_key=data.get("submission_key")
                )
            else:
                proposal = services.proposal_update_draft(proposal, user=request.user, data=data)
            for upload in data.get("attachments") or []:
                services.attachment_add(proposal, user=request.user, upload=upload)
            invitees = list(data.get("cosigners") or [])
            if invitees:
                services.cosign_invite(proposal, user=request.user, members=invitees)
    except services.DuplicateSubmission as repeated:
        messages.info(request, str(repeated))
        return redirect(repeated.proposal)
    if submitting:
        try:
            services.proposal_submit(proposal, user=request.user)
        except ProposalError as exc:
            messages.error(request, f"草稿已保存，但{exc}")
            return redirect("proposals:edit", pk=proposal.pk)
        messages.success(request, "提案已提交，请等待提案委员会审查。")
        return redirect(proposal)
    note = "，联名邀请已发出" if data.get("cosigners") else ""
    messages.success(request, f"草稿已保存{note}。")
    return redirect(proposal)


def proposal_create(request):
    require(can_write(request.user))
    body = _body_from(request)
    if body is None and request.user.member is None:
        bodies = body_ids(request.user)
        if len(bodies) == 1:
            return redirect(f"{request.path}?body={bodies[0]}")
        raise Http404
    session = current_session(request.user.committee)
    form = f.ProposalForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        submitting=request.POST.get("action") == "submit",
        collective=body is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            return _save(request, form, body=body)
        except ProposalError as exc:
            messages.error(request, str(exc))
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再保存。")
    return render(request, "proposals/form.html", {"form": form, "body": body, "session": session, "proposal": None})


def proposal_edit(request, pk):
    proposal = proposal_for(request, pk)
    access = Access(request.user, proposal)
    require(access.can_edit)
    form = f.ProposalForm(
        request.POST or None,
        request.FILES or None,
        instance=proposal,
        user=request.user,
        submitting=request.POST.get("action") == "submit",
        collective=proposal.body_id is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            return _save(request, form, proposal=proposal)
        except ProposalError as exc:
            messages.error(request, str(exc))
    elif request.method == "POST":
        messages.error(request, "请按提示修改后再保存。")
    return render(
        request,
        "proposals/form.html",
        {
            "form": form,
            "body": proposal.body,
            "session": proposal.session,
            "proposal": proposal,
            "attachments": proposal.attachments.filter(is_removed=False),
            "invitations": proposal.invitations.filter(status__in=["pending", "accepted"]).select_related("member__user"),
        },
    )


@require_POST
def similar(request):
    """htmx: the proposals of this session and the last most like what is being typed."""
    session = current_session(request.user.committee)
    text = " ".join([request.POST.get("title", ""), request.POST.get("title", ""), request.POST.get("grounds", "")[:600]])
    exclude = request.POST.get("proposal")
    found = (
        similar_for(
            text,
            request.user.committee_id,
            session,
            exclude_pk=parse_id(exclude),
            user=request.user,
        )
        if session and len(text.strip()) >= 4
        else []
    )
    return render(request, "proposals/_similar.html", {"similar": found})


@require_POST
def proposal_submit(request, pk):
    proposal = proposal_for(request, pk)
    ok, _ = run(request, lambda: services.proposal_submit(proposal, user=request.user), "提案已提交，请等待提案委员会审查。")
    return back(request, proposal)


@require_POST
def proposal_withdraw(request, pk):
    proposal = proposal_for(request, pk)
    form = f.WithdrawForm(request.POST)
    form.is_valid()
    run(
        request,
        lambda: services.proposal_withdraw(proposal, user=request.user, reason=form.cleaned_data.get("reason", "")),
        "已撤案。",
    )
    return back(request, proposal)


@require_POST
def proposal_discard(request, pk):
    proposal = proposal_for(request, pk)
    ok, _ = run(request, lambda: services.proposal_discard(proposal, user=request.user), "草稿已删除。")
    return redirect("proposals:mine") if ok else back(request, proposal)


@require_POST
def proposal_invite(request, pk):
    proposal = proposal_for(request, pk)
    form = f.InviteForm(request.POST, proposal=proposal)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return detail_response(request, proposal, {"invite": form}, "invite")
    ok, _ = run(
        request,
        lambda: services.cosign_invite(
            proposal, user=request.user, members=list(form.cleaned_data["cosigners"]), message=form.cleaned_data["message"]
        ),
        "联名邀请已发出。",
    )
    if not ok:
        return detail_response(request, proposal, {"invite": form}, "invite")
    return back(request, proposal, "cosigners")


@require_POST
def cosign_request(request, pk):
    proposal = proposal_for(request, pk)
    form = f.CosignRequestForm(request.POST)
    form.is_valid()
    run(
        request,
        lambda: services.cosign_request(proposal, user=request.user, message=form.cleaned_data.get("message", "")),
        "联名申请已发给提案人。",
    )
    return back(request, proposal, "cosigners")


def _invitation(request, pk):
    invitation = get_object_or_404(CosignInvitation.objects.select_related("proposal", "member"), pk=pk)
    proposal_for(request, invitation.proposal_id)  # 404 unless the user may see the proposal
    return invitation


@require_POST
def invitation_respond(request, pk):
    invitation = _invitation(request, pk)
    accept = request.POST.get("answer") == "accept"
    run(
        request,
        lambda: services.cosign_respond(invitation, user=request.user, accept=accept),
        "已同意联名。" if accept else "已谢绝联名。",
    )
    nxt = request.POST.get("next")
    if nxt == "mine":
        return redirect("proposals:mine")
    return back(request, invitation.proposal, "cosigners")


@require_POST
def invitation_cancel(request, pk):
    invitation = _invitation(request, pk)
    run(request, lambda: services.cosign_cancel(invitation, user=request.user), "已撤回。")
    return back(request, invitation.proposal, "cosigners")


@require_POST
def evaluate(request, pk, reply_pk):
    proposal = proposal_for(request, pk)
    reply = get_object_or_404(Reply, pk=reply_pk, proposal=proposal)
    form = f.EvaluationForm(request.POST)
    bound = {("evaluate", reply.pk): form}
    if not form.is_valid():
        messages.error(request, "请分别选择对办理态度和办理结果的评价。")
        return detail_response(request, proposal, bound, "evaluate")
    data = form.cleaned_data
    ok, _ = run(
        request,
        lambda: services.evaluation_submit(
            reply, user=request.user, attitude=data["attitude"], result=data["result"], comment=data["comment"]
        ),
        "评价已提交，谢谢！",
    )
    if not ok:
        return detail_response(request, proposal, bound, "evaluate")
    return back(request, proposal, "evaluate")


def attachment_download(request, pk, attachment_pk):
    proposal = proposal_for(request, pk)
    attachment = get_object_or_404(proposal.attachments.filter(is_removed=False), pk=attachment_pk)
    access = Access(request.user, proposal)
    require(access.sees_handling or access.party)
    return protected_download(attachment.file, attachment.original_name)


@require_POST
def attachment_remove(request, pk, attachment_pk):
    proposal = proposal_for(request, pk)
    attachment = get_object_or_404(proposal.attachments.filter(is_removed=False), pk=attachment_pk)
    run(request, lambda: services.attachment_remove(attachment, user=request.user), "附件已删除。")
    return redirect("proposals:edit", pk=proposal.pk)


def reply_attachment(request, pk, reply_pk):
    proposal = proposal_for(request, pk)
    reply = get_object_or_404(Reply, pk=reply_pk, proposal=proposal)
    require(Access(request.user, proposal).sees_handling)
    return protected_download(reply.attachment, reply.attachment_name or "答复附件")


def opinion_attachment(request, pk, assignment_pk):
    from proposals.models import CoOpinion

    proposal = proposal_for(request, pk)
    opinion = get_object_or_404(CoOpinion, assignment_id=assignment_pk, assignment__proposal=proposal)
    require(Access(request.user, proposal).sees_handling)
    return protected_download(opinion.attachment, opinion.attachment_name or "会办意见附件")
