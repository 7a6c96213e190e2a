"""社情民意 over two years, committee by committee from the counties up: members and bodies write,
editors edit, return, merge and sign off, monthly bulletins are numbered per year and in total
without gaps, sent to their destinations and, for the chosen reports, up to the upper committee
as copies that enter its own queue; adoptions at every level, leader comments, national
adoptions, the writers' credit in their duty files (sentiment.services.credit's rules), quotas,
and a backlog of reports waiting for editors.

The demo's three committees already hold a year of bulletins (seed_demo): their generated
reports are issued before the demo's first bulletin, and the demo's bulletins are renumbered to
follow them (with the texts that quote a bulletin's number), so every series stays in order."""

import random
from datetime import date, datetime, time, timedelta

from bench.gen import segmenting, sizes, vocabulary
from bench.gen.db import CST, Table, execute, fetch
from members.models import DutyKind, User
from sentiment.models import (
    DEFAULT_POINTS,
    LEVEL_ORDER,
    Adoption,
    Bulletin,
    BulletinSeries,
    CreditLevel,
    Destination,
    LeaderComment,
    Quota,
    Report,
    ReportEvent,
    ReportRevision,
    ReportWriter,
)
from sentiment.services.credit import relative_level
from sentiment.workflow import WRITER_VISIBLE

WINDOW_DAYS = 730
MIN_ORIGINALS = 12  # every committee writes some, whatever the scale
# Originals of the counties and cities grow by about 41% in copies sent up (measured at full
# scale); the province writes the rest of the total itself.
COPIES_FACTOR = 1.45
CREDIT_LABEL = {c.value: str(c.label) for c in CreditLevel}
LEADER_ORDER = ["county", "city", "province", "central"]


def _at(day, hour=10, minute=0):
    return datetime.combine(day, time(hour, minute), CST)


class R:
    __slots__ = (
        "pk",
        "org",
        "title",
        "content",
        "category",
        "cat_name",
        "sector",
        "source",
        "status",
        "changed",
        "submitted_by",
        "submitted_at",
        "body",
        "from_org",
        "forwarded_from",
        "merged_into",
        "bulletin",
        "order",
        "attribution",
        "signed_off_at",
        "returned_reason",
        "source_label",
        "sent_up_at",
        "search",
        "created_at",
        "writers",
        "events",
        "revisions",
        "adoptions",
        "comments",
        "copy",
        "merged_children",
    )

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))
        self.events, self.revisions, self.adoptions, self.comments, self.merged_children = [], [], [], [], []
        self.writers = self.writers or []


