from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from consultations import signin
from consultations.errors import ConsultationError, ScheduleWarningsPending
from consultations.filters import ActivityFilter
from consultations.forms import (
    ActivityForm,
    AgendaItemForm,
    AttendanceCorrectionForm,
    LeaveDecisionForm,
    MaterialForm,
    ParticipantAddForm,
    ReplyForm,
    ScheduleForm,
    SpeechForm,
    initial_activity,
)
from consultations.models import Activity, ActivityStatus, AgendaItem, Material, Participant, PlanItem, Reply, Speech
from consultations.permissions import can_read_all, is_consultation_staff
from consultations.selectors import (
    activity_detail_queryset,
    activity_list_queryset,
    participants_of,
    participation,
    settings_for,
)
from consultations.services import activities as svc
from consultations.services import attendance
from consultations.services.scheduling import schedule_warnings, unresolved
from consultations.views.common import attempt, committee_object, form_errors, require_staff
from consultations.workdays import WorkCalendar
from cppcc_portal.core.excel import xlsx_response
from cppcc_portal.core.lists import FilteredListView
from cppcc_portal.core.uploads import protected_download


class ActivityListView(FilteredListView):
    template_name = "consultations/activity_list.html"
    filterset_class = ActivityFilter
    context_object_name = "activities"
    export_filename = "协商活动"

    def dispatch(self, request, *args, **kwargs):
        if not can_read_all(request.user):
            return redirect("consultations:mine")
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return activity_list_queryset(self.request.user).order_by("-starts_at", "-id")

    export_columns = [
        ("活动名称", lambda a: a.title),
        ("类型", lambda a: a.get_kind_display()),
        ("协商形式", lambda a: a.form.name if a.form_id else ""),
        ("开始时间", lambda a: a.starts_at),
        ("结束时间", lambda a: a.ends_at),
        ("地点", lambda a: a.place),
        ("承办专委会", lambda a: a.organiser.name if a.organiser_id else ""),
        ("计划议题", lambda a: a.plan_item.topic if a.plan_item_id else ""),
        ("状态", lambda a: a.get_status_display()),
        ("参加委员", lambda a: a.member_count),
        ("签到", lambda a: a.signed_count),
    ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = is_consultation_staff(self.request.user)
        return ctx


def _activity(request, pk):
    return get_object_or_404(activity_detail_queryset(request.user), pk=pk)


def _staff_activity(request, pk):
    require_staff(request)
    return committee_object(request, Activity.objects.select_related("form", "plan_item"), pk)


def activity_create(request, item_pk=None):
    require_staff(request)
    item = None
    if item_pk is not None:
        item = committee_object(request, PlanItem.objects.select_related("plan", "form"), item_pk)
        if item.plan.status != "published":
            messages.error(request, "计划印发后才能按议题安排活动")
            return redirect(item)
    instance = Activity(committee_id=request.user.committee_id, plan_item=item)
    form = ActivityForm(
        request.POST or None,
        instance=instance,
        committee_id=request.user.committee_id,
        initial=initial_activity(item) if item else None,
    )
    if request.method == "POST" and form.is_valid():
        ok, activity = attempt(
            request, lambda: svc.activity_create(form.save(commit=False), user=request.user), "活动已创建，请确定参加人员和议程"
        )
        if ok:
            return redirect(activity)
    return render(request, "consultations/activity_form.html", {"form": form, "item": item, "activity": None})


def activity_edit(request, pk):
    activity = _staff_activity(request, pk)
    form = ActivityForm(request.POST or None, instance=activity, committee_id=request.user.committee_id)
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            request,
            lambda: svc.activity_update(form.save(commit=False), user=request.user, changed_fields=form.changed_data),
            "活动已保存",
        )
        if ok:
            return redirect(activity)
    return render(request, "consultations/activity_form.html", {"form": form, "item": activity.plan_item, "activity": activity})


