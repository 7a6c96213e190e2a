from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.params import parse_id
from cppcc_portal.core.search import fulltext_filter, segment
from members.models import HandlingUnit, Session
from proposals.dates import today
from proposals.defaults import categories_for
from proposals.models import Assignment, AssignmentStatus, ProposalKind, Status, Timing, UnitRole


def _committee_id(request):
    return request.user.committee_id if request else None


def search_proposals(queryset, value):
    """Full-text (jieba + tsvector) over title, text and proposers; a number finds 第N号."""
    value = (value or "").strip().removeprefix("第").removesuffix("号")
    if not value:
        return queryset
    if parse_id(value) is not None:
        return queryset.filter(Q(number=parse_id(value)) | Q(pk=parse_id(value)))
    return fulltext_filter(queryset, "search_text", index_words(value))


def index_words(value):
    """The typed words cut the way the index was (cut_for_search, no single characters), so
    "非物质" looks for 物质 instead of a 非 the index never holds."""
    return segment(value) or value


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("搜索"), method="search", widget=forms.TextInput(attrs={"placeholder": "案由、内容、提案人或提案号"})
    )
    session = django_filters.ModelChoiceFilter(label=_("会议"), queryset=Session.objects.none(), empty_label=_("全部会议"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices, empty_label=_("全部状态"))
    category = django_filters.ModelChoiceFilter(label=_("类别"), queryset=None, empty_label=_("全部类别"))
    unit = django_filters.ModelChoiceFilter(
        label=_("承办单位"), queryset=HandlingUnit.objects.none(), method="filter_unit", empty_label=_("全部单位")
    )
    proposer = django_filters.CharFilter(label=_("提案人"), method="filter_proposer")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=ProposalKind.choices, empty_label=_("全部类型"))
    timing = django_filters.ChoiceFilter(label=_("提出时间"), choices=Timing.choices, empty_label=_("全部"))
    is_key = django_filters.BooleanFilter(label=_("重点提案"), widget=django_filters.widgets.BooleanWidget())

    class Meta:
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        committee_id = _committee_id(request)
        self.filters["session"].queryset = Session.objects.filter(committee_id=committee_id).select_related("term")
        self.filters["category"].queryset = categories_for(committee_id, active_only=False)
        self.filters["unit"].queryset = HandlingUnit.objects.filter(committee_id=committee_id)
        self.form.fields["is_key"].widget.choices = [("", _("全部")), ("true", _("是")), ("false", _("否"))]

    def search(self, queryset, name, value):
        return search_proposals(queryset, value)

    def filter_unit(self, queryset, name, value):
        if not value:
            return queryset
        assigned = Assignment.objects.filter(unit=value).exclude(status=AssignmentStatus.REASSIGNED).values("proposal_id")
        return queryset.filter(pk__in=assigned)

    def filter_proposer(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(proposer__user__full_name__icontains=value)
            | Q(body__name__icontains=value)
            | Q(invitations__member__user__full_name__icontains=value, invitations__status="accepted")
        ).distinct()


class InboxFilter(django_filters.FilterSet):
    STATE_CHOICES = [
        ("open", _("办理中")),
        ("due_soon", _("15天内到期")),
        ("overdue", _("已逾期")),
        ("done", _("已答复/已办结")),
    ]
    q = django_filters.CharFilter(label=_("搜索"), method="search", widget=forms.TextInput(attrs={"placeholder": "案由或提案号"}))
    state = django_filters.ChoiceFilter(label=_("办理情况"), choices=STATE_CHOICES, method="filter_state", empty_label=_("全部"))
    role = django_filters.ChoiceFilter(label=_("承办方式"), choices=UnitRole.choices, empty_label=_("全部"))

    class Meta:
        fields = []

    def search(self, queryset, name, value):
        value = (value or "").strip().removeprefix("第").removesuffix("号")
        if not value:
            return queryset
        if parse_id(value) is not None:
            return queryset.filter(proposal__number=parse_id(value))
        return fulltext_filter(queryset, "proposal__search_text", index_words(value))

    def filter_state(self, queryset, name, value):
        now = today()
        active = queryset.filter(status=AssignmentStatus.ACTIVE)
        if value == "open":
            return active
        if value == "due_soon":
            return active.filter(deadline__gte=now, deadline__lte=now + timedelta(days=15))
        if value == "overdue":
            return active.filter(deadline__lt=now)
        if value == "done":
            return queryset.exclude(status=AssignmentStatus.ACTIVE)
        return queryset
