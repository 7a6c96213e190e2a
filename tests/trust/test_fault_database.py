"""PostgreSQL restarts: the portal answers again without a restart of its own, and while the
database cannot be reached it answers a Chinese 503 page, not a traceback.

The restart is played by pg_terminate_backend on every connection of the test database (what a
restart or a failover does to the portal's connections); a full `pg_ctlcluster restart` under
gunicorn is the drill `drills/drill.py postgres` (drills/RESULTS.md)."""

import json

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def persistent_connections():
    """Connections kept between requests, as in production (DB_CONN_MAX_AGE=60)."""
    if connection.vendor != "postgresql":
        pytest.fail("run with PostgreSQL (`make test`)")
    connection.close()
    before = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 60
    yield
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = before


class Browser:
    """Requests through Django's WSGI handler, exactly as gunicorn makes them: unlike the test
    Client, it lets request_started / request_finished manage the kept connection."""

    def __init__(self, user=None):
        self.cookie = ""
        if user is not None:
            client = Client()
            client.force_login(user)
            self.cookie = f"sessionid={client.cookies['sessionid'].value}"
        self.handler = WSGIHandler()

    def get(self, path):
        environ = RequestFactory().get(path, HTTP_COOKIE=self.cookie).environ
        status = []
        response = self.handler(environ, lambda s, headers, exc_info=None: status.append((s, dict(headers))))
        try:
            body = b"".join(response).decode()
        finally:
            response.close()
        code, headers = int(status[0][0].split()[0]), status[0][1]
        return code, body, headers


def terminate_portal_connections():
    """From a connection of its own, end every other backend on the portal's database."""
    s = connection.settings_dict
    admin = psycopg2.connect(
        dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"], host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        (ended,) = cur.fetchone()
    admin.close()
    return ended


def test_the_portal_answers_again_after_its_connections_are_killed(persistent_connections, member_a):
    browser = Browser(member_a.user)
    assert browser.get("/")[0] == 200
    kept = connection.connection
    assert kept is not None and browser.get("/")[0] == 200 and connection.connection is kept, "kept between requests"

    assert terminate_portal_connections() >= 1

    for _ in range(3):  # the very next request, and the ones after it
        code, page, _headers = browser.get("/")
        assert code == 200 and "李明华" in page
    assert connection.connection is not kept  # a new connection replaced the dead one
    code, body, _headers = Browser().get("/healthz/")
    assert code == 200 and json.loads(body)["database"] == "ok"


def test_while_the_database_is_unreachable_the_portal_answers_a_chinese_503(persistent_connections, member_a):
    browser = Browser(member_a.user)
    assert browser.get("/")[0] == 200
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there: the database is "down"
    try:
        for url in ("/", "/proposals/mine/", "/accounts/login/"):
            code, page, headers = browser.get(url)
            assert code == 503, (url, code)
            assert "系统暂时不可用" in page and "数据库暂时无法连接" in page
            assert "Traceback" not in page and "OperationalError" not in page
            assert headers["Retry-After"] == "30"
        code, body, _headers = Browser().get("/healthz/")  # the load balancer's probe
        assert code == 503 and "数据库" in json.loads(body)["message"]
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    code, page, _headers = browser.get("/")  # back: no restart of the portal needed
    assert code == 200 and "李明华" in page
