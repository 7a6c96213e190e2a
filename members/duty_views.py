"""Pages of the duty file: 我的履职, a member's file as staff or a convener see it, recording an
activity on a phone, staff verification, and meeting sign-in sheets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cppcc_portal.core.excel import xlsx_response
from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.core.params import parse_ids
from cppcc_portal.core.uploads import original_name, protected_download
from members import attendance_excel
from members.duty_filters import DutyRecordFilter
from members.duty_forms import KIND_HELP, AttendanceImportForm, DutyActivityForm, RejectForm
from members.duty_selectors import kind_label, member_records
from members.duty_services import (
    DutyError,
    allowed_actions,
    attendance_sheet_delete,
    attendance_sheet_import,
    duty_activity_create,
    duty_activity_update,
    duty_activity_withdraw,
    duty_record_reject,
    duty_record_verify,
)
from members.models import (
    LEVEL_LABELS,
    AttendanceSheet,
    DutyKind,
    DutyPhoto,
    DutyRecord,
    DutyStatus,
    Member,
    MemberScore,
    MemberStatus,
)
from members.permissions import can_verify_duty, can_view_all_duty, duty_scope
from members.scoring import elapsed_quarter, fmt_points
from members.scoring_services import member_year, scores_are_current
from members.selectors import committee_of


def _own_member(request):
    member = Member.objects.filter(user=request.user).select_related("user", "sector", "term", "committee").first()
    if member is None:
        raise Http404("您的账号没有委员档案")
    return member


def _term_years(member):
    today = timezone.localdate()
    last = min(member.term.end_year, today.year)
    return list(range(last, member.term.start_year - 1, -1)) or [today.year]


def _year_param(request, years):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return years[0]
    return year if year in years else years[0]


def _duty_file_context(request, member, *, is_self):
    years = _term_years(member)
    year = _year_param(request, years)
    today = timezone.localdate()
    my = member_year(member, year, as_of=today)
    records = list(member_records(member, year))
    points = my.record_points
    for record in records:
        raw = points.get(str(record.pk), "none")
        record.points_text = None if raw in (None, "none") else fmt_points(raw)
        record.level_label = LEVEL_LABELS.get(record.level, record.level)
    by_id = {r.pk: r for r in records}
    kinds = []
    for item in my.breakdown.get("kinds", []):
        ids = [rid for line in item["lines"] for rid in line["records"]]
        kinds.append(
            {
                "kind": item["kind"],
                "label": kind_label(item["kind"]),
                "points": fmt_points(item["points"]),
                "count": item["count"],
                "lines": [
                    {**line, "points_text": fmt_points(line["points"]), "capped": line["raw"] != line["points"]}
                    for line in item["lines"]
                ],
                "records": [by_id[i] for i in ids if i in by_id],
            }
        )
    counted = {rid for item in my.breakdown.get("kinds", []) for line in item["lines"] for rid in line["records"]}
    unscored = [r for r in records if r.status == DutyStatus.VERIFIED and r.pk not in counted]
    pending = [r for r in records if r.status == DutyStatus.PENDING]
    rejected = [r for r in records if r.status == DutyStatus.REJECTED]
    minimums = my.breakdown.get("minimums", [])
    this_quarter = [m for m in minimums if m["period"] == "quarter" and m.get("open_short")]
    this_year = [m for m in minimums if not m["met"] and m not in this_quarter]
    rank = total_ranked = None
    if not my.live and member.status == MemberStatus.SERVING and scores_are_current(my.rule_set):
        ranked = MemberScore.objects.filter(
            committee_id=member.committee_id,
            year=year,
            member__committee_id=member.committee_id,  # lets PostgreSQL use the members' (committee, status) index
            member__status=MemberStatus.SERVING,
        ).aggregate(ranked=Count("pk"), above=Count("pk", filter=Q(total__gt=my.total)))
        total_ranked, rank = ranked["ranked"], ranked["above"] + 1
    history = MemberScore.objects.filter(member=member).order_by("-year")
    return {
        "member": member,
        "is_self": is_self,
        "year": year,
        "years": years,
        "my": my,
        "total_text": fmt_points(my.total),
        "kinds": kinds,
        "records": records,
        "pending": pending,
        "rejected": rejected,
        "unscored": unscored,
        "this_quarter": this_quarter,
        "this_year": this_year,
        "all_met": not this_quarter and not this_year,
        "quarter": elapsed_quarter(year, today) if year == today.year else None,
        "rank": rank,
        "total_ranked": total_ranked,
        "history": history,
        "is_current_year": year == today.year,
        "can_record": is_self and year == today.year,
    }


def my_duty(request):
    """我的履职: a member's own score, grade, breakdown, what is still missing and the records."""
    member = Member.objects.filter(user=request.user).select_related("user", "sector", "term", "committee").first()
    if member is None:
        if can_view_all_duty(request.user):
            return redirect("members:duty_ranking")
        messages.info(request, "您的账号没有委员档案。")
        return redirect("core:home")
    return render(request, "members/duty/my_duty.html", _duty_file_context(request, member, is_self=True))


