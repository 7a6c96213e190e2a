from django import template

register = template.Library()

STATUS_COLOURS = {
    "draft": "secondary",
    "received": "info",
    "editing": "primary",
    "signed_off": "warning",
    "issued": "success",
    "sent": "success",
    "returned": "danger",
    "merged": "secondary",
    "queued": "secondary",
}


@register.inclusion_tag("sentiment/_status.html")
def report_status(report):
    return {"code": report.status, "label": report.get_status_display(), "colour": STATUS_COLOURS.get(report.status, "secondary")}


@register.filter
def dict_get(mapping, key):
    return mapping.get(key)
