"""Forms of 协商. Forms only build and validate input; services check state and save."""

from datetime import datetime, time

from django import forms
from django.utils import timezone

from consultations.models import (
    Activity,
    ActivityKind,
    Adoption,
    AgendaItem,
    AnnualPlan,
    Deliberation,
    Outcome,
    OutcomeKind,
    PlanItem,
)
from consultations.selectors import forms_for
from cppcc_portal.core.uploads import validate_document_upload
from members.models import ActivityGroup, HandlingUnit, Member, MemberStatus, Sector, SpecialCommittee

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _members(committee_id):
    return Member.objects.filter(committee_id=committee_id, status=MemberStatus.SERVING).select_related("user", "sector")


def explain_multiselects(form):
    """Long lists: say how to pick several (a search box is added above those marked filterable)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.SelectMultiple) and not field.help_text:
            field.help_text = "按住 Ctrl（苹果电脑按 ⌘）可多选"


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.sector.name}）"


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class PlanHeaderForm(forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["title", "issuing_bodies", "document_number", "intro", "cc_to"]
        widgets = {"issuing_bodies": forms.Textarea(attrs={"rows": 3}), "intro": forms.Textarea(attrs={"rows": 3})}


class PlanItemForm(forms.ModelForm):
    reason = forms.CharField(
        label="调整原因",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="计划已印发，调整须说明原因，将作为新版本保存",
    )

    class Meta:
        model = PlanItem
        fields = [
            "number",
            "topic",
            "form",
            "planned_month",
            "time_note",
            "organiser",
            "organiser_note",
            "departments",
            "sectors",
            "members",
            "participants_note",
            "notes",
        ]
        widgets = {
            "departments": forms.SelectMultiple(attrs={"size": 8, "class": "filterable"}),
            "sectors": forms.SelectMultiple(attrs={"size": 8}),
            "members": forms.SelectMultiple(attrs={"size": 10, "class": "filterable"}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        committee_id = plan.committee_id
        self.fields["number"].required = False
        self.fields["number"].help_text = "留空则排在最后"
        self.fields["form"].queryset = forms_for(committee_id)
        self.fields["form"].empty_label = "请选择协商形式"
        self.fields["organiser"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)
        self.fields["departments"].queryset = HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)
        self.fields["sectors"].queryset = Sector.objects.filter(committee_id=committee_id)
        self.fields["members"] = MemberChoiceField(
            label="参加委员", queryset=_members(committee_id), required=False, widget=self.Meta.widgets["members"]
        )
        self.fields["topic"].error_messages["required"] = "请填写协商议题"
        self.fields["form"].error_messages["required"] = "请选择协商形式"
        self.fields["planned_month"].error_messages["required"] = "请选择计划月份"
        explain_multiselects(self)
        if plan.status != "published":
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "计划已印发，调整议题必须填写调整原因"

    def m2m(self):
        return {name: self.cleaned_data[name] for name in ("departments", "sectors", "members")}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PlanTransitionForm(forms.Form):
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    approval_reference = forms.CharField(label="批准文件", required=False, max_length=100)
    approved_on = forms.DateField(label="批准日期", required=False, widget=DATE_WIDGET)
    document_number = forms.CharField(label="发文字号", required=False, max_length=40)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "kind", "form", "starts_at", "ends_at", "place", "organiser", "description"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, committee_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = forms_for(committee_id)
        self.fields["organiser"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["ends_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        for name, message in [
            ("title", "请填写活动名称"),
            ("starts_at", "请填写开始时间"),
            ("ends_at", "请填写结束时间"),
            ("place", "请填写地点"),
        ]:
            self.fields[name].error_messages["required"] = message
            self.fields[name].error_messages["invalid"] = "时间格式不正确"

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", "结束时间必须晚于开始时间")
        return data


def initial_activity(item):
    """A new activity from a plan item: its topic, form and organiser, a morning in its month."""
    today = timezone.localdate()
    year = item.plan.year
    day = max(today, datetime(year, item.planned_month, 15).date()) if year >= today.year else today
    start = datetime.combine(day, time(9, 0))
    return {
        "title": f"{item.form.name}：{item.topic}",
        "kind": ActivityKind.MEETING,
        "form": item.form_id,
        "organiser": item.organiser_id,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": start.replace(hour=11, minute=30).strftime("%Y-%m-%dT%H:%M"),
    }


class ParticipantAddForm(forms.Form):
    members = MemberChoiceField(
        label="委员",
        queryset=Member.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10, "class": "filterable"}),
    )
    sectors = forms.ModelMultipleChoiceField(
        label="按界别添加", queryset=Sector.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    groups = forms.ModelMultipleChoiceField(
        label="按活动组添加",
        queryset=ActivityGroup.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    special_committees = forms.ModelMultipleChoiceField(
        label="按专委会添加",
        queryset=SpecialCommittee.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    units = forms.ModelMultipleChoiceField(
        label="部门",
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6, "class": "filterable"}),
    )
    guests = forms.CharField(
        label="嘉宾",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "每行一位：姓名，单位及职务"}),
    )

    def __init__(self, *args, committee_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee_id = committee_id
        self.fields["members"].queryset = _members(committee_id)
        self.fields["sectors"].queryset = Sector.objects.filter(committee_id=committee_id)
        self.fields["groups"].queryset = ActivityGroup.objects.filter(committee_id=committee_id)
        self.fields["special_committees"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)
        self.fields["units"].queryset = HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)
        explain_multiselects(self)

    def clean_guests(self):
        guests = []
        for line in self.cleaned_data["guests"].splitlines():
            if not line.strip():
                continue
            name, _, org = line.replace("，", ",").partition(",")
            if len(name.strip()) > 50:
                raise forms.ValidationError(f"嘉宾姓名过长：{name.strip()[:20]}…")
            guests.append((name.strip(), org.strip()))
        return guests

    def chosen_members(self):
        data = self.cleaned_data
        chosen = list(data["members"])
        qs = _members(self.committee_id)
        if data["sectors"]:
            chosen += list(qs.filter(sector__in=data["sectors"]))
        if data["groups"]:
            chosen += list(qs.filter(activity_groups__in=data["groups"]).distinct())
        if data["special_committees"]:
            chosen += list(qs.filter(special_committees__in=data["special_committees"]).distinct())
        return list({m.pk: m for m in chosen}.values())

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("members", "sectors", "groups", "special_committees", "units", "guests")):
            raise forms.ValidationError("请至少选择一位委员、一个部门或填写一位嘉宾")
        return data


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "time_label", "title", "speaker"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["title"].error_messages["required"] = "请填写议程内容"


class MaterialForm(forms.Form):
    title = forms.CharField(label="材料名称", max_length=150, required=False, help_text="留空则使用文件名")
    file = forms.FileField(label="文件", error_messages={"required": "请选择要上传的文件"}, validators=[validate_document_upload])


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(label="回复", choices=[("attend", "参加"), ("leave_requested", "请假")], widget=forms.RadioSelect)
    reason = forms.CharField(label="请假事由", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("reply") == "leave_requested" and not (data.get("reason") or "").strip():
            self.add_error("reason", "请假请填写事由")
        return data


class LeaveDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "准假"), ("reject", "不准假")])
    comment = forms.CharField(label="意见", required=False, max_length=200)


class AttendanceCorrectionForm(forms.Form):
    attendance = forms.ChoiceField(label="出勤", choices=[("present", "出席"), ("leave", "请假"), ("absent", "缺席（未请假）")])
    note = forms.CharField(label="更正原因", max_length=200, error_messages={"required": "更正出勤请说明原因"})


class SpeechForm(forms.Form):
    title = forms.CharField(label="发言题目", max_length=150, error_messages={"required": "请填写发言题目"})
    content = forms.CharField(
        label="发言内容",
        widget=forms.Textarea(attrs={"rows": 8, "data-maxchars": "3000"}),
        max_length=3000,
        error_messages={"required": "请填写发言内容", "max_length": "发言内容不能超过3000字"},
    )


class ScheduleForm(forms.Form):
    override_reason = forms.CharField(label="确认理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeliberationForm(forms.ModelForm):
    invitees = MemberChoiceField(
        label="参加委员", queryset=Member.objects.none(), widget=forms.SelectMultiple(attrs={"size": 12, "class": "filterable"})
    )
    invite_sectors = forms.ModelMultipleChoiceField(
        label="按界别邀请", queryset=Sector.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )

    class Meta:
        model = Deliberation
        fields = ["title", "description", "plan_item", "opens_at", "closes_at"]
        widgets = {"opens_at": DATETIME_WIDGET, "closes_at": DATETIME_WIDGET, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, committee_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee_id = committee_id
        self.fields["invitees"].queryset = _members(committee_id)
        self.fields["invitees"].required = False
        self.fields["invite_sectors"].queryset = Sector.objects.filter(committee_id=committee_id)
        self.fields["plan_item"].queryset = (
            PlanItem.objects.filter(committee_id=committee_id).select_related("plan").order_by("-plan__year", "number")
        )
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].error_messages["invalid"] = "时间格式不正确"
        self.fields["title"].error_messages["required"] = "请填写议政题目"
        self.fields["closes_at"].error_messages["required"] = "请填写截止时间"
        self.fields["opens_at"].error_messages["required"] = "请填写开始时间"
        explain_multiselects(self)

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", "截止时间必须晚于开始时间")
        chosen = list(data.get("invitees") or [])
        if data.get("invite_sectors"):
            chosen += list(_members(self.committee_id).filter(sector__in=data["invite_sectors"]))
        if not chosen:
            self.add_error("invitees", "请选择参加委员")
        data["all_invitees"] = list({m.pk: m for m in chosen}.values())
        return data


class OpinionForm(forms.Form):
    content = forms.CharField(
        label="意见建议",
        widget=forms.Textarea(attrs={"rows": 4, "data-maxchars": "2000"}),
        max_length=2000,
        error_messages={"required": "请填写意见内容", "max_length": "意见内容不能超过2000字"},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class OutcomeForm(forms.ModelForm):
    upload = forms.FileField(label="附件（PDF/Word）", required=False, validators=[validate_document_upload])

    class Meta:
        model = Outcome
        fields = ["kind", "title", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OutcomeKind.choices
        self.fields["title"].error_messages["required"] = "请填写标题"


class OutcomeSubmitForm(forms.Form):
    submitted_to = forms.CharField(
        label="报送对象", max_length=120, initial="市委、市政府", error_messages={"required": "请填写报送对象"}
    )
    submitted_on = forms.DateField(label="报送日期", required=False, widget=DATE_WIDGET, help_text="留空则为今天")


class OutcomeFeedbackForm(forms.Form):
    adoption = forms.ChoiceField(label="采纳情况", choices=[c for c in Adoption.choices if c[0]])
    feedback_on = forms.DateField(label="反馈日期", required=False, widget=DATE_WIDGET, help_text="留空则为今天")
    feedback_text = forms.CharField(label="反馈意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    actions_taken = forms.CharField(
        label="成果转化情况",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="有关部门据此采取的措施、出台的文件等",
    )

    def clean(self):
        data = super().clean()
        if data.get("adoption") in ("adopted", "partial") and not (data.get("actions_taken") or "").strip():
            self.add_error("actions_taken", "采纳或部分采纳的，请填写成果转化情况")
        return data
