"""Office pages: adoptions and comments, reports sent up, quotas and progress, statistics, points."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.core.excel import xlsx_response
from cppcc_portal.core.lists import FilteredListView
from sentiment import stats as statistics
from sentiment.filters import AdoptionFilter, CommentFilter, ReportFilter
from sentiment.forms import CategoryFormSet, DestinationFormSet, PointRuleFormSet, QuotaForm, SettingsForm
from sentiment.models import (
    ADOPTION_CREDIT_LEVELS,
    Adoption,
    Destination,
    DestinationKind,
    LeaderComment,
    PointRule,
    Quota,
    QuotaSubject,
    Report,
    ReportCategory,
)
from sentiment.permissions import can_read_office, is_editor
from sentiment.quotas import my_progress, progress_for
from sentiment.rules import ensure_rules
from sentiment.selectors import with_list_data
from sentiment.services.credit import recompute_committee_year


def _office(request):
    if not can_read_office(request.user):
        raise PermissionDenied


def _editor(request):
    if not is_editor(request.user):
        raise PermissionDenied


class AdoptionListView(FilteredListView):
    template_name = "sentiment/adoptions.html"
    filterset_class = AdoptionFilter
    context_object_name = "adoptions"
    export_filename = "社情民意采用情况"
    export_columns = [
        ("信息标题", lambda a: a.report.title),
        ("采用级别", lambda a: a.get_level_display()),
        ("采用单位及方式", lambda a: a.adopted_by),
        ("采用日期", lambda a: a.adopted_on),
        ("撰稿人", lambda a: "、".join(w.name for w in a.report.writers.all())),
        ("来源", lambda a: a.report.get_source_display()),
        ("备注", lambda a: a.note),
    ]

    def dispatch(self, request, *args, **kwargs):
        _office(request)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return (
            Adoption.objects.filter(report__committee_id=self.request.user.committee_id)
            .select_related("report", "committee")
            .prefetch_related("report__writers")
            .order_by("-adopted_on", "-id")
        )


class CommentListView(FilteredListView):
    template_name = "sentiment/comments.html"
    filterset_class = CommentFilter
    context_object_name = "comments"
    export_filename = "社情民意领导批示"
    export_columns = [
        ("信息标题", lambda c: c.report.title),
        ("批示级别", lambda c: c.get_level_display()),
        ("批示领导", lambda c: c.leader),
        ("批示内容", lambda c: c.text),
        ("批示日期", lambda c: c.commented_on),
        ("撰稿人", lambda c: "、".join(w.name for w in c.report.writers.all())),
    ]

    def dispatch(self, request, *args, **kwargs):
        _office(request)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return (
            LeaderComment.objects.filter(report__committee_id=self.request.user.committee_id)
            .select_related("report")
            .prefetch_related("report__writers")
            .order_by("-commented_on", "-id")
        )


def _upper_fate(report):
    copy = getattr(report, "copy_cache", None)
    if copy is None:
        return "—"
    parts = [copy.get_status_display()]
    if copy.adopted:
        parts.append("已采用")
    if copy.onward:
        parts.append("已转报")
    return "，".join(parts)


class SentUpListView(FilteredListView):
    """Reports this committee sent to the upper committee, and what the upper committee did."""

    template_name = "sentiment/sent_up.html"
    filterset_class = ReportFilter
    context_object_name = "reports"
    export_filename = "报送上级情况"
    export_columns = [
        ("标题", lambda r: r.title),
        ("撰稿人", lambda r: "、".join(w.name for w in r.writers.all())),
        ("报送时间", lambda r: r.sent_up_at),
        ("上级办理情况", _upper_fate),
    ]

    def dispatch(self, request, *args, **kwargs):
        _office(request)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return with_list_data(
            Report.objects.filter(committee_id=self.request.user.committee_id, sent_up_at__isnull=False)
        ).order_by("-sent_up_at", "-id")

    def _annotate(self, reports):
        copies = {
            c.forwarded_from_id: c
            for c in Report.objects.filter(forwarded_from__in=[r.pk for r in reports]).select_related("committee", "bulletin")
        }
        adopted = set(Adoption.objects.filter(report__in=[c.pk for c in copies.values()]).values_list("report_id", flat=True))
        merged_adopted = set(
            Report.objects.filter(pk__in=[c.pk for c in copies.values()], merged_into__adoptions__isnull=False).values_list(
                "pk", flat=True
            )
        )
        onward = set(
            Report.objects.filter(forwarded_from__in=[c.pk for c in copies.values()]).values_list("forwarded_from_id", flat=True)
        )
        for r in reports:
            c = copies.get(r.pk)
            if c is not None:
                c.adopted = c.pk in adopted or c.pk in merged_adopted
                c.onward = c.pk in onward
            r.copy_cache = c
        return reports

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            rows = self._annotate(list(self.get_queryset()))
            return xlsx_response(
                self.export_filename,
                self.export_filename,
                [h for h, _ in self.export_columns],
                ([fn(r) for _, fn in self.export_columns] for r in rows),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        self._annotate(ctx["reports"])
        year = timezone.localdate().year
        ctx["sentence"] = statistics.upper_sentence(statistics.committee_stats(self.request.user.committee, year))
        return ctx


# ---------------------------------------------------------------- quotas


SUBJECT_TABS = [(QuotaSubject.MEMBER, "委员"), (QuotaSubject.BODY, "党派团体"), (QuotaSubject.LOWER, "下级政协")]


def quota_progress(request):
    _office(request)
    committee = request.user.committee
    subject = request.GET.get("subject", QuotaSubject.MEMBER)
    if subject not in QuotaSubject.values:
        subject = QuotaSubject.MEMBER
    rows = progress_for(committee, subject)
    only = request.GET.get("only")
    if only == "behind":
        rows = [p for p in rows if not p.met]
    q = (request.GET.get("q") or "").strip()
    if q:
        rows = [p for p in rows if q in p.name]
    if request.GET.get("export") == "xlsx":
        headers = ["对象", "周期", "目标篇数", "已完成", "完成率%", "是否完成"]
        data = ([p.name, p.period.label, p.target, p.done, p.percent, p.met] for p in rows)
        return xlsx_response("社情民意任务完成情况", "任务完成情况", headers, data)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    quotas = Quota.objects.filter(committee=committee).select_related("member__user", "body", "lower_committee")
    upper_rows = my_progress(request.user) if committee.parent_id else []
    return render(
        request,
        "sentiment/quotas.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "subject": subject,
            "tabs": SUBJECT_TABS,
            "quotas": quotas,
            "editor": is_editor(request.user),
            "query_string": query.urlencode(),
            "met": sum(1 for p in rows if p.met),
            "total": len(rows),
            "only": only,
            "q": q,
            "upper_rows": [p for p in upper_rows if p.quota.subject == QuotaSubject.LOWER],
        },
    )


def my_quotas(request):
    rows = my_progress(request.user)
    return render(request, "sentiment/my_quotas.html", {"rows": rows})


def quota_edit(request, pk=None):
    _editor(request)
    committee = request.user.committee
    quota = get_object_or_404(Quota, pk=pk, committee=committee) if pk else None
    form = QuotaForm(request.POST or None, instance=quota, committee=committee)
    if request.method == "POST":
        if request.POST.get("delete") and quota is not None:
            quota.delete()
            messages.success(request, "任务已删除。")
            return redirect("sentiment:quotas")
        if form.is_valid():
            obj = form.save(commit=False)
            obj.committee = committee
            obj.created_by = obj.created_by or request.user
            obj.save()
            messages.success(request, "任务已保存。")
            return redirect(f"{reverse('sentiment:quotas')}?subject={obj.subject}")
    return render(request, "sentiment/quota_form.html", {"form": form, "quota": quota})


# ---------------------------------------------------------------- statistics


def _year(request):
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    return max(2000, min(year, timezone.localdate().year + 1))


def stats_page(request):
    _office(request)
    committee = request.user.committee
    year = _year(request)
    data = statistics.committee_stats(committee, year)
    ranking = statistics.writer_ranking(committee, year)
    if request.GET.get("export") == "xlsx":
        return _stats_xlsx(committee, data, ranking)
    chart = {
        "months": [f"{m}月" for m in data["months"]],
        "received": data["received_by_month"],
        "issued": data["issued_by_month"],
        "sent_up": data["sent_up_by_month"],
        "categories": [{"name": c[0], "value": c[1]} for c in data["categories"]],
        "levels": {
            "labels": ["本会编发", "上级采用", "更高一级采用", "全国政协采用", "领导批示"],
            "values": [data["issued"], data["adopted_up"], data["adopted_higher"], data["national"], data["comments"]],
        },
        "lower": {
            "names": [r["committee"].short_name for r in data["lower"]],
            "sent": [r["sent"] for r in data["lower"]],
            "adopted": [r["adopted"] for r in data["lower"]],
        },
    }
    this = timezone.localdate().year
    return render(
        request,
        "sentiment/stats.html",
        {
            "s": data,
            "ranking": ranking,
            "chart": chart,
            "year": year,
            "years": list(range(this, this - 6, -1)),
            "sentence": statistics.upper_sentence(data),
            "committee": committee,
        },
    )


def _stats_xlsx(committee, data, ranking):
    from openpyxl import Workbook

    from cppcc_portal.core.excel import XLSX_TYPE, safe_cell, workbook_bytes

    wb = Workbook()
    ws = wb.active
    ws.title = "总体"
    for row in [
        ("指标", "数量"),
        ("收到信息", data["received"]),
        ("编发采用", data["issued"]),
        ("本会采用率%", data["issued_rate"]),
        ("刊期", data["bulletins"]),
        ("报送上级", data["sent_up"]),
        ("上级采用", data["adopted_up"]),
        ("上级采用率%", data["adopted_up_rate"]),
        ("上级转报更高一级", data["sent_on"]),
        ("更高一级采用", data["adopted_higher"]),
        ("全国政协采用", data["national"]),
        ("领导批示", data["comments"]),
    ]:
        ws.append(row)
    ws = wb.create_sheet("按月")
    ws.append(["月份", "收到", "编发", "报送上级"])
    for m, a, b, c in zip(
        data["months"], data["received_by_month"], data["issued_by_month"], data["sent_up_by_month"], strict=True
    ):
        ws.append([f"{m}月", a, b, c])
    ws = wb.create_sheet("按类别")
    ws.append(["类别", "收到", "编发", "采用率%"])
    for row in data["categories"]:
        ws.append([safe_cell(v) for v in row])
    ws = wb.create_sheet("下级政协")
    ws.append(["下级政协", "报送", "本会采用", "转报上级", "采用率%"])
    for r in data["lower"]:
        ws.append([r["committee"].short_name, r["sent"], r["adopted"], r["sent_on"], r["rate"]])
    ws = wb.create_sheet("委员排行")
    ws.append(["委员", "界别", "提交", "被采用", "获批示", "积分"])
    for r in ranking:
        ws.append(
            [
                safe_cell(r["member__user__full_name"]),
                r["member__sector__name"],
                r["submitted"],
                r["adopted"],
                r["commented"],
                float(r["points"]),
            ]
        )
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(workbook_bytes(wb), content_type=XLSX_TYPE)
    name = f"{committee.short_name}社情民意统计-{data['year']}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# ---------------------------------------------------------------- points and settings


def settings_page(request):
    _office(request)
    committee = request.user.committee
    settings = ensure_rules(committee)
    editable = is_editor(request.user)
    data = request.POST if request.method == "POST" else None
    formset = PointRuleFormSet(data, queryset=PointRule.objects.filter(committee=committee).order_by("id"), prefix="points")
    form = SettingsForm(data, instance=settings, prefix="settings")
    destinations = DestinationFormSet(
        data, queryset=Destination.objects.filter(committee=committee).order_by("order", "id"), prefix="dest"
    )
    categories = CategoryFormSet(data, queryset=ReportCategory.objects.filter(committee=committee), prefix="cat")
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        forms_ok = all([formset.is_valid(), form.is_valid(), destinations.is_valid(), categories.is_valid()])
        if forms_ok:
            with transaction.atomic():
                changed = formset.has_changed()
                formset.save()
                form.save()
                for obj in destinations.save(commit=False):
                    obj.committee = committee
                    if obj.kind == DestinationKind.UPPER_CPPCC and obj.target_committee_id is None and committee.parent_id:
                        obj.target_committee = committee.parent
                    obj.save()
                for obj in categories.save(commit=False):
                    obj.committee = committee
                    obj.save()
                recomputed = recompute_committee_year(committee, timezone.localdate().year) if changed else 0
            messages.success(
                request, "已保存。" + (f"本年度 {recomputed} 篇信息的撰稿人积分已按新标准重算。" if recomputed else "")
            )
            return redirect("sentiment:settings")
        messages.error(request, "有填写错误，请检查标红的项目；已填写的内容都保留着。")
    for f in formset.forms:
        f.is_adoption = f.instance.level in ADOPTION_CREDIT_LEVELS
    return render(
        request,
        "sentiment/settings.html",
        {"formset": formset, "form": form, "destinations": destinations, "categories": categories, "editable": editable},
    )
