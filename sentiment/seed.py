"""Demo 社情民意: a year of reports flowing 青山区政协 → 临江市政协 → 江南省政协.

Every step goes through the services (history rows, numbering, adoptions, duty records,
notifications), dated in the past with their `at` argument; steps that would lie in the future
are left undone, so the queues hold work in flight. Seeding runs once: when reports exist it only
makes sure the people are there.

Demo logins added here (password cppcc-demo): qs_editor (青山区政协 editor), qs_member (a 青山区
member), js_editor (江南省政协 editor)."""

from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from cppcc_portal.core.demo import DEMO_PASSWORD
from members.models import Body, Member, Sector, Term, User
from members.roles import Role
from sentiment.demo_data import COMMENTS, LEADERS, TOPICS, report_text
from sentiment.models import Quota, Report, ReportStatus
from sentiment.rules import category_named, ensure_rules
from sentiment.services import bulletins as bulletin_services
from sentiment.services import reports as services

COUNTY_MEMBERS = 24
PREFIXES = ["", "加强", "进一步做好", "改进", "完善", "推进"]


def _user(username, full_name, committee, roles, password_hash):
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "committee": committee, "password": password_hash}
    )
    if created:
        user.groups.add(*Group.objects.filter(name__in=[str(r) for r in roles]))
    return user


def _people(demo):
    password_hash = make_password(DEMO_PASSWORD)
    demo.personas["qs_editor"] = _user("qs_editor", "吴晓岚", demo.county, [Role.REPORT_EDITOR], password_hash)
    demo.personas["js_editor"] = _user("js_editor", "江卫东", demo.province, [Role.REPORT_EDITOR], password_hash)
    demo.personas["js_leader"] = _user("js_leader", "韩启明", demo.province, [Role.LEADER], password_hash)
    demo.personas["qs_leader"] = _user("qs_leader", "何建华", demo.county, [Role.LEADER], password_hash)
    term = Term.objects.get(committee=demo.county, is_current=True)
    sectors = list(Sector.objects.filter(committee=demo.county).order_by("order"))
    rng = demo.seeded("sentiment-county")
    surnames, given = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗", "晓明华丽建国志强海燕文静春雨秋月德林佳琪子涵宇轩"
    people = [("qs_member", "张青山", "教育界")]
    used = {"张青山"}
    while len(people) < COUNTY_MEMBERS:
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        if name in used:
            continue
        used.add(name)
        people.append((f"qs{len(people):04d}", name, rng.choice(sectors).name))
    existing = {m.user.username: m for m in Member.objects.filter(committee=demo.county).select_related("user", "sector")}
    demo.county_members = []
    by_name = {s.name: s for s in sectors}
    for i, (username, name, sector_name) in enumerate(people):
        if username in existing:
            demo.county_members.append(existing[username])
            continue
        user = _user(username, name, demo.county, [Role.MEMBER], password_hash)
        member = Member.objects.create(
            user=user,
            committee=demo.county,
            term=term,
            gender="女" if i % 3 == 1 else "男",
            party="无党派人士" if i % 4 else "中共党员",
            sector=by_name[sector_name],
            workplace="青山区第二中学" if sector_name == "教育界" else "青山区",
            post="教师" if sector_name == "教育界" else "",
            phone=f"1390571{i:04d}",
        )
        demo.county_members.append(member)
    demo.personas["qs_member"] = demo.county_members[0].user


def _quotas(demo):
    Quota.objects.get_or_create(
        committee=demo.city,
        subject="lower",
        lower_committee=None,
        period="month",
        defaults={"target": 5, "note": "每月向市政协报送5篇"},
    )
    Quota.objects.get_or_create(committee=demo.city, subject="member", member=None, period="year", defaults={"target": 2})
    Quota.objects.get_or_create(committee=demo.city, subject="body", body=None, period="quarter", defaults={"target": 1})
    Quota.objects.get_or_create(committee=demo.county, subject="member", member=None, period="year", defaults={"target": 2})


