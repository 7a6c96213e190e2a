from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import validate_document_upload
from members.models import Body, Committee, Member, MemberStatus, Sector
from sentiment.models import (
    AdoptionLevel,
    BulletinKind,
    Destination,
    LeaderLevel,
    PointRule,
    Quota,
    QuotaSubject,
    Report,
    ReportCategory,
    ReportStatus,
    SentimentSettings,
)
from sentiment.permissions import writer_choices
from sentiment.rules import categories_for, ensure_rules
from sentiment.services.reports import comment_levels, manual_adoption_levels


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        cleaned = [single(f, initial) for f in files]
        errors = []
        for f in cleaned:
            try:
                validate_document_upload(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def _content_widget(max_chars, rows=14):
    return forms.Textarea(attrs={"rows": rows, "data-maxchars": str(max_chars), "class": "report-content"})


class ReportForm(forms.Form):
    """What a writer fills in. Length is checked here for a clear message and again in the service."""

    writer = forms.ChoiceField(label=_("以谁的名义报送"))
    title = forms.CharField(label=_("标题"), max_length=120, widget=forms.TextInput(attrs={"placeholder": "如：关于……的建议"}))
    content = forms.CharField(label=_("正文"), help_text=_("一事一报：情况、分析、建议"))
    category = forms.ModelChoiceField(label=_("类别"), queryset=None, empty_label="请选择类别")
    sector = forms.ModelChoiceField(label=_("界别"), queryset=None, required=False, empty_label="（不填）")
    contact = forms.CharField(label=_("联系人及电话"), max_length=100, required=False)
    attachments = MultipleFileField(label=_("附件"), required=False, help_text=_("PDF、Word 或图片，可多选"))

    def __init__(self, *args, user, report=None, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        committee = user.committee
        self.settings = ensure_rules(committee)
        self.submitting = submitting
        choices = writer_choices(user)
        self.fields["writer"].choices = [(k, label) for k, label, _obj in choices]
        self.writer_label = choices[0][1] if len(choices) == 1 else ""
        if report is not None:
            del self.fields["writer"]
        elif len(choices) == 1:
            self.fields["writer"].widget = forms.HiddenInput()
            self.fields["writer"].initial = choices[0][0]
        self.fields["content"].widget = _content_widget(self.settings.max_chars)
        self.fields["category"].queryset = categories_for(committee)
        self.fields["sector"].queryset = Sector.objects.filter(committee=committee)
        member = user.member
        if report is None and member is not None:
            self.fields["sector"].initial = member.sector_id
            self.fields["contact"].initial = f"{member.name} {member.phone}".strip()

    def clean_content(self):
        content = self.cleaned_data["content"].replace("\r\n", "\n")
        if self.submitting and len(content) > self.settings.max_chars:
            raise ValidationError(
                f"正文 {len(content)} 字，超过 {self.settings.max_chars} 字的上限，请压缩后再提交（也可先存为草稿）。"
            )
        return content


class ReviseForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=120)
    content = forms.CharField(label=_("正文"))
    category = forms.ModelChoiceField(label=_("类别"), queryset=None, required=False)
    attribution = forms.CharField(
        label=_("署名"), max_length=200, required=False, help_text=_("留空则自动生成，如：（教育界 李明华委员反映）")
    )
    note = forms.CharField(label=_("修改说明"), max_length=200, required=False)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        settings = ensure_rules(report.committee)
        self.fields["content"].widget = _content_widget(settings.max_chars, rows=18)
        self.fields["category"].queryset = categories_for(report.committee)

    def clean_content(self):
        return self.cleaned_data["content"].replace("\r\n", "\n")


class ReturnForm(forms.Form):
    prefix = "return"  # several of these forms share the report page

    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)


class MergeForm(forms.Form):
    prefix = "merge"  # several of these forms share the report page

    into = forms.ModelChoiceField(label=_("合并到"), queryset=None, empty_label="请选择同类信息")
    comment = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Report.objects.filter(committee=report.committee, status__in=[ReportStatus.RECEIVED, ReportStatus.EDITING])
            .exclude(pk=report.pk)
            .order_by("-submitted_at")
        )


