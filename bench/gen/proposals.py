"""Proposals over the five sessions of every committee, in the states the services leave them:
numbered 第N号 per session in order of acceptance (no gaps, the session counter at the last one),
co-signers, review outcomes, assignments to lead / co / separate units with deadlines (many of
this session's near or past), replies with A–D codes, contacts, evaluations, key proposals under
supervision, look-backs, the timeline rows of proposals/seed.py and the members' duty records.
The search text is the app's own (proposals.services.common.search_document, segmented)."""

from datetime import date, datetime, time, timedelta

from bench.gen import segmenting, sizes, vocabulary
from bench.gen.db import CST, Table, execute, fetch
from cppcc_portal.core.chinese import cn_number
from members.models import DutyKind
from proposals import demo_words as pw
from proposals.dates import add_months
from proposals.models import (
    NUMBERED_STATES,
    Assignment,
    ContactRecord,
    CoOpinion,
    CosignInvitation,
    Evaluation,
    Milestone,
    ModelUnit,
    Proposal,
    ProposalEvent,
    Reply,
    ResultCode,
    Status,
    SupervisionRecord,
    UnitRequest,
)

S = Status
CURRENT_MIX = {
    S.DRAFT: 3,
    S.SUBMITTED: 7,
    S.RETURNED: 2,
    S.WITHDRAWN: 1,
    S.MERGED: 3,
    S.TO_OPINION: 3,
    S.TO_REPORT: 2,
    S.REJECTED: 3,
    S.ACCEPTED: 4,
    S.HANDLING: 30,
    S.REPLIED: 12,
    S.REHANDLING: 2,
    S.CLOSED: 28,
}
PAST_MIX = {S.WITHDRAWN: 1, S.MERGED: 4, S.TO_OPINION: 4, S.TO_REPORT: 1.5, S.REJECTED: 4, S.CLOSED: 85.5}
HANDLED = (S.HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED)
KIND_LABEL = {"individual": "个人提案", "joint": "联名提案", "collective": "集体提案"}
CODE_LABEL = {c.value: str(c.label) for c in ResultCode}
SIGNERS = ["王建华", "刘志强", "陈立新", "张卫东", "李红梅", "赵国庆", "孙海波"]


def _at(day, hour=10, minute=0):
    return datetime.combine(day, time(hour % 24, minute), CST)


class P:
    __slots__ = (
        "pk",
        "org",
        "session",
        "state",
        "kind",
        "timing",
        "proposer",
        "body",
        "created_by",
        "title",
        "grounds",
        "suggestions",
        "category",
        "cat_name",
        "suggested_unit",
        "topic",
        "short",
        "lead_name",
        "cosigners",
        "pending",
        "m",
        "number",
        "merged_into",
        "units",
        "handling_mode",
        "is_key",
        "key_since",
        "is_excellent",
        "needs_consultation",
        "review_note",
        "rejection_ground",
        "opinion_unit",
        "result_check",
        "result_checked_at",
        "result_check_note",
        "session_name",
    )

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))


