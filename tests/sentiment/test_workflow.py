"""Every transition of a report, allowed and refused, with what is stored and who is told."""

from decimal import Decimal

import pytest

from cppcc_portal.notifications.models import Notification
from members.models import DutyKind, DutyRecord
from sentiment.models import (
    Adoption,
    Destination,
    Report,
    ReportEvent,
    ReportRevision,
    ReportStatus,
    ReportWriter,
)
from sentiment.services import bulletins as bulletin_services
from sentiment.services import reports as services
from sentiment.services.common import SentimentError
from sentiment.workflow import ACTIONS, available_actions
from tests.sentiment.conftest import TEXT

S = ReportStatus
pytestmark = pytest.mark.django_db


def titles(user):
    return list(Notification.objects.filter(user=user).order_by("id").values_list("title", flat=True))


def test_submit_keeps_the_original_and_tells_the_editors(county_member, county_editor, make_report):
    report = make_report(county_member.user)
    assert report.status == S.RECEIVED and report.submitted_at is not None
    assert report.original_content == TEXT and report.original_title == report.title
    assert list(report.revisions.values_list("number", "content")) == [(0, TEXT)]
    assert ReportWriter.objects.get(report=report).member == county_member
    record = DutyRecord.objects.get(member=county_member, kind=DutyKind.REPORT_SUBMITTED)
    assert record.source == f"sentiment.Report:{report.pk}" and record.points is None
    assert titles(county_editor) == [f"收到社情民意信息《{report.title}》"]
    assert report.events.get(action="submit").to_status == S.RECEIVED


def test_draft_then_submit_and_withdraw(county_member, make_report):
    report = make_report(county_member.user, submit=False)
    assert report.status == S.DRAFT and not DutyRecord.objects.exists()
    services.report_submit(report, user=county_member.user)
    report.refresh_from_db()
    assert report.status == S.RECEIVED
    services.report_withdraw(report, user=county_member.user)
    report.refresh_from_db()
    assert report.status == S.DRAFT
    assert not DutyRecord.objects.filter(kind=DutyKind.REPORT_SUBMITTED).exists()


def test_content_over_the_limit_cannot_be_submitted_but_can_be_drafted(county_member, make_report):
    long_text = "字" * 1501
    with pytest.raises(SentimentError, match="1501 字，超过 1500 字"):
        make_report(county_member.user, content=long_text)
    assert not Report.objects.exists()
    draft = make_report(county_member.user, content=long_text, submit=False)
    with pytest.raises(SentimentError, match="超过 1500 字"):
        services.report_submit(draft, user=county_member.user)
    ok = make_report(county_member.user, content="字" * 1500)
    assert ok.status == S.RECEIVED


def test_editor_rewrites_and_the_original_stays(county_member, county_editor, make_report):
    report = make_report(county_member.user)
    services.report_start_editing(report, user=county_editor)
    services.report_revise(
        report,
        user=county_editor,
        title="关于完善农村留守儿童关爱体系的建议",
        content=TEXT.replace("较多", "逐年增加"),
        note="精简",
    )
    report.refresh_from_db()
    assert report.title == "关于完善农村留守儿童关爱体系的建议" and "逐年增加" in report.content
    assert report.original_content == TEXT and report.original_title == "关于加强农村留守儿童关爱服务的建议"
    assert list(report.revisions.values_list("number", flat=True)) == [0, 1]
    assert ReportRevision.objects.get(report=report, number=0).content == TEXT