class AdoptForm(forms.Form):
    prefix = "adopt"  # several of these forms share the report page

    level = forms.ChoiceField(label=_("采用级别"))
    adopted_by = forms.CharField(
        label=_("采用单位及方式"), max_length=120, required=False, help_text=_("如：全国政协《社情民意》单篇采用")
    )
    adopted_on = forms.DateField(label=_("采用日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        levels = manual_adoption_levels(report.committee)
        self.fields["level"].choices = [(lvl, AdoptionLevel(lvl).label) for lvl in levels]
        self.fields["adopted_on"].initial = timezone.localdate()


class CommentForm(forms.Form):
    prefix = "comment"  # several of these forms share the report page

    level = forms.ChoiceField(label=_("批示级别"))
    leader = forms.CharField(label=_("批示领导"), max_length=60, help_text=_("职务及姓名，如：市长 王建国"))
    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 3}))
    commented_on = forms.DateField(label=_("批示日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lvl, LeaderLevel(lvl).label) for lvl in comment_levels(report.committee)]
        self.fields["level"].initial = report.committee.level if report.committee.level in LeaderLevel.values else None
        self.fields["commented_on"].initial = timezone.localdate()


class BulletinCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("刊物"), choices=BulletinKind.choices, initial=BulletinKind.REGULAR)


class BulletinForm(forms.Form):
    signer = forms.CharField(label=_("签发人"), max_length=30, required=False)
    editor_name = forms.CharField(label=_("责任编辑"), max_length=30, required=False)
    destinations = forms.ModelMultipleChoiceField(
        label=_("报送对象"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, bulletin, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destinations"].queryset = Destination.objects.filter(committee=bulletin.committee, is_active=True)


class AddReportForm(forms.Form):
    report = forms.ModelChoiceField(label=_("已签发的信息"), queryset=None, empty_label="请选择")

    def __init__(self, *args, bulletin, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = Report.objects.filter(
            committee=bulletin.committee, status=ReportStatus.SIGNED_OFF, bulletin__isnull=True
        ).order_by("signed_off_at")


class QuotaForm(forms.ModelForm):
    class Meta:
        model = Quota
        fields = ["subject", "member", "body", "lower_committee", "period", "target", "note", "is_active"]
        help_texts = {
            "member": _("不选表示全体委员"),
            "body": _("不选表示全部党派团体"),
            "lower_committee": _("不选表示全部下级政协"),
        }

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["member"].queryset = Member.objects.filter(committee=committee, status=MemberStatus.SERVING).select_related(
            "user"
        )
        self.fields["body"].queryset = Body.objects.filter(committee=committee, is_active=True)
        self.fields["lower_committee"].queryset = Committee.objects.filter(parent=committee)
        self.fields["target"].min_value = 1

    def clean(self):
        data = super().clean()
        subject = data.get("subject")
        for field, kind in (
            ("member", QuotaSubject.MEMBER),
            ("body", QuotaSubject.BODY),
            ("lower_committee", QuotaSubject.LOWER),
        ):
            if data.get(field) and subject != kind:
                self.add_error(field, f"对象类型为“{QuotaSubject(subject).label if subject else '—'}”时不能选择这一项。")
        if data.get("target") is not None and data["target"] < 1:
            self.add_error("target", "目标篇数至少为 1。")
        return data


class PointRuleForm(forms.ModelForm):
    class Meta:
        model = PointRule
        fields = ["points"]

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points < 0:
            raise ValidationError("积分不能为负数。")
        return points


PointRuleFormSet = forms.modelformset_factory(PointRule, form=PointRuleForm, extra=0)


_SMALL = {"class": "form-control form-control-sm"}
_SELECT = {"class": "form-select form-select-sm"}
_CHECK = {"class": "form-check-input"}


class DestinationForm(forms.ModelForm):
    class Meta:
        model = Destination
        fields = ["name", "group", "kind", "is_default", "is_active", "order"]
        widgets = {
            "name": forms.TextInput(attrs=_SMALL),
            "group": forms.Select(attrs=_SELECT),
            "kind": forms.Select(attrs=_SELECT),
            "is_default": forms.CheckboxInput(attrs=_CHECK),
            "is_active": forms.CheckboxInput(attrs=_CHECK),
            "order": forms.NumberInput(attrs={**_SMALL, "style": "width:5rem"}),
        }


class UniqueNameFormSet(forms.BaseModelFormSet):
    """Names are unique within a committee; the committee is not a form field, so check here."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            name = (form.cleaned_data or {}).get("name")
            if not name:
                continue
            if name in seen:
                form.add_error("name", f"名称“{name}”重复。")
            seen.add(name)


DestinationFormSet = forms.modelformset_factory(Destination, form=DestinationForm, formset=UniqueNameFormSet, extra=1)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ReportCategory
        fields = ["name", "order", "is_active"]
        widgets = {
            "name": forms.TextInput(attrs=_SMALL),
            "order": forms.NumberInput(attrs={**_SMALL, "style": "width:5rem"}),
            "is_active": forms.CheckboxInput(attrs=_CHECK),
        }


CategoryFormSet = forms.modelformset_factory(ReportCategory, form=CategoryForm, formset=UniqueNameFormSet, extra=1)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = SentimentSettings
        fields = ["bulletin_name", "max_chars", "waiting_days", "quota_reminder_days", "similar_months"]

    def clean_max_chars(self):
        value = self.cleaned_data["max_chars"]
        if not 200 <= value <= 5000:
            raise ValidationError("字数上限应在 200 到 5000 之间。")
        return value
