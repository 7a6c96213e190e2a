"""网络议政: chosen members post and reply for a period, staff moderate, it closes itself at the
end time, and every opinion goes into the summary document."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document

from consultations.errors import ConsultationError
from consultations.models import Deliberation, DeliberationStatus, Opinion
from consultations.services import deliberation as svc
from consultations.tasks import close_due_deliberations as close_task
from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from cppcc_portal.documents.services import document_render
from cppcc_portal.notifications.models import Notification


@pytest.fixture
def deliberation(committee, staff, member_a, member_b, item):
    d = Deliberation(
        committee=committee,
        title="城市更新中的老旧小区改造",
        description="请结合调研提出具体建议。",
        plan_item=item,
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=3),
    )
    svc.deliberation_save(d, user=staff, invitees=[member_a, member_b])
    svc.deliberation_open(d, user=staff)
    d.refresh_from_db()
    return d


def test_staff_open_it_to_chosen_members(client, staff, committee, member_a, member_b, member_c, forms):
    client.force_login(staff)
    opens = timezone.localtime() + timedelta(hours=1)
    data = {
        "title": "青年就业创业的难点与对策",
        "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (opens - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "invitees": [member_a.pk],
        "invite_sectors": [member_b.sector_id],
    }
    page = client.post("/consultations/deliberations/new/", data).content.decode()
    assert "截止时间必须晚于开始时间" in page and "青年就业创业的难点与对策" in page
    data["closes_at"] = (opens + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    client.post("/consultations/deliberations/new/", data)
    d = Deliberation.objects.get()
    assert d.status == DeliberationStatus.DRAFT and set(d.invitees.all()) == {
        member_a,
        member_b,
        member_c,
    }  # the sector brings all three
    assert not Notification.objects.exists()
    client.post(f"/consultations/deliberations/{d.pk}/open/")
    d.refresh_from_db()
    assert d.status == DeliberationStatus.OPEN
    assert Notification.objects.filter(title="网络议政邀请：青年就业创业的难点与对策").count() == 3


def test_opening_needs_invitees_and_a_future_end(staff, committee):
    d = Deliberation.objects.create(
        committee=committee, title="无人参加", opens_at=timezone.now(), closes_at=timezone.now() + timedelta(days=1)
    )
    with pytest.raises(ConsultationError, match="请先选择参加委员"):
        svc.deliberation_open(d, user=staff)
    Deliberation.objects.filter(pk=d.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1), opens_at=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(ConsultationError, match="截止时间已过"):
        svc.deliberation_open(d, user=staff)


def test_invited_members_post_and_reply(client, deliberation, member_a, member_b):
    client.force_login(member_a.user)
    page = client.get(deliberation.get_absolute_url()).content.decode()
    assert "发表意见建议" in page and "请结合调研提出具体建议" in page
    client.post(f"/consultations/deliberations/{deliberation.pk}/opinions/", {"content": "建议成立居民议事会，改造方案先公示。"})
    first = Opinion.objects.get()
    client.force_login(member_b.user)
    client.post(
        f"/consultations/deliberations/{deliberation.pk}/opinions/", {"content": "赞同，并建议明确补偿标准。", "parent": first.pk}
    )
    reply = Opinion.objects.exclude(pk=first.pk).get()
    assert reply.parent == first and reply.author == member_b
    client.post(f"/consultations/deliberations/{deliberation.pk}/opinions/", {"content": "回复的回复", "parent": reply.pk})
    assert Opinion.objects.get(content="回复的回复").parent == first  # threads stay one level deep
    page = client.get(deliberation.get_absolute_url()).content.decode()
    assert page.index("建议成立居民议事会") < page.index("赞同，并建议明确补偿标准") and "意见（3）" in page


def test_members_not_invited_see_nothing_and_cannot_post(client, deliberation, member_c, other_member):
    for user in (member_c.user, other_member.user):
        client.force_login(user)
        assert client.get(deliberation.get_absolute_url()).status_code == 404
        assert (
            client.post(f"/consultations/deliberations/{deliberation.pk}/opinions/", {"content": "我也想说"}).status_code == 404
        )
        assert deliberation.title not in client.get("/consultations/deliberations/").content.decode()
    with pytest.raises(ConsultationError, match="不在本次网络议政的参加委员名单中"):
        svc.opinion_post(deliberation, user=member_c.user, content="我也想说")
    assert not Opinion.objects.exists()


def test_it_closes_itself_at_the_end_time(client, deliberation, member_a):
    Deliberation.objects.filter(pk=deliberation.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    # even before the periodic task has run, the end time stops new posts (and what was typed is kept)
    client.force_login(member_a.user)
    response = client.post(
        f"/consultations/deliberations/{deliberation.pk}/opinions/", {"content": "截止后才写好的意见"}, follow=True
    )
    page = response.content.decode()
    assert "网络议政已结束，不能再发表意见" in page and "截止后才写好的意见" in page and not Opinion.objects.exists()
    assert close_task.run() == 1
    assert close_task.run() == 0
    deliberation.refresh_from_db()
    assert deliberation.status == DeliberationStatus.CLOSED and deliberation.closed_automatically and deliberation.closed_at
    assert "本次网络议政已结束" in client.get(deliberation.get_absolute_url()).content.decode()


def test_the_task_leaves_open_ones_alone_and_staff_may_close_early(deliberation, staff):
    assert svc.close_due_deliberations() == 0
    with pytest.raises(ConsultationError, match="还没到截止时间"):
        svc.deliberation_close(deliberation)
    svc.deliberation_close(deliberation, user=staff)
    deliberation.refresh_from_db()
    assert deliberation.status == DeliberationStatus.CLOSED and not deliberation.closed_automatically
    with pytest.raises(ConsultationError, match="已结束，不能结束"):
        svc.deliberation_close(deliberation, user=staff)


def test_a_failed_post_keeps_the_text(client, deliberation, member_a):
    client.force_login(member_a.user)
    long_text = "很" * 2001
    page = client.post(
        f"/consultations/deliberations/{deliberation.pk}/opinions/", {"content": long_text}, follow=True
    ).content.decode()
    assert "意见内容不能超过2000字" in page and long_text in page
    Deliberation.objects.filter(pk=deliberation.pk).update(opens_at=timezone.now() + timedelta(hours=1))
    page = client.post(
        f"/consultations/deliberations/{deliberation.pk}/opinions/", {"content": "还没开始就写好的意见"}, follow=True
    ).content.decode()
    assert "网络议政尚未开始" in page and "还没开始就写好的意见" in page and "未能发表的内容" in page
    assert not Opinion.objects.exists()


def test_staff_moderate_and_members_cannot(client, deliberation, staff, member_a, member_b, other_staff):
    opinion = svc.opinion_post(deliberation, user=member_a.user, content="欢迎关注我的公众号")
    url = f"/consultations/deliberations/{deliberation.pk}/opinions/{opinion.pk}/hide/"
    client.force_login(member_b.user)
    assert client.post(url, {"reason": "广告"}).status_code == 403
    client.force_login(other_staff)
    assert client.post(url, {"reason": "广告"}).status_code == 404
    client.force_login(staff)
    response = client.post(url, {"reason": ""}, follow=True)
    assert "屏蔽意见请说明原因" in response.content.decode()
    client.post(url, {"reason": "与议政主题无关的广告信息"})
    opinion.refresh_from_db()
    assert opinion.is_hidden and opinion.hidden_by == staff and opinion.hidden_reason == "与议政主题无关的广告信息"
    assert Notification.objects.filter(user=member_a.user, title__contains="已被屏蔽").exists()
    staff_page = client.get(deliberation.get_absolute_url()).content.decode()
    assert "欢迎关注我的公众号" in staff_page and "与议政主题无关的广告信息" in staff_page
    client.force_login(member_b.user)
    assert "欢迎关注我的公众号" not in client.get(deliberation.get_absolute_url()).content.decode()
    with pytest.raises(ConsultationError, match="回复的意见不存在"):
        svc.opinion_post(deliberation, user=member_b.user, content="回复", parent=opinion)
    client.force_login(staff)
    client.post(f"/consultations/deliberations/{deliberation.pk}/opinions/{opinion.pk}/restore/")
    opinion.refresh_from_db()
    assert not opinion.is_hidden


def test_all_opinions_export_to_a_summary_document(client, deliberation, staff, member_a, member_b):
    first = svc.opinion_post(deliberation, user=member_a.user, content="建议成立居民议事会。")
    svc.opinion_post(deliberation, user=member_b.user, content="建议明确加装电梯补偿标准。", parent=first)
    hidden = svc.opinion_post(deliberation, user=member_b.user, content="广告内容")
    svc.opinion_hide(hidden, user=staff, reason="广告")
    client.force_login(staff)
    client.post(f"/consultations/deliberations/{deliberation.pk}/summary/")
    doc = GeneratedDocument.objects.get(kind="deliberation_summary")
    document_render(doc.pk)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE and doc.file.name.endswith(".docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(doc.file.read())).paragraphs)
    assert "网络议政意见汇总" in text and "城市更新中的老旧小区改造" in text
    assert "邀请2位委员参加，2位委员发表意见建议1条、回复1条" in text
    assert "1. 建议成立居民议事会。（教育界 李明华委员）" in text
    assert "回复：建议明确加装电梯补偿标准。（教育界 王晓红委员）" in text
    assert "广告内容" not in text
    client.force_login(member_a.user)
    assert client.post(f"/consultations/deliberations/{deliberation.pk}/summary/").status_code == 403


def test_the_list_has_a_fixed_cost_and_an_export(client, staff, committee, member_a, django_assert_max_num_queries):
    for i in range(6):
        d = Deliberation.objects.create(
            committee=committee,
            title=f"议题{i}",
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=i + 1),
            status="open",
        )
        d.invitees.add(member_a)
        Opinion.objects.create(committee=committee, deliberation=d, author=member_a, content="意见")
    client.force_login(staff)
    with django_assert_max_num_queries(10):
        page = client.get("/consultations/deliberations/").content.decode()
    assert "议题5" in page and "1位委员 · 1条意见" in page
    assert client.get("/consultations/deliberations/?export=xlsx")["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(member_a.user)
    assert client.get("/consultations/deliberations/?export=xlsx").status_code == 403
