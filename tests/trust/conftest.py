"""Fixtures for the 等保 account controls: two-factor login switched on (as in production),
authenticator devices with real keys, and helpers that log in through the real pages."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory


@pytest.fixture
def fast_hasher(settings):
    # The history check hashes a candidate against up to five old passwords; the algorithm is
    # beside the point here and PBKDF2 would make these tests crawl on a loaded machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def two_factor_on(settings):
    """Two-factor login as production has it (the development profile defaults it off).

    django-otp's per-device back-off (1 s, 2 s, 4 s… after wrong codes) is off here so that tests
    can enter codes in quick succession; test_two_factor_login tests it on its own."""
    settings.OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return settings


def code_for(device, steps_ahead=0):
    """The code the user's phone shows now (or `steps_ahead` 30-second steps later), computed from
    the device's key like an authenticator app does."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code_for(device):
    """A six-digit code the device accepts at no step within its tolerance."""
    near = {code_for(device, steps) for steps in range(-2, 3)}
    return next(f"{n:06d}" for n in range(100000, 1000000, 7919) if f"{n:06d}" not in near)


@pytest.fixture
def authenticator():
    def make(user):
        return TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=True)

    return make


def log_in(client, username, password=TEST_PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def page_text(response):
    return response.content.decode()


# 三员分立: the three administrators of the committee, none of them a superuser.
@pytest.fixture
def system_admin(roles, committee):
    return UserFactory(committee=committee, username="sys_admin", full_name="赵磊", roles=[Role.ADMIN], is_staff=True)


@pytest.fixture
def security_admin(roles, committee):
    return UserFactory(
        committee=committee, username="security_admin", full_name="冯建安", roles=[Role.SECURITY_ADMIN], is_staff=True
    )


@pytest.fixture
def auditor(roles, committee):
    return UserFactory(committee=committee, username="auditor", full_name="钱文静", roles=[Role.AUDIT_ADMIN])