def activity_detail(request, pk):
    activity = _activity(request, pk)
    staff = is_consultation_staff(request.user)
    reader = can_read_all(request.user)
    mine = participation(activity, request.user)
    ctx = {
        "activity": activity,
        "can_manage": staff,
        "can_read_all": reader,
        "mine": mine,
        "when": svc.when_label(activity),
        "agenda": activity.agenda.all(),
        "materials": activity.materials.all(),
    }
    if mine is not None:
        ctx["reply_form"] = ReplyForm(initial={"reply": "attend"})
        ctx["speech_form"] = SpeechForm()
        ctx["my_speeches"] = Speech.objects.filter(activity=activity, member=mine.member)
        ctx["can_reply"] = activity.status in (ActivityStatus.NOTIFIED, ActivityStatus.SIGNIN) and not activity.is_past
        ctx["can_speak"] = activity.status in (ActivityStatus.NOTIFIED, ActivityStatus.SIGNIN, ActivityStatus.CLOSED)
    if reader:
        counts = Participant.objects.filter(activity=activity, member__isnull=False).aggregate(
            total=Count("pk"),
            attend=Count("pk", filter=Q(reply=Reply.ATTEND)),
            pending=Count("pk", filter=Q(reply=Reply.PENDING)),
            leave_requested=Count("pk", filter=Q(reply=Reply.LEAVE_REQUESTED)),
            leave=Count("pk", filter=Q(reply=Reply.LEAVE_APPROVED)),
            signed=Count("pk", filter=Q(signed_in_at__isnull=False)),
        )
        ctx.update(
            counts=counts,
            others=Participant.objects.filter(activity=activity, member__isnull=True).select_related("unit"),
            speeches=Speech.objects.filter(activity=activity).select_related("member__user", "member__sector"),
            outcomes=activity.outcomes.all(),
            events=activity.events.select_related("actor"),
            actions=svc.activity_actions(activity) if staff else [],
            rules=settings_for(activity.committee_id),
        )
        if activity.status in (ActivityStatus.DRAFT, ActivityStatus.SCHEDULED, ActivityStatus.NOTIFIED):
            warnings = schedule_warnings(activity)
            ctx["warnings"] = warnings
            ctx["pending_warnings"] = unresolved(activity, warnings)
            ctx["schedule_form"] = ScheduleForm()
            calendar = WorkCalendar(activity.committee_id)
            ctx["calendar_uncovered"] = not calendar.year_is_covered(timezone.localtime(activity.starts_at).year)
        if staff:
            ctx["agenda_form"] = AgendaItemForm()
            ctx["material_form"] = MaterialForm()
    return render(request, "consultations/activity_detail.html", ctx)


@require_POST
def activity_schedule(request, pk):
    activity = _staff_activity(request, pk)
    form = ScheduleForm(request.POST)
    form.is_valid()
    try:
        svc.activity_schedule(activity, user=request.user, override_reason=form.cleaned_data.get("override_reason", ""))
    except ScheduleWarningsPending as exc:
        messages.warning(request, str(exc))
        return redirect(activity)
    except ConsultationError as exc:
        messages.error(request, str(exc))
        return redirect(activity)
    activity.refresh_from_db()
    if activity.status == ActivityStatus.NOTIFIED:
        messages.success(request, "排期已确定；通知发出日已到，通知已发给参加委员")
    else:
        messages.success(request, f"排期已确定，通知将于{activity.notice_on:%Y年%-m月%-d日}自动发出")
    return redirect(activity)


ACTIONS = {
    "reopen": (lambda a, u, r: svc.activity_reopen(a, user=u, comment=r), "已退回筹备"),
    "notify": (lambda a, u, r: svc.activity_send_notice(a, user=u), "通知已发给参加委员"),
    "open_signin": (lambda a, u, r: svc.activity_open_signin(a, user=u), "已开始签到，请在会场展示签到二维码"),
    "close": (lambda a, u, r: svc.activity_close(a, user=u), "活动已结束，出勤已记入委员履职档案"),
    "cancel": (lambda a, u, r: svc.activity_cancel(a, user=u, reason=r), "活动已取消"),
    "materials": (lambda a, u, r: svc.activity_send_materials(a, user=u), "已通知参加委员阅读会议材料"),
}


@require_POST
def activity_action(request, pk, action):
    activity = _staff_activity(request, pk)
    if action not in ACTIONS:
        raise Http404
    run, message = ACTIONS[action]
    ok, _ = attempt(request, lambda: run(activity, request.user, request.POST.get("reason", "")), message)
    if ok and action == "open_signin":
        return redirect("consultations:activity_qr", pk=activity.pk)
    return redirect(activity)


# --- participants -------------------------------------------------------------------------------


