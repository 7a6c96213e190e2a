"""Fixtures for the duty and scoring tests: a year, records made through the public interface,
self-recorded activities, an activity group with its convener, and a tiny JPEG."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.duty import duty_record_upsert
from members.models import ActivityGroup, DutyRecord, DutyStatus
from members.scoring_services import rule_set_for
from tests.factories import MemberFactory, SectorFactory

YEAR = timezone.localdate().year


def day(month, d=1, year=YEAR):
    return date(year, month, d)


@pytest.fixture
def year():
    return YEAR


@pytest.fixture
def rule_set(committee):
    """This year's rule set: DOMAIN.md defaults."""
    return rule_set_for(committee.pk, YEAR)


_seq = iter(range(1, 10**6))


def record(member, kind, on=None, *, source=None, **kw):
    """A record made by "another app" through members.duty (verified at once)."""
    return duty_record_upsert(
        source=source or f"tests.Thing:{next(_seq)}",
        member=member,
        kind=kind,
        occurred_on=on or day(1, 10),
        title=kw.pop("title", f"测试{kind}"),
        **kw,
    )


def activity(member, kind, on=None, *, status=DutyStatus.VERIFIED, quantity=1, title="联系界别群众"):
    """A self-recorded activity in a given verification state (written directly, no hooks)."""
    return DutyRecord.objects.create(
        committee=member.committee,
        member=member,
        term=member.term,
        kind=kind,
        occurred_on=on or day(1, 15),
        year=(on or day(1, 15)).year,
        title=title,
        quantity=quantity,
        status=status,
        recorded_by=member.user,
    )


@pytest.fixture
def group(committee, member_a, member_b):
    """第四委员活动组 with member_a as its convener and member_b as a member."""
    g = ActivityGroup.objects.create(committee=committee, name="第四委员活动组（民进、教育界）")
    g.members.set([member_a, member_b])
    g.conveners.set([member_a])
    return g


@pytest.fixture
def outsider(committee, roles):
    """A member of the same committee outside member_a's group."""
    return MemberFactory(user__committee=committee, user__full_name="赵外组", user__username="outsider")


@pytest.fixture
def other_sector(committee):
    return SectorFactory(committee=committee, name="医药卫生界")


def jpeg(name="photo.jpg", color=(180, 40, 40)):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
