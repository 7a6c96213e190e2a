"""The permission matrix: every URL of the portal × every persona, with the answer each must get.

The URLs are read from the URLconf, so a new view fails `test_every_url_has_a_rule` until
permission_rules.py says who may open it. Each rule row is one test that knocks as every persona
(permission_personas.py) on one object of the world (permission_world.py) and reports every cell
that differs at once. A refused persona must also write nothing: each request runs in a
transaction that is rolled back afterwards, and the SQL it ran is checked for writes."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings

from tests.trust.permission_personas import ANONYMOUS, active_personas
from tests.trust.permission_rules import ADMIN_NAMESPACE, GO, LOGIN, OK, RULES, covered_names
from tests.trust.permission_world import build_world
from tests.trust.urlconf_walk import Route, portal_routes

ROUTES = {route.name: route for route in portal_routes()}
FORM = "application/x-www-form-urlencoded"
# Writes any request may make: the session (messages, idle time), the 等保 session bookkeeping,
# django-axes' log of logins and logouts, and the audit log (it records logins and logouts too; a
# change to a record it describes is a write to that record's own table, which still counts).
BOOKKEEPING_TABLES = ('"django_session"', '"accounts_activesession"', '"axes_accesslog"', '"audit_auditevent"')


# --- the world, built once for the module ----------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    # Quick password hashing for the dozen personas; sessions that stay alive however long a loaded
    # machine takes over the matrix (each request's idle-time update is rolled back with it); and
    # one-line refusal pages: thousands of cells are refusals, only their answer matters here, and
    # the real 403 and 404 pages (menus and all) are tested with the pages of each app.
    quick = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("matrix-media")),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        SESSION_IDLE_TIMEOUT=24 * 3600,
        TEMPLATES=[_with_plain_refusal_pages(settings.TEMPLATES[0])],
    )
    with django_db_blocker.unblock(), quick, transaction.atomic():
        built = build_world()
        built.clients = {ANONYMOUS: Client(raise_request_exception=False)}
        for persona in active_personas():
            client = Client(raise_request_exception=False)
            client.force_login(built.users[persona.key])
            built.clients[persona.key] = client
        yield built
        transaction.set_rollback(True)


def _with_plain_refusal_pages(engine):
    plain = {"403.html": "403 无权访问", "404.html": "404 页面不存在"}
    loaders = [
        ("django.template.loaders.locmem.Loader", plain),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    options = {**engine["OPTIONS"], "loaders": [("django.template.loaders.cached.Loader", loaders)]}
    return {**engine, "APP_DIRS": False, "OPTIONS": options}


@pytest.fixture
def knock(world):
    """Request a URL as a persona; nothing it does outlives the request."""

    def run(persona, method, url, data=None):
        client = world.clients[persona]
        cookies = client.cookies.copy()  # a logout must not log the persona out for later cells
        writes = []
        with transaction.atomic(), connection.execute_wrapper(_WriteWatch(writes)):
            response = client.generic(method, url, data=urlencode(data or {}), content_type=FORM)
            transaction.set_rollback(True)
        client.cookies = cookies
        return response, writes

    return run


class _WriteWatch:
    """Notes every INSERT, UPDATE and DELETE a request runs, bookkeeping aside."""

    def __init__(self, found):
        self.found = found

    def __call__(self, execute, sql, params, many, context):
        head = sql.lstrip()[:120]
        if head[:6].upper() in ("INSERT", "UPDATE", "DELETE") and not any(t in head for t in BOOKKEEPING_TABLES):
            self.found.append(head[:100])
        return execute(sql, params, many, context)


def answer(response):
    """What a cell records: the status, or LOGIN for a redirect to a login page."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(("/accounts/login/", "/admin/login/")):
            return LOGIN
    return response.status_code


def _refused(expected):
    return expected not in (OK, GO)


def _matches(expected, got, *, post_only):
    if expected == OK:
        return got in (200, 302) if post_only else got == 200
    if expected == GO:
        return got == 302
    return got == expected


