"""The enrolment QR code, drawn on the server with segno as inline SVG: no image request, no
script, nothing sent to a third party (the secret stays on the page)."""

import segno
from django.utils.safestring import mark_safe


def qr_svg(text, title):
    # segno escapes the title; the path data is digits and letters only, so the markup is safe.
    svg = segno.make(text, error="m").svg_inline(scale=5, border=2, title=title, svgclass="otp-qr")
    return mark_safe(svg)
