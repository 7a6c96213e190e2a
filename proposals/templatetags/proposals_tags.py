from django import template

register = template.Library()


@register.filter
def get_item_default(mapping, key):
    """{{ row|get_item_default:"A" }}: a dict value by a variable key (0 when absent)."""
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return 0