def test_full_path_county_to_city_to_province(county_member, county_editor, city_editor, province_editor, make_report, publish):
    writer = county_member.user
    report = make_report(writer)
    bulletin = publish(report, county_editor)
    assert (bulletin.year, bulletin.number, bulletin.total_number) == (bulletin.issued_on.year, 1, 1)
    assert report.status == S.ISSUED and report.attribution == "（教育界 张青山委员反映）"
    adoption = Adoption.objects.get(report=report)
    assert adoption.level == "county" and adoption.is_automatic and "青山区政协《社情民意》" in adoption.adopted_by
    record = DutyRecord.objects.get(member=county_member, kind=DutyKind.REPORT_ADOPTED)
    assert (record.level, record.points) == ("own", Decimal("1"))

    # 报送: the upper committee is among the destinations by default → a copy enters its queue
    assert Destination.objects.filter(committee=report.committee, target_committee=report.committee.parent).exists()
    bulletin_services.bulletin_send(bulletin, user=county_editor)
    report.refresh_from_db()
    assert report.status == S.SENT and report.sent_up_at is not None
    copy = Report.objects.get(forwarded_from=report)
    assert copy.committee == city_editor.committee and copy.status == S.RECEIVED
    assert copy.from_committee == report.committee and copy.source == "lower"
    assert list(copy.writers.values_list("member", flat=True)) == [county_member.pk]
    assert copy.events.get(action="received").label == "收到青山区政协报送"
    assert f"青山区政协报送社情民意信息《{report.title}》" in titles(city_editor)

    # the city publishes its copy: adopted by the upper committee → 5 points, the same record
    city_bulletin = publish(copy, city_editor)
    assert city_bulletin.number == 1
    record.refresh_from_db()
    assert (record.level, record.points) == ("upper", Decimal("5"))
    assert DutyRecord.objects.filter(member=county_member, kind=DutyKind.REPORT_ADOPTED).count() == 1
    assert any("临江市政协《社情民意》" in t and "编发采用" in t for t in titles(writer))
    assert any(t.startswith("报送的《") and "临江市政协" in t for t in titles(county_editor))

    # a city leader comments
    services.report_comment(
        copy,
        user=city_editor,
        level="city",
        leader="市长 王建国",
        text="请市教育局研究落实。",
        commented_on=city_bulletin.issued_on,
    )
    comment = DutyRecord.objects.get(member=county_member, kind=DutyKind.REPORT_COMMENTED)
    assert (comment.level, comment.points) == ("city_leader", Decimal("10"))
    assert f"您的社情民意信息《{report.title}》获市长 王建国批示" in titles(writer)

    # the city sends it on to the province, which publishes it: adoption two levels up → 10
    bulletin_services.bulletin_send(city_bulletin, user=city_editor)
    top = Report.objects.get(forwarded_from=copy)
    assert top.committee == province_editor.committee
    assert any("临江市政协已将" in t and "转报江南省政协" in t for t in titles(county_editor))
    publish(top, province_editor)
    record.refresh_from_db()
    assert (record.level, record.points) == ("higher", Decimal("10"))
    # 全国政协 is outside the portal: the province records it by hand → 20
    services.report_adopt(
        top, user=province_editor, level="national", adopted_by="全国政协《社情民意》", adopted_on=record.occurred_on
    )
    record.refresh_from_db()
    assert (record.level, record.points) == ("national", Decimal("20"))
    points = sum(r.points or 0 for r in DutyRecord.objects.filter(member=county_member))
    assert points == Decimal("30")  # national adoption 20 + city leader comment 10


def test_refused_transitions(county_member, county_editor, make_report, publish):
    writer = county_member.user
    received = make_report(writer)
    draft = make_report(writer, title="关于草稿的建议", submit=False)
    # editor actions on a draft, writer actions on a received report, out of order steps
    cases = [
        (services.report_start_editing, draft, county_editor, "草稿"),
        (services.report_sign_off, received, county_editor, "已接收"),
        (services.report_reopen, received, county_editor, "已接收"),
        (services.report_send_up, received, county_editor, "已接收"),
        (services.report_submit, received, writer, "已接收"),
        (services.report_withdraw, draft, writer, "草稿"),
    ]
    for fn, report, user, status_label in cases:
        with pytest.raises(SentimentError, match=f"当前为“{status_label}”"):
            fn(report, user=user)
    with pytest.raises(SentimentError, match="当前为“已接收”"):
        services.report_comment(
            received, user=county_editor, level="city", leader="市长", text="阅", commented_on=received.submitted_at.date()
        )
    with pytest.raises(SentimentError, match="只有本会的社情民意编辑"):
        services.report_start_editing(received, user=writer)
    with pytest.raises(SentimentError, match="只有撰稿人本人"):
        services.report_withdraw(received, user=county_editor)
    bulletin = publish(received, county_editor)
    with pytest.raises(SentimentError, match="已经印发"):
        bulletin_services.bulletin_issue(bulletin, user=county_editor)
    with pytest.raises(SentimentError, match="当前为“已编发”"):
        services.report_return(received, user=county_editor, reason="重复")
    services.report_send_up(received, user=county_editor)
    received.refresh_from_db()
    with pytest.raises(SentimentError, match="已经报送过临江市政协"):
        services.report_send_up(received, user=county_editor)
    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses[draft.pk] == S.DRAFT and statuses[received.pk] == S.SENT


def test_editor_of_another_committee_cannot_act(county_member, city_editor, make_report):
    report = make_report(county_member.user)
    with pytest.raises(SentimentError, match="只有本会的社情民意编辑"):
        services.report_start_editing(report, user=city_editor)
    assert Report.objects.get(pk=report.pk).status == S.RECEIVED


