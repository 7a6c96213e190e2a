"""Chinese full-text search (jieba + tsvector + GIN) and similar proposals while drafting."""

from django.db import connection

from proposals import services
from proposals.filters import search_proposals
from proposals.models import Proposal


def test_search_finds_two_character_terms_and_proposer_names(make_submitted, make_accepted, member_a, member_b):
    school = make_submitted(member_a, title="关于加强中小学生心理健康教育的建议")
    roads = make_submitted(
        member_b,
        title="关于推进农村公路提档升级的建议",
        grounds="农村公路是群众出行的基础。" * 10,
        suggestions="加大养护投入。" * 10,
    )
    numbered = make_accepted(
        member_b, title="关于缓解城区停车难的建议", grounds="停车难问题突出。" * 10, suggestions="建设立体停车场。" * 10
    )
    qs = Proposal.objects.all()
    assert set(search_proposals(qs, "心理")) == {school}
    assert set(search_proposals(qs, "公路 农村")) == {roads}
    assert set(search_proposals(qs, "王晓红")) == {roads, numbered}  # the proposer's name is indexed
    assert set(search_proposals(qs, f"第{numbered.number}号")) == {numbered}
    assert list(search_proposals(qs, "火星")) == []


def test_the_search_query_is_served_by_the_gin_index(make_submitted, member_a):
    make_submitted(member_a)
    qs = search_proposals(Proposal.objects.all(), "教育 均衡")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "proposal_search_tsv_gin" in plan and "search_tsv" in sql, plan


def test_search_text_follows_edits_and_cosigners(make_draft, member_a, member_b):
    draft = make_draft(member_a)
    services.proposal_update_draft(draft, user=member_a.user, data={"title": "关于保护非物质文化遗产的建议"})
    assert set(search_proposals(Proposal.objects.all(), "非物质")) == {draft}
    assert set(search_proposals(Proposal.objects.all(), "文化遗产保护")) == {draft}
    [inv] = services.cosign_invite(draft, user=member_a.user, members=[member_b])
    services.cosign_respond(inv, user=member_b.user, accept=True)
    services.proposal_submit(draft, user=member_a.user)
    assert set(search_proposals(Proposal.objects.all(), "王晓红")) == {draft}


def test_similar_proposals_of_this_session_and_the_last(client, make_submitted, member_a, member_b, session, term, committee):
    from tests.factories import SessionFactory

    last = SessionFactory(term=term, number=4, year=session.year - 1, is_current=False)
    old = make_submitted(member_b, title="关于推进城乡义务教育优质均衡发展的建议")
    Proposal.objects.filter(pk=old.pk).update(session=last)
    make_submitted(
        member_b,
        title="关于加强城市河道生态修复的建议",
        grounds="城市河道淤积、水质下降，生态功能退化。" * 8,
        suggestions="开展清淤疏浚和生态护岸建设。" * 8,
    )
    client.force_login(member_a.user)
    html = client.post(
        "/proposals/similar/", {"title": "关于促进义务教育均衡发展的建议", "grounds": "城乡教育资源不均衡，乡村教师流失"}
    ).content.decode()
    assert "关于推进城乡义务教育优质均衡发展的建议" in html and "十五届四次会议" in html
    assert "河道" not in html
    assert "暂未发现" in client.post("/proposals/similar/", {"title": "关于发展航天产业的建议", "grounds": ""}).content.decode()