def duty_file(request, pk):
    """A member's duty file as staff, a leader or their convener sees it (404 outside scope)."""
    member = get_object_or_404(duty_scope(request.user).select_related("user", "sector", "term", "committee"), pk=pk)
    if member.user_id == request.user.pk:
        return redirect("members:duty_me")
    return render(request, "members/duty/my_duty.html", _duty_file_context(request, member, is_self=False))


def _record_for(request, pk):
    record = get_object_or_404(
        DutyRecord.objects.select_related("member__user", "member__sector", "verified_by", "recorded_by"),
        pk=pk,
        member__in=duty_scope(request.user).values("pk"),
    )
    return record


def duty_activity_new(request):
    member = _own_member(request)
    form = DutyActivityForm(request.POST or None, request.FILES or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            record = duty_activity_create(member, data=form.cleaned_data, photos=form.cleaned_data["photos"], user=request.user)
        except DutyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已提交，工作人员审核通过后计入履职积分。")
            return redirect("members:duty_record", pk=record.pk)
    if request.method == "POST" and not form.is_valid() and request.FILES:
        form.add_error("photos", "表单有误，照片未保存，请改正后重新选择照片")
    return render(request, "members/duty/activity_form.html", {"form": form, "kind_help": KIND_HELP, "record": None})


def duty_activity_edit(request, pk):
    record = _record_for(request, pk)
    if "edit" not in allowed_actions(record, request.user):
        raise PermissionDenied
    initial = {k: getattr(record, k) for k in ("kind", "occurred_on", "place", "quantity", "title", "detail")}
    form = DutyActivityForm(request.POST or None, request.FILES or None, member=record.member, initial=initial)
    photos = list(record.photos.all())
    if request.method == "POST" and form.is_valid():
        remove = parse_ids(request.POST.getlist("remove_photo"))
        try:
            duty_activity_update(
                record, data=form.cleaned_data, photos=form.cleaned_data["photos"], remove_photo_ids=remove, user=request.user
            )
        except DutyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已修改并重新提交审核。")
            return redirect("members:duty_record", pk=record.pk)
    return render(
        request, "members/duty/activity_form.html", {"form": form, "kind_help": KIND_HELP, "record": record, "photos": photos}
    )


def duty_record_detail(request, pk):
    record = _record_for(request, pk)
    actions = allowed_actions(record, request.user)
    return render(
        request,
        "members/duty/record_detail.html",
        {
            "record": record,
            "actions": actions,
            "photos": list(record.photos.all()),
            "events": list(record.events.select_related("actor")),
            "reject_form": RejectForm(),
            "level_label": LEVEL_LABELS.get(record.level, record.level),
            "is_self": record.member.user_id == request.user.pk,
        },
    )


@require_POST
def duty_record_action(request, pk, action):
    record = _record_for(request, pk)
    try:
        if action == "verify":
            duty_record_verify(record, user=request.user)
            messages.success(request, f"已审核通过：{record.member.name}“{record.title}”，已计入履职积分。")
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                raise DutyError(form.errors["reason"][0])
            duty_record_reject(record, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "已退回，委员可修改后重新提交。")
        elif action == "withdraw":
            duty_activity_withdraw(record, user=request.user)
            messages.success(request, "已撤回这条记录。")
            return redirect("members:duty_me")
        else:
            raise Http404
    except DutyError as exc:
        messages.error(request, str(exc))
        return redirect("members:duty_record", pk=record.pk)
    nxt = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts=None) and nxt.startswith("/members/duty/"):
        return redirect(nxt)  # back to the queue, for the next record
    return redirect("members:duty_record", pk=record.pk)


def duty_photo(request, pk):
    photo = get_object_or_404(
        DutyPhoto.objects.select_related("record"), pk=pk, record__member__in=duty_scope(request.user).values("pk")
    )
    return protected_download(photo.image, photo.original_name, inline=True)


# --- Staff: verification queue ----------------------------------------------------------------


