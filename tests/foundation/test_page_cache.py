"""The page cache (cppcc_portal/page_cache): a page is rendered once and served again until a
table it read changes — whoever changes it, however (ORM save, QuerySet.update, another process),
and never to another session or after a request that it should not outlive."""

import os
import subprocess
import sys

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cppcc_portal.notifications.models import Notification
from cppcc_portal.notifications.services import notify
from cppcc_portal.page_cache import enabled, versions
from cppcc_portal.page_cache.tables import is_write, tables_changed_by, tables_in
from tests.worker import ROOT, database_url


def get(client, path="/", **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def warm(client, path="/"):
    """First request: no CSRF cookie yet, so it is not kept; the second is rendered and kept."""
    get(client, path)
    return get(client, path)


@pytest.fixture
def member_home(client, member_a):
    notify(member_a.user, "您有一条联名邀请", url="/notifications/")
    client.force_login(member_a.user)
    return client


def test_the_cache_is_on_wherever_tests_run():
    assert enabled()  # tests run on Redis, as production does: every other test goes through it too


def test_a_repeated_page_is_served_without_running_the_view(member_home):
    page, rendered = warm(member_home)
    again, served = get(member_home)
    assert again == page and 'id="unread-count">1<' in again
    assert rendered >= served + 5, (rendered, served)  # only the session and the user are read


def test_a_queryset_update_retires_the_page(member_home, member_a):
    warm(member_home)
    Notification.objects.filter(user=member_a.user).update(read_at=timezone.now())  # no signals
    page, _ = get(member_home)
    assert 'id="unread-count">0<' in page or 'id="unread-count"' not in page


def test_a_new_row_retires_the_page(member_home, member_a):
    warm(member_home)
    notify(member_a.user, "答复已送达")
    page, _ = get(member_home)
    assert "答复已送达" in page and 'id="unread-count">2<' in page


def test_a_write_that_is_rolled_back_still_leaves_the_page_correct(member_home, member_a):
    page, _ = warm(member_home)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(member_a.user, "不会保存的通知")
        raise RuntimeError
    again, _ = get(member_home)
    assert "不会保存的通知" not in again and 'id="unread-count">1<' in again


def test_each_session_has_its_own_pages(client, member_a, member_b):
    from django.test import Client

    client.force_login(member_a.user)
    mine, _ = warm(client)
    other = Client()
    other.force_login(member_a.user)  # the same member in a second browser: its own CSRF cookie
    theirs, rendered = warm(other)
    assert rendered > 5 and mine != theirs
    stranger = Client()
    stranger.force_login(member_b.user)
    page, _ = warm(stranger)
    assert member_b.user.get_full_name() in page or member_b.user.username in page


def test_a_page_with_a_message_or_an_htmx_request_is_never_kept(member_home, member_a):
    warm(member_home)
    session = member_home.session
    session["_messages"] = '[["__json_message",0,20,"已保存"]]'
    session.save()
    _, first = get(member_home)
    _, second = get(member_home, HTTP_HX_REQUEST="true")
    assert first > 5 and second > 5


def test_a_page_is_rendered_afresh_the_next_day(member_home, monkeypatch):
    from datetime import timedelta

    import cppcc_portal.page_cache.middleware as middleware

    warm(member_home)
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(middleware.timezone, "localdate", lambda: tomorrow)
    _, queries = get(member_home)
    assert queries > 5


def test_a_version_changed_during_rendering_is_never_current():
    before = versions.snapshot()
    tags = {"notifications_notification": before["notifications_notification"], "*": before["*"]}
    assert versions.still_current(tags)
    versions.bump(["notifications_notification"])  # a commit while the page was being rendered
    assert not versions.still_current(tags)
    assert not versions.still_current({})


def test_statements_are_read_for_their_tables():
    select = 'SELECT "proposals_proposal"."id" FROM "proposals_proposal" INNER JOIN "members_member" ON …'
    assert tables_in(select) == {"proposals_proposal", "members_member"}
    assert tables_in("select count(*) from proposals_reply r join proposals_assignment a on …") == {
        "proposals_reply",
        "proposals_assignment",
    }
    assert not is_write(select + " FOR UPDATE")
    assert is_write('UPDATE "proposals_proposal" SET "title" = %s')
    assert is_write('WITH x AS (SELECT 1) DELETE FROM "proposals_reply" WHERE …')
    assert not is_write('WITH x AS (SELECT 1) SELECT * FROM "proposals_reply"')
    assert tables_changed_by('INSERT INTO "proposals_reply" ("id") VALUES (1)') == {"proposals_reply"}
    assert "*" in tables_changed_by("TRUNCATE proposals_reply")
    assert "*" in tables_changed_by('ALTER TABLE "proposals_reply" ADD COLUMN x int')


@pytest.mark.django_db(transaction=True)
def test_a_write_in_another_process_retires_the_page(client, member_a):
    """As a Celery worker's or a command's write would: the version lives in the shared cache."""
    notify(member_a.user, "您有一条联名邀请", url="/notifications/")
    client.force_login(member_a.user)
    warm(client)
    code = (
        "from members.models import User; from cppcc_portal.notifications.services import notify; "
        f"notify(User.objects.get(pk={member_a.user.pk}), '另一个进程发来的通知')"
    )
    env = {**os.environ, "DATABASE_URL": database_url()}
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, timeout=120)
    page, _ = get(client)
    assert "另一个进程发来的通知" in page and 'id="unread-count">2<' in page
