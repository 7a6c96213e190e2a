"""Every page carries the Content-Security-Policy and X-Frame-Options headers, and the main pages
of every role hold no inline script or inline event handler that the policy would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from cppcc_portal.core.registry import navigation_for

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=(?!=)", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


def policy(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def test_policy_and_frame_headers(client, member_a):
    for response in [client.get("/accounts/login/"), client.get("/healthz/")]:
        directives = policy(response)
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"]
        assert response["X-Frame-Options"] == "DENY"


def nav_urls(user):
    urls = []
    for item in navigation_for(user):
        urls.append(item.url)
        urls.extend(child.url for child in item.children)
    return list(dict.fromkeys(["/", *urls, "/notifications/", "/documents/", "/accounts/two-factor/"]))


@pytest.fixture
def everyone(
    member_a,
    proposal_staff,
    member_staff,
    unit_clerk,
    leader,
    admin_user,
    system_admin,
    security_admin,
    auditor,
    roles,
    committee,
):
    from members.roles import Role
    from tests.factories import UserFactory

    editor = UserFactory(committee=committee, username="report_editor", full_name="周文博", roles=[Role.REPORT_EDITOR])
    return [
        member_a.user,
        proposal_staff,
        member_staff,
        unit_clerk,
        leader,
        admin_user,
        editor,
        system_admin,
        security_admin,
        auditor,
    ]


def test_main_pages_of_every_role_are_csp_clean(client, everyone, session):
    for user in everyone:
        client.force_login(user)
        for url in nav_urls(user):
            response = client.get(url, follow=True)
            assert response.status_code == 200, (user.username, url)
            html = response.content.decode()
            assert "Content-Security-Policy" in response.headers, url
            assert not INLINE_SCRIPT.findall(html), (user.username, url, INLINE_SCRIPT.findall(html))
            assert not INLINE_HANDLER.findall(html), (user.username, url, INLINE_HANDLER.findall(html))
            assert not STYLE_ELEMENT.search(html), (user.username, url)


def browser_templates():
    """Every template a browser renders (the PDF templates go to WeasyPrint, not a browser)."""
    root = Path(settings.BASE_DIR)
    found = [
        *root.glob("templates/**/*.html"),
        *root.glob("*/templates/**/*.html"),
        *root.glob("cppcc_portal/*/templates/**/*.html"),
    ]
    return sorted(p for p in found if "/pdf/" not in str(p) and ".venv" not in p.parts)


def test_no_template_holds_code_or_styles_the_policy_blocks():
    templates = browser_templates()
    assert len(templates) > 100
    offenders = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, STYLE_ELEMENT):
            offenders += [f"{path.relative_to(settings.BASE_DIR)}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
    assert offenders == []
