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