def test_return_with_reason_and_resubmit(county_member, county_editor, make_report):
    writer = county_member.user
    report = make_report(writer)
    with pytest.raises(SentimentError, match="请填写退回原因"):
        services.report_return(report, user=county_editor, reason="  ")
    services.report_return(report, user=county_editor, reason="内容与上月第3期重复，请补充新情况。")
    report.refresh_from_db()
    assert report.status == S.RETURNED and report.returned_reason == "内容与上月第3期重复，请补充新情况。"
    note = Notification.objects.get(user=writer, title=f"您的社情民意信息《{report.title}》被退回")
    assert "内容与上月第3期重复" in note.body
    assert not DutyRecord.objects.filter(kind=DutyKind.REPORT_SUBMITTED).exists()
    services.report_update_draft(report, user=writer, title=report.title, content=TEXT + "补充：今年新增托管点3个。")
    services.report_submit(report, user=writer)
    report.refresh_from_db()
    assert report.status == S.RECEIVED and report.returned_reason == ""
    assert "补充" in report.original_content
    assert DutyRecord.objects.filter(kind=DutyKind.REPORT_SUBMITTED, member=county_member).count() == 1


def test_merge_keeps_every_writer_credited(county_member, county_member_2, county_editor, make_report, publish):
    primary = make_report(county_member.user)
    other = make_report(county_member_2.user, title="关于留守儿童心理健康教育的建议")
    services.report_merge(other, into=primary, user=county_editor, comment="同一主题")
    other.refresh_from_db()
    primary.refresh_from_db()
    assert other.status == S.MERGED and other.merged_into == primary and primary.status == S.EDITING
    assert list(primary.writers.values_list("name", "via_merge")) == [("张青山", False), ("刘碧水", True)]
    assert any("已与同类信息合并编辑" in t for t in titles(county_member_2.user))
    with pytest.raises(SentimentError, match="当前为“已合并”"):
        services.report_merge(other, into=primary, user=county_editor)
    services.report_sign_off(primary, user=county_editor)
    bulletin = bulletin_services.bulletin_create(user=county_editor)
    bulletin_services.bulletin_add_report(bulletin, primary, user=county_editor)
    bulletin_services.bulletin_issue(bulletin, user=county_editor)
    primary.refresh_from_db()
    assert primary.attribution == "（教育界 张青山、刘碧水委员反映）"
    for member, report in ((county_member, primary), (county_member_2, other)):
        record = DutyRecord.objects.get(member=member, kind=DutyKind.REPORT_ADOPTED)
        assert record.source == f"sentiment.Report:{report.pk}" and record.points == Decimal("1")


def test_reopen_takes_it_out_of_a_draft_bulletin(county_member, county_editor, make_report):
    report = make_report(county_member.user)
    services.report_start_editing(report, user=county_editor)
    services.report_sign_off(report, user=county_editor)
    bulletin = bulletin_services.bulletin_create(user=county_editor)
    bulletin_services.bulletin_add_report(bulletin, report, user=county_editor)
    services.report_reopen(report, user=county_editor)
    report.refresh_from_db()
    assert report.status == S.EDITING and report.bulletin is None
    with pytest.raises(SentimentError, match="本期还没有编入信息"):
        bulletin_services.bulletin_issue(bulletin, user=county_editor)
    bulletin.refresh_from_db()
    assert bulletin.number is None


def test_sign_off_needs_a_short_enough_text(county_member, county_editor, make_report):
    report = make_report(county_member.user)
    services.report_start_editing(report, user=county_editor)
    services.report_revise(report, user=county_editor, title=report.title, content="长" * 1600)
    with pytest.raises(SentimentError, match="1600 字，超过 1500 字的上限，请压缩后再签发"):
        services.report_sign_off(report, user=county_editor)


def test_pages_show_only_the_actions_allowed_now(county_member, county_editor, city_editor, make_report):
    report = make_report(county_member.user)
    assert [a.code for a in available_actions(county_member.user, report)] == ["withdraw"]
    assert [a.code for a in available_actions(county_editor, report)] == ["start_editing", "return", "merge"]
    assert available_actions(city_editor, report) == []
    services.report_start_editing(report, user=county_editor)
    report.refresh_from_db()
    assert [a.code for a in available_actions(county_editor, report)] == ["revise", "sign_off", "return", "merge"]
    assert available_actions(county_member.user, report) == []
    assert set(ACTIONS) >= {"submit", "start_editing", "sign_off", "issue", "send", "send_up", "adopt", "comment"}


def test_history_rows_say_who_when_from_to(county_member, county_editor, make_report):
    report = make_report(county_member.user)
    services.report_start_editing(report, user=county_editor)
    event = ReportEvent.objects.get(report=report, action="start_editing")
    assert (event.from_status, event.to_status, event.actor, event.committee_name) == (
        S.RECEIVED,
        S.EDITING,
        county_editor,
        "青山区政协",
    )
    assert event.visible_to_writer is False
