"""Points by adoption and comment level (data editors change), their effect on the writer's duty
records, and proposals converted into reports (转社情民意)."""

from decimal import Decimal

import pytest

from cppcc_portal.notifications.models import Notification
from members.models import Body, DutyKind, DutyRecord
from proposals.conversion import ConvertedProposal, deliver_to_report_receivers
from sentiment.models import PointRule, Report
from sentiment.rules import points_table
from sentiment.services import bulletins as bulletin_services
from sentiment.services import reports as services
from sentiment.services.common import SentimentError

pytestmark = pytest.mark.django_db


def sentiment_points(member):
    """What the duty score reads: the points carried by this member's 社情民意 records."""
    return sum(r.points or 0 for r in DutyRecord.objects.filter(member=member, source__startswith="sentiment.Report:"))


def test_default_points_follow_domain_md(city):
    table = points_table(city)
    assert {k: int(v) for k, v in table.items()} == {
        "own": 1,
        "upper": 5,
        "higher": 10,
        "national": 20,
        "county_leader": 5,
        "city_leader": 10,
        "province_leader": 20,
        "central_leader": 30,
    }


def test_city_writer_adopted_by_the_province_is_upper(city_member, city_editor, province_editor, make_report, publish):
    report = make_report(city_member.user)
    bulletin = publish(report, city_editor)
    assert sentiment_points(city_member) == Decimal("1")
    bulletin_services.bulletin_send(bulletin, user=city_editor)
    publish(Report.objects.get(forwarded_from=report), province_editor)
    record = DutyRecord.objects.get(member=city_member, kind=DutyKind.REPORT_ADOPTED)
    assert (record.level, record.points) == ("upper", Decimal("5"))
    assert "江南省政协《社情民意》" in record.detail


def test_highest_comment_counts_on_top_of_the_adoption(city_member, city_editor, make_report, publish):
    report = make_report(city_member.user)
    bulletin = publish(report, city_editor)
    day = bulletin.issued_on
    services.report_comment(report, user=city_editor, level="city", leader="副市长 林某", text="请研究。", commented_on=day)
    assert sentiment_points(city_member) == Decimal("11")
    services.report_comment(
        report, user=city_editor, level="province", leader="副省长 韩某", text="请省教育厅关注。", commented_on=day
    )
    record = DutyRecord.objects.get(member=city_member, kind=DutyKind.REPORT_COMMENTED)
    assert (record.level, record.points) == ("province_leader", Decimal("20"))
    assert sentiment_points(city_member) == Decimal("21")
    with pytest.raises(SentimentError, match="请选择批示领导的级别"):
        services.report_comment(report, user=city_editor, level="county", leader="区长", text="阅", commented_on=day)


def test_editors_change_the_points_and_this_years_records_follow(client, city_member, city_editor, make_report, publish):
    report = make_report(city_member.user)
    publish(report, city_editor)
    client.force_login(city_editor)
    rules = list(PointRule.objects.filter(committee=city_editor.committee).order_by("id"))
    data = {"points-TOTAL_FORMS": len(rules), "points-INITIAL_FORMS": len(rules)}
    for i, rule in enumerate(rules):
        data[f"points-{i}-id"] = rule.pk
        data[f"points-{i}-points"] = "2" if rule.level == "own" else str(rule.points)
    data.update(
        {
            "dest-TOTAL_FORMS": 0,
            "dest-INITIAL_FORMS": 0,
            "cat-TOTAL_FORMS": 0,
            "cat-INITIAL_FORMS": 0,
            "settings-bulletin_name": "社情民意",
            "settings-max_chars": 1500,
            "settings-waiting_days": 7,
            "settings-quota_reminder_days": 7,
            "settings-similar_months": 12,
        }
    )
    response = client.post("/sentiment/settings/", data)
    assert response.status_code == 302
    assert PointRule.objects.get(committee=city_editor.committee, level="own").points == Decimal("2")
    assert DutyRecord.objects.get(member=city_member, kind=DutyKind.REPORT_ADOPTED).points == Decimal("2")
    data["points-0-points"] = "-1"
    page = client.post("/sentiment/settings/", data).content.decode()
    assert "积分不能为负数" in page


