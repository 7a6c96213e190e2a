"""The pages: writing with a live counter and similar reports, editing with a visible diff,
composing and issuing a bulletin, every list with filters, a fixed number of queries and Excel."""

import io

import pytest
from openpyxl import load_workbook

from cppcc_portal.notifications.models import Notification
from sentiment.models import Bulletin, Report
from sentiment.rules import categories_for
from sentiment.services import bulletins as bulletin_services
from sentiment.services import reports as services
from tests.sentiment.conftest import TEXT

pytestmark = pytest.mark.django_db


def test_write_page_has_a_live_counter_and_similar_panel(client, county_member):
    client.force_login(county_member.user)
    page = client.get("/sentiment/new/").content.decode()
    assert 'data-maxchars="1500"' in page and 'data-counter-for="id_content"' in page
    assert 'hx-post="/sentiment/similar/"' in page


def test_member_submits_through_the_page(client, county_member, county_editor):
    client.force_login(county_member.user)
    category = categories_for(county_member.committee).get(name="教育")
    response = client.post(
        "/sentiment/new/",
        {
            "writer": "member",
            "title": "关于加强农村留守儿童关爱服务的建议",
            "content": TEXT,
            "category": category.pk,
            "do": "submit",
        },
    )
    report = Report.objects.get()
    assert response["Location"] == f"/sentiment/{report.pk}/"
    assert report.status == "received" and report.writers.get().member == county_member
    page = client.get(f"/sentiment/{report.pk}/").content.decode()
    assert "已接收" in page and "撤回" in page


def test_a_failed_form_keeps_what_was_typed(client, county_member):
    client.force_login(county_member.user)
    category = categories_for(county_member.committee).get(name="教育")
    typed = "农" * 1501
    response = client.post(
        "/sentiment/new/",
        {"writer": "member", "title": "关于太长的建议", "content": typed, "category": category.pk, "do": "submit"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "1501 字，超过 1500 字的上限" in page
    assert typed in page and "关于太长的建议" in page
    assert not Report.objects.exists()
    response = client.post("/sentiment/new/", {"writer": "member", "title": "", "content": "", "do": "draft"})
    assert "这个字段是必填项" in response.content.decode()


def test_body_submits_a_collective_report(client, body_submitter):
    client.force_login(body_submitter)
    page = client.get("/sentiment/new/").content.decode()
    assert "民盟临江市委员会（集体）" in page
    key = f"body:{body_submitter.bodies.get().pk}"
    category = categories_for(body_submitter.committee).get(name="教育")
    client.post(
        "/sentiment/new/",
        {"writer": key, "title": "关于民办教育的建议", "content": TEXT, "category": category.pk, "do": "submit"},
    )
    report = Report.objects.get()
    assert report.source == "body" and report.writers.get().body.name == "民盟临江市委员会"
    assert services.default_attribution(report) == "（民盟临江市委员会反映）"


def test_similar_reports_of_the_last_twelve_months(client, county_member, county_member_2, make_report):
    from datetime import timedelta

    from django.utils import timezone

    make_report(county_member_2.user, title="关于加强农村留守儿童心理关爱的建议")
    old = make_report(county_member_2.user, title="关于农村留守儿童关爱服务的再建议")
    Report.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=400))
    make_report(
        county_member_2.user, title="关于加快城区停车场建设的建议", content="城区停车位紧张，建议新建立体停车场，盘活闲置用地。"
    )
    client.force_login(county_member.user)
    page = client.post("/sentiment/similar/", {"title": "关于农村留守儿童关爱服务的建议", "content": TEXT}).content.decode()
    assert "关于加强农村留守儿童心理关爱的建议" in page
    assert "再建议" not in page  # older than 12 months
    assert "停车场" not in page
    assert '<a href="/sentiment/' not in page  # another member's report: title only, no link


def test_editor_revises_and_the_diff_is_visible(client, county_member, county_editor, make_report):
    report = make_report(county_member.user)
    client.force_login(county_editor)
    client.post(f"/sentiment/{report.pk}/do/start_editing/")
    new_text = TEXT.replace("数量较多", "数量逐年增加")
    response = client.post(
        f"/sentiment/{report.pk}/edit/",
        {"title": report.title, "content": new_text, "category": report.category_id, "attribution": "", "note": "核实数据"},
    )
    assert response.status_code == 302
    page = client.get(f"/sentiment/{report.pk}/").content.decode()
    assert "查看修改对比" in page and "原文（提交时的文字）" in page
    diff = client.get(f"/sentiment/{report.pk}/diff/").content.decode()
    assert '<del class="diff-del">较多</del>' in diff and '<ins class="diff-ins">逐年增加</ins>' in diff
    assert "删除 2 字，新增 4 字" in diff


def test_bulletin_composed_issued_and_sent_through_the_pages(client, county_member, county_editor, city_editor, make_report):
    report = make_report(county_member.user)
    services.report_start_editing(report, user=county_editor)
    services.report_sign_off(report, user=county_editor)
    client.force_login(county_editor)
    response = client.post("/sentiment/bulletins/new/", {"kind": "regular"})
    bulletin = Bulletin.objects.get()
    assert response["Location"] == f"/sentiment/bulletins/{bulletin.pk}/"
    client.post(f"/sentiment/bulletins/{bulletin.pk}/add/", {"report": report.pk})
    page = client.get(f"/sentiment/bulletins/{bulletin.pk}/").content.decode()
    assert report.title in page and "印发（编定期号）" in page
    client.post(f"/sentiment/bulletins/{bulletin.pk}/issue/")
    bulletin.refresh_from_db()
    page = client.get(f"/sentiment/bulletins/{bulletin.pk}/").content.decode()
    assert f"《社情民意》{bulletin.year}年第1期（总第1期）" in page and "确认报送" in page and "临江市政协" in page
    client.post(f"/sentiment/bulletins/{bulletin.pk}/send/", {"forward": [report.pk]})
    bulletin.refresh_from_db()
    assert bulletin.status == "sent"
    assert Report.objects.filter(forwarded_from=report, committee=city_editor.committee).exists()


