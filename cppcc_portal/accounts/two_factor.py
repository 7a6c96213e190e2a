"""Two-factor login with django-otp: a TOTP authenticator app, plus static backup codes for a
lost phone. One function per action; views only call these."""

import re
from base64 import b32encode

import django_otp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc_portal.accounts.signals import two_factor_reset
from cppcc_portal.accounts.single_session import end_all_sessions

TOTP_NAME = "手机验证器"
BACKUP_NAME = "备用验证码"
TOTP_CODE = re.compile(r"^\d{6}$")


class TwoFactorError(Exception):
    """An action that is not allowed now; the message is shown to the user."""


def is_required_for(user):
    """Must this user enter a code at login? Admin-site users and the roles in OTP_REQUIRED_ROLES."""
    if not settings.OTP_REQUIRED:
        return False
    return user.is_staff or user.is_superuser or user.has_role(*settings.OTP_REQUIRED_ROLES)


def authenticator_of(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remaining_backup_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrolment_device(user):
    """The not-yet-confirmed authenticator being set up: the same one (and so the same QR code)
    until it is confirmed, so reloading the page does not invalidate a scanned code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def secret_text(device):
    """The key in base32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def normalise(code):
    return re.sub(r"[\s-]", "", code or "").lower()


def confirm_enrolment(device, code):
    """Confirm the authenticator with its first code; returns new backup codes, or None when the
    code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(normalise(code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        return new_backup_codes(device.user)


def new_backup_codes(user):
    """Replace the user's backup codes; the list is shown once and never again."""
    count = settings.OTP_BACKUP_CODE_COUNT
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _i in range(count)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def login_device_for(user, code):
    """The device a login code is meant for: six digits for the authenticator, else a backup code."""
    model = TOTPDevice if TOTP_CODE.match(normalise(code)) else StaticDevice
    return model.objects.filter(user=user, confirmed=True).first()


def check_not_throttled(device):
    """django-otp makes a device wait longer after each wrong code (1 s, 2 s, 4 s, …); say how long."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return
    until = (info or {}).get("locked_until")
    seconds = max(1, int((until - timezone.now()).total_seconds())) if until else 1
    raise TwoFactorError(_("错误次数较多，请 %(seconds)d 秒后再试。") % {"seconds": seconds})


def verify_login_code(user, device, code):
    """The device that accepted the code, or None. Runs in django-otp's locked transaction, so a
    code is accepted once even when two requests race."""
    return django_otp.verify_token(user, device.persistent_id, normalise(code))


def disable(user):
    """A member switches two-factor login off; roles that require it cannot."""
    if is_required_for(user):
        raise TwoFactorError(_("您的角色要求使用两步验证，不能关闭。"))
    _delete_devices(user)


def reset(user, by, request=None):
    """A security administrator removes a user's devices (lost phone): the user's sessions end, and
    the next login leads them through enrolment again."""
    if user.pk == by.pk:
        raise TwoFactorError(_("不能重置自己的两步验证，请由另一位管理员操作。"))
    # One transaction with the audit event the signal writes: no reset goes unrecorded.
    with transaction.atomic():
        _delete_devices(user)
        end_all_sessions(user)
        two_factor_reset.send(sender=reset, user=user, by=by, request=request)


def _delete_devices(user):
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
