"""Roles are groups with permissions; every list is scoped to the user's committee."""

from django.contrib.auth.models import Group

from members.models import Member
from members.roles import Role
from tests.factories import MemberFactory, UserFactory


def test_every_role_is_a_group_with_the_declared_permissions(roles):
    names = set(Group.objects.values_list("name", flat=True))
    assert {r.value for r in Role} <= names
    staff = Group.objects.get(name=Role.MEMBER_AFFAIRS_STAFF)
    assert staff.permissions.filter(codename="change_member").exists()
    assert not Group.objects.get(name=Role.MEMBER).permissions.filter(codename="change_member").exists()


def test_a_user_may_hold_several_roles(roles, committee):
    user = UserFactory(committee=committee, roles=[Role.PROPOSAL_STAFF, Role.MEMBER_AFFAIRS_STAFF])
    assert user.has_role(Role.PROPOSAL_STAFF) and user.has_role(Role.MEMBER_AFFAIRS_STAFF)
    assert not user.has_role(Role.LEADER)


def test_anonymous_user_is_sent_to_login(client, db):
    for url in ["/", "/members/", "/notifications/", "/documents/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_chinese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "用户登录" in response.content.decode() and 'lang="zh-CN"' in response.content.decode()


def test_staff_see_only_their_own_committee(client, member_staff, member_a, other_staff, other_committee):
    stranger = MemberFactory(user__committee=other_committee, user__full_name="远山委员")
    client.force_login(member_staff)
    page = client.get("/members/").content.decode()
    assert "李明华" in page and "远山委员" not in page
    assert client.get(f"/members/{stranger.pk}/").status_code == 404

    client.force_login(other_staff)
    page = client.get("/members/").content.decode()
    assert "远山委员" in page and "李明华" not in page
    assert client.get(f"/members/{member_a.pk}/").status_code == 404


def test_a_member_cannot_import_or_export(client, member_a):
    client.force_login(member_a.user)
    assert client.get("/members/import/").status_code == 403
    assert client.get("/members/?export=xlsx").status_code == 403


def test_phone_is_masked_except_for_staff_and_the_member(client, member_a, member_b, member_staff):
    client.force_login(member_b.user)
    page = client.get(f"/members/{member_a.pk}/").content.decode()
    assert "139****0818" in page and "13905710818" not in page
    client.force_login(member_a.user)
    assert "13905710818" in client.get(f"/members/{member_a.pk}/").content.decode()
    client.force_login(member_staff)
    assert "13905710818" in client.get(f"/members/{member_a.pk}/").content.decode()


def test_member_list_runs_a_fixed_number_of_queries(client, member_staff, committee, django_assert_max_num_queries):
    MemberFactory.create_batch(3, user__committee=committee)
    client.force_login(member_staff)
    with django_assert_max_num_queries(14) as few:
        client.get("/members/")
    MemberFactory.create_batch(15, user__committee=committee)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/members/")
    assert response.context["page_obj"].paginator.count == 18
    assert len(response.context["members"]) == 18 == Member.objects.filter(committee=committee).count()


def test_committee_tree_lets_items_travel_upward(db):
    from tests.factories import CommitteeFactory

    province = CommitteeFactory(level="province")
    city = CommitteeFactory(level="city", parent=province)
    county = CommitteeFactory(level="county", parent=city)
    assert county.can_send_to(city) and not county.can_send_to(province) and not city.can_send_to(county)
    assert county.ancestors() == [city, province]
    assert set(province.lower_committees()) == {city, county}
