"""What the enrolment page shows, at login and from the two-factor settings page alike."""

from django.conf import settings

from cppcc_portal.accounts import two_factor
from cppcc_portal.accounts.qr import qr_svg


def enrolment_context(device):
    return {
        "qr": qr_svg(device.config_url, title=f"{settings.PORTAL_NAME} 两步验证二维码"),
        "secret": two_factor.secret_text(device),
        "account_label": f"{settings.OTP_TOTP_ISSUER}:{device.user.get_username()}",
    }
