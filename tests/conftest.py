"""Shared fixtures: named personas in two committees (alice/bob style), and Chromium settings."""

import os

import pytest
from django.conf import settings

from cppcc_portal.core.roles import sync_roles
from members.roles import Role
from tests.factories import (
    CommitteeFactory,
    HandlingUnitFactory,
    MemberFactory,
    SectorFactory,
    SessionFactory,
    SpecialCommitteeFactory,
    TermFactory,
    UserFactory,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Parallel test processes share one Redis: each keeps its own broker and cache keys.
_xdist = os.environ.get("PYTEST_XDIST_WORKER", "main")
settings.CACHES["default"]["KEY_PREFIX"] = f"test-{_xdist}"
os.environ["CACHE_KEY_PREFIX"] = f"test-{_xdist}"  # workers started by a test retire its cached pages
os.environ["CELERY_KEY_PREFIX"] = f"test-{_xdist}:"
if settings.CELERY_BROKER_URL.startswith("redis"):
    from cppcc_portal.celery import app as _celery_app

    _celery_app.conf.broker_transport_options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "global_keyprefix": f"test-{_xdist}:",
    }

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Reduced motion turns off Bootstrap's collapse and fade transitions: a click never lands on a
    # menu that is still sliding open.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai", "reduced_motion": "reduce"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Tests that commit (live server, worker) are cleaned up by TRUNCATE of every table, which the
    audit log's guard refuses: the test database alone lets it through. tests/trust/
    test_audit_database.py switches the guard back on inside its own transaction to test it."""
    from django.db import connection

    from cppcc_portal.audit.db_guard import allow_truncate_for_test_database

    with django_db_blocker.unblock():
        allow_truncate_for_test_database(connection)


@pytest.fixture
def roles(db):
    sync_roles()


@pytest.fixture
def committee(db):
    return CommitteeFactory(name="中国人民政治协商会议临江市委员会", short_name="临江市政协")


@pytest.fixture
def other_committee(db):
    return CommitteeFactory(name="中国人民政治协商会议远山市委员会", short_name="远山市政协")


@pytest.fixture
def term(committee):
    return TermFactory(committee=committee)


@pytest.fixture
def session(term):
    return SessionFactory(term=term)


@pytest.fixture
def sector(committee):
    return SectorFactory(committee=committee, name="教育界")


@pytest.fixture
def special_committee(committee):
    return SpecialCommitteeFactory(committee=committee, name="教科卫体委员会")


@pytest.fixture
def member_a(roles, committee, term, sector):
    return MemberFactory(user__committee=committee, user__full_name="李明华", user__username="member_a", phone="13905710818")


@pytest.fixture
def member_b(roles, committee, term, sector):
    return MemberFactory(user__committee=committee, user__full_name="王晓红", user__username="member_b", phone="13800001111")


@pytest.fixture
def member_staff(roles, committee):
    """委员工作人员 of the committee: manages member records."""
    return UserFactory(committee=committee, username="member_staff", full_name="孙丽萍", roles=[Role.MEMBER_AFFAIRS_STAFF])


@pytest.fixture
def proposal_staff(roles, committee):
    return UserFactory(committee=committee, username="proposal_staff", full_name="钱建军", roles=[Role.PROPOSAL_STAFF])


@pytest.fixture
def other_staff(roles, other_committee):
    """Staff of another committee: must see none of the first committee's data."""
    TermFactory(committee=other_committee)
    return UserFactory(
        committee=other_committee,
        username="other_staff",
        full_name="远山职员",
        roles=[Role.MEMBER_AFFAIRS_STAFF, Role.PROPOSAL_STAFF],
    )


@pytest.fixture
def unit_clerk(roles, committee):
    clerk = UserFactory(committee=committee, username="unit_clerk", full_name="吴海燕", roles=[Role.UNIT_CLERK])
    HandlingUnitFactory(committee=committee, name="市教育局", clerks=[clerk])
    return clerk


@pytest.fixture
def leader(roles, committee):
    return UserFactory(committee=committee, username="leader", full_name="陈志远", roles=[Role.LEADER])


@pytest.fixture
def admin_user(roles, committee):
    return UserFactory(
        committee=committee, username="sysadmin", full_name="赵磊", roles=[Role.ADMIN], is_staff=True, is_superuser=True
    )
