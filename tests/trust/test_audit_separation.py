"""三员分立: the system, security and audit administrators are three different accounts; the
system administrator cannot grant the other two roles nor take over their accounts; the security
administrator grants roles but edits no account data; nobody changes their own roles."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from members.models import User
from members.roles import Role
from tests.foundation.test_settings import SETUP, run_python
from tests.members.test_rules_page import form_data
from tests.trust.conftest import page_text

pytestmark = pytest.mark.django_db
EXCLUSIVE = "三员分立：系统管理员、安全管理员、审计管理员须由不同账号担任"


def group(role):
    return Group.objects.get(name=role)


def role_names(user):
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def post_roles(client, target, roles, **changes):
    """Submit the admin's change form of `target` as the browser would, with these roles."""
    url = f"/admin/members/user/{target.pk}/change/"
    data = form_data(client.get(url).content.decode(), "user_form")
    data["groups"] = [str(group(role).pk) for role in roles]
    data.update({name: [value] for name, value in changes.items()})
    data["_save"] = ["保存"]
    return client.post(url, data)


def test_an_account_cannot_hold_two_administrator_roles(system_admin, auditor):
    # (each in a savepoint: the refused add rolls back the transaction it runs in)
    with pytest.raises(ValidationError, match=EXCLUSIVE), transaction.atomic():
        system_admin.groups.add(group(Role.AUDIT_ADMIN))
    with pytest.raises(ValidationError, match="系统管理员、审计管理员"), transaction.atomic():
        group(Role.ADMIN).user_set.add(auditor)
    assert role_names(system_admin) == {"系统管理员"} and role_names(auditor) == {"审计管理员"}
    system_admin.groups.add(group(Role.LEADER))  # any other role may go with it
    assert role_names(system_admin) == {"系统管理员", "领导"}


def test_the_admin_form_refuses_two_administrator_roles_in_chinese(client, security_admin, system_admin):
    client.force_login(security_admin)
    response = post_roles(client, system_admin, [Role.ADMIN, Role.AUDIT_ADMIN])
    text = page_text(response)
    assert response.status_code == 200 and "一个账号不能同时担任系统管理员、审计管理员" in text
    # The form comes back with the roles as chosen, to be corrected.
    chosen = form_data(text, "user_form")["groups"]
    assert sorted(chosen) == sorted([str(group(Role.ADMIN).pk), str(group(Role.AUDIT_ADMIN).pk)])
    assert role_names(system_admin) == {"系统管理员"}


def test_the_security_administrator_grants_and_revokes_roles(client, security_admin, leader, auditor):
    client.force_login(security_admin)
    assert post_roles(client, leader, [Role.LEADER, Role.PROPOSAL_STAFF]).status_code == 302
    assert role_names(leader) == {"领导", "提案工作人员"}
    assert post_roles(client, auditor, []).status_code == 302
    assert role_names(auditor) == set()


def test_the_system_administrator_cannot_grant_the_audit_or_security_role(client, system_admin, leader):
    client.force_login(system_admin)
    for role, name in [(Role.AUDIT_ADMIN, "审计管理员"), (Role.SECURITY_ADMIN, "安全管理员"), (Role.ADMIN, "系统管理员")]:
        response = post_roles(client, leader, [Role.LEADER, role])
        assert f"三员分立：系统管理员不能授予或撤销{name}角色，请由安全管理员办理。" in page_text(response)
        assert role_names(leader) == {"领导"}
    # Business roles remain the system administrator's to grant.
    assert post_roles(client, leader, [Role.LEADER, Role.PROPOSAL_STAFF]).status_code == 302
    assert role_names(leader) == {"领导", "提案工作人员"}


def test_the_system_administrator_cannot_take_over_the_other_administrators(client, system_admin, auditor, security_admin):
    client.force_login(system_admin)
    for target in [auditor, security_admin]:
        assert client.get(f"/admin/members/user/{target.pk}/password/").status_code == 403
        page = page_text(client.get(f"/admin/members/user/{target.pk}/change/"))
        assert 'name="full_name"' not in page and 'name="groups"' not in page and "password/" not in page
        response = client.post(f"/admin/members/user/{target.pk}/change/", {"full_name": "改名", "is_active": ""})
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.is_active and target.full_name != "改名"
        assert client.post(f"/admin/members/user/{target.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk__in=[auditor.pk, security_admin.pk]).count() == 2


def test_the_system_administrator_still_manages_ordinary_accounts(client, system_admin, leader):
    client.force_login(system_admin)
    page = page_text(client.get(f"/admin/members/user/{leader.pk}/change/"))
    assert 'name="full_name"' in page and 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    assert post_roles(client, leader, [Role.LEADER], full_name="陈志远（退休）").status_code == 302
    leader.refresh_from_db()
    assert leader.full_name == "陈志远（退休）"
    assert client.get(f"/admin/members/user/{leader.pk}/password/").status_code == 200


def test_the_security_administrator_edits_roles_but_no_account_data(client, security_admin, leader):
    client.force_login(security_admin)
    page = page_text(client.get(f"/admin/members/user/{leader.pk}/change/"))
    assert 'name="groups"' in page and 'name="user_permissions"' in page and 'name="full_name"' not in page
    assert client.get(f"/admin/members/user/{leader.pk}/password/").status_code == 403
    post_roles(client, leader, [Role.LEADER], full_name="改名")
    leader.refresh_from_db()
    assert leader.full_name == "陈志远"


def test_nobody_changes_their_own_roles(client, system_admin, security_admin):
    for admin in [system_admin, security_admin]:
        client.force_login(admin)
        before = role_names(admin)
        page = page_text(client.get(f"/admin/members/user/{admin.pk}/change/"))
        assert 'name="groups"' not in page and 'name="user_permissions"' not in page
        post_roles(client, admin, [*before, Role.PROPOSAL_STAFF])
        assert role_names(admin) == before


def test_only_the_security_administrator_resets_two_factor_and_clears_lockouts(client, system_admin, security_admin):
    client.force_login(system_admin)
    assert client.get("/accounts/security/two-factor/").status_code == 403
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    client.force_login(security_admin)
    assert "账号安全" in page_text(client.get("/accounts/security/two-factor/"))
    assert client.get("/admin/axes/accessattempt/").status_code == 200


def test_superuser_flag_is_for_superusers_only(client, security_admin, leader):
    client.force_login(security_admin)
    post_roles(client, leader, [Role.LEADER], is_superuser="on", is_staff="on")
    leader.refresh_from_db()
    assert leader.is_staff and not leader.is_superuser


def test_the_auditor_changes_nothing_in_the_admin(client, auditor, leader):
    client.force_login(auditor)
    assert client.get("/admin/").status_code == 302  # not an admin-site user: sent to log in
    assert client.get(f"/admin/members/user/{leader.pk}/change/").status_code == 302


def test_audit_retention_is_a_setting_of_at_least_180_days():
    out = run_python(SETUP + "print(settings.AUDIT_RETENTION_DAYS)")
    assert out.returncode == 0 and out.stdout.split() == ["180"]
    assert run_python(SETUP + "print(settings.AUDIT_RETENTION_DAYS)", AUDIT_RETENTION_DAYS="365").stdout.split() == ["365"]
    out = run_python(SETUP, AUDIT_RETENTION_DAYS="90")
    assert out.returncode != 0 and "AUDIT_RETENTION_DAYS" in out.stderr