class DutyReviewListView(FilteredListView):
    template_name = "members/duty/review_list.html"
    filterset_class = DutyRecordFilter
    context_object_name = "records"
    export_filename = "委员自报履职记录"
    export_columns = [
        ("委员", lambda r: r.member.name),
        ("界别", lambda r: r.member.sector.name),
        ("类型", lambda r: r.get_kind_display()),
        ("日期", lambda r: r.occurred_on),
        ("地点", lambda r: r.place),
        ("联系人数", lambda r: r.quantity if r.kind == DutyKind.CONTACT else ""),
        ("主题", lambda r: r.title),
        ("内容及意见建议", lambda r: r.detail),
        ("照片数", lambda r: r.photo_count),
        ("审核状态", lambda r: r.get_status_display()),
        ("退回原因", lambda r: r.reject_reason),
        ("填报时间", lambda r: r.created_at),
        ("审核时间", lambda r: r.verified_at),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_verify_duty(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return (
            DutyRecord.objects.filter(committee_id=self.request.user.committee_id, source="")
            .select_related("member__user", "member__sector")
            .annotate(photo_count=Count("photos"))
            .order_by("occurred_on", "id")
        )

    def get_queryset(self):
        data = self.request.GET.copy()
        if "status" not in data:
            data["status"] = DutyStatus.PENDING
        self.filterset = self.filterset_class(data, queryset=self.base_queryset(), request=self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["showing_pending"] = self.filterset.form.cleaned_data.get("status") == DutyStatus.PENDING
        return ctx


@require_POST
def duty_review_bulk_verify(request):
    if not can_verify_duty(request.user):
        raise PermissionDenied
    ids = parse_ids(request.POST.getlist("record"))
    records = DutyRecord.objects.filter(committee_id=request.user.committee_id, pk__in=ids).select_related("member")
    done, failed = 0, []
    for record in records:
        try:
            duty_record_verify(record, user=request.user)
            done += 1
        except DutyError as exc:
            failed.append(f"{record.member.name}“{record.title}”：{exc}")
    if done:
        messages.success(request, f"已审核通过 {done} 条记录。")
    if failed:
        messages.error(request, "以下记录未能通过：" + "；".join(failed))
    if not ids:
        messages.error(request, "请先勾选要审核通过的记录")
    return redirect(reverse("members:duty_review") + ("?" + request.POST["query"] if request.POST.get("query") else ""))


# --- Staff: meeting sign-in sheets ------------------------------------------------------------


class AttendanceSheetListView(FilteredListView):
    template_name = "members/duty/attendance_list.html"
    context_object_name = "sheets"
    export_filename = "会议签到导入记录"
    export_columns = [
        ("会议名称", lambda s: s.title),
        ("会议类型", lambda s: s.get_kind_display()),
        ("会议日期", lambda s: s.held_on),
        ("半天数", lambda s: s.half_days),
        ("出席", lambda s: s.present_count),
        ("请假", lambda s: s.leave_count),
        ("缺席", lambda s: s.absent_count),
        ("导入人", lambda s: str(s.imported_by or "")),
        ("导入时间", lambda s: s.imported_at),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_verify_duty(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        qs = AttendanceSheet.objects.filter(committee_id=self.request.user.committee_id).select_related("imported_by")
        q = self.request.GET.get("q", "").strip()
        return qs.filter(title__icontains=q) if q else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["q"] = self.request.GET.get("q", "")
        return ctx


def attendance_import(request):
    if not can_verify_duty(request.user):
        raise PermissionDenied
    committee = committee_of(request.user)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rows, report = attendance_excel.read_sheet(
            data["file"], committee=committee, half_days=data["half_days"], plenary=data["kind"] == DutyKind.PLENARY
        )
        if report.ok:
            try:
                report = attendance_sheet_import(
                    rows,
                    committee=committee,
                    user=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    held_on=data["held_on"],
                    half_days=data["half_days"],
                    mark_missing_absent=data["mark_missing_absent"],
                    original_name=original_name(data["file"]),
                )
            except DutyError as exc:
                form.add_error(None, str(exc))
                report = None
            else:
                messages.success(
                    request,
                    f"已导入：出席 {report.present} 人，请假 {report.leave} 人，缺席 {report.absent} 人"
                    + (f"（其中 {report.missing_marked} 人未列入签到表，记为缺席）" if report.missing_marked else "")
                    + "。相关委员的履职积分已更新。",
                )
                return redirect("members:duty_attendance_detail", pk=report.sheet.pk)
    return render(request, "members/duty/attendance_import.html", {"form": form, "report": report})


def attendance_template(request):
    if not can_verify_duty(request.user):
        raise PermissionDenied
    from members.views import _xlsx

    return _xlsx(attendance_excel.template_xlsx(), "会议签到表模板.xlsx")


def attendance_detail(request, pk):
    if not can_verify_duty(request.user):
        raise PermissionDenied
    sheet = get_object_or_404(AttendanceSheet, pk=pk, committee_id=request.user.committee_id)
    records = (
        DutyRecord.objects.filter(source=sheet.source)
        .select_related("member__user", "member__sector")
        .order_by("attendance", "member__sector__order", "member_id")
    )
    if request.GET.get("export") == "xlsx":
        rows = ([r.member.name, r.member.sector.name, r.get_attendance_display(), r.quantity] for r in records)
        return xlsx_response(f"{sheet.title}签到", "签到", ["姓名", "界别", "出勤情况", "半天数"], rows)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "members/duty/attendance_detail.html", {"sheet": sheet, "page_obj": page, "query_string": ""})


@require_POST
def attendance_delete(request, pk):
    if not can_verify_duty(request.user):
        raise PermissionDenied
    sheet = get_object_or_404(AttendanceSheet, pk=pk, committee_id=request.user.committee_id)
    count = attendance_sheet_delete(sheet, user=request.user)
    messages.success(request, f"已删除“{sheet.title}”的签到导入，撤回 {count} 条出勤记录。")
    return redirect("members:duty_attendance")
