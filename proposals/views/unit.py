"""Handling units: an inbox with only their assignments, and the actions on one assignment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404

from cppcc_portal.core.lists import FilteredListView
from proposals import forms as f
from proposals import services
from proposals.dates import days_left, local_date, today
from proposals.filters import InboxFilter
from proposals.models import Assignment, AssignmentStatus
from proposals.permissions import Access, can_use_inbox
from proposals.selectors import unit_assignments, unit_ids
from proposals.views.common import back, form_errors, proposal_for, require, run
from proposals.views.detail import detail_response


class InboxView(FilteredListView):
    template_name = "proposals/inbox.html"
    filterset_class = InboxFilter
    context_object_name = "assignments"
    export_filename = "承办提案"
    export_columns = [
        ("提案号", lambda a: a.proposal.full_number),
        ("案由", lambda a: a.proposal.title),
        ("提案人", lambda a: a.proposal.proposer_name),
        ("承办方式", lambda a: a.get_role_display()),
        ("交办日期", lambda a: local_date(a.assigned_at)),
        ("答复期限", lambda a: a.deadline),
        ("剩余天数", lambda a: days_left(a.deadline) if a.status == AssignmentStatus.ACTIVE else ""),
        ("状态", lambda a: a.get_status_display()),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_use_inbox(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return (
            unit_assignments(self.request.user)
            .exclude(status=AssignmentStatus.REASSIGNED)
            .annotate(
                open_first=Case(
                    When(status=AssignmentStatus.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
            .order_by("open_first", "deadline", "id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        now = today()
        for a in ctx["assignments"]:
            a.days = (a.deadline - now).days if a.status == AssignmentStatus.ACTIVE else None
        active = Assignment.objects.filter(unit_id__in=unit_ids(self.request.user), status=AssignmentStatus.ACTIVE)
        ctx["counts"] = {
            "open": active.count(),
            "overdue": active.filter(deadline__lt=now).count(),
        }
        return ctx


def _assignment(request, pk, assignment_pk):
    proposal = proposal_for(request, pk)
    assignment = get_object_or_404(Assignment.objects.select_related("unit"), pk=assignment_pk, proposal=proposal)
    return proposal, assignment, Access(request.user, proposal)


def _unit_action(request, pk, assignment_pk, action, form_class, call, success, anchor="handling", **form_kwargs):
    proposal, assignment, access = _assignment(request, pk, assignment_pk)
    require(access.unit_can(assignment, action))
    form = form_class(request.POST, request.FILES or None, **form_kwargs)
    bound = {(action, assignment.pk): form}
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return detail_response(request, proposal, bound, f"{action}-{assignment.pk}")
    ok, _ = run(request, lambda: call(assignment, form.cleaned_data), success)
    if not ok:
        return detail_response(request, proposal, bound, f"{action}-{assignment.pk}")
    return back(request, proposal, anchor)


def contact(request, pk, assignment_pk):
    return _unit_action(
        request,
        pk,
        assignment_pk,
        "contact",
        f.ContactForm,
        lambda a, d: services.contact_record_add(a, user=request.user, **d),
        "沟通联系情况已记录。",
    )


def opinion(request, pk, assignment_pk):
    return _unit_action(
        request,
        pk,
        assignment_pk,
        "opinion",
        f.CoOpinionForm,
        lambda a, d: services.co_opinion_submit(a, user=request.user, text=d["text"], upload=d.get("attachment")),
        "会办意见已送主办单位。",
    )


def reply(request, pk, assignment_pk):
    def call(a, d):
        return services.reply_submit(
            a,
            user=request.user,
            result_code=d["result_code"],
            text=d["text"],
            signer=d["signer"],
            contact_person=d["contact_person"],
            contact_phone=d["contact_phone"],
            upload=d.get("attachment"),
        )

    return _unit_action(request, pk, assignment_pk, "reply", f.ReplyForm, call, "答复已提交，提案人将收到评价提醒。")


def reassign(request, pk, assignment_pk):
    proposal = proposal_for(request, pk)
    return _unit_action(
        request,
        pk,
        assignment_pk,
        "reassign",
        f.ReassignRequestForm,
        lambda a, d: services.unit_request_reassign(a, user=request.user, reason=d["reason"], suggested_unit=d["suggested_unit"]),
        "调整申请已报提案委员会。",
        committee_id=proposal.committee_id,
    )


def extend(request, pk, assignment_pk):
    return _unit_action(
        request,
        pk,
        assignment_pk,
        "extend",
        f.ExtensionRequestForm,
        lambda a, d: services.unit_request_extension(a, user=request.user, reason=d["reason"], until=d["until"]),
        "延期申请已报提案委员会。",
    )