def test_editors_add_a_destination_and_a_category(client, city_editor):
    from sentiment.models import Destination, ReportCategory
    from sentiment.rules import ensure_rules

    ensure_rules(city_editor.committee)
    client.force_login(city_editor)
    page = client.get("/sentiment/settings/").content.decode()
    assert "中共临江市委" in page and 'id="destinations-table"' in page
    import re

    def value(name):
        found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(rf'value="([^"]*)"[^>]*name="{name}"', page)
        return found.group(1) if found else ""

    data = {}
    for field in re.findall(r'name="((?:points|settings|dest|cat)-[^"]+)"', page):
        data.setdefault(field, value(field))
    for field in re.findall(r'name="((?:dest|cat)-\d+-(?:is_default|is_active))"[^>]*checked', page):
        data[field] = "on"
    for select in re.findall(r'<select name="((?:dest)-\d+-(?:group|kind))"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select[1])
        data[select[0]] = chosen.group(1) if chosen else ""
    extra_dest = int(data["dest-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"dest-{extra_dest}-name": "临江市发展和改革委员会",
            f"dest-{extra_dest}-group": "送",
            f"dest-{extra_dest}-kind": "department",
            f"dest-{extra_dest}-is_active": "on",
            f"dest-{extra_dest}-order": "20",
        }
    )
    extra_cat = int(data["cat-TOTAL_FORMS"]) - 1
    data.update({f"cat-{extra_cat}-name": "民族宗教", f"cat-{extra_cat}-order": "50", f"cat-{extra_cat}-is_active": "on"})
    response = client.post("/sentiment/settings/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Destination.objects.get(committee=city_editor.committee, name="临江市发展和改革委员会").group == "送"
    assert ReportCategory.objects.filter(committee=city_editor.committee, name="民族宗教").exists()
    data[f"cat-{extra_cat}-name"] = "教育"  # a duplicate of an existing category
    page = client.post("/sentiment/settings/", data).content.decode()
    assert "名称“教育”重复" in page


def test_leaders_read_the_points_but_cannot_change_them(client, city_leader):
    client.force_login(city_leader)
    page = client.get("/sentiment/settings/").content.decode()
    assert "市领导批示" in page and 'id="save-settings"' not in page
    assert client.post("/sentiment/settings/", {}).status_code == 403


def test_manual_adoption_only_for_levels_outside_the_portal(city_member, city_editor, make_report, publish):
    report = make_report(city_member.user)
    bulletin = publish(report, city_editor)
    with pytest.raises(SentimentError, match="自动记录"):
        services.report_adopt(report, user=city_editor, level="province", adopted_by="省政协", adopted_on=bulletin.issued_on)
    adoption = services.report_adopt(report, user=city_editor, level="national", adopted_by="", adopted_on=bulletin.issued_on)
    assert adoption.adopted_by == "全国政协"
    assert DutyRecord.objects.get(member=city_member, kind=DutyKind.REPORT_ADOPTED).points == Decimal("20")
    with pytest.raises(SentimentError, match="已登记过全国政协的采用"):
        services.report_adopt(report, user=city_editor, level="national", adopted_by="", adopted_on=bulletin.issued_on)
    services.adoption_delete(adoption, user=city_editor)
    record = DutyRecord.objects.get(member=city_member, kind=DutyKind.REPORT_ADOPTED)
    assert (record.level, record.points) == ("own", Decimal("1"))


def test_converted_proposal_enters_the_intake_queue(city, city_member, city_editor, roles):
    from tests.factories import MemberFactory

    cosigner = MemberFactory(user__committee=city, user__full_name="王晓红")
    body = Body.objects.create(committee=city, name="九三学社临江市委员会", kind="party")
    converted = ConvertedProposal(
        proposal_id=12,
        committee_id=city.pk,
        title="关于规范校外培训机构的建议",
        content="情况分析：……\n具体建议：……",
        category="教育",
        writer_member_ids=(city_member.pk, cosigner.pk),
        body_id=body.pk,
        converted_by_user_id=city_editor.pk,
        note="内容适合以社情民意形式反映",
        source_label="十五届五次会议第12号提案（转）",
    )
    created = deliver_to_report_receivers(converted)
    assert len(created) == 1
    report = created[0]
    assert report.get_absolute_url() == f"/sentiment/{report.pk}/"
    report.refresh_from_db()
    assert (report.committee, report.status, report.source) == (city, "received", "proposal")
    assert report.source_label == "十五届五次会议第12号提案（转）" and report.source_proposal_id == 12
    assert report.category.name == "教育" and report.original_content == "情况分析：……\n具体建议：……"
    assert list(report.writers.values_list("name", flat=True)) == ["九三学社临江市委员会", "李明华", "王晓红"]
    assert set(
        DutyRecord.objects.filter(kind=DutyKind.REPORT_SUBMITTED, source=f"sentiment.Report:{report.pk}").values_list(
            "member__user__full_name", flat=True
        )
    ) == {"李明华", "王晓红"}
    roles = dict(DutyRecord.objects.filter(kind=DutyKind.REPORT_SUBMITTED).values_list("member__user__full_name", "role"))
    assert roles == {"李明华": "lead", "王晓红": "cosigner"}
    assert Notification.objects.filter(user=city_editor, title="提案转来社情民意信息《关于规范校外培训机构的建议》").exists()
    assert Notification.objects.filter(user=city_member.user, title__contains="已转为社情民意信息").exists()
    assert report.events.get().comment == "内容适合以社情民意形式反映"