class Flow:
    def __init__(self, gen, orgs):
        self.gen, self.orgs = gen, orgs
        self.rng = gen.seeded("sentiment")
        self.today, self.now = gen.today, gen.now
        self.by_pk = {o.pk: o for o in orgs}
        self.names = dict(User.objects.filter(pk__in=[o.editor for o in orgs]).values_list("pk", "full_name"))
        self.destinations = {}
        for pk, cid, name in (
            Destination.objects.filter(is_active=True, is_default=True)
            .values_list("pk", "committee_id", "name")
            .order_by("group", "order", "id")
        ):
            self.destinations.setdefault(cid, []).append((pk, name))
        first = dict(fetch("SELECT committee_id, min(issued_on) FROM sentiment_bulletin WHERE number IS NOT NULL GROUP BY 1"))
        # the last day each committee's generated bulletins may be issued
        self.publish_until = {
            o.pk: (first[o.pk] - timedelta(days=1)) if o.pk in first else self.today - timedelta(days=2) for o in orgs
        }
        self.start = self.today - timedelta(days=WINDOW_DAYS)
        self.reports, self.bulletins = [], []
        self.intake = {o.pk: [] for o in orgs}

    def event(self, r, action, label, at, *, actor=None, from_status="", to_status="", comment="", visible=None):
        r.events.append(
            (
                action,
                label[:60],
                from_status,
                to_status,
                actor,
                comment,
                (action in WRITER_VISIBLE) if visible is None else visible,
                at,
            )
        )

    # --- writing ------------------------------------------------------------------------------
    def originals(self, org, n):
        rng = self.rng
        serving = [m for m in org.members if m.serving]
        days = (self.today - self.start).days
        until = (self.publish_until[org.pk] - self.start).days
        made = []
        for _ in range(n):
            topic = rng.choice(vocabulary.REPORT_TOPICS)
            title, content = vocabulary.report_text(rng, topic, org.level, org.place)
            # the demo committees' generated reports come before the demo's year, but for a few new ones
            offset = rng.randint(0, days) if not org.demo or rng.random() < 0.04 else rng.randint(0, max(0, until - 5))
            when = _at(self.start + timedelta(days=offset), rng.randint(8, 20), rng.randint(0, 59))
            if when > self.now:
                when = self.now - timedelta(hours=rng.randint(1, 48))
            r = R(
                pk=self.gen.ids.take(Report),
                org=org,
                title=title[:120],
                content=content,
                cat_name=topic[0],
                submitted_at=when,
                created_at=when,
                changed=when,
                source="member",
                from_org=None,
            )
            r.category = org.report_categories.get(topic[0]) or org.report_categories["其他"]
            if org.bodies and rng.random() < 0.1:
                body = rng.choice(org.bodies)
                r.source, r.body, r.submitted_by = "body", body, body[4]
                sector_name = next((n for pk, n in org.sectors if pk == body[3]), "")
                r.sector = body[3]
                r.writers = [(None, body[0], body[1], sector_name, False)]
            else:
                m = rng.choice(serving)
                r.submitted_by, r.sector = m.user, m.sector
                r.writers = [(m.pk, None, m.name, m.sector_name, False)]
            self.event(r, "create", "保存草稿", when, actor=r.submitted_by, to_status="draft", visible=True)
            self.event(r, "submit", "提交", when, actor=r.submitted_by, from_status="draft", to_status="received")
            r.revisions.append((0, r.title, r.content, "提交的原文", r.submitted_by, when))
            r.status = "received"
            made.append(r)
        return made

    def attribution(self, r):
        by_sector, parts = {}, []
        for member, _body, name, sector_name, _via in r.writers:
            if member:
                by_sector.setdefault(sector_name, []).append(name)
        for sector, names in by_sector.items():
            parts.append(f"{sector + ' ' if sector else ''}{'、'.join(names)}委员")
        parts += [w[2] for w in r.writers if w[1]]
        text = "，".join(parts) + "反映" if parts else ""
        if r.from_org is not None:
            text = f"{r.from_org.short}报送，{text}" if text else f"{r.from_org.short}报送"
        return f"（{text}）" if text else ""

    def process(self, org, reports):
        """Edit, return, merge and publish one committee's intake in date order."""
        rng, editor = self.rng, org.editor
        until = self.publish_until[org.pk]
        monthly = {}
        open_by_month = {}
        for r in sorted(reports, key=lambda x: (x.submitted_at, x.pk)):
            day = r.submitted_at.date()
            age = (self.today - day).days
            copy = r.forwarded_from is not None
            if day > until - timedelta(days=5) or age < 8:
                # the queue today: what came in lately waits for an editor (some longer than the
                # rules allow); of what is older, editors sent most back
                if age > 14 and rng.random() < 0.75:
                    self.ret(r, org, r.submitted_at + timedelta(days=rng.randint(3, 10)))
                elif rng.random() < 0.45:
                    at = r.submitted_at + timedelta(hours=rng.randint(2, 72))
                    at = min(at, self.now)
                    self.event(r, "start_editing", "开始编辑", at, actor=editor, from_status="received", to_status="editing")
                    r.status, r.changed = "editing", at
                    if age > 20 and rng.random() < 0.3:
                        sat = min(at + timedelta(days=2), self.now)
                        self.event(r, "sign_off", "签发", sat, actor=editor, from_status="editing", to_status="signed_off")
                        r.status, r.changed, r.signed_off_at = "signed_off", sat, sat
                elif age > 30 and rng.random() < 0.4:
                    self.ret(r, org, r.submitted_at + timedelta(days=rng.randint(3, 10)))
                continue
            roll = rng.random()
            month = (day.year, day.month)
            if roll < (0.25 if copy else 0.08):
                self.ret(r, org, r.submitted_at + timedelta(days=rng.randint(2, 8)))
                continue
            start_at = r.submitted_at + timedelta(hours=rng.randint(3, 60))
            self.event(r, "start_editing", "开始编辑", start_at, actor=editor, from_status="received", to_status="editing")
            r.status, r.changed = "editing", start_at
            candidates = open_by_month.get(month, [])
            if roll < (0.29 if copy else 0.12) and candidates and not copy:
                into = rng.choice(candidates)
                at = start_at + timedelta(hours=2)
                self.event(
                    r,
                    "merge",
                    f"合并到《{into.title}》",
                    at,
                    actor=editor,
                    from_status="editing",
                    to_status="merged",
                    comment="同一主题，合并编辑",
                )
                self.event(into, "merge_in", f"并入《{r.title}》", at, actor=editor, comment="同一主题，合并编辑", visible=False)
                r.status, r.changed, r.merged_into = "merged", at, into
                into.merged_children.append(r)
                have = {(w[0], w[1]) for w in into.writers}
                for w in r.writers:
                    if (w[0], w[1]) not in have:
                        into.writers.append((w[0], w[1], w[2], w[3], True))
                continue
            if rng.random() < 0.3:
                at = start_at + timedelta(hours=3)
                r.content = r.content.replace("据", "近期，据", 1)
                r.revisions.append((len(r.revisions), r.title, r.content, "压缩文字、核实表述", editor, at))
                self.event(r, "revise", "编辑修改", at, actor=editor, comment="压缩文字、核实表述")
            issue_day = date(day.year, day.month, 25)
            if day.day > 20:
                issue_day = (issue_day + timedelta(days=12)).replace(day=25)
            if issue_day > until or issue_day > self.today:
                continue  # still being edited
            open_by_month.setdefault(month, []).append(r)
            monthly.setdefault(issue_day, []).append(r)
        bulletins = []
        for issue_day in sorted(monthly):
            chosen = [r for r in monthly[issue_day] if r.status == "editing"]
            if chosen:
                bulletins.append(self.publish(org, issue_day, chosen))
        return bulletins

    def ret(self, r, org, at):
        at = min(at, self.now)
        reason = "与近期已编发的信息重复。" if r.forwarded_from else "建议内容不够具体，请补充可操作的措施。"
        self.event(r, "return", "退回", at, actor=org.editor, from_status=r.status, to_status="returned", comment=reason)
        r.status, r.changed, r.returned_reason = "returned", at, reason

    def publish(self, org, issue_day, reports):
        _rng, editor = self.rng, org.editor
        b = {"pk": self.gen.ids.take(Bulletin), "org": org, "issued_on": issue_day, "reports": reports}
        issue_at = _at(issue_day, 15)
        sent_at = _at(issue_day + timedelta(days=1), 10)
        b["sent_at"] = sent_at if sent_at < self.now else None
        self.bulletins.append(b)
        for i, r in enumerate(reports, start=1):
            sat = issue_at - timedelta(hours=2)
            self.event(r, "sign_off", "签发", sat, actor=editor, from_status="editing", to_status="signed_off")
            r.signed_off_at, r.bulletin, r.order = sat, b, i
            r.attribution = self.attribution(r)
            r.status, r.changed = "issued", issue_at
            r.adoptions.append([org.level, org.pk, None, issue_day, b, True, editor, issue_at])
        return b

    def number(self, org, bulletins, demo_first):
        """第N期 of the year and 总第M期, in issue order; then events, adoptions and sending."""
        year, n, total = None, 0, 0
        for b in bulletins:
            y = b["issued_on"].year
            n = n + 1 if y == year else 1
            year, total = y, total + 1
            b["year"], b["number"], b["total"] = y, n, total
            short_label = f"{y}年第{n}期"
            adopted_by = f"{org.short}《社情民意》{short_label}"
            b["adopted_by"] = adopted_by
            for r in b["reports"]:
                r.adoptions[-1][2] = adopted_by
                self.event(
                    r,
                    "issue",
                    f"编入{short_label}印发",
                    _at(b["issued_on"], 15),
                    actor=org.editor,
                    from_status="signed_off",
                    to_status="issued",
                )
            if b["sent_at"]:
                names = "、".join(d[1] for d in self.destinations.get(org.pk, []))
                for r in b["reports"]:
                    self.event(
                        r,
                        "send",
                        "报送",
                        b["sent_at"],
                        actor=org.editor,
                        from_status="issued",
                        to_status="sent",
                        comment=f"报送：{names}",
                    )
                    r.status, r.changed = "sent", b["sent_at"]
        return total

    def forward(self, org, bulletins):
        parent = self.by_pk.get(org.parent_pk)
        if parent is None:
            return
        rng = self.rng
        for b in bulletins:
            if not b["sent_at"]:
                continue
            for r in b["reports"]:
                if rng.random() >= 0.4:
                    continue
                at = b["sent_at"]
                c = R(
                    pk=self.gen.ids.take(Report),
                    org=parent,
                    title=r.title,
                    content=r.content,
                    cat_name=r.cat_name,
                    submitted_at=at,
                    created_at=at,
                    changed=at,
                    source="lower",
                    from_org=org,
                    forwarded_from=r,
                    body=r.body,
                    submitted_by=org.editor,
                    search=None,
                )
                c.category = parent.report_categories.get(r.cat_name) or parent.report_categories["其他"]
                c.sector = next((pk for pk, n in parent.sectors if n == self.sector_name(org, r.sector)), None)
                c.writers = list(r.writers)
                c.attribution = r.attribution
                c.source_label = f"{org.short}报送"
                c.status = "received"
                c.revisions.append((0, c.title, c.content, f"{org.short}报送的文字", org.editor, at))
                self.event(c, "received", f"收到{org.short}报送", at, actor=org.editor, to_status="received")
                self.event(r, "send_up", f"报送{parent.short}", at, actor=org.editor, from_status="sent", to_status="sent")
                r.sent_up_at, r.copy = at, c
                self.intake[parent.pk].append(c)

    def sector_name(self, org, sector_pk):
        return next((n for pk, n in org.sectors if pk == sector_pk), "")

    def extras(self, org, bulletins):
        """Leader comments on some issued reports; the province records national adoptions."""
        rng = self.rng
        level = org.level
        for b in bulletins:
            for r in b["reports"]:
                if rng.random() < 0.06:
                    day = min(b["issued_on"] + timedelta(days=rng.randint(5, 20)), self.today)
                    lvl = level if level != "province" or rng.random() > 0.1 else "central"
                    titles = vocabulary.LEADER_TITLES[lvl]
                    leader = (
                        (
                            rng.choice(titles).format(c=org.c)
                            + " "
                            + rng.choice(vocabulary.SURNAMES)
                            + rng.choice(vocabulary.GIVEN)
                        )
                        if lvl != "central"
                        else titles[0]
                    )
                    text = rng.choice(vocabulary.COMMENTS)
                    r.comments.append((lvl, leader, text, day, org.editor, _at(day, 11)))
                    self.event(r, "comment", f"{leader}批示", _at(day, 11), actor=org.editor, comment=text)
                if level == "province" and rng.random() < 0.04:
                    day = min(b["issued_on"] + timedelta(days=30), self.today)
                    r.adoptions.append(["national", None, "全国政协《社情民意》", day, None, False, org.editor, _at(day, 10)])
                    self.event(r, "adopt", "全国政协《社情民意》采用", _at(day, 10), actor=org.editor)

    # --- credit -------------------------------------------------------------------------------
    def credit(self, duty, points, reports):
        """sentiment.services.credit.recompute_original's records for every original of `reports`."""
        for r in reports:
            if r.forwarded_from is not None or r.status in ("draft", "returned"):
                continue
            members = [w for w in r.writers if w[0] and not w[4]]
            if not members:
                continue
            path, node, seen = [r], r, {r.pk}
            while True:
                node = node.merged_into if node.merged_into is not None else node.copy
                if node is None or node.pk in seen:
                    break
                seen.add(node.pk)
                path.append(node)
            adoptions = [a for n in path for a in n.adoptions]
            comments = [c for n in path for c in n.comments]
            best_a = max(adoptions, key=lambda a: (LEVEL_ORDER.index(a[0]), -a[3].toordinal()), default=None)
            best_c = max(comments, key=lambda c: (LEADER_ORDER.index(c[0]), -c[3].toordinal()), default=None)
            org = r.org
            url = f"/sentiment/{r.pk}/"
            source = f"sentiment.Report:{r.pk}"
            for i, (member, _b, _n, _s, _v) in enumerate(members):
                role = "lead" if i == 0 else "cosigner"
                duty.add(
                    org.pk,
                    member,
                    org.term_pk,
                    DutyKind.REPORT_SUBMITTED,
                    r.submitted_at.date(),
                    r.title,
                    role=role,
                    url=url,
                    source=source,
                    recorded_at=r.submitted_at,
                )
                if best_a is not None:
                    level = relative_level(org.level, best_a[0])
                    duty.add(
                        org.pk,
                        member,
                        org.term_pk,
                        DutyKind.REPORT_ADOPTED,
                        best_a[3],
                        r.title,
                        role=role,
                        level=level,
                        points=points[level],
                        url=url,
                        source=source,
                        detail=f"{best_a[2]}（{CREDIT_LABEL[level]}）",
                        recorded_at=best_a[7],
                    )
                if best_c is not None:
                    level = f"{best_c[0]}_leader"
                    duty.add(
                        org.pk,
                        member,
                        org.term_pk,
                        DutyKind.REPORT_COMMENTED,
                        best_c[3],
                        r.title,
                        role=role,
                        level=level,
                        points=points[level],
                        url=url,
                        source=source,
                        detail=f"{best_c[1]}批示：{best_c[2][:150]}",
                        recorded_at=best_c[5],
                    )


