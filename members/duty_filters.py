import django_filters
from django import forms
from django.db.models import Q

from members.models import (
    SELF_RECORDED_KINDS,
    ActivityGroup,
    DutyRecord,
    DutyStatus,
    MemberScore,
    MemberStatus,
    Sector,
    SpecialCommittee,
)
from members.permissions import can_view_all_duty, convened_group_ids


class _YearFilterMixin:
    """`year` is applied by the view (it picks the rule set too); here it only shows in the form."""

    def filter_nothing(self, queryset, name, value):
        return queryset


class ScoreFilter(_YearFilterMixin, django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label="年度", method="filter_nothing", empty_label=None)
    q = django_filters.CharFilter(label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "姓名或工作单位"}))
    sector = django_filters.ModelChoiceFilter(
        label="界别", field_name="member__sector", queryset=Sector.objects.none(), empty_label="全部界别"
    )
    group = django_filters.ModelChoiceFilter(
        label="活动组", field_name="member__activity_groups", queryset=ActivityGroup.objects.none(), empty_label="全部活动组"
    )
    special_committee = django_filters.ModelChoiceFilter(
        label="专委会",
        field_name="member__special_committees",
        queryset=SpecialCommittee.objects.none(),
        empty_label="全部专委会",
    )
    grade = django_filters.ChoiceFilter(label="等次", choices=[], empty_label="全部等次")
    is_standing = django_filters.BooleanFilter(
        label="常委", field_name="member__is_standing", widget=django_filters.widgets.BooleanWidget()
    )
    status = django_filters.ChoiceFilter(
        label="委员状态", field_name="member__status", choices=MemberStatus.choices, empty_label="全部状态"
    )

    class Meta:
        model = MemberScore
        fields = []

    def __init__(self, *args, request=None, years=(), grades=(), **kwargs):
        super().__init__(*args, request=request, **kwargs)
        committee_id = request.user.committee_id if request else None
        self.filters["sector"].queryset = Sector.objects.filter(committee_id=committee_id)
        groups = ActivityGroup.objects.filter(committee_id=committee_id)
        if request is not None and not can_view_all_duty(request.user):
            groups = groups.filter(pk__in=convened_group_ids(request.user))  # a convener: their own groups
        self.filters["group"].queryset = groups
        self.filters["special_committee"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)
        self.filters["grade"].extra["choices"] = [(g, g) for g in grades]
        self.filters["year"].extra["choices"] = [(str(y), f"{y}年") for y in years]
        self.form.fields["is_standing"].widget.choices = [("", "全部"), ("true", "是"), ("false", "否")]
        self.form.fields["status"].initial = MemberStatus.SERVING

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(member__user__full_name__icontains=value) | Q(member__workplace__icontains=value))


class DutyRecordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "委员姓名、主题或地点"})
    )
    status = django_filters.ChoiceFilter(label="审核状态", choices=DutyStatus.choices, empty_label="全部状态")
    kind = django_filters.ChoiceFilter(
        label="类型", choices=[(k.value, k.label) for k in SELF_RECORDED_KINDS], empty_label="全部类型"
    )
    sector = django_filters.ModelChoiceFilter(
        label="界别", field_name="member__sector", queryset=Sector.objects.none(), empty_label="全部界别"
    )
    year = django_filters.ChoiceFilter(label="年度", field_name="year", choices=[], empty_label="全部年度")

    class Meta:
        model = DutyRecord
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        committee_id = request.user.committee_id if request else None
        self.filters["sector"].queryset = Sector.objects.filter(committee_id=committee_id)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(member__user__full_name__icontains=value) | Q(title__icontains=value) | Q(place__icontains=value)
        )
