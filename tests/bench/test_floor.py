"""The benchmark's floor page exists only when PORTAL_BENCH_FLOOR is set, and sits behind login."""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import cppcc_portal.urls


@pytest.fixture
def floor_routed():
    with override_settings(PORTAL_BENCH_FLOOR=True):
        importlib.reload(cppcc_portal.urls)
        clear_url_caches()
        yield
    importlib.reload(cppcc_portal.urls)
    clear_url_caches()


def test_without_the_switch_there_is_no_floor_page(client, member_a):
    client.force_login(member_a.user)
    assert client.get("/bench/floor/").status_code == 404


def test_the_floor_page_shows_the_logged_in_user(floor_routed, client, member_a):
    client.force_login(member_a.user)
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert "member_a" in response.content.decode()


def test_the_floor_page_needs_a_login(floor_routed, client, db):
    response = client.get("/bench/floor/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
