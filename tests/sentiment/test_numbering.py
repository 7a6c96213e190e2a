"""Bulletin numbers: 第N期 per year, 总第M期 in total, no repeats and no gaps, even with two
editors issuing at the same moment (threads on PostgreSQL)."""

import threading

import pytest
from django.db import connection

from sentiment.models import Bulletin, BulletinSeries
from sentiment.rules import ensure_rules
from sentiment.services import bulletins as bulletin_services
from sentiment.services import reports as services
from sentiment.services.common import SentimentError
from tests.factories import UserFactory
from tests.sentiment.conftest import when


def _signed_off_bulletin(editor, make_report, writer, title):
    report = make_report(writer, title=title)
    services.report_start_editing(report, user=editor)
    services.report_sign_off(report, user=editor)
    bulletin = bulletin_services.bulletin_create(user=editor)
    bulletin_services.bulletin_add_report(bulletin, report, user=editor)
    return bulletin


@pytest.mark.django_db
def test_numbers_run_per_year_and_in_total(county_member, county_editor, make_report):
    ensure_rules(county_editor.committee)
    series = BulletinSeries.objects.get(committee=county_editor.committee, kind="regular")
    series.last_total = 120  # the series ran before the portal: 总第 continues from 121
    series.save()
    labels = []
    for i, at in enumerate([when(2025, 11, 3), when(2025, 12, 1), when(2026, 1, 5), when(2026, 2, 2)]):
        bulletin = _signed_off_bulletin(county_editor, make_report, county_member.user, f"关于第{i}件事的建议")
        bulletin_services.bulletin_issue(bulletin, user=county_editor, at=at)
        bulletin.refresh_from_db()
        labels.append(bulletin.label)
    assert labels == [
        "《社情民意》2025年第1期（总第121期）",
        "《社情民意》2025年第2期（总第122期）",
        "《社情民意》2026年第1期（总第123期）",
        "《社情民意》2026年第2期（总第124期）",
    ]


@pytest.mark.django_db
def test_a_failed_issue_leaves_no_gap(county_member, county_editor, make_report):
    empty = bulletin_services.bulletin_create(user=county_editor)
    with pytest.raises(SentimentError):
        bulletin_services.bulletin_issue(empty, user=county_editor)
    good = _signed_off_bulletin(county_editor, make_report, county_member.user, "关于一件事的建议")
    bulletin_services.bulletin_issue(good, user=county_editor)
    good.refresh_from_db()
    assert (good.number, good.total_number) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_two_editors_issuing_at_once_get_consecutive_numbers(roles, county, county_member, county_editor, make_report):
    if connection.vendor != "postgresql":
        pytest.fail("concurrency is tested on PostgreSQL: run with `make test`")
    second_editor = UserFactory(committee=county, username="qs_editor2", full_name="青山编辑二", roles=["社情民意编辑"])
    rounds = 4
    pairs = []
    for i in range(rounds):
        pairs.append(
            (
                _signed_off_bulletin(county_editor, make_report, county_member.user, f"关于甲事项{i}的建议"),
                _signed_off_bulletin(second_editor, make_report, county_member.user, f"关于乙事项{i}的建议"),
            )
        )
    errors = []

    def issue(bulletin, editor, barrier):
        try:
            barrier.wait()
            bulletin_services.bulletin_issue(bulletin, user=editor)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    for first, second in pairs:
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=issue, args=(first, county_editor, barrier)),
            threading.Thread(target=issue, args=(second, second_editor, barrier)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    numbers = sorted(Bulletin.objects.filter(committee=county).values_list("number", "total_number"))
    assert numbers == [(n, n) for n in range(1, 2 * rounds + 1)]
    series = BulletinSeries.objects.get(committee=county, kind="regular")
    assert (series.last_number, series.last_total) == (2 * rounds, 2 * rounds)
