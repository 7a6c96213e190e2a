"""Report pages: writing, my reports, the editor's queue, one report and its actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.core.params import parse_id
from cppcc_portal.core.uploads import protected_download
from sentiment import selectors
from sentiment.diff import change_summary, inline_diff
from sentiment.filters import MyReportFilter, ReportFilter
from sentiment.forms import AdoptForm, CommentForm, MergeForm, ReportForm, ReturnForm, ReviseForm
from sentiment.models import ReportAttachment, ReportStatus
from sentiment.permissions import can_read_office, can_write, is_editor, is_editor_of, is_writer_of
from sentiment.rules import ensure_rules
from sentiment.services import reports as services
from sentiment.services.common import SentimentError
from sentiment.workflow import available_actions


def home(request):
    if is_editor(request.user):
        return redirect("sentiment:queue")
    if can_write(request.user):
        return redirect("sentiment:mine")
    if can_read_office(request.user):
        return redirect("sentiment:bulletins")
    raise PermissionDenied


def _writers_text(report):
    return "、".join(w.name for w in report.writers.all())


def _waiting_days(report):
    if report.status in (ReportStatus.RECEIVED, ReportStatus.EDITING):
        return (timezone.now() - report.status_changed_at).days
    return None


# ---------------------------------------------------------------- lists


class MyReportListView(FilteredListView):
    template_name = "sentiment/my_reports.html"
    filterset_class = MyReportFilter
    context_object_name = "reports"
    export_filename = "我的社情民意信息"
    export_columns = [
        ("标题", lambda r: r.title),
        ("类别", lambda r: r.category.name if r.category_id else ""),
        ("撰稿人", _writers_text),
        ("状态", lambda r: r.get_status_display()),
        ("提交时间", lambda r: r.submitted_at),
        ("刊期", lambda r: r.bulletin.label if r.bulletin_id else ""),
        ("退回原因", lambda r: r.returned_reason),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_write(request.user) and not selectors.writer_reports(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return selectors.with_list_data(selectors.writer_reports(self.request.user)).order_by("-created_at", "-id")

    def get_context_data(self, **kwargs):
        from sentiment.quotas import my_progress

        ctx = super().get_context_data(**kwargs)
        ctx["progress"] = my_progress(self.request.user)
        ctx["can_write"] = can_write(self.request.user)
        return ctx


class QueueView(FilteredListView):
    template_name = "sentiment/queue.html"
    filterset_class = ReportFilter
    context_object_name = "reports"
    export_filename = "社情民意信息"
    export_columns = [
        ("标题", lambda r: r.title),
        ("来源", lambda r: r.get_source_display()),
        ("报送的下级政协", lambda r: r.from_committee.short_name if r.from_committee_id else ""),
        ("撰稿人", _writers_text),
        ("界别", lambda r: r.sector.name if r.sector_id else ""),
        ("类别", lambda r: r.category.name if r.category_id else ""),
        ("状态", lambda r: r.get_status_display()),
        ("接收时间", lambda r: r.submitted_at),
        ("刊期", lambda r: r.bulletin.label if r.bulletin_id else ""),
        ("字数", lambda r: len(r.content)),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        qs = selectors.with_list_data(selectors.editor_reports(self.request.user))
        tab = self.request.GET.get("tab", "todo")
        filtered = any(self.request.GET.get(k) for k in ("status", "q", "year", "category", "source", "from_committee", "sector"))
        if tab == "todo" and not filtered:
            qs = qs.filter(status__in=[ReportStatus.RECEIVED, ReportStatus.EDITING, ReportStatus.SIGNED_OFF])
        return qs.order_by("-submitted_at", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["tab"] = self.request.GET.get("tab", "todo")
        settings = ensure_rules(self.request.user.committee)
        ctx["waiting_days"] = settings.waiting_days
        for r in ctx["reports"]:
            r.waiting = _waiting_days(r)
        return ctx


# ---------------------------------------------------------------- writing


def _similar(committee, text, exclude_pk=None):
    settings = ensure_rules(committee)
    return selectors.similar_reports(committee, text, months=settings.similar_months, exclude_pk=exclude_pk)


def report_write(request):
    if not can_write(request.user):
        raise PermissionDenied
    submitting = request.POST.get("do") == "submit"
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user, submitting=submitting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_create(
                user=request.user,
                writer_key=data["writer"],
                title=data["title"],
                content=data["content"],
                category=data["category"],
                sector=data["sector"],
                contact=data["contact"],
                files=data["attachments"],
                submit=submitting,
            )
        except SentimentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "信息已提交，编辑部门会尽快处理。" if submitting else "草稿已保存。")
            return redirect(report)
    if request.method == "POST" and request.FILES and not form.is_valid():
        messages.warning(request, "表单有误，文字已保留；附件需要重新选择。")
    return render(request, "sentiment/write.html", {"form": form, "report": None})


def report_similar(request):
    """htmx: similar reports of the last 12 months while writing (titles only)."""
    if not (can_write(request.user) or is_editor(request.user)):
        raise PermissionDenied
    text = f"{request.POST.get('title', '')}。{request.POST.get('title', '')}。{request.POST.get('content', '')}"
    exclude = request.POST.get("exclude") or None
    found = _similar(request.user.committee, text, exclude_pk=parse_id(exclude))
    visible = set(selectors.visible_reports(request.user).filter(pk__in=[r.pk for _, r in found]).values_list("pk", flat=True))
    return render(request, "sentiment/_similar.html", {"similar": found, "visible": visible, "typed": len(text.strip("。")) >= 4})


def report_edit(request, pk):
    report = _report_or_404(request, pk)
    if is_editor_of(request.user, report.committee_id) and report.status == ReportStatus.EDITING:
        return _revise(request, report)
    if (
        not is_writer_of(request.user, report)
        or report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED)
        or report.is_copy
    ):
        messages.error(request, f"这篇信息当前为“{report.get_status_display()}”，不能修改。")
        return redirect(report)
    submitting = request.POST.get("do") == "submit"
    initial = {
        "title": report.title,
        "content": report.content,
        "category": report.category_id,
        "sector": report.sector_id,
        "contact": report.contact,
    }
    form = ReportForm(
        request.POST or None, request.FILES or None, user=request.user, report=report, submitting=submitting, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_update_draft(
                report,
                user=request.user,
                title=data["title"],
                content=data["content"],
                category=data["category"],
                sector=data["sector"],
                contact=data["contact"],
                files=data["attachments"],
            )
            if submitting:
                services.report_submit(report, user=request.user)
        except SentimentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "信息已提交。" if submitting else "修改已保存。")
            return redirect(report)
    return render(request, "sentiment/write.html", {"form": form, "report": report})


def _revise(request, report):
    form = ReviseForm(
        request.POST or None,
        report=report,
        initial={
            "title": report.title,
            "content": report.content,
            "category": report.category_id,
            "attribution": report.attribution,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_revise(
                report,
                user=request.user,
                title=data["title"],
                content=data["content"],
                category=data["category"],
                attribution=data["attribution"],
                note=data["note"],
            )
        except SentimentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "修改已保存，原文仍保留，可查看修改对比。")
            return redirect(report)
    return render(
        request,
        "sentiment/revise.html",
        {"form": form, "report": report, "default_attribution": services.default_attribution(report)},
    )


# ---------------------------------------------------------------- one report


def _report_or_404(request, pk):
    qs = selectors.visible_reports(request.user).select_related(
        "committee", "committee__parent", "category", "sector", "bulletin", "from_committee", "merged_into", "body"
    )
    return get_object_or_404(qs, pk=pk)


def report_detail(request, pk):
    report = _report_or_404(request, pk)
    user = request.user
    editor = is_editor_of(user, report.committee_id)
    upward = selectors.upward_path(report)
    downward = selectors.downward_path(report)
    adoptions, comments = selectors.path_feedback(upward)
    nodes = []
    for node in upward:
        nodes.append(
            {
                "report": node,
                "adoptions": [a for a in adoptions if a.report_id == node.pk],
                "comments": [c for c in comments if c.report_id == node.pk],
                "is_self": node.pk == report.pk,
            }
        )
    others = [n.pk for n in upward[1:]]
    from sentiment.models import ReportEvent

    events = list(ReportEvent.objects.filter(report=report))
    if not editor:
        events = [e for e in events if e.visible_to_writer]
    events += list(ReportEvent.objects.filter(report__in=others, visible_to_writer=True))
    lower_events = list(ReportEvent.objects.filter(report__in=[n.pk for n in downward])) if editor else []
    events.sort(key=lambda e: (e.created_at, e.pk))
    ctx = {
        "report": report,
        "editor": editor,
        "writer": is_writer_of(user, report),
        "actions": available_actions(user, report),
        "writers": list(report.writers.select_related("member", "body")),
        "attachments": list(report.attachments.all()),
        "events": events,
        "lower_events": sorted(lower_events, key=lambda e: (e.created_at, e.pk)),
        "nodes": nodes,
        "downward": downward,
        "revision_count": report.revisions.count(),
        "changed": report.original_content
        and (report.original_content != report.content or report.original_title != report.title),
        "attribution": services.attribution_of(report),
        "max_chars": ensure_rules(report.committee).max_chars,
        "content_length": len(report.content),
    }
    if editor:
        ctx["return_form"] = ReturnForm(report=report)
        ctx["merge_form"] = MergeForm(report=report)
        ctx["adopt_form"] = AdoptForm(report=report)
        ctx["comment_form"] = CommentForm(report=report)
        ctx["can_adopt_manually"] = bool(ctx["adopt_form"].fields["level"].choices)
        ctx["report_adoptions"] = [a for a in adoptions if a.report_id == report.pk]
        ctx["report_comments"] = [c for c in comments if c.report_id == report.pk]
        if report.status in (ReportStatus.RECEIVED, ReportStatus.EDITING):
            ctx["similar"] = _similar(report.committee, f"{report.title}。{report.title}。{report.content}", exclude_pk=report.pk)
    return render(request, "sentiment/detail.html", ctx)


def report_diff(request, pk):
    report = _report_or_404(request, pk)
    revisions = list(report.revisions.select_related("edited_by"))
    if not revisions:
        messages.info(request, "这篇信息还没有可对比的版本。")
        return redirect(report)
    numbers = [r.number for r in revisions]

    def pick(name, default):
        try:
            value = int(request.GET.get(name, default))
        except ValueError:
            value = default
        return next((r for r in revisions if r.number == value), None) or next(r for r in revisions if r.number == default)

    old = pick("from", numbers[0])
    new = pick("to", numbers[-1])
    deleted, inserted = change_summary(old.content, new.content)
    return render(
        request,
        "sentiment/diff.html",
        {
            "report": report,
            "revisions": revisions,
            "old": old,
            "new": new,
            "title_diff": inline_diff(old.title, new.title),
            "content_diff": inline_diff(old.content, new.content),
            "deleted": deleted,
            "inserted": inserted,
        },
    )


SIMPLE_ACTIONS = {
    "submit": "信息已提交。",
    "withdraw": "信息已撤回为草稿。",
    "start_editing": "已开始编辑。",
    "sign_off": "信息已签发，可以编入刊期。",
    "reopen": "已撤销签发，可以继续编辑。",
    "send_up": "信息已报送上级政协，进入其待编辑队列。",
}


@require_POST
def report_action(request, pk, code):
    if code not in SIMPLE_ACTIONS:
        raise Http404
    report = _report_or_404(request, pk)
    try:
        services.ACTION_SERVICES[code](report, user=request.user)
    except SentimentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, SIMPLE_ACTIONS[code])
    return redirect(report)


def _form_action(request, pk, form_class, template, run, done):
    report = _report_or_404(request, pk)
    if not is_editor_of(request.user, report.committee_id):
        raise Http404
    form = form_class(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            run(report, form.cleaned_data)
        except SentimentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect(report)
    return render(request, template, {"form": form, "report": report})


def report_return(request, pk):
    return _form_action(
        request,
        pk,
        ReturnForm,
        "sentiment/action_form.html",
        lambda r, d: services.report_return(r, user=request.user, reason=d["reason"]),
        "信息已退回，撰稿人会收到退回原因。",
    )


def report_merge(request, pk):
    return _form_action(
        request,
        pk,
        MergeForm,
        "sentiment/action_form.html",
        lambda r, d: services.report_merge(r, into=d["into"], user=request.user, comment=d["comment"]),
        "已合并，原撰稿人保留署名。",
    )


def report_adopt(request, pk):
    return _form_action(
        request,
        pk,
        AdoptForm,
        "sentiment/action_form.html",
        lambda r, d: services.report_adopt(
            r, user=request.user, level=d["level"], adopted_by=d["adopted_by"], adopted_on=d["adopted_on"], note=d["note"]
        ),
        "采用情况已登记，撰稿人的履职积分已更新。",
    )


def report_comment(request, pk):
    return _form_action(
        request,
        pk,
        CommentForm,
        "sentiment/action_form.html",
        lambda r, d: services.report_comment(
            r, user=request.user, level=d["level"], leader=d["leader"], text=d["text"], commented_on=d["commented_on"]
        ),
        "领导批示已登记，撰稿人已收到通知。",
    )


@require_POST
def adoption_delete(request, pk):
    from sentiment.models import Adoption

    adoption = get_object_or_404(Adoption.objects.select_related("report"), pk=pk, report__committee_id=request.user.committee_id)
    try:
        services.adoption_delete(adoption, user=request.user)
        messages.success(request, "采用记录已删除。")
    except SentimentError as exc:
        messages.error(request, str(exc))
    return redirect(adoption.report)


@require_POST
def comment_delete(request, pk):
    from sentiment.models import LeaderComment

    comment = get_object_or_404(
        LeaderComment.objects.select_related("report"), pk=pk, report__committee_id=request.user.committee_id
    )
    try:
        services.comment_delete(comment, user=request.user)
        messages.success(request, "批示记录已删除。")
    except SentimentError as exc:
        messages.error(request, str(exc))
    return redirect(comment.report)


def attachment_download(request, pk, attachment_id):
    report = _report_or_404(request, pk)
    attachment = get_object_or_404(ReportAttachment, pk=attachment_id, report=report)
    return protected_download(attachment.file, attachment.original_name)
