"""`{% history_link record %}`: the 修改记录 button, shown only to those the history page admits."""

from django import template
from django.urls import reverse

from cppcc_portal.history.kinds import kind_of

register = template.Library()


@register.inclusion_tag("history/_link.html", takes_context=True)
def history_link(context, record):
    kind = kind_of(record)
    request = context.get("request")
    allowed = kind is not None and request is not None and kind.is_staff(request.user, record)
    return {"url": reverse("history:record", args=[kind.key, record.pk]) if allowed else ""}
