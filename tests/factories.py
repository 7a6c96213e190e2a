"""factory_boy factories for the organisation and people every test needs."""

from datetime import date

import factory
from django.contrib.auth.models import Group

from members.models import (
    Committee,
    CommitteeLevel,
    HandlingUnit,
    Member,
    Sector,
    Session,
    SpecialCommittee,
    Term,
    User,
)

TEST_PASSWORD = "Test-password-2026"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"中国人民政治协商会议测试{n}市委员会")
    short_name = factory.Sequence(lambda n: f"测试{n}市政协")
    level = CommitteeLevel.CITY


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    committee = factory.SubFactory(CommitteeFactory)
    number = 15
    start_year = 2022
    end_year = 2027
    is_current = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    term = factory.SubFactory(TermFactory)
    committee = factory.SelfAttribute("term.committee")
    number = 5
    year = 2026
    opens_on = date(2026, 1, 8)
    is_current = True


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"测试界{n}")


class SpecialCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialCommittee

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"测试委员会{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    committee = factory.SubFactory(CommitteeFactory)
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get_or_create(name=str(role))[0])


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory, roles=["委员"])
    committee = factory.SelfAttribute("user.committee")
    term = factory.LazyAttribute(
        lambda o: Term.objects.filter(committee=o.committee, is_current=True).first() or TermFactory(committee=o.committee)
    )
    sector = factory.LazyAttribute(
        lambda o: Sector.objects.filter(committee=o.committee).first() or SectorFactory(committee=o.committee)
    )
    gender = "男"
    party = "无党派人士"
    workplace = "临江市第一中学"
    post = "教师"
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"测试市第{n}局")

    @factory.post_generation
    def clerks(self, create, extracted, **kwargs):
        if create and extracted:
            self.clerks.add(*extracted)
