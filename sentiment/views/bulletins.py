"""Bulletin pages: the list of issues, composing one, issuing, sending, PDF and DOCX."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.core.params import parse_id, parse_ids
from cppcc_portal.documents.services import document_request
from sentiment.filters import BulletinFilter
from sentiment.forms import AddReportForm, BulletinCreateForm, BulletinForm
from sentiment.models import Bulletin, BulletinStatus, DestinationKind, Report
from sentiment.permissions import can_read_office, is_editor, is_editor_of, is_leader
from sentiment.services import bulletins as services
from sentiment.services.common import SentimentError


class BulletinListView(FilteredListView):
    template_name = "sentiment/bulletins.html"
    filterset_class = BulletinFilter
    context_object_name = "bulletins"
    export_filename = "社情民意刊期"
    export_columns = [
        ("刊期", lambda b: b.label),
        ("状态", lambda b: b.get_status_display()),
        ("篇数", lambda b: b.report_count),
        ("印发日期", lambda b: b.issued_on),
        ("签发人", lambda b: b.signer),
        ("责任编辑", lambda b: b.editor_name),
        ("报送时间", lambda b: b.sent_at),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_read_office(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        qs = Bulletin.objects.filter(committee_id=self.request.user.committee_id).annotate(report_count=Count("reports"))
        if not is_editor(self.request.user):
            qs = qs.exclude(status=BulletinStatus.DRAFT)
        return qs.order_by("status", "-year", "-number", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["editor"] = is_editor(self.request.user)
        ctx["create_form"] = BulletinCreateForm()
        ctx["signed_off_waiting"] = Report.objects.filter(
            committee_id=self.request.user.committee_id, status="signed_off", bulletin__isnull=True
        ).count()
        return ctx


def _bulletin_or_404(request, pk):
    bulletin = get_object_or_404(Bulletin.objects.select_related("committee", "issued_by", "sent_by"), pk=pk)
    user = request.user
    if is_editor_of(user, bulletin.committee_id):
        return bulletin
    if is_leader(user) and user.committee_id == bulletin.committee_id and bulletin.status != BulletinStatus.DRAFT:
        return bulletin
    raise Http404


@require_POST
def bulletin_create(request):
    if not is_editor(request.user):
        raise PermissionDenied
    form = BulletinCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择刊物。")
        return redirect("sentiment:bulletins")
    bulletin = services.bulletin_create(user=request.user, kind=form.cleaned_data["kind"])
    messages.success(request, "已新建一期，请编入已签发的信息。")
    return redirect(bulletin)


def bulletin_detail(request, pk):
    bulletin = _bulletin_or_404(request, pk)
    editor = is_editor_of(request.user, bulletin.committee_id)
    form = BulletinForm(
        request.POST or None,
        bulletin=bulletin,
        initial={
            "signer": bulletin.signer,
            "editor_name": bulletin.editor_name,
            "destinations": list(bulletin.destinations.all()),
        },
    )
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.bulletin_update(
                    bulletin,
                    user=request.user,
                    signer=form.cleaned_data["signer"],
                    editor_name=form.cleaned_data["editor_name"],
                    destinations=list(form.cleaned_data["destinations"]),
                )
            except SentimentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "刊期信息已保存。")
                return redirect(bulletin)
    reports = list(
        bulletin.reports.select_related("category", "from_committee").prefetch_related("writers").order_by("bulletin_order", "id")
    )
    destinations = list(bulletin.destinations.select_related("target_committee"))
    upper = [d for d in destinations if d.kind == DestinationKind.UPPER_CPPCC and d.target_committee_id]
    forwarded = set(Report.objects.filter(forwarded_from__in=[r.pk for r in reports]).values_list("forwarded_from_id", flat=True))
    return render(
        request,
        "sentiment/bulletin.html",
        {
            "bulletin": bulletin,
            "editor": editor,
            "form": form,
            "add_form": AddReportForm(bulletin=bulletin) if editor and bulletin.status == BulletinStatus.DRAFT else None,
            "reports": reports,
            "destinations": destinations,
            "upper": upper,
            "forwarded": forwarded,
        },
    )


def _editor_post(request, pk, run, done):
    bulletin = _bulletin_or_404(request, pk)
    if not is_editor_of(request.user, bulletin.committee_id):
        raise PermissionDenied
    try:
        result = run(bulletin)
    except SentimentError as exc:
        messages.error(request, str(exc))
    else:
        if done:
            messages.success(request, done(result) if callable(done) else done)
    return bulletin


def _report_of(request, bulletin_pk):
    report_id = request.POST.get("report")
    if parse_id(report_id) is None:
        raise SentimentError("请选择信息。")
    report = Report.objects.filter(pk=parse_id(report_id), committee_id=request.user.committee_id).first()
    if report is None:
        raise SentimentError("没有找到这篇信息。")
    return report


@require_POST
def bulletin_add(request, pk):
    bulletin = _editor_post(
        request, pk, lambda b: services.bulletin_add_report(b, _report_of(request, pk), user=request.user), "已编入本期。"
    )
    return redirect(bulletin)


@require_POST
def bulletin_remove(request, pk):
    bulletin = _editor_post(
        request, pk, lambda b: services.bulletin_remove_report(b, _report_of(request, pk), user=request.user), "已移出本期。"
    )
    return redirect(bulletin)


@require_POST
def bulletin_move(request, pk):
    step = -1 if request.POST.get("direction") == "up" else 1
    bulletin = _editor_post(
        request, pk, lambda b: services.bulletin_move_report(b, _report_of(request, pk), user=request.user, step=step), None
    )
    return redirect(bulletin)


@require_POST
def bulletin_issue(request, pk):
    bulletin = _editor_post(
        request,
        pk,
        lambda b: services.bulletin_issue(b, user=request.user),
        lambda b: f"{b.label}已印发，撰稿人已收到采用通知。",
    )
    return redirect(bulletin)


@require_POST
def bulletin_send(request, pk):
    chosen = parse_ids(request.POST.getlist("forward"))
    bulletin = _editor_post(
        request,
        pk,
        lambda b: services.bulletin_send(b, user=request.user, forward_ids=chosen),
        "已报送；选中的信息已进入上级政协的待编辑队列。",
    )
    return redirect(bulletin)


@require_POST
def bulletin_delete(request, pk):
    bulletin = _bulletin_or_404(request, pk)
    try:
        services.bulletin_delete(bulletin, user=request.user)
    except SentimentError as exc:
        messages.error(request, str(exc))
        return redirect(bulletin)
    messages.success(request, "已删除这期草稿，其中的信息回到“已签发”。")
    return redirect("sentiment:bulletins")


@require_POST
def bulletin_document(request, pk, fmt):
    bulletin = _bulletin_or_404(request, pk)
    if bulletin.status == BulletinStatus.DRAFT:
        messages.error(request, "印发后才能生成正式文本。")
        return redirect(bulletin)
    kind = {"pdf": "sentiment_bulletin", "docx": "sentiment_bulletin_docx"}.get(fmt)
    if kind is None:
        raise Http404
    doc = document_request(
        user=request.user,
        kind=kind,
        title=f"{bulletin.committee.short_name}{bulletin.label}",
        params={"bulletin_id": bulletin.pk},
        committee=bulletin.committee,
    )
    return redirect(doc)
