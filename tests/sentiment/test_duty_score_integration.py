"""社情民意 points reach the writer's duty score: the 委员履职 rule for adoptions and comments
uses the points the report carries, so raising the adoption level raises the score."""

import pytest

from members.scoring_services import member_year
from sentiment.models import Report
from sentiment.services import bulletins as bulletin_services
from sentiment.services import reports as services

pytestmark = pytest.mark.django_db


def test_adoption_and_comment_points_raise_the_duty_score(city_member, city_editor, province_editor, make_report, publish):
    report = make_report(city_member.user)
    year = report.submitted_at.year
    submitted = member_year(city_member, year)
    bulletin = publish(report, city_editor)  # issued in the city's own bulletin: adopted by own committee, 1
    own = member_year(city_member, year)
    assert own.total - submitted.total == 1

    bulletin_services.bulletin_send(bulletin, user=city_editor)
    publish(Report.objects.get(forwarded_from=report), province_editor)  # adopted by the upper committee: 5
    upper = member_year(city_member, year)
    assert upper.total - own.total == 4  # the adoption record now carries 5 points instead of 1

    services.report_comment(
        report, user=city_editor, level="city", leader="副市长 林某", text="请研究。", commented_on=bulletin.issued_on
    )
    commented = member_year(city_member, year)
    assert commented.total - upper.total == 10  # a city leader's comment adds its 10 points on top
