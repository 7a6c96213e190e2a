"""The proposal office: lists, the review queue, bulk accept and assign, review actions,
assignment, unit requests, key and excellent proposals, supervision and the look back."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.core.params import object_or_404, parse_id, parse_ids
from members.roles import Role
from members.selectors import current_session
from proposals import forms as f
from proposals import services
from proposals.exports import EXPORT_COLUMNS
from proposals.filters import ProposalFilter
from proposals.models import (
    Milestone,
    ModelUnit,
    Proposal,
    RequestKind,
    RequestStatus,
    Status,
    UnitRequest,
)
from proposals.permissions import Access, can_review, can_view_stats
from proposals.selectors import visible_proposals, with_list_data
from proposals.views.common import back, form_errors, proposal_for, require, run
from proposals.views.detail import detail_response


class ProposalListView(FilteredListView):
    """All proposals of the committee (staff, leaders): filters, full-text search, Excel."""

    template_name = "proposals/list.html"
    filterset_class = ProposalFilter
    context_object_name = "proposals"
    export_columns = EXPORT_COLUMNS
    export_filename = "提案列表"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_stats(request.user):
            return redirect("proposals:mine")
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return with_list_data(visible_proposals(self.request.user).exclude(status=Status.DRAFT))

    def get_queryset(self):
        """The current session unless another (or 全部会议, session=) is chosen; numbered
        proposals in number order first, served by the (session, number) index."""
        request = self.request
        if "session" not in request.GET:
            current = current_session(request.user.committee)
            if current is not None:
                request.GET = request.GET.copy()
                request.GET["session"] = str(current.pk)
        qs = super().get_queryset()
        order = [F("number").asc(nulls_last=True), "-submitted_at", "-id"]
        if not request.GET.get("session"):
            order.insert(0, "-session__year")
        return qs.order_by(*order)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["is_staff"] = can_review(self.request.user)
        return ctx


class ReviewQueueView(FilteredListView):
    """待审查: oldest first, with bulk accept for the plenary rush."""

    template_name = "proposals/review.html"
    filterset_class = ProposalFilter
    context_object_name = "proposals"
    paginate_by = 50
    export_columns = EXPORT_COLUMNS
    export_filename = "待审查提案"

    def dispatch(self, request, *args, **kwargs):
        if not can_review(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return with_list_data(visible_proposals(self.request.user).filter(status=Status.SUBMITTED)).order_by("submitted_at", "id")


class AssignQueueView(FilteredListView):
    """已立案待交办: one lead unit per row (the suggested unit preselected), assigned in bulk."""

    template_name = "proposals/assign_queue.html"
    filterset_class = ProposalFilter
    context_object_name = "proposals"
    paginate_by = 50
    export_columns = EXPORT_COLUMNS
    export_filename = "待交办提案"

    def dispatch(self, request, *args, **kwargs):
        if not can_review(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return with_list_data(
            visible_proposals(self.request.user).filter(status=Status.ACCEPTED).select_related("suggested_unit")
        ).order_by("number", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["units"] = list(f.unit_choices(self.request.user.committee_id))
        return ctx


def _ids(request, name="ids"):
    return parse_ids(request.POST.getlist(name))


@require_POST
def bulk_accept(request):
    require(can_review(request.user))
    ids = _ids(request)
    if not ids:
        messages.error(request, "请先勾选要立案的提案。")
        return redirect("proposals:review")
    accepted, refused = services.proposals_bulk_accept(ids, user=request.user)
    if accepted:
        numbers = f"第{accepted[0].number}号至第{accepted[-1].number}号" if len(accepted) > 1 else f"第{accepted[0].number}号"
        messages.success(request, f"已立案 {len(accepted)} 件（{numbers}）。")
    for proposal, reason in refused[:10]:
        messages.error(request, f"《{proposal.title}》未立案：{reason}")
    return redirect("proposals:review")


@require_POST
def bulk_assign(request):
    require(can_review(request.user))
    pairs = []
    for pid in _ids(request):
        unit = request.POST.get(f"unit_{pid}", "")
        pairs.append((pid, parse_id(unit)))
    if not pairs:
        messages.error(request, "请先勾选要交办的提案，并为每件选择主办单位。")
        return redirect("proposals:assign_queue")
    done, refused = services.proposals_bulk_assign(pairs, user=request.user)
    if done:
        messages.success(request, f"已交办 {len(done)} 件。")
    for proposal, reason in refused[:10]:
        messages.error(request, f"{proposal.number_label}《{proposal.title}》未交办：{reason}")
    return redirect("proposals:assign_queue")


REVIEW_ACTIONS = {
    "accept": (lambda p, **kw: f.CommentForm(**kw), ""),
    "return": (lambda p, **kw: f.ReturnForm(**kw), "已退回提案人修改。"),
    "reject": (lambda p, **kw: f.RejectForm(committee_id=p.committee_id, **kw), "已作不予立案处理，并告知提案人。"),
    "merge": (None, "已并案，双方提案人已收到通知。"),
    "to_opinion": (lambda p, **kw: f.OpinionForm(committee_id=p.committee_id, **kw), "已转为意见建议。"),
    "to_report": (lambda p, **kw: f.CommentForm(**kw), "已转为社情民意信息。"),
}


@require_POST
def review_action(request, pk, action):
    proposal = proposal_for(request, pk)
    if action not in REVIEW_ACTIONS:
        raise PermissionDenied
    require(Access(request.user, proposal).staff)
    factory, success = REVIEW_ACTIONS[action]
    if action == "merge":
        from proposals.views.detail import merge_candidates

        form = f.MergeForm(request.POST, proposal=proposal, candidates=merge_candidates(proposal))
    else:
        form = factory(proposal, data=request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return detail_response(request, proposal, {action: form}, action)
    data, user = form.cleaned_data, request.user
    calls = {
        "accept": lambda: services.proposal_accept(proposal, user=user, comment=data["comment"]),
        "return": lambda: services.proposal_return(proposal, user=user, comment=data["comment"]),
        "reject": lambda: services.proposal_reject(proposal, user=user, ground=data["ground"], note=data["note"]),
        "merge": lambda: services.proposal_merge(
            proposal, user=user, into=visible_proposals(user).filter(pk=data["into"]).first(), comment=data["comment"]
        ),
        "to_opinion": lambda: services.proposal_to_opinion(proposal, user=user, comment=data["comment"], unit=data["unit"]),
        "to_report": lambda: services.proposal_to_report(proposal, user=user, comment=data["comment"]),
    }
    ok, result = run(request, calls[action], success)
    if not ok:
        return detail_response(request, proposal, {action: form}, action)
    if action == "accept":
        messages.success(request, f"已立案，编为{result.full_number}。")
    return back(request, proposal)


@require_POST
def assign(request, pk):
    proposal = proposal_for(request, pk)
    require(Access(request.user, proposal).staff)
    form = f.AssignForm(request.POST, committee_id=proposal.committee_id)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return detail_response(request, proposal, {"assign": form}, "assign")
    d = form.cleaned_data
    ok, _ = run(
        request,
        lambda: services.proposal_assign(
            proposal,
            user=request.user,
            mode=d["mode"],
            lead=d["lead"],
            co_units=d["co_units"],
            separate_units=d["separate_units"],
            comment=d["comment"],
        ),
        "已交办，承办单位已收到通知。",
    )
    if not ok:
        return detail_response(request, proposal, {"assign": form}, "assign")
    return back(request, proposal, "handling")


@require_POST
def key(request, pk):
    proposal = proposal_for(request, pk)
    require(Access(request.user, proposal).staff)
    if request.POST.get("remove"):
        run(request, lambda: services.proposal_unmark_key(proposal, user=request.user), "已取消重点提案。")
        return back(request, proposal)
    form = f.KeyForm(request.POST, committee_id=proposal.committee_id)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return detail_response(request, proposal, {"key": form}, "key")
    run(
        request,
        lambda: services.proposal_mark_key(
            proposal, user=request.user, leader=form.cleaned_data["leader"], comment=form.cleaned_data["comment"]
        ),
        "已确定为重点提案，督办领导已收到通知。",
    )
    return back(request, proposal)


@require_POST
def excellent(request, pk):
    proposal = proposal_for(request, pk)
    require(Access(request.user, proposal).staff)
    if request.POST.get("remove"):
        run(request, lambda: services.proposal_unmark_excellent(proposal, user=request.user), "已撤销优秀提案。")
        return back(request, proposal)
    form = f.ExcellentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return detail_response(request, proposal, {"excellent": form}, "excellent")
    run(
        request,
        lambda: services.proposal_mark_excellent(
            proposal, user=request.user, year=form.cleaned_data["year"], comment=form.cleaned_data["comment"]
        ),
        "已评为优秀提案。",
    )
    return back(request, proposal)


@require_POST
def supervise(request, pk):
    proposal = proposal_for(request, pk)
    require(Access(request.user, proposal).can_supervise)
    form = f.SupervisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return detail_response(request, proposal, {"supervise": form}, "supervise")
    ok, _ = run(request, lambda: services.supervision_add(proposal, user=request.user, **form.cleaned_data), "督办情况已记录。")
    if not ok:
        return detail_response(request, proposal, {"supervise": form}, "supervise")
    return back(request, proposal, "supervision")


@require_POST
def milestone_add(request, pk):
    proposal = proposal_for(request, pk)
    require(Access(request.user, proposal).can_follow_up)
    form = f.MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return detail_response(request, proposal, {"milestone": form}, "milestone")
    run(request, lambda: services.milestone_add(proposal, user=request.user, **form.cleaned_data), "承诺事项已记录。")
    return back(request, proposal, "follow-up")


@require_POST
def milestone_check(request, pk, milestone_pk):
    proposal = proposal_for(request, pk)
    require(Access(request.user, proposal).can_follow_up)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, proposal=proposal)
    form = f.MilestoneCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run(request, lambda: services.milestone_check(milestone, user=request.user, **form.cleaned_data), "已核实。")
    return back(request, proposal, "follow-up")


@require_POST
def result_check(request, pk):
    proposal = proposal_for(request, pk)
    require(Access(request.user, proposal).can_follow_up)
    form = f.ResultCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return detail_response(request, proposal, {"result_check": form}, "result_check")
    run(request, lambda: services.result_check_record(proposal, user=request.user, **form.cleaned_data), "回头看结论已记录。")
    return back(request, proposal, "follow-up")


class RequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=RequestStatus.choices, empty_label="全部状态")
    kind = django_filters.ChoiceFilter(label="申请事项", choices=RequestKind.choices, empty_label="全部")
    unit = django_filters.CharFilter(label="承办单位", field_name="assignment__unit__name", lookup_expr="icontains")

    class Meta:
        fields = []


class RequestListView(FilteredListView):
    """Units' requests for reassignment or more time; pending ones first."""

    template_name = "proposals/requests.html"
    filterset_class = RequestFilter
    context_object_name = "requests"
    export_filename = "承办单位申请"
    export_columns = [
        ("承办单位", lambda r: str(r.assignment.unit)),
        ("提案", lambda r: f"{r.assignment.proposal.full_number} {r.assignment.proposal.title}"),
        ("申请事项", lambda r: r.get_kind_display()),
        ("理由", lambda r: r.reason),
        ("申请延至", lambda r: r.requested_deadline),
        ("申请时间", lambda r: r.requested_at),
        ("状态", lambda r: r.get_status_display()),
        ("审批意见", lambda r: r.decision_note),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_review(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        if "status" not in self.request.GET:  # open on what waits for a decision
            self.request.GET = self.request.GET.copy()
            self.request.GET["status"] = RequestStatus.PENDING
        return super().get_queryset()

    def base_queryset(self):
        return (
            UnitRequest.objects.filter(committee_id=self.request.user.committee_id)
            .select_related(
                "assignment__unit",
                "assignment__proposal__session__term",
                "requested_by",
                "suggested_unit",
                "new_unit",
                "decided_by",
            )
            .order_by("-requested_at", "-id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["decision_form"] = f.DecisionForm(committee_id=self.request.user.committee_id)
        return ctx


@require_POST
def request_decide(request, request_pk):
    require(can_review(request.user))
    unit_request = get_object_or_404(UnitRequest, pk=request_pk, committee_id=request.user.committee_id)
    form = f.DecisionForm(request.POST, committee_id=request.user.committee_id)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        d = form.cleaned_data
        run(
            request,
            lambda: services.unit_request_decide(
                unit_request, user=request.user, approve=d["approve"], note=d["note"], new_unit=d["new_unit"]
            ),
            "已审批，承办单位已收到通知。",
        )
    if request.POST.get("next") == "detail":
        return redirect(unit_request.assignment.proposal)
    return redirect("proposals:requests")


class KeyListView(FilteredListView):
    """重点提案: a leader sees those they supervise; staff see all (or only theirs with ?mine=1)."""

    template_name = "proposals/key_list.html"
    filterset_class = ProposalFilter
    context_object_name = "proposals"
    export_filename = "重点提案"
    export_columns = [*EXPORT_COLUMNS, ("督办领导", lambda p: p.key_leader.display_name if p.key_leader_id else "")]

    def dispatch(self, request, *args, **kwargs):
        if not (can_review(request.user) or request.user.has_role(Role.LEADER)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def mine_only(self):
        return not can_review(self.request.user) or self.request.GET.get("mine") == "1"

    def base_queryset(self):
        qs = with_list_data(visible_proposals(self.request.user).filter(is_key=True))
        if self.mine_only:
            qs = qs.filter(key_leader=self.request.user)
        return qs.order_by("-session__year", "number")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["mine_only"] = self.mine_only
        return ctx


def awards(request):
    """优秀提案 and 先进承办单位 of a year."""
    user = request.user
    if not (can_review(user) or user.has_role(Role.LEADER)):
        raise PermissionDenied
    session = current_session(user.committee)
    try:
        year = int(request.GET.get("year") or (session.year if session else 0))
    except ValueError:
        year = session.year if session else 0
    form = f.ModelUnitForm(request.POST or None, committee_id=user.committee_id, initial={"year": year})
    if request.method == "POST":
        require(can_review(user))
        if request.POST.get("remove"):
            model_unit = object_or_404(ModelUnit.objects.all(), request.POST["remove"], committee_id=user.committee_id)
            run(request, lambda: services.model_unit_remove(model_unit, user=user), "已移除。")
            return redirect(f"{request.path}?year={year}")
        if form.is_valid():
            ok, _ = run(request, lambda: services.model_unit_choose(user=user, **form.cleaned_data), "已评为先进承办单位。")
            if ok:
                return redirect(f"{request.path}?year={form.cleaned_data['year']}")
        else:
            messages.error(request, form_errors(form))
    excellent = with_list_data(visible_proposals(user).filter(is_excellent=True, excellent_year=year)).order_by("number")
    units = ModelUnit.objects.filter(committee_id=user.committee_id, year=year).select_related("unit", "chosen_by")
    years = sorted(
        set(Proposal.objects.filter(committee_id=user.committee_id, is_excellent=True).values_list("excellent_year", flat=True))
        | set(ModelUnit.objects.filter(committee_id=user.committee_id).values_list("year", flat=True))
        | {year},
        reverse=True,
    )
    return render(
        request,
        "proposals/awards.html",
        {"year": year, "years": years, "excellent": excellent, "model_units": units, "form": form, "can_edit": can_review(user)},
    )
