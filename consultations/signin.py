"""QR sign-in codes: signed (django.core.signing) and short-lived. The code names only the
activity; who signs in is always the logged-in member who opens it, so nobody can sign in for
another. A forged or altered code fails the signature; an old one is refused as expired."""

import segno
from django.core import signing
from django.urls import reverse

from consultations.errors import ConsultationError

SALT = "consultations.signin"


def signin_token(activity):
    return signing.dumps({"a": activity.pk}, salt=SALT)


def signin_url(request, activity):
    return request.build_absolute_uri(reverse("consultations:signin", args=[signin_token(activity)]))


def read_signin_token(token, *, max_age_seconds):
    """The activity pk the code was made for, or a refusal in Chinese."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age_seconds)
    except signing.SignatureExpired:
        raise ConsultationError("签到二维码已过期，请扫描会场屏幕上最新的二维码") from None
    except signing.BadSignature:
        raise ConsultationError("签到二维码无效，请扫描会场屏幕上的二维码") from None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        raise ConsultationError("签到二维码无效，请扫描会场屏幕上的二维码")
    return data["a"]


def qr_svg(url):
    """An inline SVG of the QR code (scales to the screen it is shown on)."""
    return segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True)
