"""The filter form of list pages: crispy's Bootstrap markup, built without crispy's templates."""

import django_filters
from django import forms
from django.template import Context, Template

from members.models import Sector
from tests.factories import SectorFactory


class SampleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="noop", widget=forms.TextInput(attrs={"placeholder": "姓名"}))
    status = django_filters.ChoiceFilter(
        label="状态", choices=[("draft", "草稿"), ("done", "已完成")], empty_label="全部状态", method="noop"
    )
    sector = django_filters.ModelChoiceFilter(label="界别", queryset=Sector.objects.order_by("name"), method="noop")
    is_key = django_filters.BooleanFilter(label="重点", widget=django_filters.widgets.BooleanWidget(), method="noop")
    since = django_filters.DateFilter(label="起始日期", method="noop", widget=forms.DateInput(attrs={"type": "date"}))

    def noop(self, queryset, name, value):
        return queryset


def render(data):
    f = SampleFilter(data or None, queryset=Sector.objects.all())
    return Template("{% load filter_fields %}{% for field in f.form %}{{ field|filter_field }}{% endfor %}").render(
        Context({"f": f})
    )


def test_fields_keep_labels_values_and_the_selected_option(committee, django_assert_num_queries):
    education = SectorFactory(committee=committee, name="教育界")
    SectorFactory(committee=committee, name="经济界")
    # validating the chosen sector, then the options once: no COUNT for the iterator's length
    with django_assert_num_queries(2):
        html = render({"q": "李<明>", "status": "done", "sector": str(education.pk), "is_key": "true"})
    assert '<label for="id_q" class="form-label">搜索</label>' in html
    assert 'class="textinput form-control"' in html and 'placeholder="姓名"' in html and 'value="李&lt;明&gt;"' in html
    assert '<option value="done" selected>已完成</option>' in html and '<option value="">全部状态</option>' in html
    assert f'<option value="{education.pk}" selected>教育界</option>' in html
    assert '<option value="true" selected>' in html
    assert 'class="select form-select"' in html and 'id="div_id_sector"' in html
    assert 'type="date"' in html and 'class="dateinput form-control"' in html


def test_a_bad_value_is_marked_with_its_chinese_message(committee):
    html = render({"status": "nonsense", "since": "2026-13-45"})
    assert html.count("is-invalid") == 2
    assert "nonsense 不在可用的选项中" in html
    assert "输入一个有效的日期" in html
