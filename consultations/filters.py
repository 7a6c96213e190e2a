import django_filters
from django import forms
from django.db.models import Q

from consultations.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Adoption,
    AnnualPlan,
    Deliberation,
    DeliberationStatus,
    Outcome,
    OutcomeKind,
    OutcomeStatus,
    PlanStatus,
)
from consultations.selectors import forms_for


def _search(fields):
    def method(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)

    return method


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "活动名称、地点或议题"})
    )
    status = django_filters.ChoiceFilter(label="状态", choices=ActivityStatus.choices, empty_label="全部状态")
    kind = django_filters.ChoiceFilter(label="类型", choices=ActivityKind.choices, empty_label="全部类型")
    form = django_filters.ModelChoiceFilter(label="协商形式", queryset=None, empty_label="全部形式")
    # A year the calendar can hold: year 0 or 10000 in a __year lookup is a server error, not "none".
    year = django_filters.NumberFilter(
        label="年度", field_name="starts_at", lookup_expr="year", min_value=1900, max_value=2999, decimal_places=0
    )

    class Meta:
        model = Activity
        fields = []

    search = _search(["title", "place", "plan_item__topic"])

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["form"].queryset = forms_for(request.user.committee_id) if request else None


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "标题、文号或议题"})
    )
    year = django_filters.NumberFilter(label="年度", min_value=1900, max_value=2999, decimal_places=0)
    status = django_filters.ChoiceFilter(label="状态", choices=PlanStatus.choices, empty_label="全部状态")

    class Meta:
        model = AnnualPlan
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(document_number__icontains=value) | Q(items__topic__icontains=value)
        ).distinct()


class DeliberationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "议政题目"}))
    status = django_filters.ChoiceFilter(label="状态", choices=DeliberationStatus.choices, empty_label="全部状态")

    class Meta:
        model = Deliberation
        fields = []

    search = _search(["title", "description"])


class OutcomeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "标题或活动名称"}))
    kind = django_filters.ChoiceFilter(label="类型", choices=OutcomeKind.choices, empty_label="全部类型")
    status = django_filters.ChoiceFilter(label="状态", choices=OutcomeStatus.choices, empty_label="全部状态")
    adoption = django_filters.ChoiceFilter(label="采纳情况", choices=[c for c in Adoption.choices if c[0]], empty_label="全部")

    class Meta:
        model = Outcome
        fields = []

    search = _search(["title", "activity__title", "deliberation__title"])
