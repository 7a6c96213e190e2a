"""Rankings by committee, sector and activity group; the below-minimum and at-risk lists; the
charts; Excel export; a convener's view; pages that wait for a recomputation; and the ranking
checked against a hand computation for three members."""

import io
import json
from decimal import Decimal as D

from openpyxl import load_workbook

from members.models import DutyKind, MemberScore, ScoringRule
from members.scoring_services import recompute_committee_year, rule_set_update
from tests.factories import MemberFactory, SectorFactory
from tests.members.conftest import YEAR, activity, day, record


def rows_of(page):
    """(rank, name, total) of each ranking row, read from the HTML table."""
    import re

    body = page.split('id="ranking-table"')[1].split("</table>")[0]
    found = []
    for tr in re.findall(r"<tr data-member=.*?</tr>", body, re.S):
        rank = re.search(r'<td class="rank">(\d+)</td>', tr).group(1)
        name = re.search(r'/members/duty/members/\d+/\?year=\d+">([^<]+)</a>', tr).group(1)
        total = re.search(r'<td class="text-end fw-semibold total">([^<]+)</td>', tr).group(1)
        found.append((int(rank), name, total))
    return found


def test_ranking_matches_a_hand_computation_for_three_members(
    client, member_staff, committee, member_a, member_b, django_capture_on_commit_callbacks
):
    """By hand, with the DOMAIN.md defaults:

    李明华: plenary 7 half-days × 5 = 35; 2 consultations × 5 = 10; accepted proposal as lead 15
            (+ submitted as lead 5); contact × 12 = 24 → capped at 20; 社情民意 adopted by the
            upper committee with source points 6                            → 35+10+20+20+6 = 91 优秀
    王晓红: plenary 35; standing meeting absent −5; accepted proposal as co-signer 3 (+ submitted
            as co-signer 1); research 5; reading 2 × 2 = 4; oral speech 10 → 35−5+4+5+4+10 = 53 不称职
    张建国: plenary 5 of 7 half-days 25; consultation absent −5; key proposal as lead 15
            (+ accepted 15 + submitted 5); training 3; a pending contact does not count
                                                                            → 25−5+35+3 = 58 不称职
    """
    zhang = MemberFactory(user__committee=committee, user__full_name="张建国")
    with django_capture_on_commit_callbacks(execute=True):
        record(member_a, DutyKind.PLENARY, attendance="present", quantity=7)
        record(member_a, DutyKind.CONSULTATION, attendance="present")
        record(member_a, DutyKind.CONSULTATION, attendance="present", on=day(6, 1))
        record(member_a, DutyKind.PROPOSAL_SUBMITTED, role="lead", source="p:1")
        record(member_a, DutyKind.PROPOSAL_ACCEPTED, role="lead", source="p:1")
        for month in range(1, 13):
            activity(member_a, DutyKind.CONTACT, on=day(month, 5), quantity=5)
        record(member_a, DutyKind.REPORT_ADOPTED, level="upper", points=6)

        record(member_b, DutyKind.PLENARY, attendance="present", quantity=7)
        record(member_b, DutyKind.STANDING_MEETING, attendance="absent")
        record(member_b, DutyKind.PROPOSAL_SUBMITTED, role="cosigner", source="p:2")
        record(member_b, DutyKind.PROPOSAL_ACCEPTED, role="cosigner", source="p:2")
        activity(member_b, DutyKind.RESEARCH)
        activity(member_b, DutyKind.READING)
        activity(member_b, DutyKind.READING, on=day(3, 3))
        record(member_b, DutyKind.SPEECH, level="oral")

        record(zhang, DutyKind.PLENARY, attendance="present", quantity=5)
        record(zhang, DutyKind.CONSULTATION, attendance="absent")
        record(zhang, DutyKind.PROPOSAL_SUBMITTED, role="lead", source="p:3")
        record(zhang, DutyKind.PROPOSAL_ACCEPTED, role="lead", source="p:3")
        record(zhang, DutyKind.PROPOSAL_KEY, role="lead", source="p:3")
        activity(zhang, DutyKind.TRAINING)
        activity(zhang, DutyKind.CONTACT, status="pending", quantity=40)
    recompute_committee_year(committee.pk, YEAR)  # the self-recorded rows above bypassed the hook
    client.force_login(member_staff)
    page = client.get(f"/members/duty/ranking/?year={YEAR}").content.decode()
    assert rows_of(page) == [(1, "李明华", "91"), (2, "张建国", "58"), (3, "王晓红", "53")]
    grades = dict(MemberScore.objects.values_list("member__user__full_name", "grade"))
    assert grades == {"李明华": "优秀", "张建国": "不称职", "王晓红": "不称职"}
    # the member's own page shows the same number and the capped line
    client.force_login(member_a.user)
    mine = client.get("/members/duty/").content.decode()
    assert '<div class="display-4 fw-semibold my-1" id="duty-total">91</div>' in mine
    assert "已封顶（原 24.0 分）" in mine and "全体委员中第 <strong>1</strong> 名（共 3 名）" in mine


