"""A committee tree for 社情民意: 江南省政协 → 临江市政协 → 青山区政协, with an editor in each,
members, a body and a leader. The personas are named for what they may see:

- qs_editor (青山区 editor) must never see the city's own reports;
- city_editor sees the county's reports only once they are sent up;
- js_editor (province) likewise for the city's."""

from datetime import datetime

import pytest
from django.utils import timezone

from members.models import Body, CommitteeLevel
from members.roles import Role
from sentiment.services import bulletins as bulletin_services
from sentiment.services import reports as services
from tests.factories import CommitteeFactory, MemberFactory, SectorFactory, TermFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Eight personas a test: hash their passwords quickly (the login code is tested elsewhere)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def province(db):
    return CommitteeFactory(name="中国人民政治协商会议江南省委员会", short_name="江南省政协", level=CommitteeLevel.PROVINCE)


@pytest.fixture
def city(province):
    c = CommitteeFactory(
        name="中国人民政治协商会议临江市委员会", short_name="临江市政协", level=CommitteeLevel.CITY, parent=province
    )
    TermFactory(committee=c)
    SectorFactory(committee=c, name="教育界")
    return c


@pytest.fixture
def county(city):
    c = CommitteeFactory(
        name="中国人民政治协商会议临江市青山区委员会", short_name="青山区政协", level=CommitteeLevel.COUNTY, parent=city
    )
    TermFactory(committee=c, number=9)
    SectorFactory(committee=c, name="教育界")
    return c


@pytest.fixture
def county_editor(roles, county):
    return UserFactory(committee=county, username="qs_editor", full_name="青山编辑", roles=[Role.REPORT_EDITOR])


@pytest.fixture
def city_editor(roles, city):
    return UserFactory(committee=city, username="city_editor", full_name="周文博", roles=[Role.REPORT_EDITOR])


@pytest.fixture
def province_editor(roles, province):
    return UserFactory(committee=province, username="js_editor", full_name="江南编辑", roles=[Role.REPORT_EDITOR])


@pytest.fixture
def county_member(roles, county):
    return MemberFactory(user__committee=county, user__username="qs_member", user__full_name="张青山", phone="13900000001")


@pytest.fixture
def county_member_2(roles, county):
    return MemberFactory(user__committee=county, user__username="qs_member2", user__full_name="刘碧水", phone="13900000002")


@pytest.fixture
def city_member(roles, city):
    return MemberFactory(user__committee=city, user__username="city_member", user__full_name="李明华", phone="13900000003")


@pytest.fixture
def city_leader(roles, city):
    return UserFactory(committee=city, username="city_leader", full_name="陈志远", roles=[Role.LEADER])


@pytest.fixture
def body_submitter(roles, city):
    user = UserFactory(committee=city, username="minmeng", full_name="郑雅琴")
    body = Body.objects.create(committee=city, name="民盟临江市委员会", kind="party")
    body.submitters.add(user)
    return user


TEXT = "近年来，我区农村留守儿童数量较多，部分学校缺少专职心理教师，课后托管服务不足。建议：一是配齐心理健康教师；二是推动课后服务全覆盖；三是建立家校沟通机制。"


def when(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def make_report():
    """A writer's report, submitted (received) unless told otherwise."""

    def make(
        user, title="关于加强农村留守儿童关爱服务的建议", content=TEXT, *, submit=True, at=None, writer_key=None, category=None
    ):
        from sentiment.rules import categories_for

        category = category or categories_for(user.committee).get(name="教育")
        key = writer_key or ("member" if user.member else "staff")
        return services.report_create(
            user=user, writer_key=key, title=title, content=content, category=category, submit=submit, at=at
        )

    return make


@pytest.fixture
def publish():
    """Take a received report through editing and sign-off into a new bulletin, and issue it."""

    def run(report, editor, *, at=None):
        services.report_start_editing(report, user=editor, at=at)
        services.report_sign_off(report, user=editor, at=at)
        bulletin = bulletin_services.bulletin_create(user=editor)
        bulletin_services.bulletin_add_report(bulletin, report, user=editor)
        bulletin_services.bulletin_issue(bulletin, user=editor, at=at)
        bulletin.refresh_from_db()
        report.refresh_from_db()
        return bulletin

    return run
