from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import validate_image_upload, validate_spreadsheet_upload
from members.duty_services import MAX_PHOTOS
from members.models import (
    SELF_RECORDED_KINDS,
    SHEET_KINDS,
    DutyKind,
    DutyMinimum,
    GradeBand,
    ScoringRule,
    ScoringRuleSet,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        cleaned = []
        errors = []
        for upload in files:
            upload = super().clean(upload, initial)
            if not upload:
                continue
            try:
                validate_image_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
            cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        if len(cleaned) > MAX_PHOTOS:
            raise ValidationError(_("每条记录最多上传 %(n)s 张照片") % {"n": MAX_PHOTOS})
        return cleaned


KIND_HELP = {
    DutyKind.CONTACT: _("走访、座谈、接待界别群众，请填写联系人数和听到的意见"),
    DutyKind.STUDIO: _("在委员工作室（工作站）值班、接待群众"),
    DutyKind.READING: _("参加委员读书活动、撰写读书心得"),
    DutyKind.TRAINING: _("参加政协组织以外的学习培训"),
    DutyKind.RESEARCH: _("自行开展的调研（政协组织的调研由组织部门记录）"),
}


class DutyActivityForm(forms.Form):
    """What a member fills in on their phone after an activity."""

    kind = forms.ChoiceField(
        label=_("履职类型"),
        choices=[(k.value, k.label) for k in SELF_RECORDED_KINDS],
        widget=forms.RadioSelect,
        initial=DutyKind.CONTACT,
    )
    occurred_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    quantity = forms.IntegerField(
        label=_("联系群众人数"), min_value=1, max_value=10000, required=False, help_text=_("联系界别群众时必填")
    )
    title = forms.CharField(label=_("活动主题"), max_length=200)
    detail = forms.CharField(
        label=_("活动内容及听到的意见建议"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "data-maxchars": "1000"}),
    )
    photos = MultipleImageField(label=_("现场照片"), help_text=_("可选多张，jpg 或 png，每张不超过 20 MB"))

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["kind"].error_messages["required"] = _("请选择履职类型")
        self.fields["title"].error_messages["required"] = _("请填写活动主题")
        self.fields["occurred_on"].error_messages.update({"required": _("请填写日期"), "invalid": _("日期格式不正确")})

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise ValidationError(_("日期不能晚于今天"))
        if self.member is not None and day < date(self.member.term.start_year, 1, 1):
            raise ValidationError(_("日期早于本届任期"))
        return day

    def clean(self):
        data = super().clean()
        if data.get("kind") == DutyKind.CONTACT and not data.get("quantity"):
            self.add_error("quantity", _("联系界别群众请填写联系人数"))
        if data.get("kind") != DutyKind.CONTACT or not data.get("quantity"):
            data["quantity"] = data.get("quantity") or 1
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("如：缺少现场照片，请补充")}),
        error_messages={"required": _("请填写退回原因，委员将据此修改")},
    )


class AttendanceImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=[(k.value, k.label) for k in SHEET_KINDS])
    title = forms.CharField(
        label=_("会议名称"),
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("如：政协第十五届临江市委员会第五次会议")}),
    )
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    half_days = forms.IntegerField(
        label=_("会期（半天数）"), min_value=1, max_value=20, initial=1, help_text=_("全体会议按半天计分，如三天半为 7")
    )
    mark_missing_absent = forms.BooleanField(label=_("签到表中没有的在任委员记为缺席（常委会议为在任常委）"), required=False)
    file = forms.FileField(label=_("签到表 Excel 文件"), help_text=_("第一行为表头，至少包含“姓名”“出勤情况”两列"))

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise ValidationError(_("会议日期不能晚于今天"))
        return day

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_spreadsheet_upload(upload)  # the size limit, and an Excel workbook by its content
        return upload


# --- Rules (staff) ---------------------------------------------------------------------------


class _CompactWidgets:
    """Small Bootstrap controls: the rules are edited as a table."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


class RuleSetForm(_CompactWidgets, forms.ModelForm):
    class Meta:
        model = ScoringRuleSet
        fields = ["name", "scale", "base_points", "at_risk_score", "at_risk_prorate", "at_risk_absences", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ScoringRuleForm(_CompactWidgets, forms.ModelForm):
    class Meta:
        model = ScoringRule
        fields = ["kind", "role", "attendance", "level", "mode", "points", "cap", "effective_from", "effective_until", "order"]
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}),
            "effective_until": forms.DateInput(attrs={"type": "date"}),
            "level": forms.TextInput(attrs={"list": "level-codes", "size": 8}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_until")
        if start and end and end < start:
            self.add_error("effective_until", _("截止日期不能早于起始日期"))
        if data.get("cap") is not None and data["cap"] < 0:
            self.add_error("cap", _("年度上限填正数（扣分项也填正数，表示最多扣多少分）"))
        return data


class GradeBandForm(_CompactWidgets, forms.ModelForm):
    class Meta:
        model = GradeBand
        fields = ["name", "min_score"]


class DutyMinimumForm(_CompactWidgets, forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("计入的履职类型"), choices=DutyKind.choices, widget=forms.SelectMultiple(attrs={"size": 5})
    )

    class Meta:
        model = DutyMinimum
        fields = ["label", "kinds", "role", "measure", "threshold", "period", "order"]


class _RulesFormSet(forms.BaseInlineFormSet):
    def save_with_committee(self):
        for form in self.forms:
            if form in self.deleted_forms or not form.has_changed():
                continue
            form.instance.committee_id = self.instance.committee_id
        return self.save()


class _GradeFormSet(_RulesFormSet):
    def clean(self):
        super().clean()
        names = [f.cleaned_data.get("name") for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if len(names) != len(set(names)):
            raise ValidationError(_("等次名称不能重复"))


ScoringRuleFormSet = inlineformset_factory(
    ScoringRuleSet, ScoringRule, form=ScoringRuleForm, formset=_RulesFormSet, extra=1, can_delete=True
)
GradeBandFormSet = inlineformset_factory(
    ScoringRuleSet, GradeBand, form=GradeBandForm, formset=_GradeFormSet, extra=1, can_delete=True
)
DutyMinimumFormSet = inlineformset_factory(
    ScoringRuleSet, DutyMinimum, form=DutyMinimumForm, formset=_RulesFormSet, extra=1, can_delete=True
)