def _scores(committee, n, sector=None):
    members = []
    for i in range(n):
        m = MemberFactory(user__committee=committee, **({"sector": sector} if sector else {}))
        record(m, DutyKind.PLENARY, attendance="present", quantity=1 + i % 7)
        members.append(m)
    recompute_committee_year(committee.pk, YEAR)
    return members


def test_ranking_filters_by_sector_and_group_with_fixed_queries(
    client, member_staff, committee, sector, django_assert_max_num_queries
):
    from members.models import ActivityGroup

    health = SectorFactory(committee=committee, name="医药卫生界")
    edu = _scores(committee, 8)
    med = _scores(committee, 4, sector=health)
    group = ActivityGroup.objects.create(committee=committee, name="第五委员活动组（农工党、医药卫生界）")
    group.members.set(med[:3])
    client.force_login(member_staff)
    # The page's own queries plus the shared menu's per-user lookups (roles, units, bodies).
    with django_assert_max_num_queries(24) as first:
        page = client.get(f"/members/duty/ranking/?year={YEAR}").content.decode()
    assert len(rows_of(page)) == 12
    _scores(committee, 10)
    with django_assert_max_num_queries(len(first.captured_queries)):  # the same number with twice the rows
        assert len(rows_of(client.get(f"/members/duty/ranking/?year={YEAR}").content.decode())) == 20
    assert "第五委员活动组" in page
    page = client.get(f"/members/duty/ranking/?year={YEAR}&sector={health.pk}").content.decode()
    assert {r[1] for r in rows_of(page)} == {m.name for m in med}
    assert [r[0] for r in rows_of(page)][0] == 1  # ranks restart within the filter
    page = client.get(f"/members/duty/ranking/?year={YEAR}&group={group.pk}").content.decode()
    assert {r[1] for r in rows_of(page)} == {m.name for m in med[:3]}
    page = client.get(f"/members/duty/ranking/?year={YEAR}&q={edu[0].name}").content.decode()
    assert [r[1] for r in rows_of(page)] == [edu[0].name]


