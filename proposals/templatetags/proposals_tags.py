from django import template

register = template.Library()


@register.filter
def get_item_default(mapping, key):
    """{{ row|get_item_default:"A" }}: a dict value by a variable key (0 when absent)."""
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return 0


@register.filter
def pct(value):
    """12.5 → "12.5%"; None (nothing to divide by) → "—"."""
    return "—" if value is None else f"{value}%"


@register.filter(needs_autoescape=True)
def paragraphs(text, autoescape=True):
    """Each line of a proposal or reply as its own paragraph (first line indented by CSS)."""
    from django.utils.html import conditional_escape, format_html_join

    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
    escape = conditional_escape if autoescape else (lambda s: s)
    return format_html_join("", "<p>{}</p>", ((escape(line),) for line in lines)) if lines else "—"
