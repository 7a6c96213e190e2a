"""The fields of a list page's filter form, laid out as crispy-bootstrap5 lays them out.

Every list page renders its filter form on every view, and crispy renders each field and each
<option> through several templates (about 3 ms a field, most of a list page's rendering). The
filters use only text-like inputs and single selects, so this builds the same markup directly.
Anything else falls back to crispy."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Classes crispy-bootstrap5 gives each widget (kept so the pages look and test the same).
INPUT_CLASSES = {
    "text": "textinput form-control",
    "number": "numberinput form-control",
    "date": "dateinput form-control",
    "search": "textinput form-control",
}


def _options(widget, choices, value):
    if isinstance(value, bool):  # django-filter's BooleanWidget maps True/False to its "true"/"false" choices
        value = "true" if value else "false"
    selected = set(widget.format_value(value))
    parts = []
    for option_value, label in choices:
        option_value = "" if option_value is None else str(option_value)
        parts.append(
            format_html(
                '<option value="{}"{}>{}</option>',
                option_value,
                mark_safe(" selected") if option_value in selected else "",
                label,
            )
        )
    return mark_safe("".join(parts))


def _widget(bound, invalid):
    widget = bound.field.widget
    extra = " is-invalid" if invalid else ""
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        choices = list(iter(widget.choices))  # iter(): list() would ask a ModelChoiceIterator for len(), a COUNT query
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return None  # option groups: leave them to crispy
        attrs = widget.build_attrs(widget.attrs, {"name": bound.html_name, "class": "select form-select" + extra})
        if bound.auto_id:
            attrs["id"] = bound.auto_id
        return format_html("<select{}>{}</select>", flatatt(attrs), _options(widget, choices, bound.value()))
    input_type = getattr(widget, "input_type", None)
    if input_type in INPUT_CLASSES and not isinstance(widget, forms.CheckboxInput):
        attrs = widget.build_attrs(widget.attrs, {"type": input_type, "name": bound.html_name})
        attrs["class"] = " ".join(filter(None, [widget.attrs.get("class"), INPUT_CLASSES[input_type]])) + extra
        value = widget.format_value(bound.value())
        if value is not None:
            attrs["value"] = value
        if bound.auto_id:
            attrs["id"] = bound.auto_id
        return format_html("<input{}>", flatatt(attrs))
    return None


@register.filter
def filter_field(bound):
    invalid = bool(bound.form.is_bound and bound.errors)
    widget = _widget(bound, invalid)
    if widget is None:
        return as_crispy_field(bound)
    label = format_html('<label for="{}" class="form-label">{}</label>', bound.auto_id, bound.label) if bound.label else ""
    errors = "".join(
        format_html('<div class="invalid-feedback d-block"><strong>{}</strong></div>', conditional_escape(e))
        for e in bound.errors
    )
    help_text = format_html('<div class="form-text">{}</div>', bound.help_text) if bound.help_text else ""
    return format_html('<div id="div_{}" class="mb-3">{}{}{}{}</div>', bound.auto_id, label, widget, mark_safe(errors), help_text)