def test_excel_export_has_every_column(client, member_staff, member_a, member_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record(member_a, DutyKind.PLENARY, attendance="present", quantity=7)
        record(member_b, DutyKind.CONTACT)
    client.force_login(member_staff)
    response = client.get(f"/members/duty/ranking/?year={YEAR}&export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[:9] == ("名次", "姓名", "界别", "党派", "活动组", "常委", "工作单位及职务", "总分", "等次")
    assert "出席全体会议" in header and "联系界别群众" in header and "未完成的最低要求" in header
    first = dict(zip(header, rows[1], strict=True))
    assert (first["名次"], first["姓名"], first["总分"], first["出席全体会议"]) == (1, "李明华", 35, 35)
    assert "参加协商" in first["未完成的最低要求"]


def test_convener_sees_only_their_group(client, group, member_a, member_b, outsider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for m in (member_a, member_b, outsider):
            record(m, DutyKind.CONTACT)
    client.force_login(member_a.user)
    page = client.get(f"/members/duty/ranking/?year={YEAR}").content.decode()
    assert {r[1] for r in rows_of(page)} == {"李明华", "王晓红"}
    assert "您是活动组召集人" in page and "年度汇总PDF" not in page
    xlsx = client.get(f"/members/duty/ranking/?year={YEAR}&export=xlsx")
    names = [r[1] for r in list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))[1:]]
    assert sorted(names) == ["李明华", "王晓红"]
    assert client.post("/members/duty/summary/pdf/").status_code == 403


def test_below_minimum_and_at_risk_lists(
    client, member_staff, committee, member_a, member_b, rule_set, django_capture_on_commit_callbacks
):
    rule_set.at_risk_prorate = False
    rule_set.at_risk_absences = 2
    rule_set.save()
    diligent = MemberFactory(user__committee=committee, user__full_name="全勤委员")
    with django_capture_on_commit_callbacks(execute=True):
        record(member_b, DutyKind.ACTIVITY, attendance="absent")
        record(member_b, DutyKind.CONSULTATION, attendance="absent")
        for m in (member_a, member_b):
            record(m, DutyKind.PLENARY, attendance="present", quantity=7)
        record(diligent, DutyKind.PLENARY, attendance="present", quantity=7)
        for kind in (DutyKind.CONSULTATION, DutyKind.ACTIVITY, DutyKind.RESEARCH):
            record(diligent, kind, attendance="present", on=day(1, 3))
        record(diligent, DutyKind.PROPOSAL_SUBMITTED, role="lead")
        record(diligent, DutyKind.REPORT_SUBMITTED, points=1)
        for q in range(1, 5):
            record(diligent, DutyKind.CONTACT, on=day(3 * q, 1), quantity=10)
    recompute_committee_year(committee.pk, YEAR)
    client.force_login(member_staff)
    below = client.get(f"/members/duty/below-minimum/?year={YEAR}").content.decode()
    assert {r[1] for r in rows_of(below)} == {"李明华", "王晓红"}
    risky = client.get(f"/members/duty/at-risk/?year={YEAR}").content.decode()
    # 全勤委员 has 35+15+5+1+8 = 64 ≥ 60; 李明华 35 < 60; 王晓红 25 and two unexcused absences
    assert {r[1] for r in rows_of(risky)} == {"李明华", "王晓红"}
    rule_set.at_risk_score = 30
    rule_set.save()
    risky = client.get(f"/members/duty/at-risk/?year={YEAR}").content.decode()
    assert {r[1] for r in rows_of(risky)} == {"王晓红"}  # still there for the absences


def test_pages_wait_while_scores_are_recomputed_after_a_rule_change(
    client, member_staff, member_a, rule_set, django_capture_on_commit_callbacks
):
    from members.scoring_services import recompute_job_run

    with django_capture_on_commit_callbacks(execute=True):
        record(member_a, DutyKind.CONTACT)
    job = rule_set_update(
        rule_set,
        user=member_staff,
        save_changes=lambda: ScoringRule.objects.filter(rule_set=rule_set, kind="contact").update(points=D(4)),
    )
    client.force_login(member_staff)
    page = client.get(f"/members/duty/ranking/?year={YEAR}").content.decode()
    assert "积分正在按最新规则重新计算" in page and 'id="ranking-table"' not in page
    assert f"/members/duty/recompute/{job.pk}/status/?reload=1" in page
    assert "积分正在按最新规则重新计算" in client.get(f"/members/duty/stats/?year={YEAR}").content.decode()
    redirect = client.get(f"/members/duty/ranking/?year={YEAR}&export=xlsx")
    assert redirect.status_code == 302
    # the member's own page computes with the new rules at once and says so
    client.force_login(member_a.user)
    mine = client.get("/members/duty/").content.decode()
    assert 'id="duty-total">4<' in mine and "此处为按最新规则即时计算的结果" in mine
    recompute_job_run(job.pk)
    client.force_login(member_staff)
    status = client.get(f"/members/duty/recompute/{job.pk}/status/?reload=1").content.decode()
    # the finished fragment asks portal.js for a full reload (no inline script under the CSP)
    assert "已完成" in status and "data-reload-page" in status
    page = client.get(f"/members/duty/ranking/?year={YEAR}").content.decode()
    assert rows_of(page) == [(1, "李明华", "4")]


def test_stats_page_feeds_the_charts(client, member_staff, committee):
    _scores(committee, 5)
    client.force_login(member_staff)
    page = client.get(f"/members/duty/stats/?year={YEAR}").content.decode()
    data = json.loads(page.split('id="duty-chart-data" type="application/json">')[1].split("</script>")[0])
    assert data["count"] == 5 and sum(data["bins"]["values"]) == 5
    assert data["grades"]["labels"] == ["优秀", "良好", "称职", "不称职"] and data["grades"]["values"] == [0, 0, 0, 5]
    assert "vendor/echarts/echarts.min.js" in page
    assert MemberScore.objects.count() == 5
