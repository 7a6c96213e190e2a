"""The auditor's search: time range, user, action, result, address and object, plus one box that
looks in all the texts. Dates are whole local days turned into a range of the indexed time column
(a `__date` lookup would convert every row's time instead)."""

import ipaddress
from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc_portal.audit.models import Action, AuditEvent, Result

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _address_filter(value):
    """A whole address matches exactly; a partial one (\"10.8.\") as a prefix."""
    try:
        return Q(ip_address=str(ipaddress.ip_address(value)))
    except ValueError:
        return Q(ip_address__startswith=value)


class AuditEventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("搜索"), method="search", widget=forms.TextInput(attrs={"placeholder": "用户、姓名、对象或 IP 地址"})
    )
    since = django_filters.DateFilter(label=_("开始日期"), method="filter_since", widget=DATE_INPUT)
    until = django_filters.DateFilter(label=_("结束日期"), method="filter_until", widget=DATE_INPUT)
    user = django_filters.CharFilter(label=_("用户"), method="filter_user")
    action = django_filters.ChoiceFilter(label=_("操作"), choices=Action.choices, empty_label=_("全部操作"))
    result = django_filters.ChoiceFilter(label=_("结果"), choices=Result.choices, empty_label=_("全部结果"))
    ip = django_filters.CharFilter(label=_("IP 地址"), method="filter_ip")
    object_text = django_filters.CharFilter(label=_("对象"), lookup_expr="icontains")

    class Meta:
        model = AuditEvent
        fields = []

    def filter_since(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=start_of(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=start_of(value + timedelta(days=1)))

    def filter_user(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__iexact=value) | Q(user_display__icontains=value))

    def filter_ip(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(_address_filter(value)) if value else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value)
            | Q(user_display__icontains=value)
            | Q(object_text__icontains=value)
            | _address_filter(value)
        )
