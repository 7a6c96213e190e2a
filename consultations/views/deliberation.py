from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from consultations.filters import DeliberationFilter
from consultations.forms import DeliberationForm, OpinionForm, ReasonForm
from consultations.models import Deliberation, DeliberationStatus, Opinion
from consultations.permissions import can_read_all, is_consultation_staff, member_profile
from consultations.selectors import deliberations_visible_to, opinion_threads
from consultations.services import deliberation as svc
from consultations.views.common import attempt, committee_object, form_errors, require_staff
from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.core.params import parse_id
from cppcc_portal.documents.services import document_request


class DeliberationListView(FilteredListView):
    template_name = "consultations/deliberation_list.html"
    filterset_class = DeliberationFilter
    context_object_name = "deliberations"
    export_filename = "网络议政"
    export_columns = [
        ("议政题目", lambda d: d.title),
        ("开始时间", lambda d: d.opens_at),
        ("截止时间", lambda d: d.closes_at),
        ("状态", lambda d: d.get_status_display()),
        ("参加委员", lambda d: d.invitee_count),
        ("意见条数", lambda d: d.opinion_count),
    ]

    def base_queryset(self):
        from django.db.models import Count, Q

        return (
            deliberations_visible_to(self.request.user)
            .annotate(
                invitee_count=Count("invitees", distinct=True),
                opinion_count=Count("opinions", filter=Q(opinions__is_hidden=False), distinct=True),
            )
            .order_by("-opens_at", "-id")
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and not can_read_all(request.user):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = is_consultation_staff(self.request.user)
        ctx["can_export"] = can_read_all(self.request.user)
        ctx["now"] = timezone.now()
        return ctx


def _deliberation(request, pk):
    return get_object_or_404(deliberations_visible_to(request.user).select_related("plan_item", "activity"), pk=pk)


def deliberation_edit(request, pk=None):
    require_staff(request)
    instance = committee_object(request, Deliberation, pk) if pk else Deliberation(committee_id=request.user.committee_id)
    if instance.pk and instance.status == DeliberationStatus.CLOSED:
        messages.error(request, "网络议政已结束，不能修改")
        return redirect(instance)
    initial = {}
    if instance.pk:
        initial["invitees"] = list(instance.invitees.values_list("pk", flat=True))
    elif request.GET.get("item"):
        from consultations.models import PlanItem

        item = PlanItem.objects.filter(committee_id=request.user.committee_id, pk=parse_id(request.GET["item"])).first()
        if item:
            initial.update(title=item.topic, plan_item=item.pk, invitees=list(item.members.values_list("pk", flat=True)))
    form = DeliberationForm(request.POST or None, instance=instance, initial=initial, committee_id=request.user.committee_id)
    if request.method == "POST" and form.is_valid():
        ok, saved = attempt(
            request,
            lambda: svc.deliberation_save(form.save(commit=False), user=request.user, invitees=form.cleaned_data["all_invitees"]),
            "网络议政已保存",
        )
        if ok:
            return redirect(saved)
    return render(
        request, "consultations/deliberation_form.html", {"form": form, "deliberation": instance if instance.pk else None}
    )


def deliberation_detail(request, pk):
    deliberation = _deliberation(request, pk)
    staff = is_consultation_staff(request.user)
    member = member_profile(request.user)
    invited = member is not None and deliberation.invitees.filter(pk=member.pk).exists()
    threads = opinion_threads(deliberation, include_hidden=can_read_all(request.user))
    return render(
        request,
        "consultations/deliberation_detail.html",
        {
            "deliberation": deliberation,
            "threads": threads,
            "opinion_count": sum(1 + len(t.thread) for t in threads),
            "can_manage": staff,
            "can_read_all": can_read_all(request.user),
            "can_post": invited and deliberation.accepting(),
            "invited": invited,
            "draft": request.session.pop("opinion_draft", ""),
            "hide_form": ReasonForm(),
            "invitees": deliberation.invitees.select_related("user", "sector") if can_read_all(request.user) else [],
            "outcomes": deliberation.outcomes.all() if can_read_all(request.user) else [],
            "now": timezone.now(),
        },
    )


@require_POST
def deliberation_open(request, pk):
    require_staff(request)
    deliberation = committee_object(request, Deliberation, pk)
    attempt(request, lambda: svc.deliberation_open(deliberation, user=request.user), "已发布，邀请已发给参加委员")
    return redirect(deliberation)


@require_POST
def deliberation_close(request, pk):
    require_staff(request)
    deliberation = committee_object(request, Deliberation, pk)
    attempt(request, lambda: svc.deliberation_close(deliberation, user=request.user), "网络议政已结束")
    return redirect(deliberation)


@require_POST
def opinion_post(request, pk):
    deliberation = _deliberation(request, pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        request.session["opinion_draft"] = request.POST.get("content", "")
        return redirect(deliberation.get_absolute_url() + "#post")
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Opinion.objects.filter(pk=form.cleaned_data["parent"], deliberation=deliberation).first()
    ok, opinion = attempt(
        request,
        lambda: svc.opinion_post(deliberation, user=request.user, content=form.cleaned_data["content"], parent=parent),
        "意见已发表",
    )
    if not ok:
        request.session["opinion_draft"] = form.cleaned_data["content"]
    return redirect(deliberation.get_absolute_url() + (f"#opinion-{opinion.pk}" if ok else "#post"))


def _moderate(request, pk, opinion_pk):
    require_staff(request)
    deliberation = committee_object(request, Deliberation, pk)
    return deliberation, get_object_or_404(Opinion, pk=opinion_pk, deliberation=deliberation)


@require_POST
def opinion_hide(request, pk, opinion_pk):
    deliberation, opinion = _moderate(request, pk, opinion_pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    attempt(
        request, lambda: svc.opinion_hide(opinion, user=request.user, reason=form.cleaned_data.get("reason", "")), "意见已屏蔽"
    )
    return redirect(deliberation.get_absolute_url() + f"#opinion-{opinion.pk}")


@require_POST
def opinion_restore(request, pk, opinion_pk):
    deliberation, opinion = _moderate(request, pk, opinion_pk)
    attempt(request, lambda: svc.opinion_restore(opinion, user=request.user), "意见已恢复显示")
    return redirect(deliberation.get_absolute_url() + f"#opinion-{opinion.pk}")


@require_POST
def deliberation_summary(request, pk):
    if not can_read_all(request.user):
        raise PermissionDenied
    deliberation = _deliberation(request, pk)
    doc = document_request(
        user=request.user,
        kind="deliberation_summary",
        title=f"网络议政意见汇总：{deliberation.title}"[:200],
        params={"deliberation_id": deliberation.pk},
    )
    return redirect(doc)