def participant_list(request, pk):
    activity = committee_object(request, Activity.objects.select_related("form"), pk)
    if not can_read_all(request.user):
        raise PermissionDenied
    participants = list(participants_of(activity))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{activity.title}-参加人员",
            "参加人员",
            ["类别", "姓名/单位", "界别/职务", "回复", "请假事由", "签到时间", "签到方式", "出勤"],
            (
                [
                    str(p.kind_label),
                    p.display_name,
                    p.member.sector.name if p.member_id else p.guest_org,
                    p.get_reply_display() if p.member_id else "",
                    p.leave_reason,
                    timezone.localtime(p.signed_in_at).strftime("%H:%M") if p.signed_in_at else "",
                    p.get_signin_method_display() if p.signin_method else "",
                    p.get_attendance_display() if p.attendance else "",
                ]
                for p in participants
            ),
        )
    staff = is_consultation_staff(request.user)
    reply = request.GET.get("reply")
    members = [p for p in participants if p.member_id and (not reply or p.reply == reply)]
    return render(
        request,
        "consultations/participants.html",
        {
            "activity": activity,
            "members": members,
            "reply_filter": reply,
            "others": [p for p in participants if not p.member_id],
            "can_manage": staff,
            "editable": staff and activity.status in svc.EDITABLE,
            "add_form": ParticipantAddForm(committee_id=activity.committee_id) if staff else None,
            "correction_form": AttendanceCorrectionForm(),
        },
    )


@require_POST
def participant_add(request, pk):
    activity = _staff_activity(request, pk)
    form = ParticipantAddForm(request.POST, committee_id=activity.committee_id)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("consultations:participants", pk=activity.pk)
    ok, count = attempt(
        request,
        lambda: svc.participants_add(
            activity,
            user=request.user,
            members=form.chosen_members(),
            units=form.cleaned_data["units"],
            guests=form.cleaned_data["guests"],
        ),
    )
    if ok:
        messages.success(request, f"已增加{count}位参加人员" if count else "所选人员都已在名单中")
    return redirect("consultations:participants", pk=activity.pk)


def _participant(request, pk, pid):
    activity = _staff_activity(request, pk)
    return get_object_or_404(Participant.objects.select_related("activity", "member__user"), pk=pid, activity=activity)


@require_POST
def participant_remove(request, pk, pid):
    participant = _participant(request, pk, pid)
    attempt(request, lambda: svc.participant_remove(participant, user=request.user), f"已移除{participant.display_name}")
    return redirect("consultations:participants", pk=pk)


@require_POST
def participant_leave(request, pk, pid):
    participant = _participant(request, pk, pid)
    form = LeaveDecisionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        approve = form.cleaned_data["decision"] == "approve"
        attempt(
            request,
            lambda: attendance.leave_decide(
                participant, user=request.user, approve=approve, comment=form.cleaned_data["comment"]
            ),
            f"已{'准假' if approve else '不准假'}：{participant.display_name}",
        )
    return redirect("consultations:participants", pk=pk)


@require_POST
def participant_signin(request, pk, pid):
    participant = _participant(request, pk, pid)
    present = request.POST.get("present", "1") == "1"
    attempt(
        request,
        lambda: attendance.signin_by_staff(participant, user=request.user, present=present),
        f"{participant.display_name}{'已签到' if present else '已撤销签到'}",
    )
    return redirect("consultations:participants", pk=pk)


@require_POST
def participant_attendance(request, pk, pid):
    participant = _participant(request, pk, pid)
    form = AttendanceCorrectionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        attempt(
            request,
            lambda: attendance.attendance_correct(
                participant, user=request.user, attendance=form.cleaned_data["attendance"], note=form.cleaned_data["note"]
            ),
            f"已更正{participant.display_name}的出勤，履职档案已同步",
        )
    return redirect("consultations:participants", pk=pk)


# --- agenda and materials -------------------------------------------------------------------------


@require_POST
def agenda_add(request, pk):
    activity = _staff_activity(request, pk)
    form = AgendaItemForm(request.POST, instance=AgendaItem(activity=activity))
    if form.is_valid():
        attempt(request, lambda: svc.agenda_save(form.save(commit=False), user=request.user), "议程已添加")
    else:
        form_errors(request, form)
    return redirect(activity.get_absolute_url() + "#agenda")


@require_POST
def agenda_delete(request, pk, item_pk):
    activity = _staff_activity(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, activity=activity)
    attempt(request, lambda: svc.agenda_delete(item, user=request.user), "议程已删除")
    return redirect(activity.get_absolute_url() + "#agenda")


