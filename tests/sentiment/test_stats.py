"""The statistics page against a hand count: a county sends five reports up, the city adopts
three and sends two on to the province, which adopts one."""

import json
import re
from datetime import date

import pytest

from proposals.conversion import ConvertedProposal, deliver_to_report_receivers
from sentiment.models import Report
from sentiment.services import bulletins as bulletin_services
from sentiment.services import reports as services
from sentiment.stats import committee_stats, upper_sentence
from tests.sentiment.conftest import when

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_reports(
    county_member, county_editor, city_member, city_editor, province_editor, body_submitter, make_report, publish
):
    # 青山区: five reports in March, issued together, all sent up to the city
    county_reports = [
        make_report(county_member.user, title=f"关于青山区第{i}件事的建议", at=when(2025, 3, 2 + i)) for i in range(5)
    ]
    for r in county_reports:
        services.report_start_editing(r, user=county_editor, at=when(2025, 3, 8))
        services.report_sign_off(r, user=county_editor, at=when(2025, 3, 9))
    bulletin = bulletin_services.bulletin_create(user=county_editor)
    for r in county_reports:
        bulletin_services.bulletin_add_report(bulletin, r, user=county_editor)
    bulletin_services.bulletin_issue(bulletin, user=county_editor, at=when(2025, 3, 10))
    bulletin_services.bulletin_send(bulletin, user=county_editor, at=when(2025, 3, 12))
    copies = list(Report.objects.filter(forwarded_from__in=county_reports).order_by("pk"))
    # 临江市: adopts three (one bulletin in April), returns one, leaves one waiting
    for c in copies[:3]:
        services.report_start_editing(c, user=city_editor, at=when(2025, 4, 1))
        services.report_sign_off(c, user=city_editor, at=when(2025, 4, 1))
    city_bulletin = bulletin_services.bulletin_create(user=city_editor)
    for c in copies[:3]:
        bulletin_services.bulletin_add_report(city_bulletin, c, user=city_editor)
    bulletin_services.bulletin_issue(city_bulletin, user=city_editor, at=when(2025, 4, 2))
    services.report_return(copies[3], user=city_editor, reason="与本市已编发信息重复", at=when(2025, 4, 3))
    services.report_comment(
        copies[0], user=city_editor, level="city", leader="市长 王建国", text="请落实。", commented_on=date(2025, 4, 20)
    )
    bulletin_services.bulletin_send(
        city_bulletin, user=city_editor, forward_ids=[copies[0].pk, copies[1].pk], at=when(2025, 4, 5)
    )
    # 江南省: adopts one of the two
    top = Report.objects.get(forwarded_from=copies[0])
    publish(top, province_editor, at=when(2025, 5, 1))
    # the city's own: one member report issued in June, one returned, a body report, a converted proposal
    own = make_report(city_member.user, title="关于城市更新的建议", at=when(2025, 6, 1))
    publish(own, city_editor, at=when(2025, 6, 10))
    returned = make_report(city_member.user, title="关于重复事项的建议", at=when(2025, 6, 2))
    services.report_return(returned, user=city_editor, reason="重复", at=when(2025, 6, 3))
    body_key = f"body:{body_submitter.bodies.get().pk}"
    make_report(body_submitter, title="关于民办教育的建议", writer_key=body_key, at=when(2025, 7, 1))
    converted = deliver_to_report_receivers(
        ConvertedProposal(
            proposal_id=1,
            committee_id=city_editor.committee_id,
            title="关于老旧小区加装电梯的建议",
            content="……",
            category="城乡建设",
            writer_member_ids=(city_member.pk,),
        )
    )[0]
    Report.objects.filter(pk=converted.pk).update(submitted_at=when(2025, 8, 15))
    # noise in another year must not count
    make_report(city_member.user, title="关于明年的建议", at=when(2026, 1, 5))


def test_city_statistics_match_the_hand_count(year_of_reports, city_editor):
    s = committee_stats(city_editor.committee, 2025)
    assert s["received"] == 9  # 5 from the county + 2 members + 1 body + 1 converted
    assert dict(s["by_source"]) == {"委员个人": 2, "党派团体（集体）": 1, "机关工作人员": 0, "下级政协报送": 5, "提案转来": 1}
    assert (s["issued"], s["issued_rate"], s["returned"], s["bulletins"]) == (4, 44.4, 2, 2)
    assert (s["sent_up"], s["adopted_up"], s["adopted_up_rate"], s["sent_on"]) == (2, 1, 50.0, 0)
    assert s["comments"] == 1 and dict(s["comment_levels"])["市领导"] == 1
    assert s["received_by_month"] == [0, 0, 5, 0, 0, 2, 1, 1, 0, 0, 0, 0]
    assert s["issued_by_month"] == [0, 0, 0, 3, 0, 1, 0, 0, 0, 0, 0, 0]
    [lower] = s["lower"]
    assert (lower["sent"], lower["adopted"], lower["sent_on"], lower["rate"]) == (5, 3, 2, 60.0)


def test_county_statistics_and_the_feedback_sentence(year_of_reports, county_editor):
    s = committee_stats(county_editor.committee, 2025)
    assert (s["received"], s["issued"], s["issued_rate"], s["bulletins"]) == (5, 5, 100.0, 1)
    assert (s["sent_up"], s["adopted_up"], s["sent_on"], s["adopted_higher"]) == (5, 3, 2, 1)
    assert upper_sentence(s) == "2025年报送临江市政协 5 篇，被采用 3 篇，转报江南省政协 2 篇"


def test_statistics_page_shows_the_same_numbers_with_charts(client, year_of_reports, city_editor, city_member):
    client.force_login(city_editor)
    page = client.get("/sentiment/stats/?year=2025").content.decode()
    shown = dict(re.findall(r'data-stat="(\w+)">([\d.]+)<', page))
    assert shown["received"] == "9" and shown["issued"] == "4" and shown["issued_rate"] == "44.4"
    assert shown["sent_up"] == "2" and shown["adopted_up"] == "1" and shown["comments"] == "1"
    assert "echarts.min.js" in page and 'id="chart-months"' in page
    chart = json.loads(re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert chart["received"][2] == 5 and chart["issued"][3] == 3
    assert chart["lower"] == {"names": ["青山区政协"], "sent": [5], "adopted": [3]}
    ranking = page[page.index('id="ranking"') :]
    assert "李明华" in ranking
    response = client.get("/sentiment/stats/?year=2025&export=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(response.content))
    overview = dict(wb["总体"].iter_rows(min_row=2, values_only=True))
    assert overview["收到信息"] == 9 and overview["编发采用"] == 4 and overview["上级采用"] == 1
    assert list(wb["下级政协"].iter_rows(min_row=2, values_only=True)) == [("青山区政协", 5, 3, 2, 60.0)]


def test_county_page_says_what_the_city_did(client, year_of_reports, county_editor):
    client.force_login(county_editor)
    page = client.get("/sentiment/stats/?year=2025").content.decode()
    assert "2025年报送临江市政协 5 篇，被采用 3 篇，转报江南省政协 2 篇" in page


def test_members_cannot_read_statistics(client, county_member):
    client.force_login(county_member.user)
    assert client.get("/sentiment/stats/").status_code == 403
