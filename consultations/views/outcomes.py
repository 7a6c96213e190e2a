from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from consultations.filters import OutcomeFilter
from consultations.forms import OutcomeFeedbackForm, OutcomeForm, OutcomeSubmitForm
from consultations.models import Activity, Deliberation, Outcome, OutcomeKind
from consultations.permissions import is_consultation_staff
from consultations.selectors import awaiting_outcome, outcomes_visible_to
from consultations.services import outcomes as svc
from consultations.views.common import attempt, committee_object, form_errors, require_reader, require_staff
from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.core.uploads import protected_download


class OutcomeListView(FilteredListView):
    template_name = "consultations/outcome_list.html"
    filterset_class = OutcomeFilter
    context_object_name = "outcomes"
    export_filename = "协商成果"
    export_columns = [
        ("标题", lambda o: o.title),
        ("类型", lambda o: o.get_kind_display()),
        ("来源", lambda o: (o.activity or o.deliberation).title),
        ("报送期限", lambda o: o.due_on),
        ("状态", lambda o: o.get_status_display()),
        ("报送日期", lambda o: o.submitted_on),
        ("报送对象", lambda o: o.submitted_to),
        ("采纳情况", lambda o: o.get_adoption_display() if o.adoption else ""),
        ("反馈日期", lambda o: o.feedback_on),
        ("成果转化情况", lambda o: o.actions_taken),
    ]

    def dispatch(self, request, *args, **kwargs):
        require_reader(request)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return outcomes_visible_to(self.request.user).select_related("activity", "deliberation").order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = is_consultation_staff(self.request.user)
        ctx["today"] = timezone.localdate()
        committee_id = self.request.user.committee_id
        # closed activities still waiting for a submitted outcome, soonest due first
        ctx["waiting"] = awaiting_outcome(committee_id).order_by("outcome_due_on")[:20]
        return ctx


def outcome_create(request, activity_pk=None, deliberation_pk=None):
    require_staff(request)
    activity = committee_object(request, Activity, activity_pk) if activity_pk else None
    deliberation = committee_object(request, Deliberation, deliberation_pk) if deliberation_pk else None
    source = activity or deliberation
    instance = Outcome(activity=activity, deliberation=deliberation, committee_id=request.user.committee_id)
    kind = OutcomeKind.MINUTES if activity else OutcomeKind.OPINION
    form = OutcomeForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        initial={"kind": kind, "title": f"{source.title}{OutcomeKind(kind).label}"},
    )
    if request.method == "POST" and form.is_valid():
        ok, outcome = attempt(
            request,
            lambda: svc.outcome_save(form.save(commit=False), user=request.user, upload=form.cleaned_data.get("upload")),
            "成果已保存",
        )
        if ok:
            return redirect(outcome)
    return render(request, "consultations/outcome_form.html", {"form": form, "source": source, "outcome": None})


def outcome_edit(request, pk):
    require_staff(request)
    outcome = committee_object(request, Outcome.objects.select_related("activity", "deliberation"), pk)
    form = OutcomeForm(request.POST or None, request.FILES or None, instance=outcome)
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            request,
            lambda: svc.outcome_save(form.save(commit=False), user=request.user, upload=form.cleaned_data.get("upload")),
            "成果已保存",
        )
        if ok:
            return redirect(outcome)
    return render(request, "consultations/outcome_form.html", {"form": form, "source": outcome.source, "outcome": outcome})


def _outcome(request, pk):
    return get_object_or_404(outcomes_visible_to(request.user).select_related("activity", "deliberation"), pk=pk)


def outcome_detail(request, pk):
    outcome = _outcome(request, pk)
    feedback_initial = {
        "adoption": outcome.adoption,
        "feedback_on": outcome.feedback_on,
        "feedback_text": outcome.feedback_text,
        "actions_taken": outcome.actions_taken,
    }
    return render(
        request,
        "consultations/outcome_detail.html",
        {
            "outcome": outcome,
            "can_manage": is_consultation_staff(request.user),
            "submit_form": OutcomeSubmitForm(),
            "feedback_form": OutcomeFeedbackForm(initial=feedback_initial),
            "events": outcome.events.select_related("actor"),
        },
    )


@require_POST
def outcome_submit(request, pk):
    require_staff(request)
    outcome = committee_object(request, Outcome, pk)
    form = OutcomeSubmitForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: svc.outcome_submit(
                outcome,
                user=request.user,
                submitted_to=form.cleaned_data["submitted_to"],
                submitted_on=form.cleaned_data["submitted_on"],
            ),
            "已登记报送",
        )
    else:
        form_errors(request, form)
    return redirect(outcome)


def outcome_feedback(request, pk):
    require_staff(request)
    outcome = committee_object(request, Outcome.objects.select_related("activity", "deliberation"), pk)
    form = OutcomeFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _ = attempt(
            request,
            lambda: svc.outcome_feedback(
                outcome,
                user=request.user,
                adoption=data["adoption"],
                feedback_text=data["feedback_text"],
                actions_taken=data["actions_taken"],
                feedback_on=data["feedback_on"],
            ),
            "反馈情况已登记",
        )
        if ok:
            return redirect(outcome)
    # a failed form is shown again with what was typed
    return render(
        request,
        "consultations/outcome_detail.html",
        {
            "outcome": outcome,
            "can_manage": True,
            "submit_form": OutcomeSubmitForm(),
            "feedback_form": form,
            "events": outcome.events.select_related("actor"),
            "show_feedback": True,
        },
    )


def outcome_file(request, pk):
    outcome = _outcome(request, pk)
    return protected_download(
        outcome.file, outcome.original_name or "附件", inline=outcome.original_name.lower().endswith(".pdf")
    )
