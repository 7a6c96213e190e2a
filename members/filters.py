import django_filters
from django import forms
from django.db.models import Q

from members.models import Member, MemberStatus, Party, Sector, SpecialCommittee


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "姓名、工作单位或职务"})
    )
    sector = django_filters.ModelChoiceFilter(label="界别", queryset=Sector.objects.none(), empty_label="全部界别")
    special_committee = django_filters.ModelChoiceFilter(
        label="专委会", field_name="special_committees", queryset=SpecialCommittee.objects.none(), empty_label="全部专委会"
    )
    party = django_filters.ChoiceFilter(label="党派", choices=Party.choices, empty_label="全部党派")
    status = django_filters.ChoiceFilter(label="状态", choices=MemberStatus.choices, empty_label="全部状态")
    is_standing = django_filters.BooleanFilter(label="常委", widget=django_filters.widgets.BooleanWidget())

    class Meta:
        model = Member
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        committee_id = request.user.committee_id if request else None
        self.filters["sector"].queryset = Sector.objects.filter(committee_id=committee_id)
        self.filters["special_committee"].queryset = SpecialCommittee.objects.filter(committee_id=committee_id)
        self.form.fields["is_standing"].widget.choices = [("", "全部"), ("true", "是"), ("false", "否")]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(user__full_name__icontains=value) | Q(workplace__icontains=value) | Q(post__icontains=value))
