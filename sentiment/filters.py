import django_filters
from django import forms
from django.db.models import Q

from cppcc_portal.core.search import fulltext_filter
from members.models import Committee, Sector
from sentiment.models import (
    Adoption,
    AdoptionLevel,
    Bulletin,
    BulletinKind,
    BulletinStatus,
    LeaderComment,
    LeaderLevel,
    Report,
    ReportCategory,
    ReportSource,
    ReportStatus,
)


def _years():
    from django.utils import timezone

    this = timezone.localdate().year
    return [(y, f"{y}年") for y in range(this, this - 6, -1)]


class _Search(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "标题、正文关键词"})
    )

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(pk__in=fulltext_filter(Report.objects.all(), "search_text", value).values("pk")) | Q(title__icontains=value)
        )


class ReportFilter(_Search):
    status = django_filters.ChoiceFilter(
        label="状态", choices=[c for c in ReportStatus.choices if c[0] != ReportStatus.DRAFT], empty_label="全部状态"
    )
    category = django_filters.ModelChoiceFilter(label="类别", queryset=ReportCategory.objects.none(), empty_label="全部类别")
    source = django_filters.ChoiceFilter(label="来源", choices=ReportSource.choices, empty_label="全部来源")
    from_committee = django_filters.ModelChoiceFilter(label="下级政协", queryset=Committee.objects.none(), empty_label="全部")
    sector = django_filters.ModelChoiceFilter(label="界别", queryset=Sector.objects.none(), empty_label="全部界别")
    year = django_filters.ChoiceFilter(label="年度", choices=_years, method="by_year", empty_label="全部年度")

    class Meta:
        model = Report
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        committee_id = request.user.committee_id if request else None
        self.filters["category"].queryset = ReportCategory.objects.filter(committee_id=committee_id)
        lower = Committee.objects.filter(parent_id=committee_id)
        self.filters["from_committee"].queryset = lower
        if not lower.exists():
            del self.filters["from_committee"]
        self.filters["sector"].queryset = Sector.objects.filter(committee_id=committee_id)

    def by_year(self, queryset, name, value):
        return queryset.filter(submitted_at__year=int(value)) if value else queryset


class MyReportFilter(_Search):
    status = django_filters.ChoiceFilter(label="状态", choices=ReportStatus.choices, empty_label="全部状态")
    year = django_filters.ChoiceFilter(label="年度", choices=_years, method="by_year", empty_label="全部年度")

    class Meta:
        model = Report
        fields = []

    def by_year(self, queryset, name, value):
        return queryset.filter(created_at__year=int(value)) if value else queryset


class BulletinFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "本期信息标题"}))
    year = django_filters.ChoiceFilter(label="年度", choices=_years, empty_label="全部年度")
    status = django_filters.ChoiceFilter(label="状态", choices=BulletinStatus.choices, empty_label="全部状态")
    kind = django_filters.ChoiceFilter(label="刊物", choices=BulletinKind.choices, empty_label="全部刊物")

    class Meta:
        model = Bulletin
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(pk__in=Report.objects.filter(title__icontains=value, bulletin__isnull=False).values("bulletin_id"))


class AdoptionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "信息标题"}))
    level = django_filters.ChoiceFilter(label="采用级别", choices=AdoptionLevel.choices, empty_label="全部级别")
    year = django_filters.ChoiceFilter(label="年度", choices=_years, method="by_year", empty_label="全部年度")

    class Meta:
        model = Adoption
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(report__title__icontains=value.strip()) if value.strip() else queryset

    def by_year(self, queryset, name, value):
        return queryset.filter(adopted_on__year=int(value)) if value else queryset


class CommentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", widget=forms.TextInput(attrs={"placeholder": "标题、领导或批示内容"})
    )
    level = django_filters.ChoiceFilter(label="批示级别", choices=LeaderLevel.choices, empty_label="全部级别")
    year = django_filters.ChoiceFilter(label="年度", choices=_years, method="by_year", empty_label="全部年度")

    class Meta:
        model = LeaderComment
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(report__title__icontains=value) | Q(leader__icontains=value) | Q(text__icontains=value))

    def by_year(self, queryset, name, value):
        return queryset.filter(commented_on__year=int(value)) if value else queryset
