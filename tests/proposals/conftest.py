"""Fixtures for the proposals tests: a current session, a second unit with its own clerk, a
third member, and helpers that walk a proposal through its life with the real services."""

import pytest

from members.roles import Role
from proposals import services
from proposals.defaults import categories_for, ensure_defaults
from proposals.models import HandlingMode
from tests.factories import HandlingUnitFactory, MemberFactory, UserFactory

TEXT_GROUNDS = "近年来我市义务教育发展较快，但城乡之间师资、设施差距仍然明显，乡村学校骨干教师流失严重。" * 2
TEXT_SUGGESTIONS = "一、建立城乡教师交流轮岗制度；二、提高乡村教师生活补助；三、加大乡村学校设施投入，推进优质均衡发展。" * 2


@pytest.fixture
def rules(committee):
    return ensure_defaults(committee.pk)


@pytest.fixture
def education(unit_clerk):
    return unit_clerk.handling_units.get()


@pytest.fixture
def other_clerk(roles, committee):
    return UserFactory(committee=committee, username="unit_y_clerk", full_name="马建国", roles=[Role.UNIT_CLERK])


@pytest.fixture
def health(other_clerk, committee):
    return HandlingUnitFactory(committee=committee, name="市卫生健康委员会", clerks=[other_clerk])


@pytest.fixture
def member_c(roles, committee, term, sector):
    return MemberFactory(user__committee=committee, user__full_name="赵文静", user__username="member_c")


@pytest.fixture
def category(committee, rules):
    return categories_for(committee.pk).get(name="教育")


@pytest.fixture
def make_draft(session, category, rules):
    def make(member, *, title="关于推进城乡义务教育优质均衡发展的建议", **extra):
        data = {"title": title, "grounds": TEXT_GROUNDS, "suggestions": TEXT_SUGGESTIONS, "category": category, **extra}
        return services.proposal_create_draft(user=member.user, data=data)

    return make


@pytest.fixture
def make_submitted(make_draft):
    def make(member, **kw):
        draft = make_draft(member, **kw)
        return services.proposal_submit(draft, user=member.user)

    return make


@pytest.fixture
def make_accepted(make_submitted, proposal_staff):
    def make(member, **kw):
        return services.proposal_accept(make_submitted(member, **kw), user=proposal_staff)

    return make


@pytest.fixture
def make_assigned(make_accepted, proposal_staff, education):
    def make(member, **kw):
        proposal = make_accepted(member, **kw)
        services.proposal_assign(proposal, user=proposal_staff, mode=HandlingMode.LEAD, lead=education)
        proposal.refresh_from_db()
        return proposal

    return make


@pytest.fixture
def reply_to(unit_clerk):
    def do(assignment, code="B", user=None):
        return services.reply_submit(
            assignment,
            user=user or unit_clerk,
            result_code=code,
            text="经研究，您提出的建议已列入明年工作计划，正在逐步推进落实，感谢您的关心和支持。",
            signer="王建华",
            contact_person="张老师",
            contact_phone="0571-88001234",
        )

    return do
