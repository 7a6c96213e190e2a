from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from consultations.filters import PlanFilter
from consultations.forms import PlanCreateForm, PlanHeaderForm, PlanItemForm, PlanTransitionForm, ReasonForm
from consultations.models import AnnualPlan, PlanItem, PlanStatus
from consultations.permissions import can_read_all, is_consultation_staff
from consultations.selectors import plan_items, plans_visible_to, settings_for
from consultations.services import plans as svc
from consultations.views.common import attempt, committee_object, form_errors, require_staff
from cppcc_portal.core.excel import xlsx_response
from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.core.params import parse_id
from cppcc_portal.documents.services import document_request
from members.selectors import committee_of


class PlanListView(FilteredListView):
    template_name = "consultations/plan_list.html"
    filterset_class = PlanFilter
    context_object_name = "plans"
    export_filename = "年度协商计划"
    export_columns = [
        ("年度", lambda p: p.year),
        ("标题", lambda p: p.title),
        ("状态", lambda p: p.get_status_display()),
        ("发文字号", lambda p: p.document_number),
        ("批准文件", lambda p: p.approval_reference),
        ("印发日期", lambda p: p.published_on),
        ("议题数", lambda p: p.item_count),
        ("版本", lambda p: p.version),
    ]

    def base_queryset(self):
        return plans_visible_to(self.request.user).annotate(item_count=Count("items")).order_by("-year")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = is_consultation_staff(self.request.user)
        ctx["create_form"] = PlanCreateForm()
        return ctx


@require_POST
def plan_create(request):
    require_staff(request)
    form = PlanCreateForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("consultations:plan_list")
    ok, plan = attempt(
        request, lambda: svc.plan_create(committee=committee_of(request.user), year=form.cleaned_data["year"], user=request.user)
    )
    return redirect(plan if ok else "consultations:plan_list")


def _plan(request, pk):
    return get_object_or_404(plans_visible_to(request.user), pk=pk)


def plan_detail(request, pk):
    plan = _plan(request, pk)
    if request.GET.get("export") == "xlsx":
        return plan_xlsx(request, plan)
    manage = is_consultation_staff(request.user)
    items = list(plan_items(plan))
    return render(
        request,
        "consultations/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "can_manage": manage,
            "can_read_all": can_read_all(request.user),
            "actions": svc.plan_actions(plan) if manage else [],
            "items_editable": manage and plan.status in (PlanStatus.DRAFT, PlanStatus.PUBLISHED),
            "header_editable": manage and plan.status in (PlanStatus.DRAFT, PlanStatus.APPROVED),
            "events": plan.events.select_related("actor") if can_read_all(request.user) else [],
            "versions": plan.versions.select_related("created_by").order_by("-number"),
            "transition_form": PlanTransitionForm(),
            "rules": settings_for(plan.committee_id),
        },
    )


def plan_edit(request, pk):
    require_staff(request)
    plan = committee_object(request, AnnualPlan, pk)
    form = PlanHeaderForm(request.POST or None, instance=AnnualPlan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            request,
            lambda: svc.plan_update(plan, user=request.user, fields={f: form.cleaned_data[f] for f in form.changed_data}),
            "计划信息已保存",
        )
        if ok:
            return redirect(plan)
    return render(request, "consultations/plan_edit.html", {"plan": plan, "form": form})


@require_POST
def plan_transition(request, pk, action):
    require_staff(request)
    plan = committee_object(request, AnnualPlan, pk)
    if action not in svc.PLAN_TRANSITIONS:
        raise Http404
    form = PlanTransitionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    attempt(
        request,
        lambda: svc.plan_transition(
            plan,
            action,
            user=request.user,
            comment=data.get("comment") or "",
            approval_reference=data.get("approval_reference") or "",
            approved_on=data.get("approved_on"),
            document_number=data.get("document_number") or "",
        ),
        f"已{svc.PLAN_TRANSITIONS[action][2]}",
    )
    return redirect(plan)


def plan_item_edit(request, plan_pk=None, pk=None):
    require_staff(request)
    if pk is not None:
        item = committee_object(request, PlanItem.objects.select_related("plan"), pk)
        plan = item.plan
    else:
        plan = committee_object(request, AnnualPlan, plan_pk)
        item = PlanItem(plan=plan, committee_id=plan.committee_id)
    form = PlanItemForm(request.POST or None, instance=item, plan=plan)
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(
            request,
            lambda: svc.plan_item_save(
                form.save(commit=False), user=request.user, m2m=form.m2m(), reason=form.cleaned_data.get("reason", "")
            ),
            "议题已保存" + ("，已记为新版本" if plan.status == PlanStatus.PUBLISHED else ""),
        )
        if ok:
            return redirect(plan)
    return render(request, "consultations/plan_item_form.html", {"plan": plan, "item": item, "form": form})


def plan_item_detail(request, pk):
    item = get_object_or_404(
        PlanItem.objects.select_related("plan", "form", "organiser").filter(plan__in=plans_visible_to(request.user)), pk=pk
    )
    from consultations.selectors import activities_visible_to

    activities = activities_visible_to(request.user).filter(plan_item=item).select_related("form").order_by("starts_at")
    return render(
        request,
        "consultations/plan_item_detail.html",
        {
            "item": item,
            "plan": item.plan,
            "activities": activities,
            "deliberations": item.deliberations.all() if can_read_all(request.user) else [],
            "can_manage": is_consultation_staff(request.user),
            "items_editable": is_consultation_staff(request.user)
            and item.plan.status in (PlanStatus.DRAFT, PlanStatus.PUBLISHED),
        },
    )


@require_POST
def plan_item_delete(request, pk):
    require_staff(request)
    item = committee_object(request, PlanItem.objects.select_related("plan"), pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    ok, _ = attempt(
        request, lambda: svc.plan_item_delete(item, user=request.user, reason=form.cleaned_data.get("reason", "")), "议题已删除"
    )
    return redirect(item.plan if ok else item)


def plan_version(request, pk, number):
    plan = _plan(request, pk)
    version = get_object_or_404(plan.versions.select_related("created_by"), number=number)
    return render(request, "consultations/plan_version.html", {"plan": plan, "version": version})


PLAN_COLUMNS = ["序号", "协商议题", "协商形式", "时间安排", "承办单位", "协商部门", "参加界别", "参加人员", "备注"]


def _rows(snapshot):
    for row in snapshot:
        yield [
            row["number"],
            row["topic"],
            row["form"],
            row["time"],
            row["organiser"],
            "、".join(row["departments"]),
            "、".join(row["sectors"]),
            row["participants_note"],
            row["notes"],
        ]


def plan_xlsx(request, plan):
    """The plan table in Excel (?export=xlsx), or one version of it (&version=N)."""
    version = request.GET.get("version")
    snapshot = svc.plan_snapshot(plan)
    if version:
        found = plan.versions.filter(number=parse_id(version)).first() if parse_id(version) else None
        if found is None:
            raise Http404
        snapshot = found.snapshot
    return xlsx_response(plan.title, f"{plan.year}年度协商计划", PLAN_COLUMNS, _rows(snapshot))


@require_POST
def plan_pdf(request, pk):
    plan = _plan(request, pk)
    version = request.POST.get("version") or ""
    if version and not (parse_id(version) and plan.versions.filter(number=parse_id(version)).exists()):
        raise Http404
    title = plan.title + (f"（第{version}版）" if version else "")
    doc = document_request(
        user=request.user, kind="consultation_plan", title=title, params={"plan_id": plan.pk, "version": parse_id(version) or 0}
    )
    return redirect(doc)