def _write_bulletins(gen, flow):
    t_bulletin = Table(
        Bulletin,
        [
            "id",
            "committee_id",
            "kind",
            "year",
            "number",
            "total_number",
            "status",
            "signer",
            "editor_name",
            "issued_on",
            "issued_by_id",
            "sent_at",
            "sent_by_id",
            "created_by_id",
            "created_at",
        ],
    )
    t_dest = Table(Bulletin.destinations.through, ["id", "bulletin_id", "destination_id"])
    names, ids = flow.names, gen.ids
    t_bulletin.copy(
        (
            b["pk"],
            b["org"].pk,
            "regular",
            b["year"],
            b["number"],
            b["total"],
            "sent" if b["sent_at"] else "issued",
            rng_signer(b),
            names.get(b["org"].editor, ""),
            b["issued_on"],
            b["org"].editor,
            b["sent_at"],
            b["org"].editor if b["sent_at"] else None,
            b["org"].editor,
            _at(b["issued_on"] - timedelta(days=3), 9),
        )
        for b in flow.bulletins
    )
    t_dest.copy(
        (ids.take(Bulletin.destinations.through), b["pk"], d[0])
        for b in flow.bulletins
        for d in flow.destinations.get(b["org"].pk, [])
    )


_FLOW = None


def _write_part(gen, parts, duty):
    """In a worker: the reports of some chains (an original and its copies up the tree), their
    rows and their writers' credit."""
    made = 0
    for reports in parts:
        _write(gen, _FLOW, reports)
        _FLOW.credit(duty, _POINTS, reports)
        made += len(reports)
    return made


