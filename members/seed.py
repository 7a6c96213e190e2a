"""Demo organisation: a province, the city committee the demo users work in, a county below it,
~350 members across 23 sectors, 9 special committees, activity groups and 36 handling units."""

from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from cppcc_portal.core.demo import DEMO_PASSWORD
from cppcc_portal.notifications.services import send_reminder_once
from members import demo_data as words
from members.models import (
    ActivityGroup,
    Body,
    Committee,
    CommitteeLevel,
    HandlingUnit,
    Member,
    MemberStatus,
    Sector,
    Session,
    SpecialCommittee,
    Term,
    User,
)
from members.roles import Role

MEMBER_COUNT = 350
# (username, full name, roles, extra)
PERSONAS = [
    # 三员分立: three administrators, none a superuser; the first two work in the admin site with
    # the permissions their roles declare, the auditor only on the portal's audit pages.
    ("admin", "赵磊", [Role.ADMIN], {"is_staff": True, "is_superuser": False}),
    ("security", "冯建安", [Role.SECURITY_ADMIN], {"is_staff": True, "is_superuser": False}),
    ("auditor", "钱文静", [Role.AUDIT_ADMIN], {"is_staff": False, "is_superuser": False}),
    ("staff", "孙丽萍", [Role.PROPOSAL_STAFF, Role.MEMBER_AFFAIRS_STAFF], {}),
    ("editor", "周文博", [Role.REPORT_EDITOR], {}),
    ("leader", "陈志远", [Role.LEADER], {}),
    ("unit", "吴海燕", [Role.UNIT_CLERK], {}),
    ("member", "李明华", [Role.MEMBER], {}),
    # the staff account of 民盟临江市委员会, which submits collective proposals and reports
    ("minmeng", "郑雅琴", [], {}),
]


def _committees(demo):
    province, _ = Committee.objects.get_or_create(
        name="中国人民政治协商会议江南省委员会",
        defaults={
            "short_name": "江南省政协",
            "level": CommitteeLevel.PROVINCE,
            "office_name": "政协江南省委员会办公厅",
            "order": 1,
        },
    )
    city, _ = Committee.objects.get_or_create(
        name="中国人民政治协商会议临江市委员会",
        defaults={
            "short_name": "临江市政协",
            "level": CommitteeLevel.CITY,
            "parent": province,
            "office_name": "政协临江市委员会办公室",
            "order": 2,
        },
    )
    county, _ = Committee.objects.get_or_create(
        name="中国人民政治协商会议临江市青山区委员会",
        defaults={
            "short_name": "青山区政协",
            "level": CommitteeLevel.COUNTY,
            "parent": city,
            "office_name": "政协临江市青山区委员会办公室",
            "order": 3,
        },
    )
    demo.province, demo.city, demo.county = province, city, county


def _term_and_session(demo, committee, *, term_number, start_year):
    term, _ = Term.objects.get_or_create(
        committee=committee,
        number=term_number,
        defaults={"start_year": start_year, "end_year": start_year + 5, "is_current": True},
    )
    current = None
    for number in range(1, demo.today.year - start_year + 2):
        year = start_year + number - 1
        session, _ = Session.objects.get_or_create(
            committee=committee,
            term=term,
            number=number,
            defaults={
                "year": year,
                "opens_on": date(year, 1, 8),
                "closes_on": date(year, 1, 11),
                "is_current": year == demo.today.year,
            },
        )
        if session.is_current:
            current = session
    return term, current


def _name(rng, used):
    while True:
        name = rng.choice(words.SURNAMES) + "".join(rng.choice(words.GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
        if name not in used:
            used.add(name)
            return name


def _members(demo, sectors, special_committees):
    rng = demo.seeded("members")
    used_names = {p[1] for p in PERSONAS}
    member_group = Group.objects.get(name=Role.MEMBER)
    # Hashing is deliberately slow; one hash serves all demo members (a demo, not real secrets).
    password_hash = None
    existing = {m.user.username: m for m in Member.objects.filter(committee=demo.city).select_related("user")}
    members = []
    for i in range(1, MEMBER_COUNT + 1):
        username = f"wy{i:04d}"
        sector = sectors[(i - 1) % len(sectors)] if i <= len(sectors) * 2 else rng.choice(sectors)
        full_name = _name(rng, used_names)
        gender = "女" if rng.random() < 0.32 else "男"
        workplace, post = rng.choice(words.WORKPLACES.get(sector.name, words.GENERIC_WORKPLACES))
        values = {
            "gender": gender,
            "ethnicity": rng.choice(words.ETHNICITIES),
            "birth_date": date(rng.randint(1960, 1988), rng.randint(1, 12), rng.randint(1, 28)),
            "party": words.SECTOR_PARTY.get(sector.name) or rng.choice(["中共党员", "中共党员", "无党派人士", "群众"]),
            "sector": sector,
            "is_standing": rng.random() < 0.12,
            "workplace": workplace,
            "post": post,
            "phone": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
            "status": MemberStatus.RESIGNED if i % 97 == 0 else MemberStatus.SERVING,
        }
        sc_choice = rng.sample(special_committees, 1 if rng.random() < 0.8 else 2)
        if username in existing:
            members.append(existing[username])
            continue
        password_hash = password_hash or make_password(DEMO_PASSWORD)
        user, _ = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "committee": demo.city, "password": password_hash}
        )
        user.groups.add(member_group)
        member = Member.objects.create(user=user, committee=demo.city, term=demo.term, **values)
        member.special_committees.set(sc_choice)
        members.append(member)
    return members


