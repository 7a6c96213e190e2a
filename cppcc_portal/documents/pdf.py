"""Helpers for building official-looking documents (GB/T 9704) from templates."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from cppcc_portal.core.chinese import cn_date


def font_stack(role):
    """CSS font-family for a role (title, body, heading, kai): a licensed file if configured, then Noto CJK."""
    families = []
    if role in settings.OFFICIAL_FONT_FILES:
        families.append(f'"portal-{role}"')
    families.append(f'"{settings.OFFICIAL_FONTS[role]}"')
    families.append('"Noto Serif CJK SC"' if role != "heading" else '"Noto Sans CJK SC"')
    return ", ".join(dict.fromkeys(families))


def official_context(**extra):
    fonts = {role: font_stack(role) for role in settings.OFFICIAL_FONTS}
    font_faces = {role: Path(path).as_uri() for role, path in settings.OFFICIAL_FONT_FILES.items()}
    return {"fonts": fonts, "font_faces": font_faces, "cn_date": cn_date, **extra}


def render_official(template, context):
    return render_to_string(template, official_context(**context))