_POINTS = {k: float(v) for k, v in DEFAULT_POINTS.items()}


def _write(gen, flow, reports):
    t_report = Table(
        Report,
        [
            "id",
            "committee_id",
            "title",
            "content",
            "original_title",
            "original_content",
            "category_id",
            "sector_id",
            "source",
            "status",
            "status_changed_at",
            "submitted_by_id",
            "submitted_at",
            "body_id",
            "from_committee_id",
            "forwarded_from_id",
            "merged_into_id",
            "bulletin_id",
            "bulletin_order",
            "attribution",
            "signed_off_by_id",
            "signed_off_at",
            "returned_reason",
            "source_label",
            "sent_up_at",
            "search_text",
            "created_at",
            "updated_at",
        ],
    )
    t_writer = Table(
        ReportWriter, ["id", "report_id", "member_id", "body_id", "user_id", "name", "sector_name", "order", "via_merge"]
    )
    t_rev = Table(ReportRevision, ["id", "report_id", "number", "title", "content", "note", "edited_by_id", "created_at"])
    t_event = Table(
        ReportEvent,
        [
            "id",
            "report_id",
            "action",
            "label",
            "from_status",
            "to_status",
            "actor_id",
            "actor_name",
            "committee_name",
            "comment",
            "visible_to_writer",
            "created_at",
        ],
    )
    t_adopt = Table(
        Adoption,
        [
            "id",
            "report_id",
            "level",
            "committee_id",
            "adopted_by",
            "adopted_on",
            "bulletin_id",
            "is_automatic",
            "recorded_by_id",
            "created_at",
        ],
    )
    t_comment = Table(
        LeaderComment, ["id", "report_id", "level", "leader", "text", "commented_on", "recorded_by_id", "created_at"]
    )
    originals = [r for r in reports if r.forwarded_from is None]
    segmenting.prime([f"{r.title} {r.content}" for r in originals])
    for r in originals:
        r.search = segmenting.search_text(f"{r.title} {r.content}")
    for r in reports:  # copies come after their originals in a chain
        if r.forwarded_from is not None:
            node = r
            while node.forwarded_from is not None:
                node = node.forwarded_from
            r.search = node.search
    ids = gen.ids
    names = flow.names

    def report_rows():
        for r in reports:
            first = r.revisions[0]
            yield (
                r.pk,
                r.org.pk,
                r.title,
                r.content,
                first[1],
                first[2],
                r.category,
                r.sector,
                r.source,
                r.status,
                r.changed,
                r.submitted_by,
                r.submitted_at,
                r.body[0] if r.body else None,
                r.from_org.pk if r.from_org else None,
                r.forwarded_from.pk if r.forwarded_from else None,
                r.merged_into.pk if r.merged_into else None,
                r.bulletin["pk"] if r.bulletin else None,
                r.order or 0,
                r.attribution or "",
                r.org.editor if r.signed_off_at else None,
                r.signed_off_at,
                r.returned_reason or "",
                r.source_label or "",
                r.sent_up_at,
                r.search,
                r.created_at,
                r.changed,
            )

    t_report.copy(report_rows())
    t_writer.copy(
        (ids.take(ReportWriter), r.pk, w[0], w[1], None, w[2], w[3], i, w[4]) for r in reports for i, w in enumerate(r.writers)
    )
    t_rev.copy((ids.take(ReportRevision), r.pk, *rev) for r in reports for rev in r.revisions)
    t_event.copy(
        (ids.take(ReportEvent), r.pk, e[0], e[1], e[2], e[3], e[4], _actor_name(r, e[4], names), r.org.short, e[5], e[6], e[7])
        for r in reports
        for e in sorted(r.events, key=lambda e: e[7])
    )
    t_adopt.copy(
        (ids.take(Adoption), r.pk, a[0], a[1], a[2], a[3], a[4]["pk"] if a[4] else None, a[5], a[6], a[7])
        for r in reports
        for a in r.adoptions
    )
    t_comment.copy((ids.take(LeaderComment), r.pk, *c) for r in reports for c in r.comments)


