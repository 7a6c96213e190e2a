"""Pages of 履职量化考核: rankings, members below the minimums or at risk, the score charts, the
rules (shown to everyone, edited by staff), the recomputation progress and the PDF requests."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.core.params import object_or_404
from cppcc_portal.documents.services import document_request
from members.duty_filters import ScoreFilter
from members.duty_forms import DutyMinimumFormSet, GradeBandFormSet, RuleSetForm, ScoringRuleFormSet
from members.duty_selectors import (
    at_risk_filter,
    distribution,
    kind_label,
    scores_for,
    selected_year,
    with_overall_rank,
    with_rank,
    years_for,
)
from members.models import LEVEL_LABELS, DutyKind, Member, MemberStatus, ScoreRecomputation
from members.permissions import can_edit_scoring_rules, can_view_all_duty, can_view_duty_lists, duty_scope
from members.scoring import fmt_points
from members.scoring_services import (
    ScoringError,
    active_recomputation,
    load_rules,
    recompute_request,
    rule_set_for,
    rule_set_update,
    scores_are_current,
)
from members.selectors import committee_of


def _kind_points(score):
    return {k["kind"]: k["points"] for k in score.breakdown.get("kinds", [])}


EXPORT_KINDS = list(DutyKind)


class ScoreListView(FilteredListView):
    """A list of stored scores for one year, shown only when they match the current rules."""

    filterset_class = ScoreFilter
    context_object_name = "scores"
    template_name = "members/duty/ranking.html"
    page_title = "履职排名"
    export_filename = "委员履职积分排名"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_duty_lists(request.user):
            raise PermissionDenied
        self.year = selected_year(request)
        self.rule_set = rule_set_for(request.user.committee_id, self.year)
        self.rules = load_rules(self.rule_set)
        self.current = scores_are_current(self.rule_set)
        return super().dispatch(request, *args, **kwargs)

    def narrow(self, queryset):
        return queryset

    def base_queryset(self):
        return self.narrow(scores_for(self.request.user, self.year))

    def get_queryset(self):
        data = self.request.GET.copy()
        data.setdefault("year", str(self.year))
        if "status" not in self.request.GET:
            data["status"] = MemberStatus.SERVING
        self.filterset = self.filterset_class(
            data,
            queryset=self.base_queryset(),
            request=self.request,
            years=years_for(self.request),
            grades=[g for g, _ in self.rules.grades],
        )
        return self.ranked(self.filterset.qs)

    def ranked(self, queryset):
        return with_rank(queryset)

    @property
    def export_columns(self):
        return [
            ("名次", lambda s: s.rank),
            ("姓名", lambda s: s.member.name),
            ("界别", lambda s: s.member.sector.name),
            ("党派", lambda s: s.member.party),
            ("活动组", lambda s: "、".join(g.name for g in s.member.activity_groups.all())),
            ("常委", lambda s: s.member.is_standing),
            ("工作单位及职务", lambda s: f"{s.member.workplace}{s.member.post}"),
            ("总分", lambda s: float(s.total)),
            ("等次", lambda s: s.grade),
            *[(str(k.label), lambda s, k=k: float(_kind_points(s).get(k.value, 0))) for k in EXPORT_KINDS],
            ("缺席次数", lambda s: s.absences),
            ("未完成的最低要求", lambda s: "；".join(s.missing)),
            ("计算时间", lambda s: s.computed_at),
        ]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and not self.current:
            messages.error(request, "积分正在按最新规则重新计算，完成后再导出。")
            return redirect(request.path + f"?year={self.year}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            {
                "year": self.year,
                "rule_set": self.rule_set,
                "rules": self.rules,
                "current": self.current,
                "job": self.rule_set.recomputations.first(),  # the latest: the running one if any
                "page_title": self.page_title,
                "is_convener_view": not can_view_all_duty(self.request.user),
                "can_edit_rules": can_edit_scoring_rules(self.request.user),
                "at_risk_line": fmt_points(self.rules.at_risk_line(timezone.localdate())),
                "overall_rank": getattr(self, "overall_rank", False),
                "tab": self.tab,
            }
        )
        return ctx

    tab = "ranking"


class RankingView(ScoreListView):
    pass


class _ProblemListView(ScoreListView):
    """Lists of members needing attention: lowest first, with their place in the whole committee."""

    overall_rank = True

    def ranked(self, queryset):
        return with_overall_rank(queryset, self.request.user.committee_id, self.year)


class BelowMinimumView(_ProblemListView):
    page_title = "未达最低履职要求"
    export_filename = "未达最低履职要求委员"
    tab = "below"

    def narrow(self, queryset):
        return queryset.filter(below_minimum=True)


class AtRiskView(_ProblemListView):
    page_title = "履职风险名单"
    export_filename = "履职风险委员名单"
    tab = "risk"

    def narrow(self, queryset):
        return queryset.filter(at_risk_filter(self.rules, timezone.localdate()))


def duty_stats(request):
    """Charts of the score distribution (ECharts), for the user's scope."""
    if not can_view_duty_lists(request.user):
        raise PermissionDenied
    year = selected_year(request)
    rule_set = rule_set_for(request.user.committee_id, year)
    rules = load_rules(rule_set)
    current = scores_are_current(rule_set)
    scores = list(scores_for(request.user, year).filter(member__status=MemberStatus.SERVING)) if current else []
    return render(
        request,
        "members/duty/stats.html",
        {
            "year": year,
            "years": years_for(request),
            "rule_set": rule_set,
            "rules": rules,
            "current": current,
            "job": rule_set.recomputations.first(),
            "chart": distribution(scores, rules),
            "is_convener_view": not can_view_all_duty(request.user),
            "can_edit_rules": can_edit_scoring_rules(request.user),
            "tab": "stats",
        },
    )