class Flow:
    """The year, month by month, in date order (bulletin numbers run in the order they are issued)."""

    def __init__(self, demo):
        self.demo = demo
        self.rng = demo.seeded("sentiment-flow")
        self.now = timezone.now()
        self.topic_index = 0
        self.editor = {
            "county": demo.personas["qs_editor"],
            "city": demo.personas["editor"],
            "province": demo.personas["js_editor"],
        }
        city_members = [m for m in demo.members if m.status == "在任" and m.user.username != "member"]
        self.city_members = city_members[:120]
        self.member = next(m for m in demo.members if m.user.username == "member")
        self.minmeng = demo.personas["minmeng"]
        self.minmeng_body = Body.objects.get(committee=demo.city, name="民盟临江市委员会")
        self.pending_copies = {"city": [], "province": []}

    def at(self, day, hour=10):
        return timezone.make_aware(datetime(day.year, day.month, day.day, hour, self.rng.randint(0, 59)))

    def past(self, moment):
        return moment <= self.now

    def write(self, user, committee, when, *, writer_key="member"):
        topic = TOPICS[self.topic_index % len(TOPICS)]
        self.topic_index += 7  # a stride that walks every topic before repeating
        title, content = report_text(topic, committee.short_name.removesuffix("政协"))
        prefix = self.rng.choice(PREFIXES)
        if prefix:
            title = title.replace("关于", f"关于{prefix}", 1)
        return services.report_create(
            user=user,
            writer_key=writer_key,
            title=title,
            content=content,
            category=category_named(committee, topic[0]),
            contact=f"{user.display_name} 0571-8{self.rng.randint(1000000, 9999999)}",
            submit=True,
            at=when,
        )

    def edit(self, report, editor, when, *, revise):
        if not self.past(when):
            return False
        report.refresh_from_db()
        if report.status == ReportStatus.RECEIVED:
            services.report_start_editing(report, user=editor, at=when)
        if revise:
            content = report.content.replace("据", "近期，据", 1).replace("这一问题关系群众切身利益，", "")
            services.report_revise(report, user=editor, title=report.title, content=content, note="压缩文字、核实表述", at=when)
        return True

    def publish(self, reports, committee_key, issue_at):
        """Sign off and issue `reports` in one bulletin on `issue_at` (if that is in the past)."""
        editor = self.editor[committee_key]
        ready = []
        for r in reports:
            r.refresh_from_db()
            if r.status == ReportStatus.EDITING and self.past(issue_at - timedelta(hours=2)):
                services.report_sign_off(r, user=editor, at=issue_at - timedelta(hours=2))
                ready.append(r)
        if not ready or not self.past(issue_at):
            return None
        bulletin = bulletin_services.bulletin_create(
            user=editor, signer={"county": "何晓东", "city": "刘志刚", "province": "赵明远"}[committee_key]
        )
        for r in ready:
            bulletin_services.bulletin_add_report(bulletin, r, user=editor)
        return bulletin_services.bulletin_issue(bulletin, user=editor, at=issue_at)

    def send(self, bulletin, committee_key, send_at, forward):
        if bulletin is None or not self.past(send_at):
            return []
        bulletin_services.bulletin_send(
            bulletin, user=self.editor[committee_key], forward_ids=[r.pk for r in forward], at=send_at
        )
        return list(Report.objects.filter(forwarded_from__in=[r.pk for r in forward]))

    def comment(self, report, committee_key, level, when):
        if report is None or not self.past(when):
            return
        services.report_comment(
            report,
            user=self.editor[committee_key],
            level=level,
            leader=self.rng.choice(LEADERS[level]),
            text=self.rng.choice(COMMENTS),
            commented_on=timezone.localtime(when).date(),
            at=when,
        )

    def month(self, k, start):
        """One month: the county writes and publishes, sends up; the city takes in the county's
        copies of last month and its own reports; the province takes in the city's."""
        rng = self.rng
        county, city = self.demo.county, self.demo.city
        # --- 青山区政协
        county_reports = []
        for i in range(5):
            when = self.at(start + timedelta(days=2 + 3 * i))
            if not self.past(when):
                break
            writer = self.demo.county_members[0] if (i == 0 and k % 2 == 0) else rng.choice(self.demo.county_members[1:])
            county_reports.append(self.write(writer.user, county, when))
        if len(county_reports) >= 4 and k % 3 == 1:
            services.report_return(
                county_reports[-1],
                user=self.editor["county"],
                reason="反映的情况已在本月第一篇中涵盖，请补充新的情况后再报。",
                at=self.at(start + timedelta(days=17)),
            )
            county_reports.pop()
        if len(county_reports) >= 3 and k % 4 == 2:
            services.report_merge(
                county_reports[-1],
                into=county_reports[-2],
                user=self.editor["county"],
                comment="同一主题，合并编辑",
                at=self.at(start + timedelta(days=17)),
            )
            county_reports.pop()
        edited = [
            r
            for r in county_reports
            if self.edit(r, self.editor["county"], self.at(start + timedelta(days=18)), revise=rng.random() < 0.4)
        ]
        bulletin = self.publish(edited, "county", self.at(start + timedelta(days=21), 15))
        forward = edited[: 3 + k % 3]
        self.pending_copies["city"] += self.send(bulletin, "county", self.at(start + timedelta(days=22)), forward)
        if bulletin is not None and k % 3 == 0:
            self.comment(edited[0], "county", "county", self.at(start + timedelta(days=25)))

        # --- 临江市政协: its own members, 民盟 (collective), the demo member
        city_reports = []
        for i in range(6):
            when = self.at(start + timedelta(days=1 + 4 * i), 9 + i)
            if not self.past(when):
                break
            if i == 0 and k % 3 == 0:
                city_reports.append(self.write(self.member.user, city, when))
            elif i == 1 and k % 2 == 1:
                city_reports.append(self.write(self.minmeng, city, when, writer_key=f"body:{self.minmeng_body.pk}"))
            else:
                city_reports.append(self.write(rng.choice(self.city_members).user, city, when))
        copies, self.pending_copies["city"] = self.pending_copies["city"], []
        if len(city_reports) >= 5 and k % 2 == 0:
            services.report_return(
                city_reports[-1],
                user=self.editor["city"],
                reason="建议内容不够具体，请补充可操作的措施。",
                at=self.at(start + timedelta(days=24)),
            )
            city_reports.pop()
        if copies and k % 4 == 3:
            services.report_return(
                copies[-1], user=self.editor["city"], reason="与本市近期已编发的信息重复。", at=self.at(start + timedelta(days=8))
            )
            copies = copies[:-1]
        adopt_copies = copies[: max(1, len(copies) * 2 // 3)] if copies else []
        for c in copies[len(adopt_copies) :]:
            when = self.at(start + timedelta(days=26), 9)
            if self.past(when):
                services.report_return(c, user=self.editor["city"], reason="经研究，本期暂不编发，可结合后续情况再报。", at=when)
        edit_day = self.at(start + timedelta(days=25))
        edited = [
            r for r in city_reports + adopt_copies if self.edit(r, self.editor["city"], edit_day, revise=rng.random() < 0.3)
        ]
        bulletin = self.publish(edited, "city", self.at(start + timedelta(days=27), 15))
        up = (adopt_copies[:1] + [r for r in city_reports if r in edited][:1]) if bulletin else []
        self.pending_copies["province"] += self.send(bulletin, "city", self.at(start + timedelta(days=27), 17), up)
        if bulletin is not None:
            self.comment(edited[0], "city", "city", self.at(start + timedelta(days=28) + timedelta(days=5)))

        # --- 江南省政协: half of what the city sent last month
        province_copies, self.pending_copies["province"] = self.pending_copies["province"], []
        take = province_copies[: (len(province_copies) + 1) // 2]
        edited = [r for r in take if self.edit(r, self.editor["province"], self.at(start + timedelta(days=29), 9), revise=False)]
        bulletin = self.publish(edited, "province", self.at(start + timedelta(days=29), 16))
        if bulletin is not None and k in (2, 6):
            self.comment(edited[0], "province", "province", self.at(start + timedelta(days=30)))
        if bulletin is not None and k == 4:
            top = edited[0]
            when = self.at(start + timedelta(days=30))
            if self.past(when):
                services.report_adopt(
                    top,
                    user=self.editor["province"],
                    level="national",
                    adopted_by="全国政协《社情民意》采用",
                    adopted_on=timezone.localtime(when).date(),
                    at=when,
                )
                self.comment(top, "province", "central", when + timedelta(days=5))
        for c in province_copies[len(take) :]:
            when = self.at(start + timedelta(days=29), 11)
            if self.past(when):
                services.report_return(c, user=self.editor["province"], reason="经研究，暂不编发。", at=when)

    def run(self):
        today = self.demo.today
        first = date(today.year - 1, today.month, 1)
        for k in range(13):
            year, month = first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1
            self.month(k, date(year, month, 1))
        # work in flight today: fresh reports in both queues, one being edited, a draft
        fresh = [
            (self.demo.county_members[0].user, self.demo.county, timedelta(hours=3)),
            (self.demo.county_members[5].user, self.demo.county, timedelta(days=1)),
            (self.demo.county_members[7].user, self.demo.county, timedelta(days=9)),
            (self.member.user, self.demo.city, timedelta(hours=5)),
            (self.city_members[3].user, self.demo.city, timedelta(days=2)),
        ]
        made = [self.write(user, committee, self.now - ago) for user, committee, ago in fresh]
        services.report_start_editing(made[2], user=self.editor["county"], at=self.now - timedelta(days=8))
        services.report_create(
            user=self.member.user,
            writer_key="member",
            title="关于校园周边交通安全的建议（草稿）",
            content="上下学高峰期校门口车辆拥堵，存在安全隐患。建议……",
            category=category_named(self.demo.city, "社会治理"),
            submit=False,
        )


def _quiet_notifications(demo):
    """The year's notifications are history: leave each demo user only the latest five unread."""
    from cppcc_portal.notifications.models import Notification

    for user_id in Notification.objects.filter(category="sentiment").values_list("user_id", flat=True).distinct():
        keep = list(
            Notification.objects.filter(user_id=user_id, category="sentiment").order_by("-id").values_list("pk", flat=True)[:5]
        )
        Notification.objects.filter(user_id=user_id, category="sentiment", read_at__isnull=True).exclude(pk__in=keep).update(
            read_at=timezone.now()
        )


def seed(demo):
    for committee in (demo.province, demo.city, demo.county):
        ensure_rules(committee)
    _people(demo)
    _quotas(demo)
    if Report.objects.filter(committee__in=[demo.county, demo.city]).exists():
        return
    Flow(demo).run()
    _quiet_notifications(demo)