def _actor_name(r, actor, names):
    if actor in names:
        return names[actor]
    if r.writers and r.writers[0][0] and actor == r.submitted_by:
        return r.writers[0][2]
    return ""


def rng_signer(b):
    return random.Random(b["pk"]).choice(["刘志刚", "何晓东", "赵明远", "陈国华", "周立新"])


def _renumber_demo(flow, counts):
    """Put the demo's own bulletins after the generated ones: numbers, and the texts quoting them."""
    for org in flow.orgs:
        if not org.demo or not counts.get(org.pk):
            continue
        mine_total, mine_by_year = counts[org.pk]
        demo = fetch(
            "SELECT id, year, number, total_number FROM sentiment_bulletin WHERE committee_id = %s AND kind = 'regular' "
            "AND number IS NOT NULL ORDER BY total_number",
            [org.pk],
        )
        if not demo:
            continue
        execute("UPDATE sentiment_bulletin SET number = NULL, total_number = NULL WHERE id = ANY(%s)", [[d[0] for d in demo]])
        for pk, year, number, total in demo:
            new_number, new_total = number + mine_by_year.get(year, 0), total + mine_total
            old, new = f"{org.short}《社情民意》{year}年第{number}期", f"{org.short}《社情民意》{year}年第{new_number}期"
            execute("UPDATE sentiment_bulletin SET number = %s, total_number = %s WHERE id = %s", [new_number, new_total, pk])
            execute("UPDATE sentiment_adoption SET adopted_by = %s WHERE bulletin_id = %s AND is_automatic", [new, pk])
            execute(
                "UPDATE sentiment_reportevent SET label = %s WHERE action = 'issue' AND label = %s AND report_id IN "
                "(SELECT id FROM sentiment_report WHERE bulletin_id = %s)",
                [f"编入{year}年第{new_number}期印发", f"编入{year}年第{number}期印发", pk],
            )
            execute(
                "UPDATE members_dutyrecord SET detail = replace(detail, %s, %s) WHERE kind = 'report_adopted' AND detail LIKE %s",
                [old + "（", f"#B{pk}#（", old + "（%"],
            )
            flow.placeholders.append((f"#B{pk}#（", new + "（"))
    for placeholder, new in flow.placeholders:
        execute(
            "UPDATE members_dutyrecord SET detail = replace(detail, %s, %s) WHERE kind = 'report_adopted' AND detail LIKE %s",
            [placeholder, new, placeholder + "%"],
        )


