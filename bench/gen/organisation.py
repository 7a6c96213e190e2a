"""The province's committees and what each holds: a term of five sessions, sectors, special
committees, activity groups, handling units with clerks, bodies with their submitters, office
staff, and members with their accounts. The demo's three committees are found and completed
(topped up to their share); the other cities and counties are made new."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from bench.gen import sizes, vocabulary
from bench.gen.db import CST, Table
from consultations.selectors import forms_for, settings_for
from cppcc_portal.core.demo import DEMO_PASSWORD
from members import demo_data as mw
from members.models import (
    ActivityGroup,
    Body,
    Committee,
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
from proposals.defaults import ensure_defaults
from proposals.models import ProposalCategory, RejectionGround
from sentiment.models import ReportCategory
from sentiment.rules import ensure_rules

PROVINCE, CITY, COUNTY = (
    "中国人民政治协商会议江南省委员会",
    "中国人民政治协商会议临江市委员会",
    "中国人民政治协商会议临江市青山区委员会",
)
COUNTY_SPECIAL = ["提案委员会", "经济委员会", "教科卫体委员会", "社会和法制委员会", "文化文史和学习委员会", "农业和农村委员会"]
TERM_NUMBER = {"province": 13, "city": 15, "county": 9}
START_YEAR = 2022


@dataclass
class Org:
    """One committee as the generator needs it (ids and names, no model instances)."""

    pk: int
    short: str
    level: str
    parent_pk: int | None
    code: str
    place: str
    demo: bool = False
    term_pk: int = 0
    term_number: int = 0
    sessions: list = field(default_factory=list)  # (pk, number, year, opens_on, is_current)
    sectors: list = field(default_factory=list)  # (pk, name)
    special: list = field(default_factory=list)  # (pk, name)
    units: list = field(default_factory=list)  # (pk, name, short, contact_person, contact_phone)
    unit_by_demo_name: dict = field(default_factory=dict)  # 市教育局 → this committee's unit pk
    clerks: dict = field(default_factory=dict)  # unit pk → [user pk]
    bodies: list = field(default_factory=list)  # (pk, name, kind, sector_pk, submitter user pk)
    staff: int = 0
    editor: int = 0
    leader: int = 0
    members: list = field(default_factory=list)  # Person
    categories: dict = field(default_factory=dict)
    grounds: list = field(default_factory=list)
    report_categories: dict = field(default_factory=dict)
    member_target: int = 0

    @property
    def c(self):
        return vocabulary.level_char(self.level, self.place)

    def serving(self):
        return [m for m in self.members if m.serving]


@dataclass
class Person:
    pk: int
    user: int
    name: str
    sector: int
    sector_name: str
    standing: bool
    serving: bool


def _aware(day, hour=9):
    return datetime.combine(day, time(hour), CST)


class Builder:
    def __init__(self, gen):
        self.gen = gen
        self.rng = gen.rng
        self.password = make_password(DEMO_PASSWORD)
        self.groups = {g.name: g.pk for g in Group.objects.all()}
        self.users = Table(User, ["id", "password", "username", "full_name", "committee_id", "date_joined", "is_active"])
        self.user_groups = Table(User.groups.through, ["id", "user_id", "group_id"])
        self.used_usernames = set(User.objects.values_list("username", flat=True))
        self.pending_users, self.pending_groups = [], []

    # --- accounts ---------------------------------------------------------------------------
    def user(self, username, full_name, committee_pk, roles):
        pk = self.gen.ids.take(User)
        assert username not in self.used_usernames, username
        self.used_usernames.add(username)
        self.pending_users.append((pk, self.password, username, full_name, committee_pk, self.gen.joined, True))
        for role in roles:
            self.pending_groups.append((self.gen.ids.take(User.groups.through), pk, self.groups[str(role)]))
        return pk

    def flush_users(self):
        self.users.copy(self.pending_users)
        self.user_groups.copy(self.pending_groups)
        self.pending_users, self.pending_groups = [], []

    def name(self, used):
        rng = self.rng
        while True:
            n = rng.choice(vocabulary.SURNAMES) + "".join(rng.choice(vocabulary.GIVEN) for _ in range(rng.choice((1, 2, 2))))
            if n not in used:
                used.add(n)
                return n

    # --- committees ---------------------------------------------------------------------------
    def committees(self):
        s = self.gen.sizes
        province = Committee.objects.get(name=PROVINCE)
        city = Committee.objects.get(name=CITY)
        county = Committee.objects.get(name=COUNTY)
        orgs = [
            Org(province.pk, province.short_name, "province", None, "js", "江南省", demo=True),
            Org(city.pk, city.short_name, "city", province.pk, "lj", "临江市", demo=True),
            Org(county.pk, county.short_name, "county", city.pk, "qs", "青山区", demo=True),
        ]
        cities = [orgs[1]]
        new = []
        for i, place in enumerate(vocabulary.CITY_NAMES[: s.extra_cities], start=1):
            new.append(
                Committee(
                    name=f"中国人民政治协商会议{place}市委员会",
                    short_name=f"{place}市政协",
                    level="city",
                    parent_id=province.pk,
                    office_name=f"政协{place}市委员会办公室",
                    region_code=f"39{i + 1:02d}00",
                    order=10 + i,
                )
            )
        Committee.objects.bulk_create(new)
        for i, c in enumerate(new, start=1):
            org = Org(c.pk, c.short_name, "city", province.pk, f"c{i:02d}", vocabulary.place_of(c.short_name))
            orgs.append(org)
            cities.append(org)
        counties = []
        roots = [r for r in vocabulary.COUNTY_ROOTS if r != "青山"]
        for i in range(s.extra_counties):
            parent = cities[(i + 1) % len(cities)]
            suffix = "区" if i % 3 else "县"
            place = f"{roots[i]}{suffix}"
            counties.append(
                Committee(
                    name=f"中国人民政治协商会议{parent.place}{place}委员会",
                    short_name=f"{place}政协",
                    level="county",
                    parent_id=parent.pk,
                    office_name=f"政协{parent.place}{place}委员会办公室",
                    region_code=f"39{(i + 1) % len(cities) + 1:02d}{i + 1:02d}"[:12],
                    order=100 + i,
                )
            )
        Committee.objects.bulk_create(counties)
        for i, c in enumerate(counties, start=1):
            orgs.append(Org(c.pk, c.short_name, "county", c.parent_id, f"x{i:03d}", vocabulary.place_of(c.short_name)))
        return orgs

    def terms(self, orgs):
        today = self.gen.today
        for org in orgs:
            term = Term.objects.filter(committee_id=org.pk, is_current=True).first()
            if term is None:
                term = Term.objects.create(
                    committee_id=org.pk,
                    number=TERM_NUMBER[org.level],
                    start_year=START_YEAR,
                    end_year=START_YEAR + 5,
                    is_current=True,
                )
            org.term_pk, org.term_number = term.pk, term.number
            have = {s.number for s in Session.objects.filter(term=term)}
            opening = {"province": (1, 20), "city": (1, 12), "county": (1, 6)}[org.level]
            Session.objects.bulk_create(
                [
                    Session(
                        committee_id=org.pk,
                        term=term,
                        number=n,
                        year=START_YEAR + n - 1,
                        opens_on=date(START_YEAR + n - 1, *opening),
                        closes_on=date(START_YEAR + n - 1, opening[0], opening[1] + 3),
                        is_current=START_YEAR + n - 1 == today.year,
                    )
                    for n in range(1, today.year - START_YEAR + 2)
                    if n not in have
                ]
            )
            org.sessions = [
                (s.pk, s.number, s.year, s.opens_on or date(s.year, 1, 8), s.is_current)
                for s in Session.objects.filter(term=term).order_by("number")
            ]

    def bodies_and_units(self, orgs):
        sectors, special, units, bodies, groups = [], [], [], [], []
        existing = {
            "sector": set(Sector.objects.values_list("committee_id", "name")),
            "special": set(SpecialCommittee.objects.values_list("committee_id", "name")),
            "unit": set(HandlingUnit.objects.values_list("committee_id", "name")),
            "body": set(Body.objects.values_list("committee_id", "name")),
            "group": set(ActivityGroup.objects.values_list("committee_id", "name")),
        }
        for org in orgs:
            sectors += [
                Sector(committee_id=org.pk, name=n, order=i)
                for i, n in enumerate(mw.SECTORS)
                if (org.pk, n) not in existing["sector"]
            ]
            names = mw.SPECIAL_COMMITTEES if org.level != "county" else COUNTY_SPECIAL
            special += [
                SpecialCommittee(committee_id=org.pk, name=n, order=i)
                for i, n in enumerate(names)
                if (org.pk, n) not in existing["special"]
            ]
            for i, (name, short) in enumerate(mw.HANDLING_UNITS):
                local = vocabulary.unit_name(name, org.level, org.place)
                if (org.pk, local) in existing["unit"]:
                    continue
                existing["unit"].add((org.pk, local))
                units.append(
                    HandlingUnit(
                        committee_id=org.pk,
                        name=local,
                        short_name=vocabulary.unit_short(short, org.level, org.place),
                        category=mw.UNIT_CATEGORY.get(name, "government"),
                        contact_person="办公室",
                        contact_phone=f"0571-8{i + 1:03d}{(org.pk * 37 + i * 7) % 10000:04d}"[:13],
                        order=i,
                    )
                )
            groups += [
                ActivityGroup(committee_id=org.pk, name=n) for n in mw.ACTIVITY_GROUPS if (org.pk, n) not in existing["group"]
            ]
        Sector.objects.bulk_create(sectors, batch_size=2000)
        SpecialCommittee.objects.bulk_create(special, batch_size=2000)
        HandlingUnit.objects.bulk_create(units, batch_size=2000)
        ActivityGroup.objects.bulk_create(groups, batch_size=2000)
        sector_rows = {}
        for pk, cid, name in Sector.objects.values_list("pk", "committee_id", "name").order_by("order", "pk"):
            sector_rows.setdefault(cid, []).append((pk, name))
        by_sector_name = {}
        for org in orgs:
            org.sectors = sector_rows[org.pk]
            by_sector_name[org.pk] = {n: pk for pk, n in org.sectors}
            for i, (name, kind, sector_name) in enumerate(mw.BODIES):
                local = vocabulary.body_name(name, org.place) if org.level != "county" else name.replace("临江市", org.place)
                if (org.pk, local) in existing["body"]:
                    continue
                existing["body"].add((org.pk, local))
                bodies.append(
                    Body(
                        committee_id=org.pk,
                        name=local,
                        kind=kind,
                        sector_id=by_sector_name[org.pk].get(sector_name),
                        order=i,
                    )
                )
        Body.objects.bulk_create(bodies, batch_size=2000)
        special_rows, unit_rows, body_rows = {}, {}, {}
        for pk, cid, name in SpecialCommittee.objects.values_list("pk", "committee_id", "name").order_by("order", "pk"):
            special_rows.setdefault(cid, []).append((pk, name))
        for row in HandlingUnit.objects.values_list(
            "pk", "committee_id", "name", "short_name", "contact_person", "contact_phone"
        ).order_by("order", "pk"):
            unit_rows.setdefault(row[1], []).append((row[0], row[2], row[3], row[4], row[5]))
        for row in Body.objects.values_list("pk", "committee_id", "name", "kind", "sector_id").order_by("order", "pk"):
            body_rows.setdefault(row[1], []).append(row)
        clerks = {}
        for unit_id, user_id in HandlingUnit.clerks.through.objects.values_list("handlingunit_id", "user_id"):
            clerks.setdefault(unit_id, []).append(user_id)
        submitters = {}
        for body_id, user_id in Body.submitters.through.objects.values_list("body_id", "user_id"):
            submitters.setdefault(body_id, user_id)
        for org in orgs:
            org.special = special_rows[org.pk]
            org.units = unit_rows[org.pk]
            local_names = {u[1]: u[0] for u in org.units}
            org.unit_by_demo_name = {
                name: local_names[vocabulary.unit_name(name, org.level, org.place)] for name, _ in mw.HANDLING_UNITS
            }
            org.clerks = {u[0]: clerks.get(u[0], []) for u in org.units}
            org.bodies = [(pk, name, kind, sector, submitters.get(pk)) for pk, _cid, name, kind, sector in body_rows[org.pk]]

    def office(self, orgs):
        """Office accounts each committee's pages need: staff, editor, leader, unit clerks, body submitters."""
        known = dict(User.objects.values_list("username", "pk"))
        clerk_rows, submitter_rows = [], []
        clerk_table = Table(HandlingUnit.clerks.through, ["id", "handlingunit_id", "user_id"])
        submitter_table = Table(Body.submitters.through, ["id", "body_id", "user_id"])
        demo_names = {
            "lj": ("staff", "editor", "leader"),
            "qs": ("qs_staff", "qs_editor", "qs_leader"),
            "js": ("js_staff", "js_editor", "js_leader"),
        }
        used = set()
        for org in orgs:
            names = demo_names.get(org.code, (f"{org.code}_staff", f"{org.code}_editor", f"{org.code}_leader"))
            roles = ([Role.PROPOSAL_STAFF, Role.MEMBER_AFFAIRS_STAFF], [Role.REPORT_EDITOR], [Role.LEADER])
            pks = []
            for username, role in zip(names, roles, strict=True):
                pks.append(known[username] if username in known else self.user(username, self.name(used), org.pk, role))
            org.staff, org.editor, org.leader = pks
            org.leader_name = None
            for i, (unit_pk, *_rest) in enumerate(org.units, start=1):
                if not org.clerks[unit_pk]:
                    pk = self.user(f"{org.code}_u{i:02d}", self.name(used), org.pk, [Role.UNIT_CLERK])
                    org.clerks[unit_pk] = [pk]
                    clerk_rows.append((self.gen.ids.take(HandlingUnit.clerks.through), unit_pk, pk))
            bodies = []
            for i, (pk, name, kind, sector, submitter) in enumerate(org.bodies, start=1):
                if submitter is None:
                    submitter = self.user(f"{org.code}_b{i:02d}", self.name(used), org.pk, [])
                    submitter_rows.append((self.gen.ids.take(Body.submitters.through), pk, submitter))
                bodies.append((pk, name, kind, sector, submitter))
            org.bodies = bodies
        self.flush_users()
        names = dict(User.objects.filter(pk__in=[o.leader for o in orgs]).values_list("pk", "full_name"))
        for org in orgs:
            org.leader_name = names.get(org.leader, "")
        clerk_table.copy(clerk_rows)
        submitter_table.copy(submitter_rows)

    def rules(self, orgs):
        """Each committee's editable rules with the apps' defaults: through the apps' own
        first-use functions for the demo's committees, in bulk from the same defaults for the new ones."""
        from consultations.models import ConsultationForm, ConsultationSettings
        from consultations.models.config import DEFAULT_FORMS
        from proposals.models import DEFAULT_CATEGORIES, DEFAULT_REJECTION_GROUNDS, ProposalRules
        from sentiment import rules as sentiment_rules
        from sentiment.models import DEFAULT_POINTS, BulletinKind, BulletinSeries, Destination, PointRule, SentimentSettings

        new = [o for o in orgs if not o.demo]
        for org in orgs:
            if org.demo:
                ensure_defaults(org.pk)
                ensure_rules(Committee.objects.get(pk=org.pk))
                settings_for(org.pk)
                forms_for(org.pk)
        committees = Committee.objects.select_related("parent").in_bulk([o.pk for o in new])
        ProposalRules.objects.bulk_create([ProposalRules(committee_id=o.pk) for o in new])
        ProposalCategory.objects.bulk_create(
            [ProposalCategory(committee_id=o.pk, name=n, order=i) for o in new for i, n in enumerate(DEFAULT_CATEGORIES)]
        )
        RejectionGround.objects.bulk_create(
            [RejectionGround(committee_id=o.pk, text=t, order=i) for o in new for i, t in enumerate(DEFAULT_REJECTION_GROUNDS)]
        )
        ReportCategory.objects.bulk_create(
            [
                ReportCategory(committee_id=o.pk, name=n, order=i)
                for o in new
                for i, n in enumerate(sentiment_rules.DEFAULT_CATEGORIES)
            ]
        )
        PointRule.objects.bulk_create(
            [PointRule(committee_id=o.pk, level=level, points=points) for o in new for level, points in DEFAULT_POINTS.items()]
        )
        Destination.objects.bulk_create(
            [
                Destination(
                    committee_id=o.pk, name=name, group=group, kind=kind, target_committee=target, is_default=default, order=i
                )
                for o in new
                for i, (name, group, kind, target, default) in enumerate(sentiment_rules.default_destinations(committees[o.pk]))
            ]
        )
        BulletinSeries.objects.bulk_create([BulletinSeries(committee_id=o.pk, kind=k) for o in new for k in BulletinKind.values])
        SentimentSettings.objects.bulk_create([SentimentSettings(committee_id=o.pk) for o in new])
        ConsultationSettings.objects.bulk_create([ConsultationSettings(committee_id=o.pk) for o in new])
        ConsultationForm.objects.bulk_create(
            [
                ConsultationForm(committee_id=o.pk, name=name, order=i, duty_kind=kind)
                for o in new
                for i, (name, kind) in enumerate(DEFAULT_FORMS)
            ]
        )
        by_pk = {o.pk: o for o in orgs}
        for pk, cid, name in ProposalCategory.objects.values_list("pk", "committee_id", "name"):
            by_pk[cid].categories[name] = pk
        for pk, cid in RejectionGround.objects.values_list("pk", "committee_id").order_by("order"):
            by_pk[cid].grounds.append(pk)
        for pk, cid, name in ReportCategory.objects.values_list("pk", "committee_id", "name"):
            by_pk[cid].report_categories[name] = pk

    # --- members ------------------------------------------------------------------------------
    def members(self, orgs):
        s = self.gen.sizes
        existing = {}
        for m in Member.objects.select_related("user", "sector").order_by("pk"):
            existing.setdefault(m.committee_id, []).append(
                Person(
                    m.pk, m.user_id, m.user.full_name, m.sector_id, m.sector.name, m.is_standing, m.status == MemberStatus.SERVING
                )
            )
        weights = [sizes.WEIGHT[o.level] for o in orgs]
        floors = [max(sizes.MIN_MEMBERS, len(existing.get(o.pk, []))) for o in orgs]
        targets = sizes.shares(s.total(sizes.MEMBERS), weights, floors)
        member_table = Table(
            Member,
            [
                "id",
                "committee_id",
                "user_id",
                "term_id",
                "gender",
                "ethnicity",
                "birth_date",
                "party",
                "sector_id",
                "is_standing",
                "workplace",
                "post",
                "phone",
                "status",
            ],
        )
        special_table = Table(Member.special_committees.through, ["id", "member_id", "specialcommittee_id"])
        group_members = Table(ActivityGroup.members.through, ["id", "activitygroup_id", "member_id"])
        group_conveners = Table(ActivityGroup.conveners.through, ["id", "activitygroup_id", "member_id"])
        groups = {}
        for pk, cid, name in ActivityGroup.objects.values_list("pk", "committee_id", "name"):
            groups.setdefault(cid, {})[name] = pk
        in_group = set(ActivityGroup.members.through.objects.values_list("activitygroup_id", "member_id"))
        have_conveners = set(ActivityGroup.conveners.through.objects.values_list("activitygroup_id", flat=True))
        rng = self.rng
        rows, sc_rows, gm_rows, gc_rows = [], [], [], []
        for org, target in zip(orgs, targets, strict=True):
            org.member_target = target
            org.members = list(existing.get(org.pk, []))
            used = {p.name for p in org.members}
            start = len(org.members)
            prefix = {"lj": "wy", "qs": "qs", "js": "js"}.get(org.code)
            sector_weights = [
                6 if n == "中国共产党" else 2 if n in ("经济界", "教育界", "医药卫生界") else 1 for _, n in org.sectors
            ]
            for i in range(start + 1, target + 1):
                username = f"{prefix}{i:04d}" if prefix else f"{org.code}m{i:05d}"
                while username in self.used_usernames:
                    username += "a"
                sector_pk, sector_name = rng.choices(org.sectors, sector_weights)[0]
                full_name = self.name(used)
                user_pk = self.user(username, full_name, org.pk, [Role.MEMBER])
                pk = self.gen.ids.take(Member)
                serving = rng.random() > 0.01
                standing = rng.random() < 0.12
                workplace, post = rng.choice(vocabulary.POSTS)
                rows.append(
                    (
                        pk,
                        org.pk,
                        user_pk,
                        org.term_pk,
                        "女" if rng.random() < 0.32 else "男",
                        rng.choice(mw.ETHNICITIES),
                        date(rng.randint(1960, 1990), rng.randint(1, 12), rng.randint(1, 28)),
                        mw.SECTOR_PARTY.get(sector_name) or rng.choice(["中共党员", "中共党员", "无党派人士", "群众"]),
                        sector_pk,
                        standing,
                        workplace.format(place=org.place),
                        post,
                        f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
                        MemberStatus.SERVING if serving else MemberStatus.RESIGNED,
                    )
                )
                for sc_pk, _ in rng.sample(org.special, 1 if rng.random() < 0.8 else 2):
                    sc_rows.append((self.gen.ids.take(Member.special_committees.through), pk, sc_pk))
                org.members.append(Person(pk, user_pk, full_name, sector_pk, sector_name, standing, serving))
            # every serving member in the activity group of their sector; two conveners a group
            by_group = {}
            for p in org.members:
                if not p.serving:
                    continue
                group_pk = groups[org.pk][mw.ACTIVITY_GROUPS[mw.GROUP_OF_SECTOR[p.sector_name]]]
                by_group.setdefault(group_pk, []).append(p.pk)
                if (group_pk, p.pk) not in in_group:
                    gm_rows.append((self.gen.ids.take(ActivityGroup.members.through), group_pk, p.pk))
            for group_pk, people in by_group.items():
                if group_pk not in have_conveners:
                    for mpk in people[:2]:
                        gc_rows.append((self.gen.ids.take(ActivityGroup.conveners.through), group_pk, mpk))
        self.flush_users()
        member_table.copy(rows)
        special_table.copy(sc_rows)
        group_members.copy(gm_rows)
        group_conveners.copy(gc_rows)
        return len(rows)


def build(gen):
    b = Builder(gen)
    with gen.clock.phase("组织：政协、届次、界别、专委会、承办单位"):
        orgs = b.committees()
        b.terms(orgs)
        b.bodies_and_units(orgs)
        b.office(orgs)
        b.rules(orgs)
    with gen.clock.phase("委员及登录账号"):
        added = b.members(orgs)
        gen.out(f"  新增委员 {added} 名")
    return orgs
