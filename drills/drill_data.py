"""Data for the drills (run by drill.py through `manage.py shell`): a committee, a member the
load logs in as, and REMINDER_UNITS handling units whose assigned proposals reach the 7-day
reminder today, so the daily unit-deadline digest is due. Each clerk has an e-mail address."""

from datetime import timedelta

from django.utils import timezone

from cppcc_portal.core.roles import sync_roles
from members.roles import Role
from proposals import services
from proposals.defaults import categories_for, ensure_defaults
from proposals.models import Assignment, HandlingMode
from tests.factories import (
    CommitteeFactory,
    HandlingUnitFactory,
    MemberFactory,
    SectorFactory,
    SessionFactory,
    TermFactory,
    UserFactory,
)

REMINDER_UNITS = 3
PROPOSALS_PER_UNIT = 4
PASSWORD = "Drill-2026-portal"

sync_roles()
committee = CommitteeFactory(name="中国人民政治协商会议临江市委员会", short_name="临江市政协")
term = TermFactory(committee=committee)
SessionFactory(term=term)
SectorFactory(committee=committee, name="教育界")
ensure_defaults(committee.pk)
category = categories_for(committee.pk).get(name="教育")
member = MemberFactory(user__committee=committee, user__full_name="李明华", user__username="drill_member")
member.user.set_password(PASSWORD)
member.user.save()
staff = UserFactory(committee=committee, username="drill_staff", full_name="孙丽萍", roles=[Role.PROPOSAL_STAFF])
for u in range(REMINDER_UNITS):
    clerk = UserFactory(
        committee=committee,
        username=f"drill_clerk{u}",
        full_name=f"联络员{u}",
        email=f"clerk{u}@units.linjiang.gov.cn",
        roles=[Role.UNIT_CLERK],
    )
    unit = HandlingUnitFactory(committee=committee, name=f"市第{u + 1}局", clerks=[clerk])
    for p in range(PROPOSALS_PER_UNIT):
        draft = services.proposal_create_draft(
            user=member.user,
            data={
                "title": f"关于第{u}单位第{p}件事项的建议",
                "grounds": "情况分析" * 40,
                "suggestions": "具体建议" * 40,
                "category": category,
            },
        )
        proposal = services.proposal_accept(services.proposal_submit(draft, user=member.user), user=staff)
        services.proposal_assign(proposal, user=staff, mode=HandlingMode.LEAD, lead=unit)
Assignment.objects.update(deadline=timezone.localdate() + timedelta(days=7))
print("drill data ready")