# --- Rules ----------------------------------------------------------------------------------


def duty_rules(request):
    """The year's rules in words: every member may read how they are scored."""
    year = selected_year(request)
    rule_set = rule_set_for(request.user.committee_id, year)
    if rule_set is None:
        raise Http404
    rules = load_rules(rule_set)
    by_kind = {}
    for rule in rules.rules:
        by_kind.setdefault(rule.kind, []).append(rule)
    grouped = [(kind_label(k), by_kind[k]) for k in DutyKind.values if k in by_kind]
    return render(
        request,
        "members/duty/rules.html",
        {
            "year": year,
            "years": years_for(request),
            "rule_set": rule_set,
            "rules": rules,
            "grouped": grouped,
            "grades": [(name, fmt_points(minimum)) for name, minimum in rules.grades],
            "minimums": rules.minimums,
            "kind_labels": dict(DutyKind.choices),
            "can_edit": can_edit_scoring_rules(request.user),
            "job": active_recomputation(rule_set),
            "recent_jobs": rule_set.recomputations.select_related("requested_by")[:10],
            "current": scores_are_current(rule_set),
        },
    )


def duty_rules_edit(request):
    if not can_edit_scoring_rules(request.user):
        raise PermissionDenied
    year = selected_year(request)
    rule_set = rule_set_for(request.user.committee_id, year)
    post = request.POST if request.method == "POST" else None
    form = RuleSetForm(post, instance=rule_set, prefix="set")
    formsets = {
        "rules": ScoringRuleFormSet(post, instance=rule_set, prefix="rules"),
        "grades": GradeBandFormSet(post, instance=rule_set, prefix="grades"),
        "minimums": DutyMinimumFormSet(post, instance=rule_set, prefix="minimums"),
    }
    if request.method == "POST":
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            if not form.has_changed() and not any(fs.has_changed() for fs in formsets.values()):
                messages.info(request, "规则没有改动。")
                return redirect(reverse("members:duty_rules") + f"?year={year}")

            def save_changes():
                form.save()
                for fs in formsets.values():
                    fs.save_with_committee()

            job = rule_set_update(rule_set, user=request.user, save_changes=save_changes)
            messages.success(request, "规则已保存，正在按新规则重新计算本年度全部委员的积分。")
            return redirect("members:duty_recompute", pk=job.pk)
        messages.error(request, "规则有误，请按提示修改（没有保存任何改动）。")
    return render(
        request,
        "members/duty/rules_edit.html",
        {"year": year, "rule_set": rule_set, "form": form, "formsets": formsets, "level_codes": LEVEL_LABELS},
    )


@require_POST
def duty_recompute_request(request):
    if not can_edit_scoring_rules(request.user):
        raise PermissionDenied
    year = selected_year(request)
    rule_set = rule_set_for(request.user.committee_id, year)
    try:
        job = recompute_request(rule_set, user=request.user)
    except ScoringError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("members:duty_rules") + f"?year={year}")
    return redirect("members:duty_recompute", pk=job.pk)


def _job_for(request, pk):
    if not can_view_duty_lists(request.user):
        raise PermissionDenied
    return get_object_or_404(
        ScoreRecomputation.objects.select_related("rule_set", "requested_by"), pk=pk, committee_id=request.user.committee_id
    )


def duty_recompute(request, pk):
    return render(request, "members/duty/recompute.html", {"job": _job_for(request, pk)})


def duty_recompute_status(request, pk):
    return render(
        request,
        "members/duty/_recompute_status.html",
        {"job": _job_for(request, pk), "refresh_on_done": request.GET.get("reload") == "1"},
    )


# --- PDFs -------------------------------------------------------------------------------------


@require_POST
def duty_report_pdf(request):
    """A member's yearly duty report (履职报告): the member, their convener, staff."""
    member = object_or_404(duty_scope(request.user).select_related("user"), request.POST.get("member"))
    year = selected_year(request)
    with transaction.atomic():
        doc = document_request(
            user=request.user,
            kind="duty_report",
            title=f"{member.name}{year}年度履职报告",
            params={"member_id": member.pk, "year": year},
        )
    return redirect(doc)


@require_POST
def duty_summary_pdf(request):
    if not can_view_all_duty(request.user):
        raise PermissionDenied
    committee = committee_of(request.user)
    year = selected_year(request)
    doc = document_request(
        user=request.user, kind="duty_summary", title=f"{committee.short_name}{year}年度委员履职情况汇总", params={"year": year}
    )
    return redirect(doc)


@require_POST
def duty_reports_all_pdf(request):
    """Every serving member's report in one PDF, rendered member by member by the worker."""
    if not can_view_all_duty(request.user):
        raise PermissionDenied
    committee = committee_of(request.user)
    year = selected_year(request)
    count = Member.objects.filter(committee=committee, status=MemberStatus.SERVING).count()
    doc = document_request(
        user=request.user,
        kind="duty_reports_all",
        title=f"{committee.short_name}{year}年度委员履职报告（全体{count}人）",
        params={"year": year, "expected_parts": count},
    )
    return redirect(doc)