@require_POST
def material_upload(request, pk):
    activity = _staff_activity(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(
            request,
            lambda: svc.material_add(
                activity, user=request.user, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
            ),
            "材料已上传",
        )
    else:
        form_errors(request, form)
    return redirect(activity.get_absolute_url() + "#materials")


def material_download(request, pk, material_pk):
    """Materials are served only here: to the committee's staff and leaders, and to those invited."""
    activity = _activity(request, pk)
    material = get_object_or_404(Material, pk=material_pk, activity=activity)
    return protected_download(
        material.file, material.original_name, inline=material.opens_inline and not request.GET.get("download")
    )


@require_POST
def material_delete(request, pk, material_pk):
    activity = _staff_activity(request, pk)
    material = get_object_or_404(Material, pk=material_pk, activity=activity)
    attempt(request, lambda: svc.material_delete(material, user=request.user), "材料已删除")
    return redirect(activity.get_absolute_url() + "#materials")


# --- members: reply, speeches, sign-in -------------------------------------------------------------


@require_POST
def activity_reply(request, pk):
    activity = _activity(request, pk)
    mine = participation(activity, request.user)
    if mine is None:
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(activity)
    reply = form.cleaned_data["reply"]
    attempt(
        request,
        lambda: attendance.participant_reply(mine, user=request.user, reply=reply, reason=form.cleaned_data["reason"]),
        "已回复参加" if reply == Reply.ATTEND else "请假申请已提交，等待工作人员审批",
    )
    return redirect(activity)


def speech_submit(request, pk):
    activity = _activity(request, pk)
    if participation(activity, request.user) is None:
        raise PermissionDenied
    form = SpeechForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _ = attempt(
            request,
            lambda: attendance.speech_submit(
                activity, user=request.user, title=form.cleaned_data["title"], content=form.cleaned_data["content"]
            ),
            "发言材料已提交",
        )
        if ok:
            return redirect(activity.get_absolute_url() + "#speeches")
    return render(request, "consultations/speech_form.html", {"activity": activity, "form": form})


@require_POST
def speech_decide(request, pk, speech_pk):
    activity = _staff_activity(request, pk)
    speech = get_object_or_404(Speech, pk=speech_pk, activity=activity)
    status = request.POST.get("status", "")
    attempt(request, lambda: attendance.speech_decide(speech, user=request.user, status=status), "发言已确定")
    return redirect(activity.get_absolute_url() + "#speeches")


def speech_detail(request, pk, speech_pk):
    activity = _activity(request, pk)
    speech = get_object_or_404(Speech.objects.select_related("member__user", "member__sector"), pk=speech_pk, activity=activity)
    mine = participation(activity, request.user)
    if not can_read_all(request.user) and not (mine and mine.member_id == speech.member_id):
        raise Http404
    return render(request, "consultations/speech_detail.html", {"activity": activity, "speech": speech})


def activity_qr(request, pk):
    """The page shown on the venue screen: a QR code that renews itself before it expires."""
    activity = _staff_activity(request, pk)
    if activity.status != ActivityStatus.SIGNIN:
        messages.error(request, "请先点击“开始签到”")
        return redirect(activity)
    ctx = _qr_context(request, activity)
    template = "consultations/_qr_code.html" if request.htmx else "consultations/activity_qr.html"
    return render(request, template, ctx)


def _qr_context(request, activity):
    url = signin.signin_url(request, activity)
    minutes = settings_for(activity.committee_id).signin_code_minutes
    signed = Participant.objects.filter(activity=activity, signed_in_at__isnull=False).count()
    total = Participant.objects.filter(activity=activity, member__isnull=False).exclude(reply=Reply.LEAVE_APPROVED).count()
    return {
        "activity": activity,
        "signin_url": url,
        "qr": signin.qr_svg(url),
        "minutes": minutes,
        "refresh_seconds": max(30, minutes * 60 // 2),
        "signed": signed,
        "expected": total,
        "generated_at": timezone.localtime(),
    }


def signin_view(request, token):
    """Opened from the QR code on the member's phone: confirm, then sign in as oneself."""
    if request.user.committee_id is None:
        return render(request, "consultations/signin.html", {"error": "签到二维码无效，请扫描会场屏幕上的二维码"}, status=400)
    minutes = settings_for(request.user.committee_id).signin_code_minutes
    try:
        activity_id = signin.read_signin_token(token, max_age_seconds=minutes * 60)
    except ConsultationError as exc:
        return render(request, "consultations/signin.html", {"error": str(exc)}, status=400)
    activity = Activity.objects.filter(pk=activity_id, committee_id=request.user.committee_id).first()
    if activity is None:
        return render(request, "consultations/signin.html", {"error": "签到二维码无效，请扫描会场屏幕上的二维码"}, status=400)
    if request.method == "POST":
        try:
            mine, fresh = attendance.signin_by_code(activity.pk, user=request.user)
        except ConsultationError as exc:
            return render(request, "consultations/signin.html", {"error": str(exc), "activity": activity}, status=400)
        if fresh:
            messages.success(request, f"签到成功：{timezone.localtime(mine.signed_in_at):%H:%M}")
        else:
            messages.info(request, f"您已于{timezone.localtime(mine.signed_in_at):%H:%M}签到")
        return redirect(activity)
    return render(
        request,
        "consultations/signin.html",
        {"activity": activity, "mine": participation(activity, request.user), "when": svc.when_label(activity)},
    )
