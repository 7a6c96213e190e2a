"""Forms: they parse and check input; the services decide and write."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import validate_document_upload
from members.models import HandlingUnit, Member, MemberStatus, User
from members.roles import Role
from proposals.defaults import categories_for, grounds_for, rules_for
from proposals.models import (
    ContactMethod,
    HandlingMode,
    MilestoneStatus,
    Proposal,
    Rating,
    ResultCheck,
    ResultCode,
    SupervisionKind,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several attachments in one input, each checked by content type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": ".pdf,.doc,.docx,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        cleaned = []
        errors = []
        for upload in files:
            try:
                validate_document_upload(upload)
                cleaned.append(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def unit_choices(committee_id):
    return HandlingUnit.objects.filter(committee_id=committee_id, is_active=True).order_by("order", "id")


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.name}（{member.sector.name}，{member.workplace}）"


class ProposalForm(forms.ModelForm):
    """Draft and submit. `submitting` makes every field a submission needs required."""

    attachments = MultipleFileField(
        label=_("附件"), required=False, help_text=_("PDF、Word 或图片，可多选；大小上限见说明。提交失败时请重新选择附件。")
    )
    cosigners = MemberChoiceField(
        label=_("邀请联名委员"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("被邀请的委员在工作台确认；提交时只带上已同意的联名人。"),
        widget=forms.SelectMultiple(attrs={"size": 6, "class": "form-select member-picker"}),
    )

    # A new proposal's form carries a one-time key so a double click makes one proposal; a form
    # sent back with errors keeps its key (the failed request made nothing).
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Proposal
        fields = ["title", "category", "timing", "suggested_unit", "grounds", "suggestions"]
        widgets = {
            "title": forms.TextInput(attrs={"placeholder": "关于……的建议", "autocomplete": "off"}),
            "grounds": forms.Textarea(attrs={"rows": 10}),
            "suggestions": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {"suggested_unit": _("可不填，由提案委员会确定承办单位")}

    def __init__(self, *args, user, submitting=False, collective=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.submitting = user, submitting
        committee_id = user.committee_id
        rules = rules_for(committee_id)
        self.rules = rules
        self.fields["category"].queryset = categories_for(committee_id)
        self.fields["category"].empty_label = _("请选择类别")
        self.fields["suggested_unit"].queryset = unit_choices(committee_id)
        self.fields["suggested_unit"].empty_label = _("不指定")
        for name in ("grounds", "suggestions"):
            self.fields[name].widget.attrs.update({"data-maxchars": rules.suggested_max_chars})
        self.fields["attachments"].help_text = _(
            "PDF、Word 或图片，可多选，单个不超过 %(mb)s MB，最多 %(n)s 个。提交失败时请重新选择附件。"
        ) % {
            "mb": _upload_mb(),
            "n": rules.max_attachments,
        }
        if self.instance.pk:
            del self.fields["submission_key"]
        elif not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4()
        if collective:
            del self.fields["cosigners"]
        else:
            me = user.member
            self.fields["cosigners"].queryset = (
                Member.objects.filter(committee_id=committee_id, status=MemberStatus.SERVING)
                .exclude(pk=me.pk if me else None)
                .select_related("user", "sector")
                .order_by("sector__order", "id")
            )
        if submitting:
            for name in ("category", "grounds", "suggestions"):
                self.fields[name].required = True

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 5:
            raise ValidationError(_("案由太短，请写明“关于……的建议”"))
        return title

    def clean(self):
        data = super().clean()
        if self.submitting and data.get("grounds") and data.get("suggestions"):
            chars = len(data["grounds"]) + len(data["suggestions"])
            if chars < self.rules.min_content_chars:
                raise ValidationError(
                    _("情况分析和具体建议合计至少 %(min)s 字，现有 %(n)s 字") % {"min": self.rules.min_content_chars, "n": chars}
                )
        for name, label in (("grounds", _("情况分析")), ("suggestions", _("具体建议"))):
            if len(data.get(name) or "") > self.rules.max_content_chars:
                self.add_error(name, _("%(label)s不能超过 %(n)s 字") % {"label": label, "n": self.rules.max_content_chars})
        return data


def _upload_mb():
    from django.conf import settings

    return settings.UPLOAD_MAX_BYTES // 1024 // 1024


class InviteForm(forms.Form):
    cosigners = MemberChoiceField(
        label=_("邀请联名委员"),
        queryset=Member.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6, "class": "form-select member-picker"}),
    )
    message = forms.CharField(label=_("附言"), max_length=200, required=False)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        invited = proposal.invitations.filter(status__in=["pending", "accepted"]).values("member_id")
        self.fields["cosigners"].queryset = (
            Member.objects.filter(committee_id=proposal.committee_id, status=MemberStatus.SERVING)
            .exclude(pk=proposal.proposer_id)
            .exclude(pk__in=invited)
            .select_related("user", "sector")
            .order_by("sector__order", "id")
        )


class CosignRequestForm(forms.Form):
    message = forms.CharField(
        label=_("附言"), max_length=200, required=False, widget=forms.TextInput(attrs={"placeholder": "可不填"})
    )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("退回修改意见"), widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(forms.Form):
    ground = forms.ModelChoiceField(label=_("不予立案理由"), queryset=None, empty_label=_("请选择理由"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, committee_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].queryset = grounds_for(committee_id)


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("并入提案"), coerce=int, empty_value=None)
    comment = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args, proposal, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("请选择（相近的提案排在前面）"))]
        for p in candidates:
            label = p.number_label or "待审查"
            choices.append((p.pk, f"{label} {p.title}（{p.proposer_name}）"))
        self.fields["into"].choices = choices


class OpinionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("转送单位"), queryset=None, required=False, empty_label=_("不转送"))
    comment = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, committee_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(committee_id)


class AssignForm(forms.Form):
    mode = forms.ChoiceField(label=_("办理方式"), choices=HandlingMode.choices, initial=HandlingMode.LEAD)
    lead = forms.ModelChoiceField(label=_("主办单位"), queryset=None, required=False, empty_label=_("请选择"))
    co_units = forms.ModelMultipleChoiceField(
        label=_("会办单位"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    separate_units = forms.ModelMultipleChoiceField(
        label=_("分办单位"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    comment = forms.CharField(label=_("交办说明"), required=False)

    def __init__(self, *args, committee_id, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead", "co_units", "separate_units"):
            self.fields[name].queryset = unit_choices(committee_id)

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode in (HandlingMode.LEAD, HandlingMode.LEAD_CO) and not data.get("lead"):
            self.add_error("lead", _("请选择主办单位"))
        if mode == HandlingMode.LEAD_CO:
            co = list(data.get("co_units") or [])
            if not co:
                self.add_error("co_units", _("请至少选择一个会办单位"))
            elif data.get("lead") in co:
                self.add_error("co_units", _("主办单位不能同时会办"))
        if mode == HandlingMode.SEPARATE and len(data.get("separate_units") or []) < 2:
            self.add_error("separate_units", _("分办请至少选择两个单位"))
        return data


class KeyForm(forms.Form):
    leader = forms.ModelChoiceField(label=_("督办领导"), queryset=None, empty_label=_("请选择"))
    comment = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args, committee_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = User.objects.filter(
            committee_id=committee_id, is_active=True, groups__name=str(Role.LEADER)
        ).distinct()


class ExcellentForm(forms.Form):
    year = forms.IntegerField(label=_("评优年度"), min_value=2000, max_value=2100)
    comment = forms.CharField(label=_("说明"), required=False)


class SupervisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("督办方式"), choices=SupervisionKind.choices)
    occurred_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    participants = forms.CharField(label=_("参加人员"), required=False, max_length=200)
    content = forms.CharField(label=_("督办情况"), widget=forms.Textarea(attrs={"rows": 3}))


class MilestoneForm(forms.Form):
    description = forms.CharField(label=_("承诺事项"), max_length=200)
    due_on = forms.DateField(label=_("计划完成日期"), widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneCheckForm(forms.Form):
    status = forms.ChoiceField(
        label=_("落实情况"), choices=[(MilestoneStatus.DONE, _("已落实")), (MilestoneStatus.MISSED, _("未落实"))]
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class ResultCheckForm(forms.Form):
    result = forms.ChoiceField(label=_("回头看结论"), choices=[c for c in ResultCheck.choices if c[0]])
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label=_("联系日期"), widget=forms.DateInput(attrs={"type": "date"}))
    method = forms.ChoiceField(label=_("方式"), choices=ContactMethod.choices)
    person = forms.CharField(label=_("联系对象"), max_length=60)
    content = forms.CharField(label=_("沟通情况"), widget=forms.Textarea(attrs={"rows": 3}))


class CoOpinionForm(forms.Form):
    text = forms.CharField(label=_("会办意见"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=_("附件"), required=False, validators=[validate_document_upload])


class ReplyForm(forms.Form):
    result_code = forms.ChoiceField(label=_("答复类别"), choices=ResultCode.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("答复正文"),
        widget=forms.Textarea(attrs={"rows": 14, "data-maxchars": 3000}),
        help_text=_("不含称呼和落款，称呼与落款自动生成"),
    )
    signer = forms.CharField(label=_("签发人"), max_length=30)
    contact_person = forms.CharField(label=_("联系人"), max_length=30)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30)
    attachment = forms.FileField(label=_("附件"), required=False, validators=[validate_document_upload])

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 20:
            raise ValidationError(_("答复正文太短，请写明办理情况"))
        return text


class ReassignRequestForm(forms.Form):
    reason = forms.CharField(label=_("申请调整的理由"), widget=forms.Textarea(attrs={"rows": 3}))
    suggested_unit = forms.ModelChoiceField(label=_("建议改由"), queryset=None, required=False, empty_label=_("不指定"))

    def __init__(self, *args, committee_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggested_unit"].queryset = unit_choices(committee_id)


class ExtensionRequestForm(forms.Form):
    until = forms.DateField(label=_("申请延至"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批"), choices=[("1", _("同意")), ("0", _("不同意"))], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    new_unit = forms.ModelChoiceField(label=_("改由单位"), queryset=None, required=False, empty_label=_("按申请建议"))
    note = forms.CharField(label=_("审批意见"), required=False)

    def __init__(self, *args, committee_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_unit"].queryset = unit_choices(committee_id)


class EvaluationForm(forms.Form):
    attitude = forms.ChoiceField(label=_("办理态度"), choices=Rating.choices, widget=forms.RadioSelect)
    result = forms.ChoiceField(label=_("办理结果"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("意见和建议"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ModelUnitForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=None, empty_label=_("请选择"))
    note = forms.CharField(label=_("事迹简述"), required=False, max_length=200)

    def __init__(self, *args, committee_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices(committee_id)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤案理由"), required=False)