def test_sending_without_choosing_reports_keeps_them_home(county_member, county_editor, make_report, publish):
    report = make_report(county_member.user)
    bulletin = publish(report, county_editor)
    bulletin_services.bulletin_send(bulletin, user=county_editor, forward_ids=[])
    assert not Report.objects.filter(forwarded_from=report).exists()
    report.refresh_from_db()
    assert report.status == "sent"


def test_return_form_through_the_page(client, county_member, county_editor, make_report):
    report = make_report(county_member.user)
    client.force_login(county_editor)
    response = client.post(f"/sentiment/{report.pk}/return/", {"return-reason": ""})
    assert "这个字段是必填项" in response.content.decode()
    client.post(f"/sentiment/{report.pk}/return/", {"return-reason": "请补充具体数据"})
    client.force_login(county_member.user)
    page = client.get(f"/sentiment/{report.pk}/").content.decode()
    assert "请补充具体数据" in page and "修改" in page and "提交" in page


def test_member_sees_what_the_upper_committee_did(client, county_member, county_editor, city_editor, make_report, publish):
    report = make_report(county_member.user)
    bulletin = publish(report, county_editor)
    bulletin_services.bulletin_send(bulletin, user=county_editor)
    copy = Report.objects.get(forwarded_from=report)
    city_bulletin = publish(copy, city_editor)
    services.report_comment(
        copy, user=city_editor, level="city", leader="市长 王建国", text="请教育局落实。", commented_on=city_bulletin.issued_on
    )
    client.force_login(county_member.user)
    page = client.get(f"/sentiment/{report.pk}/").content.decode()
    assert "临江市政协《社情民意》" in page and "市长 王建国" in page and "请教育局落实。" in page
    assert "开始编辑" not in page  # the city's internal steps stay internal
    client.force_login(county_editor)
    page = client.get("/sentiment/sent-up/").content.decode()
    assert "已采用" in page
    assert f"{city_bulletin.year}年报送临江市政协 1 篇，被采用 1 篇，转报江南省政协 0 篇" in page
    assert Notification.objects.filter(user=county_member.user, title__contains="获市长 王建国批示").exists()


LISTS = [
    ("county_editor", "/sentiment/queue/?tab=all"),
    ("county_editor", "/sentiment/bulletins/"),
    ("county_editor", "/sentiment/adoptions/"),
    ("county_editor", "/sentiment/comments/"),
    ("county_editor", "/sentiment/sent-up/"),
    ("county_member", "/sentiment/mine/"),
]


@pytest.mark.parametrize(("persona", "url"), LISTS)
def test_lists_use_a_fixed_number_of_queries_and_export(
    client, request, django_assert_max_num_queries, persona, url, county_member, county_editor, make_report, publish
):
    user = county_member.user if persona == "county_member" else county_editor

    def add(n):
        for i in range(n):
            r = make_report(county_member.user, title=f"关于第{i}项工作的建议")
            b = publish(r, county_editor)
            services.report_comment(
                r, user=county_editor, level="county", leader="区长 何某", text="阅", commented_on=b.issued_on
            )
            services.report_send_up(r, user=county_editor)

    add(2)
    client.force_login(user)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    add(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "关于第3项工作的建议" in page or "《社情民意》" in page
    sep = "&" if "?" in url else "?"
    response = client.get(f"{url}{sep}export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row >= 7 and sheet.cell(1, 1).value


def test_quota_progress_page_and_export(client, county_editor, county_member, county_member_2, make_report):
    from sentiment.models import Quota

    Quota.objects.create(committee=county_editor.committee, subject="member", period="year", target=2)
    make_report(county_member.user)
    make_report(county_member.user, title="关于第二件事的建议")
    client.force_login(county_editor)
    page = client.get("/sentiment/quotas/").content.decode()
    assert "张青山" in page and "2 / 2" in page and "刘碧水" in page and "0 / 2" in page
    page = client.get("/sentiment/quotas/?only=behind").content.decode()
    assert "刘碧水" in page and "张青山" not in page
    response = client.get("/sentiment/quotas/?export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert ("张青山", rows[1][1], 2, 2, 100, "是") in rows


def test_quota_form_refuses_mismatched_subject(client, county_editor, county_member):
    client.force_login(county_editor)
    response = client.post(
        "/sentiment/quotas/new/",
        {"subject": "body", "member": county_member.pk, "period": "year", "target": 3, "is_active": "on"},
    )
    assert "不能选择这一项" in response.content.decode()
    response = client.post("/sentiment/quotas/new/", {"subject": "member", "period": "month", "target": 0, "is_active": "on"})
    assert "目标篇数至少为 1" in response.content.decode()


def test_workbench_todos(client, county_member, county_editor, make_report):
    make_report(county_member.user)
    client.force_login(county_editor)
    page = client.get("/").content.decode()
    assert "新收到的社情民意信息待编辑" in page
    client.force_login(county_member.user)
    assert "社情民意" in client.get("/").content.decode()


def test_bulletins_are_searchable_by_report_title(client, county_member, county_editor, make_report, publish):
    publish(make_report(county_member.user, title="关于乡村公交的建议"), county_editor)
    publish(make_report(county_member.user, title="关于城区停车的建议"), county_editor)
    client.force_login(county_editor)
    page = client.get("/sentiment/bulletins/?q=停车").content.decode()
    assert "第2期" in page and "第1期" not in page