class Writer:
    def __init__(self, gen):
        self.gen = gen
        self.rng = gen.seeded("proposals")
        self.today = gen.today
        self.now = gen.now
        self.t_proposal = Table(
            Proposal,
            [
                "id",
                "committee_id",
                "session_id",
                "kind",
                "timing",
                "status",
                "number",
                "proposer_id",
                "body_id",
                "created_by_id",
                "title",
                "grounds",
                "suggestions",
                "category_id",
                "suggested_unit_id",
                "submitted_at",
                "first_submitted_at",
                "reviewed_at",
                "reviewed_by_id",
                "review_note",
                "rejection_ground_id",
                "merged_into_id",
                "opinion_unit_id",
                "accepted_at",
                "handling_mode",
                "assigned_at",
                "handling_round",
                "replied_at",
                "closed_at",
                "needs_consultation",
                "is_key",
                "key_leader_id",
                "key_since",
                "is_excellent",
                "excellent_year",
                "result_check",
                "result_checked_at",
                "result_check_note",
                "search_text",
                "created_at",
                "updated_at",
            ],
        )
        self.t_event = Table(
            ProposalEvent,
            [
                "id",
                "committee_id",
                "proposal_id",
                "action",
                "label",
                "from_status",
                "to_status",
                "actor_id",
                "actor_label",
                "comment",
                "created_at",
            ],
        )
        self.t_invite = Table(
            CosignInvitation,
            [
                "id",
                "committee_id",
                "proposal_id",
                "member_id",
                "direction",
                "status",
                "message",
                "created_at",
                "expires_at",
                "responded_at",
            ],
        )
        self.t_assign = Table(
            Assignment,
            [
                "id",
                "committee_id",
                "proposal_id",
                "unit_id",
                "role",
                "status",
                "round",
                "assigned_at",
                "assigned_by_id",
                "deadline",
                "original_deadline",
                "ended_at",
            ],
        )
        self.t_reply = Table(
            Reply,
            [
                "id",
                "committee_id",
                "assignment_id",
                "proposal_id",
                "round",
                "result_code",
                "text",
                "signer",
                "contact_person",
                "contact_phone",
                "submitted_by_id",
                "submitted_at",
                "on_time",
            ],
        )
        self.t_opinion = Table(CoOpinion, ["id", "committee_id", "assignment_id", "text", "submitted_by_id", "submitted_at"])
        self.t_contact = Table(
            ContactRecord,
            [
                "id",
                "committee_id",
                "assignment_id",
                "contacted_on",
                "method",
                "person",
                "content",
                "recorded_by_id",
                "created_at",
            ],
        )
        self.t_eval = Table(
            Evaluation,
            [
                "id",
                "committee_id",
                "reply_id",
                "proposal_id",
                "evaluator_id",
                "role",
                "attitude",
                "result",
                "comment",
                "created_at",
            ],
        )
        self.t_super = Table(
            SupervisionRecord,
            [
                "id",
                "committee_id",
                "proposal_id",
                "kind",
                "occurred_on",
                "participants",
                "content",
                "recorded_by_id",
                "created_at",
            ],
        )
        self.t_milestone = Table(
            Milestone, ["id", "committee_id", "proposal_id", "description", "due_on", "status", "checked_on", "recorded_by_id"]
        )
        self.t_request = Table(
            UnitRequest,
            [
                "id",
                "committee_id",
                "assignment_id",
                "kind",
                "reason",
                "requested_deadline",
                "status",
                "requested_by_id",
                "requested_at",
            ],
        )
        self.buf = {
            k: [] for k in ("event", "invite", "assign", "reply", "opinion", "contact", "eval", "super", "milestone", "request")
        }

    def take(self, model):
        return self.gen.ids.take(model)

    # --- planning ---------------------------------------------------------------------------
    def plan_session(self, org, session, n, current, numbered_from):
        spk, snumber, year, opens_on, _is_current = session
        mix = CURRENT_MIX if current else PAST_MIX
        counts = sizes.shares(n, list(mix.values()))
        serving = org.serving_cache
        plans = []
        for state, k in zip(mix, counts, strict=True):
            for _ in range(k):
                plans.append(self.plan_one(org, session, state, serving, current))
        numbered = sorted((p for p in plans if p.state in NUMBERED_STATES), key=lambda p: (p.m["accepted"], p.pk))
        for i, p in enumerate(numbered, start=numbered_from + 1):
            p.number = i
        return plans, numbered_from + len(numbered)

    def plan_one(self, org, session, state, serving, current):
        rng = self.rng
        spk, snumber, year, opens_on, _ = session
        cat_name = rng.choice(list(vocabulary.TOPICS))
        topic, short, lead_name = rng.choice(vocabulary.TOPICS[cat_name])
        topic = vocabulary.localise(topic, org.level, org.place)
        collective = rng.random() < 0.08 and org.bodies
        p = P(
            pk=self.take(Proposal),
            org=org,
            session=session,
            state=state,
            cat_name=cat_name,
            topic=topic,
            short=short,
            lead_name=lead_name,
            cosigners=[],
            pending=[],
            is_key=False,
            is_excellent=False,
            needs_consultation=False,
            review_note="",
            result_check="",
            result_check_note="",
        )
        p.session_name = f"{cn_number(org.term_number)}届{cn_number(snumber)}次会议"
        if collective:
            body = rng.choice(org.bodies)
            p.kind, p.body, p.proposer, p.created_by = "collective", body, None, body[4]
        else:
            proposer = rng.choice(serving)
            p.kind, p.body, p.proposer, p.created_by = "individual", None, proposer, proposer.user
            if rng.random() < 0.35:
                p.cosigners = [m for m in rng.sample(serving, min(len(serving), rng.randint(2, 5))) if m.pk != proposer.pk][:4]
                if p.cosigners:
                    p.kind = "joint"
        p.title = vocabulary.proposal_title(rng, topic, org.place)[:200]
        p.grounds, p.suggestions = vocabulary.proposal_text(rng, topic, short, org.level, org.place)
        p.category = org.categories[cat_name]
        lead_pk = org.unit_by_demo_name.get(lead_name)
        p.suggested_unit = lead_pk if rng.random() < 0.7 else None
        p.m = self.moments(state, opens_on, current)
        p.timing = "plenary" if abs((p.m["submitted"] - opens_on).days) <= 10 else "between"
        if current and state == S.DRAFT and rng.random() < 0.5 and len(serving) > 5:
            p.pending = [m for m in rng.sample(serving, 2) if m is not p.proposer and m not in p.cosigners][:2]
        return p

    def moments(self, state, opening, current):
        """The dates of each step (proposals/seed.py's Builder.moments, with this session's open
        work placed back from today so that deadlines fall near and past today)."""
        rng, today = self.rng, self.today
        m = {}
        if current and state == S.HANDLING:
            m["assigned"] = today - timedelta(days=rng.randint(3, 130))
            m["submitted"] = m["assigned"] - timedelta(days=rng.randint(12, 30))
        elif current and state == S.REPLIED:
            m["replied"] = today - timedelta(days=rng.randint(1, 40))
            m["assigned"] = m["replied"] - timedelta(days=rng.randint(30, 85))
            m["submitted"] = m["assigned"] - timedelta(days=rng.randint(12, 30))
        elif state == S.ACCEPTED:
            m["submitted"] = today - timedelta(days=rng.randint(6, 20))
            m["accepted"] = today - timedelta(days=rng.randint(1, 5))
        elif state in (S.SUBMITTED, S.DRAFT):
            m["submitted"] = today - timedelta(days=rng.randint(1, 15))
        elif state == S.RETURNED:
            m["submitted"] = today - timedelta(days=rng.randint(10, 40))
            m["reviewed"] = m["submitted"] + timedelta(days=rng.randint(2, 6))
        elif rng.random() < 0.85 or not current:
            m["submitted"] = opening - timedelta(days=rng.randint(0, 7))
        else:
            m["submitted"] = opening + timedelta(days=rng.randint(30, 120))
        m.setdefault("reviewed", m["submitted"] + timedelta(days=rng.randint(5, 18)))
        if state in NUMBERED_STATES:
            m.setdefault("accepted", m["reviewed"])
        if state in HANDLED:
            m.setdefault("assigned", m["accepted"] + timedelta(days=rng.randint(5, 20)))
            m["deadline"] = add_months(m["assigned"], 3)
        if state == S.REPLIED:
            m.setdefault("replied", m["assigned"] + timedelta(days=rng.randint(40, 85)))
        if state in (S.REHANDLING, S.CLOSED):
            on_time = rng.random() < 0.9
            m["replied"] = m["assigned"] + timedelta(days=rng.randint(30, 88) if on_time else rng.randint(95, 130))
            m["evaluated"] = m["replied"] + timedelta(days=rng.randint(3, 20))
            if state == S.REHANDLING:
                m["evaluated"] = today - timedelta(days=rng.randint(5, 60))
                m["replied"] = min(m["replied"], m["evaluated"] - timedelta(days=5))
        for key, value in list(m.items()):
            if key != "deadline" and value > today:
                m[key] = today
        return m

    # --- writing ----------------------------------------------------------------------------
    def event(self, p, action, label, day, actor, *, from_status="", to_status="", comment="", actor_label="", minute=0):
        self.buf["event"].append(
            (
                self.take(ProposalEvent),
                p.org.pk,
                p.pk,
                action,
                label,
                from_status,
                to_status,
                actor,
                actor_label,
                comment,
                _at(day, 9 + minute // 60, minute % 60),
            )
        )

    def full_number(self, p):
        return f"{p.session_name}第{p.number}号" if p.number else ""

    def review(self, p, numbered_in_session):
        org, m, staff, rng = p.org, p.m, p.org.staff, self.rng
        self.event(p, "create", "起草提案", m["submitted"] - timedelta(days=2), p.created_by, to_status=S.DRAFT)
        if p.cosigners:
            self.event(
                p,
                "invite",
                "邀请联名",
                m["submitted"] - timedelta(days=2),
                p.created_by,
                comment="、".join(c.name for c in p.cosigners),
                minute=60,
            )
        if p.state == S.DRAFT:
            return
        self.event(p, "submit", "提交提案", m["submitted"], p.created_by, from_status=S.DRAFT, to_status=S.SUBMITTED, minute=5)
        if p.state == S.SUBMITTED:
            return
        if p.state == S.WITHDRAWN:
            self.event(
                p,
                "withdraw",
                "撤案",
                m["reviewed"],
                p.created_by,
                from_status=S.SUBMITTED,
                to_status=S.WITHDRAWN,
                comment="已通过其他渠道反映",
            )
        elif p.state == S.RETURNED:
            p.review_note = "案由与建议不对应，请围绕一个问题提出具体可行的建议，并补充情况分析。"
            self.event(
                p,
                "return",
                "退回修改",
                m["reviewed"],
                staff,
                from_status=S.SUBMITTED,
                to_status=S.RETURNED,
                comment=p.review_note,
            )
        elif p.state == S.MERGED:
            same = [q for q in numbered_in_session if q.category == p.category] or numbered_in_session
            target = rng.choice(same) if same else None
            p.merged_into = target
            self.event(
                p,
                "merge",
                "并案",
                m["reviewed"],
                staff,
                from_status=S.SUBMITTED,
                to_status=S.MERGED,
                comment=f"并入{self.full_number(target)}" if target else "",
            )
        elif p.state == S.TO_OPINION:
            p.opinion_unit = org.unit_by_demo_name.get(p.lead_name)
            p.review_note = "建议内容属于具体工作意见，转有关部门参考。"
            self.event(
                p,
                "to_opinion",
                "转为意见建议",
                m["reviewed"],
                staff,
                from_status=S.SUBMITTED,
                to_status=S.TO_OPINION,
                comment=p.review_note,
            )
        elif p.state == S.TO_REPORT:
            p.review_note = "反映的情况具有普遍性，转社情民意信息报送。"
            self.event(
                p,
                "to_report",
                "转社情民意",
                m["reviewed"],
                staff,
                from_status=S.SUBMITTED,
                to_status=S.TO_REPORT,
                comment=p.review_note,
            )
        elif p.state == S.REJECTED:
            p.rejection_ground = org.grounds[rng.choice((5, 6, 9))] if len(org.grounds) > 9 else org.grounds[0]
            self.event(
                p,
                "reject",
                "不予立案",
                m["reviewed"],
                staff,
                from_status=S.SUBMITTED,
                to_status=S.REJECTED,
                comment=pw_ground(p.rejection_ground, org),
            )
        else:
            self.event(
                p,
                "accept",
                "立案",
                m["accepted"],
                staff,
                from_status=S.SUBMITTED,
                to_status=S.ACCEPTED,
                comment=f"编为{self.full_number(p)}",
                minute=30,
            )

    def cosign(self, p):
        m = p.m
        invited = _at(m["submitted"] - timedelta(days=2), 11)
        for i, member in enumerate(p.cosigners):
            self.buf["invite"].append(
                (
                    self.take(CosignInvitation),
                    p.org.pk,
                    p.pk,
                    member.pk,
                    "invite",
                    "accepted",
                    "",
                    invited,
                    invited + timedelta(days=3),
                    invited + timedelta(hours=3 + i),
                )
            )
        for member in p.pending:
            # invitations of the last days: some expire within a day (a reminder is due)
            created = self.now - timedelta(hours=self.rng.randint(30, 70))
            self.buf["invite"].append(
                (
                    self.take(CosignInvitation),
                    p.org.pk,
                    p.pk,
                    member.pk,
                    "invite",
                    "pending",
                    "这件提案与您的界别工作相关，诚邀联名。",
                    created,
                    created + timedelta(days=3),
                    None,
                )
            )

    def units_for(self, p):
        rng, org = self.rng, p.org
        lead = org.unit_by_demo_name.get(p.lead_name) or rng.choice(org.units)[0]
        others = [u[0] for u in org.units if u[0] != lead]
        roll = rng.random()
        if roll < 0.7:
            return "lead", [(lead, "lead")]
        if roll < 0.9:
            return "lead_co", [(lead, "lead")] + [(u, "co") for u in rng.sample(others, rng.randint(1, 2))]
        return "separate", [(lead, "separate"), (rng.choice(others), "separate")]

    def handle(self, p, unit_names):
        rng, org, m, today = self.rng, p.org, p.m, self.today
        staff = org.staff
        mode, units = self.units_for(p)
        p.handling_mode = mode
        p.units = []
        for unit, role in units:
            clerk = org.clerks[unit][0]
            status, ended = "active", None
            if p.state != S.HANDLING:
                status = "replied" if role != "co" else "opinion_sent"
                ended = _at(m["replied"], 16 if role != "co" else 10)
            elif role == "co" and rng.random() < 0.5:
                status, ended = "opinion_sent", _at(min(today, m["assigned"] + timedelta(days=20)), 10)
            a = [
                self.take(Assignment),
                org.pk,
                p.pk,
                unit,
                role,
                status,
                1,
                _at(m["assigned"], 10),
                staff,
                m["deadline"],
                m["deadline"],
                ended,
            ]
            self.buf["assign"].append(a)
            p.units.append((a, clerk))
        text = "；".join(f"{'主办' if r == 'lead' else '会办' if r == 'co' else '分办'}：{unit_names[u]}" for u, r in units)
        self.event(
            p,
            "assign",
            "交办",
            m["assigned"],
            staff,
            from_status=S.ACCEPTED,
            to_status=S.HANDLING,
            comment=f"{text}；答复期限{m['deadline']:%Y年%m月%d日}",
            minute=90,
        )
        if p.state == S.REHANDLING:
            again = add_months(m["evaluated"], 3)
            for a, _clerk in [x for x in p.units if x[0][4] != "co"][:1]:
                self.buf["assign"].append(
                    [
                        self.take(Assignment),
                        org.pk,
                        p.pk,
                        a[3],
                        a[4],
                        "active",
                        2,
                        _at(m["evaluated"], 12),
                        p.created_by,
                        again,
                        again,
                        None,
                    ]
                )
        # a few units wait for staff to decide a request for more time
        if p.state == S.HANDLING and rng.random() < 0.02:
            a, clerk = p.units[0]
            self.buf["request"].append(
                (
                    self.take(UnitRequest),
                    org.pk,
                    a[0],
                    "extend",
                    "涉及多个部门协调和资金测算，需延期一个月答复。",
                    a[9] + timedelta(days=30),
                    "pending",
                    clerk,
                    self.now - timedelta(days=rng.randint(1, 5)),
                )
            )

    def replies(self, p, unit_names):
        rng, org, m = self.rng, p.org, p.m
        replies = []
        for a, clerk in p.units:
            unit_pk, role = a[3], a[4]
            if a[5] == "opinion_sent":
                self.buf["opinion"].append(
                    (
                        self.take(CoOpinion),
                        org.pk,
                        a[0],
                        f"我单位对《{p.title}》提出会办意见如下：一是积极配合主办单位做好{p.short}相关工作；二是在职责范围内提供政策和数据支持。",
                        clerk,
                        a[11],
                    )
                )
                self.event(p, "co_opinion", "提出会办意见", a[11].date(), clerk, actor_label=unit_names[unit_pk], minute=120)
            if role == "co":
                continue
            if p.state == S.HANDLING:
                if rng.random() < 0.5:
                    day = min(self.today, m["assigned"] + timedelta(days=rng.randint(3, 20)))
                    self.buf["contact"].append(
                        (
                            self.take(ContactRecord),
                            org.pk,
                            a[0],
                            day,
                            "phone",
                            self.proposer_name(p),
                            rng.choice(pw.CONTACT_NOTES),
                            clerk,
                            _at(day, 16),
                        )
                    )
                continue
            code = rng.choices("ABCD", weights=[45, 38, 12, 5])[0]
            rid = self.take(Reply)
            unit = next(u for u in org.units if u[0] == unit_pk)
            self.buf["reply"].append(
                (
                    rid,
                    org.pk,
                    a[0],
                    p.pk,
                    1,
                    code,
                    vocabulary.reply_text(code, p.title, p.short, org.level, org.place),
                    rng.choice(SIGNERS),
                    unit[3] or "办公室",
                    unit[4] or "0571-88000000",
                    clerk,
                    _at(m["replied"], 16),
                    m["replied"] <= a[9],
                )
            )
            replies.append(rid)
            day = m["replied"] - timedelta(days=rng.randint(5, 20))
            self.buf["contact"].append(
                (
                    self.take(ContactRecord),
                    org.pk,
                    a[0],
                    day,
                    rng.choice(["phone", "visit", "meeting"]),
                    self.proposer_name(p),
                    rng.choice(pw.CONTACT_NOTES),
                    clerk,
                    _at(day, 16),
                )
            )
            self.event(
                p, "reply", "答复提案", m["replied"], clerk, actor_label=unit_names[unit_pk], comment=CODE_LABEL[code], minute=420
            )
        if p.state != S.HANDLING:
            self.event(p, "replied", "答复完毕", m["replied"], org.staff, from_status=S.HANDLING, to_status=S.REPLIED, minute=421)
        if p.state not in (S.CLOSED, S.REHANDLING):
            return
        lead_user = p.created_by if p.body else p.proposer.user
        role = "body" if p.body else "lead"
        for rid in replies:
            if p.state == S.REHANDLING:
                attitude, result = "basic", "unsatisfied"
            else:
                result = rng.choices(["satisfied", "basic", "unsatisfied"], weights=[68, 28, 4])[0]
                attitude = "satisfied" if rng.random() < 0.85 else "basic"
                if result == "unsatisfied":
                    p.needs_consultation = True
            self.buf["eval"].append(
                (
                    self.take(Evaluation),
                    org.pk,
                    rid,
                    p.pk,
                    lead_user,
                    role,
                    attitude,
                    result,
                    rng.choice(pw.EVALUATION_COMMENTS[result]),
                    _at(m["evaluated"], 11),
                )
            )
            for member in p.cosigners[:1]:
                if rng.random() < 0.5:
                    self.buf["eval"].append(
                        (
                            self.take(Evaluation),
                            org.pk,
                            rid,
                            p.pk,
                            member.user,
                            "cosigner",
                            "satisfied",
                            "satisfied" if result != "unsatisfied" else "basic",
                            "",
                            _at(m["evaluated"], 14),
                        )
                    )
        self.event(p, "evaluate", "评价答复", m["evaluated"], lead_user, minute=120)
        if p.state == S.REHANDLING:
            self.event(
                p,
                "rehandle",
                "重新办理",
                m["evaluated"],
                lead_user,
                from_status=S.REPLIED,
                to_status=S.REHANDLING,
                comment="不满意，交原承办单位重新办理，3个月内再次答复",
                minute=121,
            )
        else:
            self.event(
                p,
                "close",
                "办结",
                m["evaluated"],
                lead_user,
                from_status=S.REPLIED,
                to_status=S.CLOSED,
                comment="重新办理后仍不满意，安排当面协商" if p.needs_consultation else "",
                minute=121,
            )

    def proposer_name(self, p):
        return p.body[1] if p.body else p.proposer.name

    def key_and_follow_up(self, plans, current):
        rng = self.rng
        handled = [p for p in plans if p.state in (S.HANDLING, S.REPLIED, S.CLOSED)]
        for p in rng.sample(handled, max(1, len(handled) * 3 // 200) if handled else 0):
            p.is_key, p.key_since = True, p.m["assigned"]
            leader = p.org.leader
            self.event(p, "key", "确定为重点提案", p.key_since, p.org.staff, comment=f"督办领导：{p.org.leader_name}", minute=100)
            for i, (kind, note) in enumerate(rng.sample(pw.SUPERVISION_NOTES, rng.randint(1, 3))):
                day = min(self.today, p.key_since + timedelta(days=20 + 25 * i))
                self.buf["super"].append(
                    (
                        self.take(SupervisionRecord),
                        p.org.pk,
                        p.pk,
                        kind,
                        day,
                        "督办领导、提案人、承办单位负责同志",
                        note,
                        leader,
                        _at(day, 17),
                    )
                )
        closed = [p for p in plans if p.state == S.CLOSED]
        for p in rng.sample(closed, len(closed) // 25):
            done_all = rng.random() < 0.7
            statuses = []
            for i, what in enumerate(["出台实施方案", "完成试点建设", "全面推开"]):
                due = p.m["evaluated"] + timedelta(days=60 * (i + 1))
                status = "planned" if due > self.today else ("done" if done_all or i == 0 else "missed")
                statuses.append(status)
                self.buf["milestone"].append(
                    (
                        self.take(Milestone),
                        p.org.pk,
                        p.pk,
                        f"{p.short}：{what}",
                        due,
                        status,
                        due if status != "planned" else None,
                        p.org.staff,
                    )
                )
            if "planned" not in statuses:
                p.result_check = "done" if done_all else "partly"
                p.result_checked_at = p.m["evaluated"] + timedelta(days=180)
                p.result_check_note = "回头看：承诺事项已按计划落实。" if done_all else "回头看：部分承诺事项尚未落实，继续跟踪。"
        if not current:
            for p in rng.sample(closed, max(1, len(closed) // 40) if closed else 0):
                p.is_excellent = True

    def row(self, p, search):
        m, org = p.m, p.org
        st = p.state
        submitted = _at(m["submitted"], 9) if st != S.DRAFT else None
        reviewed = st not in (S.DRAFT, S.SUBMITTED, S.WITHDRAWN)
        last = max(v for k, v in m.items() if k != "deadline")
        return (
            p.pk,
            org.pk,
            p.session[0],
            p.kind,
            p.timing,
            st,
            p.number,
            p.proposer.pk if p.proposer else None,
            p.body[0] if p.body else None,
            p.created_by,
            p.title,
            p.grounds,
            p.suggestions,
            p.category,
            p.suggested_unit,
            submitted,
            submitted,
            _at(m["reviewed"], 15) if reviewed else None,
            org.staff if reviewed else None,
            p.review_note,
            p.rejection_ground,
            p.merged_into.pk if p.merged_into else None,
            p.opinion_unit,
            _at(m["accepted"], 15) if st in NUMBERED_STATES else None,
            p.handling_mode or "",
            _at(m["assigned"], 10) if "assigned" in m and st in HANDLED else None,
            2 if st == S.REHANDLING else 1,
            _at(m["replied"], 16) if st in (S.REPLIED, S.REHANDLING, S.CLOSED) else None,
            _at(m["evaluated"], 11) if st == S.CLOSED else None,
            p.needs_consultation,
            p.is_key,
            org.leader if p.is_key else None,
            p.key_since if p.is_key else None,
            p.is_excellent,
            p.session[2] if p.is_excellent else None,
            p.result_check,
            p.result_checked_at,
            p.result_check_note,
            search,
            _at(m["submitted"] - timedelta(days=2), 9),
            _at(last, 17),
        )

    def duty(self, p, duty):
        if p.kind == "collective" or p.state in (S.DRAFT, S.RETURNED, S.WITHDRAWN):
            return
        m, org = p.m, p.org
        kinds = [(DutyKind.PROPOSAL_SUBMITTED, m["submitted"])]
        if p.state in NUMBERED_STATES:
            kinds.append((DutyKind.PROPOSAL_ACCEPTED, m["accepted"]))
        if p.state == S.MERGED and p.merged_into is not None:
            kinds.append((DutyKind.PROPOSAL_ACCEPTED, p.merged_into.m.get("accepted") or m["reviewed"]))
        if p.is_key:
            kinds.append((DutyKind.PROPOSAL_KEY, p.key_since))
        if p.is_excellent:
            kinds.append((DutyKind.PROPOSAL_EXCELLENT, date(p.session[2], 12, 31)))
        people = [(p.proposer, "lead")] + [(c, "cosigner") for c in p.cosigners]
        detail = f"{self.full_number(p) or p.session_name}（{KIND_LABEL[p.kind]}）"
        url = f"/proposals/{p.pk}/"
        for kind, day in kinds:
            for member, role in people:
                duty.add(
                    org.pk,
                    member.pk,
                    org.term_pk,
                    kind,
                    day,
                    p.title,
                    role=role,
                    url=url,
                    detail=detail,
                    source=f"proposals.Proposal:{p.pk}",
                    recorded_by=org.staff,
                )

    def write(self, plans, duty, unit_names):
        docs = []
        for p in plans:
            names = [self.proposer_name(p), *[c.name for c in p.cosigners]]
            docs.append(" ".join([p.title, p.title, " ".join(n for n in names if n), p.grounds, p.suggestions, p.cat_name]))
        segmenting.prime(docs)
        self.t_proposal.copy(self.row(p, segmenting.search_text(doc)) for p, doc in zip(plans, docs, strict=True))
        for p in plans:
            self.duty(p, duty)
        for name, table in (
            ("event", self.t_event),
            ("invite", self.t_invite),
            ("assign", self.t_assign),
            ("reply", self.t_reply),
            ("opinion", self.t_opinion),
            ("contact", self.t_contact),
            ("eval", self.t_eval),
            ("super", self.t_super),
            ("milestone", self.t_milestone),
            ("request", self.t_request),
        ):
            table.copy(self.buf[name])
            self.buf[name] = []


def pw_ground(ground_pk, org):
    return org.ground_text.get(ground_pk, "")


def set_targets(gen, orgs):
    """Each committee's share of the proposals (the demo's own count towards it)."""
    have = dict(fetch("SELECT committee_id, count(*) FROM proposals_proposal GROUP BY 1"))
    targets = sizes.shares(gen.sizes.total(sizes.PROPOSALS), [o.member_target for o in orgs], [have.get(o.pk, 0) for o in orgs])
    for org, target in zip(orgs, targets, strict=True):
        org.proposal_target = target


def build(gen, orgs, duty):
    from proposals.models import RejectionGround

    writer = Writer(gen)
    existing = {
        (cid, spk): n for cid, spk, n in fetch("SELECT committee_id, session_id, count(*) FROM proposals_proposal GROUP BY 1, 2")
    }
    counters = dict(fetch("SELECT session_id, last_number FROM proposals_proposalcounter"))
    texts = dict(RejectionGround.objects.values_list("pk", "text"))
    targets = [o.proposal_target for o in orgs]
    made = 0
    batch = []
    counter_rows = []

    def flush():
        nonlocal batch
        if batch:
            unit_names = {}
            for o in {id(p.org): p.org for p in batch}.values():
                unit_names.update({u[0]: u[2] or u[1] for u in o.units})
            writer.write(batch, duty, unit_names)
            batch = []

    for org, target in zip(orgs, targets, strict=True):
        org.serving_cache = org.serving()
        org.ground_text = {pk: texts[pk] for pk in org.grounds}
        unit_names = {u[0]: u[2] or u[1] for u in org.units}
        sessions = org.sessions
        per = sizes.shares(target, [1] * len(sessions))
        for session, n in zip(sessions, per, strict=True):
            spk, _, year, _, is_current = session
            n -= existing.get((org.pk, spk), 0)
            last = counters.get(spk, 0)
            if n <= 0:
                continue
            plans, last = writer.plan_session(org, session, n, is_current, last)
            numbered = [p for p in plans if p.state in NUMBERED_STATES]
            for p in plans:
                writer.review(p, numbered)
                writer.cosign(p)
            for p in plans:
                if p.state in HANDLED:
                    writer.handle(p, unit_names)
                    writer.replies(p, unit_names)
            writer.key_and_follow_up(plans, is_current)
            counter_rows.append((spk, last))
            batch += plans
            made += len(plans)
            if len(batch) >= 15000:
                flush()
        if not org.demo:
            del org.serving_cache
    flush()
    for spk, last in counter_rows:
        execute(
            "INSERT INTO proposals_proposalcounter (session_id, last_number) VALUES (%s, %s) "
            "ON CONFLICT (session_id) DO UPDATE SET last_number = EXCLUDED.last_number",
            [spk, last],
        )
    # 先进承办单位 of the past years, three a committee
    rows = []
    table = Table(ModelUnit, ["id", "committee_id", "year", "unit_id", "note", "chosen_by_id", "chosen_at"])
    have_model = set(fetch("SELECT committee_id, year FROM proposals_modelunit"))
    for org in orgs:
        for session in org.sessions[:-1]:
            if (org.pk, session[2]) in have_model:
                continue
            for unit in writer.rng.sample(org.units, 3):
                rows.append(
                    (
                        gen.ids.take(ModelUnit),
                        org.pk,
                        session[2],
                        unit[0],
                        "办理质量高，沟通协商充分",
                        org.staff,
                        _at(date(session[2], 12, 20)),
                    )
                )
    table.copy(rows)
    return made