def _root(r):
    while r.forwarded_from is not None:
        r = r.forwarded_from
    return r


def _depth(r):
    n = 0
    while r.forwarded_from is not None:
        r, n = r.forwarded_from, n + 1
    return n


def build(gen, orgs, duty, in_parallel):
    flow = Flow(gen, orgs)
    flow.placeholders = []
    existing = dict(fetch("SELECT committee_id, count(*) FROM sentiment_report GROUP BY 1"))
    total = gen.sizes.total(sizes.REPORTS)
    lower = [o for o in orgs if o.level != "province"]
    weights = [o.member_target for o in lower]
    floors = [0 if o.pk in existing else MIN_ORIGINALS for o in lower]
    originals = sizes.shares(max(0, round(total / COPIES_FACTOR) - sum(existing.values())), weights, floors)
    plan = dict(zip([o.pk for o in lower], originals, strict=True))
    counts = {}
    order = (
        [o for o in orgs if o.level == "county"]
        + [o for o in orgs if o.level == "city"]
        + [o for o in orgs if o.level == "province"]
    )
    for org in order:
        if org.level == "province":
            so_far = sum(existing.values()) + len(flow.reports) + len(flow.intake[org.pk])
            n = max(MIN_ORIGINALS, total - so_far)
        else:
            n = plan[org.pk]
        new = flow.originals(org, n)
        intake = new + flow.intake[org.pk]
        flow.reports += intake
        bulletins = flow.process(org, intake)
        made = flow.number(org, bulletins, None)
        by_year = {}
        for b in bulletins:
            by_year[b["year"]] = b["number"]
        counts[org.pk] = (made, by_year)
        flow.extras(org, bulletins)
        flow.forward(org, bulletins)
    _renumber_demo(flow, counts)
    _write_bulletins(gen, flow)
    global _FLOW
    _FLOW = flow
    chains = [[], []]
    for r in sorted(flow.reports, key=lambda r: _depth(r)):
        chains[_root(r).pk % 2].append(r)
    in_parallel(gen, chains, _write_part)
    _FLOW = None
    # series counters at the last issue; quotas as the demo city sets them
    for org in orgs:
        last = fetch(
            "SELECT year, number, total_number FROM sentiment_bulletin WHERE committee_id = %s AND kind = 'regular' "
            "AND number IS NOT NULL ORDER BY total_number DESC LIMIT 1",
            [org.pk],
        )
        if last:
            BulletinSeries.objects.filter(committee_id=org.pk, kind="regular").update(
                last_year=last[0][0], last_number=last[0][1], last_total=last[0][2]
            )
    have = set(Quota.objects.values_list("committee_id", "subject"))
    quotas = []
    for org in orgs:
        wanted = [("member", "year", 2, "")] + [("body", "quarter", 1, "")]
        if any(o.parent_pk == org.pk for o in orgs):
            wanted.append(("lower", "month", 5, f"每月向{org.short.removesuffix('政协')}政协报送5篇"))
        for subject, period, target, note in wanted:
            if (org.pk, subject) not in have:
                quotas.append(Quota(committee_id=org.pk, subject=subject, period=period, target=target, note=note))
    Quota.objects.bulk_create(quotas)
    return len(flow.reports), len(flow.bulletins)
