"""The main pages of every role open in Chromium under the Content-Security-Policy without a
single violation in the console (the autouse check in conftest.py fails the test on one)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from cppcc_portal.core.registry import navigation_for
from members.roles import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pages_of(user):
    urls = ["/"]
    for item in navigation_for(user):
        urls.append(item.url)
        urls.extend(child.url for child in item.children)
    urls += ["/notifications/", "/documents/", "/accounts/two-factor/", "/accounts/password/change/"]
    if user.is_staff:
        urls += ["/admin/", "/admin/members/user/"]
    return list(dict.fromkeys(urls))


def open_as(page, live_server, user):
    """Reuse a server-side login in the browser: the pages, not the login form, are under test."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def test_main_pages_of_every_role_have_no_csp_violation(
    page,
    live_server,
    no_csp_violations,
    session,
    committee,
    member_a,
    proposal_staff,
    member_staff,
    unit_clerk,
    leader,
    admin_user,
):
    editor = UserFactory(committee=committee, username="report_editor", full_name="周文博", roles=[Role.REPORT_EDITOR])
    # 三员分立: the security administrator's admin pages and the auditor's log.
    security = UserFactory(committee=committee, username="security_admin", roles=[Role.SECURITY_ADMIN], is_staff=True)
    auditor = UserFactory(committee=committee, username="auditor", roles=[Role.AUDIT_ADMIN])
    visited = 0
    for user in [member_a.user, proposal_staff, member_staff, unit_clerk, leader, editor, admin_user, security, auditor]:
        open_as(page, live_server, user)
        for url in pages_of(user):
            response = page.goto(live_server.url + url)
            assert response.ok, (user.username, url, response.status)
            expect(page.locator("footer, #footer, #container").first).to_be_attached()
            visited += 1
    assert visited > 30

    # The check is live: an injected inline handler is reported and blocked.
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"/static/img/favicon.svg\" onload=\"window.ran=1\">')"
    )
    page.wait_for_timeout(500)
    assert page.evaluate("window.ran") is None
    assert any("inline event handler" in text for text in no_csp_violations)
    no_csp_violations.clear()
