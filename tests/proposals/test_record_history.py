"""修改记录: staff of the record's committee read who changed what, when, from what to what;
members, unit clerks, leaders and other committees' staff are refused."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member
from proposals.models import Proposal
from tests.factories import SectorFactory, SpecialCommitteeFactory
from tests.proposals.conftest import TEXT_GROUNDS, TEXT_SUGGESTIONS

pytestmark = pytest.mark.django_db

OLD_TITLE = "关于推进城乡义务教育优质均衡发展的建议"
NEW_TITLE = "关于加强乡村教师队伍建设的建议"


def history_url(kind, pk):
    return reverse("history:record", args=[kind, pk])


def text_of(response):
    """The page's visible text, tags dropped and whitespace squeezed, to read as a user would."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def edited_proposal(client, member_a, make_draft, category):
    """A's draft, retitled by A through the edit page and submitted: every step in a request."""
    draft = make_draft(member_a, title=OLD_TITLE)
    client.force_login(member_a.user)
    data = {
        "title": NEW_TITLE,
        "category": category.pk,
        "timing": draft.timing,
        "grounds": TEXT_GROUNDS,
        "suggestions": TEXT_SUGGESTIONS,
        "action": "submit",
    }
    response = client.post(reverse("proposals:edit", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    proposal = Proposal.objects.get(pk=draft.pk)
    assert proposal.title == NEW_TITLE and proposal.status == "submitted"
    return proposal


def test_staff_see_who_changed_which_field_from_what_to_what(client, edited_proposal, proposal_staff):
    client.force_login(proposal_staff)
    response = client.get(history_url("proposal", edited_proposal.pk))
    assert response.status_code == 200
    text = text_of(response)
    # the retitling: who, the field's verbose name, old → new
    assert "李明华" in text
    assert f"案由 {OLD_TITLE} → {NEW_TITLE}" in text
    # the submission: the status by its label, not its stored value
    assert "状态 草稿 → 待审查" in text
    assert "draft" not in text and "submitted" not in text
    kinds = re.findall(r'class="badge [^"]*history-kind">(\S+)<', response.content.decode())
    assert kinds[-1] == "创建" and set(kinds[:-1]) == {"修改"}  # newest first, the creation last
    assert str(edited_proposal.title) in text


def test_the_detail_page_links_to_the_history_for_staff_only(client, edited_proposal, proposal_staff, member_a):
    url = history_url("proposal", edited_proposal.pk)
    client.force_login(proposal_staff)
    assert url in client.get(edited_proposal.get_absolute_url()).content.decode()
    client.force_login(member_a.user)
    page = client.get(edited_proposal.get_absolute_url())
    assert page.status_code == 200 and url not in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member_a", 403),  # the proposer opens the proposal, but the history is the office's
        ("leader", 403),
        ("unit_clerk", 404),  # not assigned: the proposal itself is hidden
        ("other_staff", 404),  # another committee's proposal staff
    ],
)
def test_others_are_refused(client, request, edited_proposal, persona, status):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    response = client.get(history_url("proposal", edited_proposal.pk))
    assert response.status_code == status
    assert NEW_TITLE not in response.content.decode()


def test_a_draft_is_as_hidden_from_staff_as_on_its_detail_page(client, make_draft, member_a, proposal_staff):
    draft = make_draft(member_a)
    client.force_login(proposal_staff)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(history_url("proposal", draft.pk)).status_code == 404


def test_an_unknown_kind_is_not_found(client, proposal_staff, edited_proposal):
    client.force_login(proposal_staff)
    assert client.get(history_url("user", proposal_staff.pk)).status_code == 404


def test_an_empty_history_shows_an_empty_state(client, edited_proposal, proposal_staff):
    Proposal.history.filter(id=edited_proposal.pk).delete()  # e.g. a record imported before history was kept
    client.force_login(proposal_staff)
    response = client.get(history_url("proposal", edited_proposal.pk))
    assert response.status_code == 200
    assert "这条记录还没有修改记录" in text_of(response)


def test_member_profile_changes_name_related_records_and_m2m(client, member_a, member_staff, committee, other_staff):
    """Foreign keys and many-to-many fields read as the names of what they point at."""
    health = SectorFactory(committee=committee, name="医药卫生界")
    culture = SpecialCommitteeFactory(committee=committee, name="文化文史和学习委员会")
    old_sector = member_a.sector.name
    member_a._history_user = member_staff  # as the admin's change form would record it
    _change_member(member_a, health, culture)
    client.force_login(member_staff)
    response = client.get(history_url("member", member_a.pk))
    text = text_of(response)
    assert f"界别 {old_sector} → 医药卫生界" in text
    assert "手机号 13905710818 → 13900002222" in text
    assert "所在专委会 （空） → 文化文史和学习委员会" in text
    assert "孙丽萍" in text
    # the profile page offers the link to member-affairs staff; other committees get 404
    assert history_url("member", member_a.pk) in client.get(reverse("members:detail", args=[member_a.pk])).content.decode()
    client.force_login(other_staff)
    assert client.get(history_url("member", member_a.pk)).status_code == 404
    client.force_login(member_a.user)
    assert client.get(history_url("member", member_a.pk)).status_code == 403


def _change_member(member, sector, special_committee):
    member.sector = sector
    member.phone = "13900002222"
    member.save()
    member.special_committees.add(special_committee)


def test_a_page_of_history_costs_the_same_queries_however_long(client, member_a, member_staff, committee):
    client.force_login(member_staff)
    url = history_url("member", member_a.pk)

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), text_of(response)

    def retitle_sector(times, start):
        for i in range(start, start + times):
            member_a.sector = SectorFactory(committee=committee, name=f"界别{i}")
            member_a.save()

    retitle_sector(24, 0)
    shorter, _ = queries_for_page()
    retitle_sector(6, 24)
    longer, text = queries_for_page()
    assert Member.history.filter(id=member_a.pk).count() > 30  # two pages and more
    assert longer == shorter <= 16
    assert "界别28 → 界别29" in text and "第 1/2 页" in text
    assert "创建" in text_of(client.get(url + "?page=2"))