def _personas(demo, sectors, special_committees):
    for username, full_name, roles, extra in PERSONAS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "committee": demo.city, **extra}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        # A demo database from before 三员分立 had a superuser admin: bring the flags in line.
        stale = [flag for flag, value in extra.items() if getattr(user, flag) != value]
        if stale:
            for flag in stale:
                setattr(user, flag, extra[flag])
            user.save(update_fields=stale)
        user.groups.add(*Group.objects.filter(name__in=[str(r) for r in roles]))
        demo.personas[username] = user
    education = next(s for s in sectors if s.name == "教育界")
    member, created = Member.objects.get_or_create(
        user=demo.personas["member"],
        defaults={
            "committee": demo.city,
            "term": demo.term,
            "gender": "男",
            "birth_date": date(1971, 9, 18),
            "party": "民进",
            "sector": education,
            "workplace": "临江市第一中学",
            "post": "校长",
            "phone": "13905710818",
            "address": "临江市滨江路 18 号",
        },
    )
    if created:
        member.special_committees.set([sc for sc in special_committees if sc.name == "教科卫体委员会"])
    return member


def _bodies(demo, sectors, special_committees):
    by_sector = {s.name: s for s in sectors}
    by_special = {f"政协临江市委员会{sc.name}": sc for sc in special_committees}
    demo.bodies = []
    for i, (name, kind, sector_name) in enumerate(words.BODIES):
        body, created = Body.objects.get_or_create(
            committee=demo.city,
            name=name,
            defaults={"kind": kind, "sector": by_sector.get(sector_name), "special_committee": by_special.get(name), "order": i},
        )
        demo.bodies.append(body)
        if created and name == "民盟临江市委员会":
            body.submitters.add(demo.personas["minmeng"])


def seed(demo):
    _committees(demo)
    demo.term, demo.session = _term_and_session(demo, demo.city, term_number=15, start_year=2022)
    _term_and_session(demo, demo.county, term_number=9, start_year=2022)
    sectors = [
        Sector.objects.get_or_create(committee=demo.city, name=n, defaults={"order": i})[0] for i, n in enumerate(words.SECTORS)
    ]
    for i, n in enumerate(words.SECTORS):
        Sector.objects.get_or_create(committee=demo.county, name=n, defaults={"order": i})
    special = [
        SpecialCommittee.objects.get_or_create(committee=demo.city, name=n, defaults={"order": i})[0]
        for i, n in enumerate(words.SPECIAL_COMMITTEES)
    ]
    persona_member = _personas(demo, sectors, special)
    demo.members = [persona_member, *_members(demo, sectors, special)]
    demo.units = []
    for i, (name, short) in enumerate(words.HANDLING_UNITS):
        unit, _ = HandlingUnit.objects.get_or_create(
            committee=demo.city,
            name=name,
            defaults={
                "short_name": short,
                "category": words.UNIT_CATEGORY.get(name, "government"),
                "contact_person": "办公室",
                "contact_phone": f"0571-8{i + 1:03d}{i * 7 % 10000:04d}"[:13],
                "order": i,
            },
        )
        demo.units.append(unit)
    education_bureau = next(u for u in demo.units if u.name == "市教育局")
    if not education_bureau.clerks.filter(pk=demo.personas["unit"].pk).exists():
        education_bureau.clerks.add(demo.personas["unit"])
    serving = [m for m in demo.members if m.status == MemberStatus.SERVING]
    for i, name in enumerate(words.ACTIVITY_GROUPS):
        group, created = ActivityGroup.objects.get_or_create(committee=demo.city, name=name)
        if created:
            share = [m for m in serving if words.GROUP_OF_SECTOR[m.sector.name] == i]
            group.members.set(share)
            group.conveners.set(share[:2])
    _bodies(demo, sectors, special)
    send_reminder_once(
        f"demo:welcome:{demo.personas['member'].pk}",
        [demo.personas["member"]],
        "欢迎使用政协履职服务平台",
        body="您可以在“我的工作台”查看待办事项，在手机浏览器上提交提案和社情民意信息。",
        url="/",
        category="welcome",
        email=False,
    )
    # A year of duty records: last year in full and this year to date (members/duty_demo.py).
    from members.duty_demo import seed_duty

    seed_duty(demo, duty_years(demo))


def duty_years(demo):
    return [demo.today.year - 1, demo.today.year]


def finish(demo):
    """Score every member for the demo years, once every app has recorded its duty records."""
    from members.scoring_services import recompute_committee_year

    for year in duty_years(demo):
        recompute_committee_year(demo.city.pk, year, as_of=demo.today)
