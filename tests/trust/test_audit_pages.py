"""The auditor's pages: search, filter, page through and export the log (the export is itself
recorded), open one event. Nobody else may: not the system or security administrator, not a
superuser; and the log is not in the Django admin."""

import io
from datetime import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cppcc_portal.audit.models import Action, AuditEvent, Result
from cppcc_portal.audit.permissions import events_visible_to
from members.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def at(day, hour=10):
    return timezone.make_aware(datetime(2026, 3, day, hour, 0))


@pytest.fixture
def log(committee, other_committee, member_staff):
    """A few days of events in the auditor's committee, one elsewhere and one of no committee."""
    make = AuditEvent.objects.create
    return {
        "export": make(
            occurred_at=at(2),
            user=member_staff,
            username="member_staff",
            user_display="孙丽萍",
            committee=committee,
            ip_address="10.8.1.23",
            action=Action.EXPORT,
            object_text="委员名单",
            detail={"rows": 351},
        ),
        "failed": make(
            occurred_at=at(3, 23),
            username="zhaolei",
            committee=committee,
            ip_address="192.168.7.40",
            action=Action.LOGIN_FAILED,
            result=Result.FAILURE,
            object_text="zhaolei",
            detail={"reason": "wrong_password"},
        ),
        "change": make(
            occurred_at=at(4),
            username="proposal_staff",
            user_display="钱建军",
            committee=committee,
            ip_address="10.8.1.24",
            action=Action.STATE_CHANGE,
            object_text="关于推进城乡义务教育优质均衡发展的建议",
            detail={"fields": ["status"], "status": "已立案"},
        ),
        "elsewhere": make(
            occurred_at=at(4), username="other_staff", committee=other_committee, action=Action.LOGIN, object_text="远山职员"
        ),
        "nobody": make(
            occurred_at=at(5),
            username="ghost",
            ip_address="203.0.113.9",
            action=Action.LOGIN_FAILED,
            result=Result.FAILURE,
            object_text="ghost",
        ),
    }


def shown(client, log, query=""):
    """Which of the fixture's events the list shows for this query."""
    page = client.get(f"/audit/{query}").content.decode()
    return {name for name, event in log.items() if f'href="/audit/{event.pk}/"' in page}


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def test_the_auditor_sees_their_committees_events_and_those_of_no_committee(auditor_client, log):
    page = auditor_client.get("/audit/").content.decode()
    assert "安全审计日志" in page and "委员名单" in page and "孙丽萍" in page and "10.8.1.23" in page
    assert shown(auditor_client, log) == {"export", "failed", "change", "nobody"}
    assert auditor_client.get(f"/audit/{log['elsewhere'].pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?since=2026-03-03&until=2026-03-04", {"failed", "change"}),  # whole local days, 23:00 included
        ("?until=2026-03-02", {"export"}),
        ("?user=member_staff", {"export"}),
        ("?user=钱建", {"change"}),
        ("?action=login_failed", {"failed", "nobody"}),
        ("?result=failure", {"failed", "nobody"}),
        ("?ip=10.8.1.23", {"export"}),
        ("?ip=10.8.", {"export", "change"}),
        ("?object_text=义务教育", {"change"}),
        ("?q=192.168.7.40", {"failed"}),
        ("?q=zhaolei", {"failed"}),
        ("?q=孙丽", {"export"}),
        ("?action=login_failed&since=2026-03-05", {"nobody"}),
    ],
)
def test_the_auditor_filters_and_searches(auditor_client, log, query, expected):
    assert shown(auditor_client, log, query) == expected


def test_a_bad_date_is_said_in_chinese(auditor_client, log):
    page = auditor_client.get("/audit/?since=2026-02-30").content.decode()
    assert "输入一个有效的日期" in page


def test_the_auditor_exports_and_the_export_is_recorded(auditor_client, auditor, log):
    response = auditor_client.get("/audit/?result=failure&export=xlsx", REMOTE_ADDR="10.8.9.9")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:6] == ("时间", "用户名", "姓名", "IP 地址", "操作", "对象类型")
    assert [(r[1], r[3], r[4], r[8]) for r in rows[1:]] == [
        ("ghost", "203.0.113.9", "登录失败", "失败"),
        ("zhaolei", "192.168.7.40", "登录失败", "失败"),
    ]
    assert rows[2][0] == datetime(2026, 3, 3, 23, 0) and '"reason": "wrong_password"' in rows[2][9]
    export = AuditEvent.objects.filter(action=Action.EXPORT, user=auditor).get()
    assert export.object_text == "安全审计日志" and export.ip_address == "10.8.9.9"
    assert export.detail == {"rows": 2, "page": "/audit/?result=failure&export=xlsx"}


def test_the_auditor_opens_one_event(auditor_client, log):
    page = auditor_client.get(f"/audit/{log['change'].pk}/").content.decode()
    assert "状态变更" in page and "钱建军" in page and "10.8.1.24" in page and "关于推进城乡义务教育优质均衡发展的建议" in page
    assert "&quot;status&quot;: &quot;已立案&quot;" in page


def test_the_list_has_a_fixed_number_of_queries(auditor_client, auditor, log, committee, django_assert_max_num_queries):
    auditor_client.get("/audit/")  # warm the per-process caches (content types)
    with django_assert_max_num_queries(10) as few:
        auditor_client.get("/audit/")
    AuditEvent.objects.bulk_create(
        AuditEvent(committee=committee, username=f"wy{i:04d}", action=Action.LOGIN, object_text=f"委员{i}") for i in range(60)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = auditor_client.get("/audit/").content.decode()
    total = events_visible_to(auditor).count()
    assert total > 60 and f"共 {total} 条，第 1/2 页" in page and page.count('<td><a href="/audit/') == 50


def test_the_navigation_shows_the_log_to_the_auditor_only(client, auditor, system_admin):
    client.force_login(auditor)
    assert 'href="/audit/"' in client.get("/").content.decode()
    client.force_login(system_admin)
    assert 'href="/audit/"' not in client.get("/").content.decode()


def test_everyone_else_is_refused(client, log, system_admin, security_admin, admin_user, proposal_staff, roles, committee):
    superuser_auditor = UserFactory(committee=committee, roles=[Role.AUDIT_ADMIN], is_superuser=True, is_staff=True)
    event = log["export"]
    for user in [system_admin, security_admin, admin_user, superuser_auditor, proposal_staff]:
        client.force_login(user)
        for url in ["/audit/", f"/audit/{event.pk}/", "/audit/?export=xlsx"]:
            response = client.get(url)
            assert response.status_code == 403, (user.username, url)
            assert "委员名单" not in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.EXPORT, object_text="安全审计日志").exists()


def test_the_log_is_not_in_the_admin(client, admin_user):
    client.force_login(admin_user)  # a superuser sees every registered model
    assert client.get("/admin/audit/auditevent/").status_code == 404
    assert "安全审计" not in client.get("/admin/").content.decode()
