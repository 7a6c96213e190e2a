"""Home page, notifications, health check, change history, demo data."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError

import cppcc_portal.core.views as core_views
from cppcc_portal.notifications.models import Notification
from cppcc_portal.notifications.services import notify
from members.models import Member


def test_home_is_the_workbench_with_todos(client, member_a):
    notify(member_a.user, "您有一条联名邀请", url="/notifications/")
    client.force_login(member_a.user)
    page = client.get("/").content.decode()
    assert '<h1 class="h4 mb-0">我的工作台</h1>' in page
    assert "未读通知" in page and "您有一条联名邀请" in page
    assert 'id="unread-count">1<' in page


def test_workbench_empty_state(client, leader):
    client.force_login(leader)
    assert "暂无待办事项" in client.get("/").content.decode()


def test_notification_centre_marks_read(client, member_a):
    first, second = notify(member_a.user, "提案已立案", url="/members/me/"), notify(member_a.user, "答复已送达")
    client.force_login(member_a.user)
    page = client.get("/notifications/").content.decode()
    assert "提案已立案" in page and "答复已送达" in page
    response = client.get(f"/notifications/{first[0].pk}/open/")
    assert response["Location"] == "/members/me/"
    assert Notification.objects.get(pk=first[0].pk).read_at is not None
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=member_a.user, read_at__isnull=True).exists()
    assert second[0].pk


def test_notification_of_another_user_is_not_found(client, member_a, member_b):
    note = notify(member_a.user, "私人通知")[0]
    client.force_login(member_b.user)
    assert client.get(f"/notifications/{note.pk}/open/").status_code == 404


def test_notification_never_redirects_off_site(client, member_a):
    note = notify(member_a.user, "外链", url="https://evil.example.com/")[0]
    client.force_login(member_a.user)
    assert client.get(f"/notifications/{note.pk}/open/")["Location"] == "/notifications/"


def test_healthz_ok_and_unhealthy(client, db, monkeypatch):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.json() == {"database": "ok", "broker": "ok", "status": "ok"}

    from cppcc_portal.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok" and body["broker"].startswith("error") and "消息队列" in body["message"]
    monkeypatch.undo()

    def db_down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(core_views, "_check_database", db_down)
    body = client.get("/healthz/").json()
    assert body["database"].startswith("error") and "数据库" in body["message"]


def test_change_history_records_who_changed_what(client, member_staff, member_a, special_committee):
    member_a.workplace = "临江大学"
    member_a.save()
    assert member_a.history.count() == 2
    assert member_a.history.first().workplace == "临江大学"
    # changes made through a page are attributed to the user who made them
    from tests.foundation.test_member_import import GOOD, sheet

    client.force_login(member_staff)
    client.post("/members/import/", {"file": sheet(GOOD[:1])})
    imported = Member.objects.get(user__username="zhangsan")
    assert imported.history.first().history_user == member_staff


def test_seed_demo_twice_leaves_the_same_rows(db, settings):
    from django.apps import apps

    def snapshot():
        data = {}
        for model in apps.get_models():
            if model._meta.app_label in {"sessions", "admin", "axes", "contenttypes"}:
                continue
            rows = list(model.objects.order_by("pk").values_list())
            data[model._meta.label] = rows
        return data

    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    second = snapshot()
    assert first.keys() == second.keys()
    changed = [label for label in first if first[label] != second[label]]
    assert changed == []
    from members.models import HandlingUnit, Sector, SpecialCommittee, User

    city = Member.objects.get(user__username="member").committee
    assert Member.objects.filter(committee=city).count() >= 350
    assert Sector.objects.filter(committee=city).count() >= 15
    assert SpecialCommittee.objects.filter(committee=city).count() >= 8
    assert HandlingUnit.objects.filter(committee=city).count() >= 30
    for username in ["admin", "security", "auditor", "staff", "member", "unit", "editor", "leader"]:
        user = User.objects.get(username=username)
        assert user.check_password("cppcc-demo") and user.role_names
    # 三员分立: three administrators, none a superuser, each with one of the three roles.
    admins = {u.username: (u.role_names, u.is_staff) for u in User.objects.filter(username__in=["admin", "security", "auditor"])}
    assert admins == {
        "admin": ({"系统管理员"}, True),
        "security": ({"安全管理员"}, True),
        "auditor": ({"审计管理员"}, False),
    }
    assert not User.objects.filter(is_superuser=True).exists()


def test_seed_demo_refuses_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="生产环境"):
        call_command("seed_demo", verbosity=0)
    assert not Member.objects.exists()


def test_favicon_is_served_to_anyone(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.svg"