# --- the tests ---------------------------------------------------------------------------------


def without_rules(names):
    return sorted(name for name in names if not name.startswith(ADMIN_NAMESPACE) and name not in covered_names())


def tried_with_one_object_only(routes):
    return sorted(
        name
        for name, route in routes.items()
        if route.names_objects
        and not name.startswith(ADMIN_NAMESPACE)
        and len({rule.objects + rule.data for rule in RULES if rule.name == name}) < 2
    )


def test_every_url_has_a_rule():
    """A new view without a rule fails here, naming its URL."""
    missing = without_rules(ROUTES)
    assert not missing, "这些 URL 没有权限规则，请在 tests/trust/permission_rules.py 中为每个角色写明应得的结果：\n" + "\n".join(
        f"  {name}  ({ROUTES[name].route})" for name in missing
    )


def test_a_url_added_without_a_rule_would_be_named():
    assert without_rules([*ROUTES, "proposals:brand_new_view", "admin:anything"]) == ["proposals:brand_new_view"]


def test_every_rule_names_a_url_of_the_portal():
    stale = sorted({rule.name for rule in RULES} - set(ROUTES))
    assert not stale, f"规则中的这些 URL 已不存在：{stale}"


def test_object_urls_are_tried_with_more_than_one_owner():
    """Every URL that names objects is knocked on with at least two (own, another's, committee 2's)."""
    single = tried_with_one_object_only(ROUTES)
    assert not single, f"这些对象 URL 只用一个对象试过：{single}"
    fresh = Route("proposals:brand_new_object", "proposals/<int:pk>/new/", ("pk",))
    assert tried_with_one_object_only({**ROUTES, fresh.name: fresh}) == [fresh.name]


def test_a_write_is_noticed_but_session_bookkeeping_is_not(db):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from cppcc_portal.notifications.models import Notification

    found = []
    with connection.execute_wrapper(_WriteWatch(found)):
        Session.objects.filter(pk="none").update(expire_date=timezone.now())
        Notification.objects.filter(pk=0).update(read_at=timezone.now())
    assert len(found) == 1 and '"notifications_notification"' in found[0]


@pytest.mark.django_db
@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_matrix(rule, world, knock):
    url = ROUTES[rule.name].url(rule.url_kwargs(world)) + (f"?{rule.query}" if rule.query else "")
    wrong = []
    if rule.post_only:  # the method check comes before any permission: one persona tries it
        got = answer(knock(active_personas()[0].key, "GET", url)[0])
        if got != 405:
            wrong.append(f"GET 得到 {got}，应为 405（只接受 POST）")
    method, data = ("POST", rule.post_data(world)) if rule.post_only else ("GET", None)
    tried_empty_form = set()
    for persona in world.clients:
        expected = rule.expected(persona)
        response, writes = knock(persona, method, url, data)
        got = answer(response)
        if not _matches(expected, got, post_only=rule.post_only):
            wrong.append(f"{persona}: {method} 得到 {got}，应为 {expected}")
        if _refused(expected) and writes:
            wrong.append(f"{persona}: 被拒绝却写了数据库：{writes[:3]}")
        if not rule.post_only and expected not in tried_empty_form:
            # The page sent as an empty form, once for each answer the row expects: a refused
            # persona stays refused and writes nothing; an allowed one gets the form's errors,
            # not a server error.
            tried_empty_form.add(expected)
            response, writes = knock(persona, "POST", url)
            got = answer(response)
            if _refused(expected) and (got not in (expected, 405) or writes):
                wrong.append(f"{persona}: 空表单 POST 得到 {got}，应为 {expected}；写入：{writes[:3]}")
            if not _refused(expected) and got != LOGIN and got >= 500:
                wrong.append(f"{persona}: 空表单 POST 得到 {got}")
    assert not wrong, f"{rule.id} {url}\n" + "\n".join(wrong)
