"""Demo proposals: ~400 across every state for this session and the last, with co-signers,
assignments, replies, evaluations, key proposals, look-backs and overdue ones. Built with bulk
inserts (a few seconds on SQLite) and skipped when the committee already has proposals, so
running seed_demo twice changes nothing."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cppcc_portal.core.search import segment
from members.duty import duty_record_upsert
from members.models import DutyKind, DutyRole, MemberStatus, Session
from proposals import demo_words as words
from proposals.dates import add_months
from proposals.defaults import ensure_defaults
from proposals.models import (
    NUMBERED_STATES,
    Assignment,
    AssignmentStatus,
    ContactRecord,
    CoOpinion,
    CosignDirection,
    CosignInvitation,
    CosignStatus,
    Evaluation,
    EvaluatorRole,
    HandlingMode,
    Milestone,
    MilestoneStatus,
    ModelUnit,
    Proposal,
    ProposalCategory,
    ProposalCounter,
    ProposalEvent,
    ProposalKind,
    Rating,
    RejectionGround,
    Reply,
    RequestKind,
    RequestStatus,
    ResultCheck,
    Status,
    SupervisionRecord,
    Timing,
    UnitRequest,
    UnitRole,
)

# How many proposals in each state, for this session and the last.
CURRENT = {
    Status.DRAFT: 10,
    Status.SUBMITTED: 22,
    Status.RETURNED: 5,
    Status.WITHDRAWN: 3,
    Status.MERGED: 8,
    Status.TO_OPINION: 8,
    Status.TO_REPORT: 5,
    Status.REJECTED: 9,
    Status.ACCEPTED: 12,
    Status.HANDLING: 75,
    Status.REPLIED: 35,
    Status.REHANDLING: 5,
    Status.CLOSED: 63,
}
LAST = {
    Status.WITHDRAWN: 2,
    Status.MERGED: 6,
    Status.TO_OPINION: 6,
    Status.TO_REPORT: 2,
    Status.REJECTED: 6,
    Status.CLOSED: 128,
}


@dataclass
class Plan:
    """One demo proposal before it is written: the proposal and what hangs on it."""

    p: Proposal
    state: str
    cosigners: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    topic: tuple = ()
    moments: dict = field(default_factory=dict)


def _at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _text(rng, topic, short):
    n, p = rng.randint(12, 96), rng.randint(18, 85)
    problems = rng.sample(words.PROBLEMS, 3)
    grounds = "\n".join(
        [
            f"{short}事关群众切身利益，是推动我市高质量发展的重要内容。近年来，我市在{short}方面{rng.choice(words.ACHIEVEMENTS)}。"
            f"但与群众期待和先进地区相比，仍存在一些突出问题。",
            f"一是{problems[0]}。二是{problems[1]}。三是{problems[2]}。",
            rng.choice(words.DATA).format(n=n, p=p) + f"。这些问题在一定程度上制约了{short}工作的深入开展，需要引起重视。",
        ]
    )
    chosen = rng.sample(words.SUGGESTIONS, 4)
    numerals = "一二三四"
    suggestions = "\n".join(f"{numerals[i]}、{s.format(short=short)}。" for i, s in enumerate(chosen))
    return grounds, suggestions


def _reply_text(code, title, short):
    body = [words.REPLY_OPENING.format(title=title, short=short), *[line.format(short=short) for line in words.REPLY_BODY[code]]]
    return "\n".join([*body, words.REPLY_CLOSING])


class Builder:
    def __init__(self, demo):
        self.demo = demo
        self.rng = demo.seeded("proposals")
        self.city = demo.city
        self.today = demo.today
        self.staff = demo.personas["staff"]
        self.leader = demo.personas["leader"]
        self.persona_member = next(m for m in demo.members if m.user_id == demo.personas["member"].pk)
        self.members = [m for m in demo.members if m.status == MemberStatus.SERVING]
        self.units = {u.name: u for u in demo.units}
        self.categories = {c.name: c for c in ProposalCategory.objects.filter(committee=self.city)}
        self.grounds = list(RejectionGround.objects.filter(committee=self.city))
        self.bodies = list(demo.bodies)
        self.minmeng_body = next((b for b in self.bodies if b.name == "民盟临江市委员会"), None)
        self.events, self.invitations = [], []

    # --- choosing ---------------------------------------------------------------------------
    def topic(self, category=None):
        category = category or self.rng.choice(list(words.TOPICS))
        return (category, *self.rng.choice(words.TOPICS[category]))

    def proposal(self, session, state, *, proposer=None, category=None, body=None, timing=None):
        category, topic, short, unit_name = self.topic(category)
        rng = self.rng
        grounds, suggestions = _text(rng, topic, short)
        title = f"关于{rng.choice(words.PREFIXES)}{topic}的建议"
        collective = body is not None or (proposer is None and rng.random() < 0.08)
        if collective and body is None:
            body = self.minmeng_body if rng.random() < 0.3 and self.minmeng_body else rng.choice(self.bodies)
        if collective:
            proposer_member = None
            created_by = self.demo.personas["minmeng"] if body == self.minmeng_body else self.staff
        else:
            proposer_member = proposer or rng.choice(self.members)
            created_by = proposer_member.user
        p = Proposal(
            committee=self.city,
            session=session,
            kind=ProposalKind.COLLECTIVE if collective else ProposalKind.INDIVIDUAL,
            timing=timing or Timing.PLENARY,
            status=state,
            proposer=proposer_member,
            body=body if collective else None,
            created_by=created_by,
            title=title,
            grounds=grounds,
            suggestions=suggestions,
            category=self.categories[category],
            suggested_unit=self.units.get(unit_name) if rng.random() < 0.7 else None,
        )
        plan = Plan(p=p, state=state, topic=(category, topic, short, unit_name))
        if not collective and rng.random() < 0.35:
            others = [m for m in self.members if m.pk != proposer_member.pk]
            plan.cosigners = rng.sample(others, rng.randint(1, 4))
            p.kind = ProposalKind.JOINT
        return plan

    # --- timing -----------------------------------------------------------------------------
    def moments(self, plan, session, current):
        """Dates of each step: plenary proposals start at the session's opening; open ones of
        this session are placed back from today so that some are due soon and some overdue."""
        rng, today = self.rng, self.today
        state, p = plan.state, plan.p
        opening = session.opens_on or date(session.year, 1, 8)
        m = {}
        if current and state == Status.HANDLING:
            m["assigned"] = today - timedelta(days=rng.randint(5, 110))
            m["submitted"] = m["assigned"] - timedelta(days=rng.randint(12, 30))
        elif current and state == Status.REPLIED:
            m["replied"] = today - timedelta(days=rng.randint(1, 28))
            m["assigned"] = m["replied"] - timedelta(days=rng.randint(30, 85))
            m["submitted"] = m["assigned"] - timedelta(days=rng.randint(12, 30))
        elif state == Status.ACCEPTED:
            m["submitted"] = today - timedelta(days=rng.randint(6, 20))
            m["accepted"] = today - timedelta(days=rng.randint(1, 5))
        elif state in (Status.SUBMITTED, Status.DRAFT):
            m["submitted"] = today - timedelta(days=rng.randint(1, 15))
        elif state == Status.RETURNED:
            m["submitted"] = today - timedelta(days=rng.randint(10, 40))
            m["reviewed"] = m["submitted"] + timedelta(days=rng.randint(2, 6))
        elif rng.random() < 0.85 or not current:
            m["submitted"] = opening - timedelta(days=rng.randint(0, 7))
        else:
            m["submitted"] = opening + timedelta(days=rng.randint(30, 120))
        p.timing = Timing.PLENARY if abs((m["submitted"] - opening).days) <= 10 else Timing.BETWEEN
        m.setdefault("reviewed", m["submitted"] + timedelta(days=rng.randint(5, 18)))
        if state in NUMBERED_STATES:
            m.setdefault("accepted", m["reviewed"])
        if state in (Status.HANDLING, Status.REPLIED, Status.REHANDLING, Status.CLOSED):
            m.setdefault("assigned", m["accepted"] + timedelta(days=rng.randint(5, 20)))
            m["deadline"] = add_months(m["assigned"], 3)
        if state == Status.REPLIED:
            m.setdefault("replied", m["assigned"] + timedelta(days=rng.randint(40, 85)))
        if state in (Status.REHANDLING, Status.CLOSED):
            on_time = rng.random() < 0.9
            m["replied"] = m["assigned"] + timedelta(days=rng.randint(30, 88) if on_time else rng.randint(95, 130))
            m["evaluated"] = m["replied"] + timedelta(days=rng.randint(3, 20))
            if state == Status.REHANDLING:
                m["evaluated"] = today - timedelta(days=rng.randint(5, 60))
                m["replied"] = min(m["replied"], m["evaluated"] - timedelta(days=5))
        for key, value in list(m.items()):
            if key != "deadline" and value > today:
                m[key] = today
        plan.moments = m

    # --- writing ----------------------------------------------------------------------------
    def event(self, p, action, label, when, actor, *, from_status="", to_status="", comment="", actor_label="", minute=0):
        self.events.append(
            ProposalEvent(
                committee=self.city,
                proposal=p,
                action=action,
                label=label,
                from_status=from_status,
                to_status=to_status,
                actor=actor,
                actor_label=actor_label,
                comment=comment,
                created_at=_at(when, 9 + minute // 60, minute % 60),
            )
        )


def _plans(builder, session, counts, current):
    plans = []
    for state, n in counts.items():
        for _ in range(n):
            plan = builder.proposal(session, state)
            builder.moments(plan, session, current)
            plans.append(plan)
    if current:
        plans += _persona_plans(builder, session)
    return plans


def _persona_plans(builder, session):
    """李明华 (member) gets a proposal in the states a member meets; 民盟 gets collective ones."""
    me = builder.persona_member
    plans = []
    for state, category in [
        (Status.DRAFT, "教育"),
        (Status.SUBMITTED, "教育"),
        (Status.HANDLING, "教育"),
        (Status.REPLIED, "教育"),
        (Status.CLOSED, "文化旅游"),
        (Status.CLOSED, "教育"),
    ]:
        plan = builder.proposal(session, state, proposer=me, category=category)
        builder.moments(plan, session, True)
        plans.append(plan)
    # someone else's draft that waits for 李明华 to co-sign
    other = builder.proposal(session, Status.DRAFT, proposer=builder.rng.choice(builder.members[1:]), category="教育")
    builder.moments(other, session, True)
    other.cosigners = []
    other.pending = [me]
    plans.append(other)
    # 李明华 co-signs a proposal that is being handled
    cosigned = builder.proposal(session, Status.HANDLING, proposer=builder.rng.choice(builder.members[1:]), category="医疗卫生")
    builder.moments(cosigned, session, True)
    cosigned.cosigners = [me]
    cosigned.p.kind = ProposalKind.JOINT
    plans.append(cosigned)
    if builder.minmeng_body:
        for state in (Status.DRAFT, Status.HANDLING, Status.CLOSED):
            plan = builder.proposal(session, state, body=builder.minmeng_body, category="教育")
            builder.moments(plan, session, True)
            plans.append(plan)
    return plans


def _write_proposals(builder, plans, session):
    """Numbers in order of acceptance, then insert the proposals."""
    numbered = sorted((pl for pl in plans if pl.state in NUMBERED_STATES), key=lambda pl: (pl.moments["accepted"], id(pl)))
    for number, plan in enumerate(numbered, start=1):
        plan.p.number = number
    for plan in plans:
        p, m = plan.p, plan.moments
        if plan.state != Status.DRAFT:
            p.submitted_at = p.first_submitted_at = _at(m["submitted"], 9)
        if plan.state not in (Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN):
            p.reviewed_at, p.reviewed_by = _at(m["reviewed"], 15), builder.staff
        if plan.state in NUMBERED_STATES:
            p.accepted_at = _at(m["accepted"], 15)
        if "assigned" in m:
            p.assigned_at = _at(m["assigned"], 10)
        if plan.state in (Status.REPLIED, Status.REHANDLING, Status.CLOSED):
            p.replied_at = _at(m["replied"], 16)
        if plan.state == Status.CLOSED:
            p.closed_at = _at(m["evaluated"], 11)
        if plan.state == Status.REHANDLING:
            p.handling_round = 2
        names = [p.proposer.name if p.proposer_id else p.body.name, *[c.name for c in plan.cosigners]]
        p.search_text = segment(" ".join([p.title, p.title, " ".join(names), p.grounds, p.suggestions, p.category.name]))
    bulk_create_with_history([pl.p for pl in plans], Proposal, batch_size=200)
    for plan in plans:  # auto_now fields took "now" on insert; bulk_update leaves them as set here
        m = plan.moments
        plan.p.created_at = _at(m["submitted"] - timedelta(days=2), 9)
        last = max(v for k, v in m.items() if k != "deadline")
        plan.p.updated_at = _at(last, 17)
    Proposal.objects.bulk_update([pl.p for pl in plans], ["created_at", "updated_at"], batch_size=200)
    ProposalCounter.objects.update_or_create(session=session, defaults={"last_number": len(numbered)})


def _review(builder, plans):
    """Outcomes of the review that end without handling, and their history rows."""
    rng, staff = builder.rng, builder.staff
    numbered = [pl.p for pl in plans if pl.state in NUMBERED_STATES]
    changed = []
    for plan in plans:
        p, m = plan.p, plan.moments
        builder.event(p, "create", "起草提案", m["submitted"] - timedelta(days=2), p.created_by, to_status=Status.DRAFT)
        if plan.state == Status.DRAFT:
            continue
        builder.event(
            p, "submit", "提交提案", m["submitted"], p.created_by, from_status=Status.DRAFT, to_status=Status.SUBMITTED, minute=5
        )
        if plan.state == Status.SUBMITTED:
            continue
        if plan.state == Status.WITHDRAWN:
            builder.event(
                p,
                "withdraw",
                "撤案",
                m["reviewed"],
                p.created_by,
                from_status=Status.SUBMITTED,
                to_status=Status.WITHDRAWN,
                comment="已通过其他渠道反映",
            )
            continue
        if plan.state == Status.RETURNED:
            p.review_note = "案由与建议不对应，请围绕一个问题提出具体可行的建议，并补充情况分析。"
            builder.event(
                p,
                "return",
                "退回修改",
                m["reviewed"],
                staff,
                from_status=Status.SUBMITTED,
                to_status=Status.RETURNED,
                comment=p.review_note,
            )
            changed.append(p)
        elif plan.state == Status.MERGED:
            same = [q for q in numbered if q.category_id == p.category_id and q.session_id == p.session_id] or [
                q for q in numbered if q.session_id == p.session_id
            ]
            p.merged_into = rng.choice(same)
            builder.event(
                p,
                "merge",
                "并案",
                m["reviewed"],
                staff,
                from_status=Status.SUBMITTED,
                to_status=Status.MERGED,
                comment=f"并入{p.merged_into.full_number if p.merged_into.number else ''}",
            )
            changed.append(p)
        elif plan.state == Status.TO_OPINION:
            p.opinion_unit = builder.units.get(plan.topic[3])
            p.review_note = "建议内容属于具体工作意见，转有关部门参考。"
            builder.event(
                p,
                "to_opinion",
                "转为意见建议",
                m["reviewed"],
                staff,
                from_status=Status.SUBMITTED,
                to_status=Status.TO_OPINION,
                comment=p.review_note,
            )
            changed.append(p)
        elif plan.state == Status.TO_REPORT:
            p.review_note = "反映的情况具有普遍性，转社情民意信息报送。"
            builder.event(
                p,
                "to_report",
                "转社情民意",
                m["reviewed"],
                staff,
                from_status=Status.SUBMITTED,
                to_status=Status.TO_REPORT,
                comment=p.review_note,
            )
            changed.append(p)
        elif plan.state == Status.REJECTED:
            ground = rng.choice(
                [g for g in builder.grounds if "空泛" in g.text or "个人" in g.text or "学术" in g.text] or builder.grounds
            )
            p.rejection_ground = ground
            builder.event(
                p,
                "reject",
                "不予立案",
                m["reviewed"],
                staff,
                from_status=Status.SUBMITTED,
                to_status=Status.REJECTED,
                comment=ground.text,
            )
            changed.append(p)
        else:
            builder.event(
                p,
                "accept",
                "立案",
                m["accepted"],
                staff,
                from_status=Status.SUBMITTED,
                to_status=Status.ACCEPTED,
                comment=f"编为{p.full_number}",
                minute=30,
            )
    Proposal.objects.bulk_update(changed, ["review_note", "merged_into", "opinion_unit", "rejection_ground"], batch_size=200)


def _cosigners(builder, plans):
    for plan in plans:
        p, m = plan.p, plan.moments
        invited = _at(m["submitted"] - timedelta(days=2), 11)
        for i, member in enumerate(plan.cosigners):
            builder.invitations.append(
                CosignInvitation(
                    committee=builder.city,
                    proposal=p,
                    member=member,
                    direction=CosignDirection.INVITE,
                    status=CosignStatus.ACCEPTED,
                    created_at=invited,
                    expires_at=invited + timedelta(days=3),
                    responded_at=invited + timedelta(hours=3 + i),
                )
            )
        for member in plan.pending:
            builder.invitations.append(
                CosignInvitation(
                    committee=builder.city,
                    proposal=p,
                    member=member,
                    direction=CosignDirection.INVITE,
                    status=CosignStatus.PENDING,
                    message="这件提案与您的界别工作相关，诚邀联名。",
                    created_at=_at(builder.today, 8),
                    expires_at=_at(builder.today + timedelta(days=3), 8),
                )
            )
        if plan.cosigners:
            builder.event(
                p,
                "invite",
                "邀请联名",
                m["submitted"] - timedelta(days=2),
                p.created_by,
                comment="、".join(c.name for c in plan.cosigners),
                minute=60,
            )
    CosignInvitation.objects.bulk_create(builder.invitations, batch_size=500)


def _units_for(builder, plan):
    """(mode, [(unit, role)]) for a proposal: mostly one lead unit; some lead + co; a few separate."""
    rng = builder.rng
    lead = builder.units.get(plan.topic[3]) or rng.choice(list(builder.units.values()))
    others = [u for u in builder.units.values() if u.pk != lead.pk]
    roll = rng.random()
    if roll < 0.7:
        return HandlingMode.LEAD, [(lead, UnitRole.LEAD)]
    if roll < 0.9:
        co = rng.sample(others, rng.randint(1, 2))
        education = builder.units.get("市教育局")
        if education and education.pk != lead.pk and rng.random() < 0.3:
            co = [education]
        return HandlingMode.LEAD_CO, [(lead, UnitRole.LEAD)] + [(u, UnitRole.CO) for u in co]
    return HandlingMode.SEPARATE, [(lead, UnitRole.SEPARATE), (rng.choice(others), UnitRole.SEPARATE)]


def _handling(builder, plans):
    rng, staff, today = builder.rng, builder.staff, builder.today
    handled = [pl for pl in plans if pl.state in (Status.HANDLING, Status.REPLIED, Status.REHANDLING, Status.CLOSED)]
    assignments = []
    for plan in handled:
        p, m = plan.p, plan.moments
        mode, units = _units_for(builder, plan)
        p.handling_mode = mode
        plan.units = []
        for unit, role in units:
            a = Assignment(
                committee=builder.city,
                proposal=p,
                unit=unit,
                role=role,
                round=1,
                assigned_at=_at(m["assigned"], 10),
                assigned_by=staff,
                deadline=m["deadline"],
                original_deadline=m["deadline"],
            )
            if plan.state != Status.HANDLING:
                a.status = AssignmentStatus.REPLIED if role != UnitRole.CO else AssignmentStatus.OPINION_SENT
                a.ended_at = _at(m["replied"], 16 if role != UnitRole.CO else 10)
            elif role == UnitRole.CO and rng.random() < 0.5:
                a.status, a.ended_at = AssignmentStatus.OPINION_SENT, _at(min(today, m["assigned"] + timedelta(days=20)), 10)
            assignments.append(a)
            plan.units.append(a)
        text = "；".join(f"{role.label}：{unit}" for unit, role in units)
        builder.event(
            p,
            "assign",
            "交办",
            m["assigned"],
            staff,
            from_status=Status.ACCEPTED,
            to_status=Status.HANDLING,
            comment=f"{text}；答复期限{m['deadline']:%Y年%m月%d日}",
            minute=90,
        )
        if plan.state == Status.REHANDLING:
            again = add_months(m["evaluated"], 3)
            for first in [a for a in plan.units if a.role != UnitRole.CO][:1]:
                second = Assignment(
                    committee=builder.city,
                    proposal=p,
                    unit=first.unit,
                    role=first.role,
                    round=2,
                    assigned_at=_at(m["evaluated"], 12),
                    assigned_by=p.created_by,
                    deadline=again,
                    original_deadline=again,
                )
                assignments.append(second)
    Proposal.objects.bulk_update([pl.p for pl in handled], ["handling_mode"], batch_size=200)
    Assignment.objects.bulk_create(assignments, batch_size=500)
    return handled


def _replies(builder, handled):
    rng = builder.rng
    replies, opinions, contacts, evaluations = [], [], [], []
    for plan in handled:
        p, m = plan.p, plan.moments
        short = plan.topic[2]
        for a in plan.units:
            if a.status == AssignmentStatus.OPINION_SENT:
                opinions.append(
                    CoOpinion(
                        committee=builder.city,
                        assignment=a,
                        text=f"我单位对《{p.title}》提出会办意见如下：一是积极配合主办单位做好{short}相关工作；二是在职责范围内提供政策和数据支持。",
                        submitted_by=a.assigned_by,
                        submitted_at=a.ended_at,
                    )
                )
                builder.event(
                    p, "co_opinion", "提出会办意见", a.ended_at.date(), a.assigned_by, actor_label=str(a.unit), minute=120
                )
            if a.role == UnitRole.CO:
                continue
            if plan.state == Status.HANDLING:
                if rng.random() < 0.5:
                    day = min(builder.today, a.assigned_at.date() + timedelta(days=rng.randint(3, 20)))
                    contacts.append(
                        ContactRecord(
                            committee=builder.city,
                            assignment=a,
                            contacted_on=day,
                            method="phone",
                            person=p.proposer_name,
                            content=rng.choice(words.CONTACT_NOTES),
                            recorded_by=a.assigned_by,
                        )
                    )
                continue
            code = rng.choices(["A", "B", "C", "D"], weights=[45, 38, 12, 5])[0]
            reply = Reply(
                committee=builder.city,
                assignment=a,
                proposal=p,
                round=1,
                result_code=code,
                text=_reply_text(code, p.title, short),
                signer=rng.choice(["王建华", "刘志强", "陈立新", "张卫东", "李红梅"]),
                contact_person=a.unit.contact_person or "办公室",
                contact_phone=a.unit.contact_phone or "0571-88000000",
                submitted_by=a.assigned_by,
                submitted_at=_at(m["replied"], 16),
                on_time=m["replied"] <= a.deadline,
            )
            replies.append((plan, reply))
            contacts.append(
                ContactRecord(
                    committee=builder.city,
                    assignment=a,
                    contacted_on=m["replied"] - timedelta(days=rng.randint(5, 20)),
                    method=rng.choice(["phone", "visit", "meeting"]),
                    person=p.proposer_name,
                    content=rng.choice(words.CONTACT_NOTES),
                    recorded_by=a.assigned_by,
                )
            )
            builder.event(
                p,
                "reply",
                "答复提案",
                m["replied"],
                a.assigned_by,
                actor_label=str(a.unit),
                comment=reply.get_result_code_display(),
                minute=420,
            )
        if plan.state != Status.HANDLING:
            builder.event(
                p,
                "replied",
                "答复完毕",
                m["replied"],
                builder.staff,
                from_status=Status.HANDLING,
                to_status=Status.REPLIED,
                minute=421,
            )
    CoOpinion.objects.bulk_create(opinions, batch_size=500)
    Reply.objects.bulk_create([r for _, r in replies], batch_size=500)
    ContactRecord.objects.bulk_create(contacts, batch_size=500)
    by_plan = {}
    for plan, reply in replies:
        by_plan.setdefault(id(plan), []).append(reply)
    for plan in handled:
        p, m = plan.p, plan.moments
        if plan.state not in (Status.CLOSED, Status.REHANDLING):
            continue
        lead_user = p.created_by if p.body_id else p.proposer.user
        role = EvaluatorRole.BODY if p.body_id else EvaluatorRole.LEAD
        for reply in by_plan.get(id(plan), []):
            if plan.state == Status.REHANDLING:
                attitude, result = Rating.BASIC, Rating.UNSATISFIED
            else:
                result = rng.choices([Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED], weights=[68, 28, 4])[0]
                attitude = Rating.SATISFIED if rng.random() < 0.85 else Rating.BASIC
                if result == Rating.UNSATISFIED:
                    p.needs_consultation = True
            evaluations.append(
                Evaluation(
                    committee=builder.city,
                    reply=reply,
                    proposal=p,
                    evaluator=lead_user,
                    role=role,
                    attitude=attitude,
                    result=result,
                    comment=rng.choice(words.EVALUATION_COMMENTS[result]),
                    created_at=_at(m["evaluated"], 11),
                )
            )
            for member in plan.cosigners[:1]:
                if rng.random() < 0.5:
                    evaluations.append(
                        Evaluation(
                            committee=builder.city,
                            reply=reply,
                            proposal=p,
                            evaluator=member.user,
                            role=EvaluatorRole.COSIGNER,
                            attitude=Rating.SATISFIED,
                            result=Rating.SATISFIED if result != Rating.UNSATISFIED else Rating.BASIC,
                            comment="",
                            created_at=_at(m["evaluated"], 14),
                        )
                    )
        builder.event(p, "evaluate", "评价答复", m["evaluated"], lead_user, comment="", minute=120)
        if plan.state == Status.REHANDLING:
            builder.event(
                p,
                "rehandle",
                "重新办理",
                m["evaluated"],
                lead_user,
                from_status=Status.REPLIED,
                to_status=Status.REHANDLING,
                comment="不满意，交原承办单位重新办理，3个月内再次答复",
                minute=121,
            )
        else:
            builder.event(
                p,
                "close",
                "办结",
                m["evaluated"],
                lead_user,
                from_status=Status.REPLIED,
                to_status=Status.CLOSED,
                comment="重新办理后仍不满意，安排当面协商" if p.needs_consultation else "",
                minute=121,
            )
    Evaluation.objects.bulk_create(evaluations, batch_size=500)
    Proposal.objects.bulk_update([pl.p for pl in handled], ["needs_consultation"], batch_size=200)
    return [r for _, r in replies]


def _key_and_follow_up(builder, plans, current):
    rng, staff, leader = builder.rng, builder.staff, builder.leader
    handled = [pl for pl in plans if pl.state in (Status.HANDLING, Status.REPLIED, Status.CLOSED)]
    key = rng.sample(handled, min(len(handled), 5 if current else 3))
    records, milestones = [], []
    for plan in key:
        p = plan.p
        p.is_key, p.key_leader, p.key_since = True, leader, plan.moments["assigned"]
        builder.event(p, "key", "确定为重点提案", p.key_since, staff, comment=f"督办领导：{leader.display_name}", minute=100)
        for i, (kind, note) in enumerate(rng.sample(words.SUPERVISION_NOTES, rng.randint(1, 3))):
            day = min(builder.today, p.key_since + timedelta(days=20 + 25 * i))
            records.append(
                SupervisionRecord(
                    committee=builder.city,
                    proposal=p,
                    kind=kind,
                    occurred_on=day,
                    participants="督办领导、提案人、承办单位负责同志",
                    content=note,
                    recorded_by=leader,
                )
            )
    closed = [pl for pl in plans if pl.state == Status.CLOSED]
    for plan in rng.sample(closed, min(len(closed), 12)):
        p, m = plan.p, plan.moments
        done_all = rng.random() < 0.7
        for i, what in enumerate(["出台实施方案", "完成试点建设", "全面推开"]):
            due = m["evaluated"] + timedelta(days=60 * (i + 1))
            status = (
                MilestoneStatus.PLANNED
                if due > builder.today
                else (MilestoneStatus.DONE if done_all or i == 0 else MilestoneStatus.MISSED)
            )
            milestones.append(
                Milestone(
                    committee=builder.city,
                    proposal=p,
                    description=f"{plan.topic[2]}：{what}",
                    due_on=due,
                    status=status,
                    checked_on=due if status != MilestoneStatus.PLANNED else None,
                    recorded_by=staff,
                )
            )
        if all(m_.status != MilestoneStatus.PLANNED for m_ in milestones[-3:]):
            p.result_check = ResultCheck.DONE if done_all else ResultCheck.PARTLY
            p.result_checked_at = milestones[-1].due_on
            p.result_check_note = "回头看：承诺事项已按计划落实。" if done_all else "回头看：部分承诺事项尚未落实，继续跟踪。"
    if not current:
        for plan in rng.sample(closed, min(len(closed), 5)):
            plan.p.is_excellent, plan.p.excellent_year = True, plan.p.session.year
    SupervisionRecord.objects.bulk_create(records)
    Milestone.objects.bulk_create(milestones)
    Proposal.objects.bulk_update(
        [pl.p for pl in plans],
        [
            "is_key",
            "key_leader",
            "key_since",
            "is_excellent",
            "excellent_year",
            "result_check",
            "result_checked_at",
            "result_check_note",
        ],
        batch_size=200,
    )


def _requests(builder):
    """A few units' requests waiting for staff (two from 市教育局, whose clerk is the demo
    persona `unit`), and one already approved."""
    clerk = builder.demo.personas["unit"]
    active = list(
        Assignment.objects.filter(committee=builder.city, status=AssignmentStatus.ACTIVE, round=1, role=UnitRole.LEAD)
        .select_related("proposal", "unit")
        .order_by("-assigned_at")[:60]
    )
    mine = [a for a in active if a.unit.name == "市教育局"]
    others = [a for a in active if a.unit.name != "市教育局"]
    if len(mine) < 2 or len(others) < 1:
        return
    recent, later = mine[0], mine[-1]
    rows = [
        UnitRequest(
            committee=builder.city,
            assignment=recent,
            kind=RequestKind.REASSIGN,
            reason="该提案所提事项主要涉及校外培训机构监管和交通组织，建议调整由市市场监督管理局主办。",
            suggested_unit=builder.units.get("市市场监督管理局"),
            requested_by=clerk,
            requested_at=recent.assigned_at + timedelta(days=1),
        ),
        UnitRequest(
            committee=builder.city,
            assignment=later,
            kind=RequestKind.EXTEND,
            reason="涉及多个部门协调和资金测算，需延期一个月答复。",
            requested_deadline=later.deadline + timedelta(days=30),
            requested_by=clerk,
            requested_at=_at(builder.today - timedelta(days=2)),
        ),
        UnitRequest(
            committee=builder.city,
            assignment=others[-1],
            kind=RequestKind.EXTEND,
            reason="需待年度预算批复后答复。",
            requested_deadline=others[-1].deadline + timedelta(days=20),
            status=RequestStatus.APPROVED,
            requested_by=builder.staff,
            requested_at=_at(builder.today - timedelta(days=20)),
            decided_by=builder.staff,
            decided_at=_at(builder.today - timedelta(days=18)),
            decision_note="同意延期。",
        ),
    ]
    UnitRequest.objects.bulk_create(rows)
    approved = rows[2]
    Assignment.objects.filter(pk=approved.assignment_id).update(deadline=approved.requested_deadline)


def _duty(builder, plans):
    """Duty records through members.duty, as the services would have written them."""
    accepted_on = {pl.p.pk: pl.moments.get("accepted") for pl in plans}
    for plan in plans:
        p = plan.p
        if p.kind == ProposalKind.COLLECTIVE or plan.state in (Status.DRAFT, Status.RETURNED, Status.WITHDRAWN):
            continue
        people = [(p.proposer, DutyRole.LEAD)] + [(m, DutyRole.COSIGNER) for m in plan.cosigners]
        kinds = [(DutyKind.PROPOSAL_SUBMITTED, plan.moments["submitted"])]
        if plan.state in NUMBERED_STATES:
            kinds.append((DutyKind.PROPOSAL_ACCEPTED, plan.moments["accepted"]))
        if plan.state == Status.MERGED and p.merged_into_id:
            kinds.append((DutyKind.PROPOSAL_ACCEPTED, accepted_on.get(p.merged_into_id) or plan.moments["reviewed"]))
        if p.is_key:
            kinds.append((DutyKind.PROPOSAL_KEY, p.key_since))
        if p.is_excellent:
            kinds.append((DutyKind.PROPOSAL_EXCELLENT, date(p.excellent_year, 12, 31)))
        for kind, day in kinds:
            for member, role in people:
                duty_record_upsert(
                    source=f"proposals.Proposal:{p.pk}",
                    member=member,
                    kind=kind,
                    occurred_on=day,
                    title=p.title,
                    role=role,
                    url=p.get_absolute_url(),
                    detail=f"{p.full_number or p.session.name}（{p.get_kind_display()}）",
                    recorded_by=builder.staff,
                )


def seed(demo):
    ensure_defaults(demo.city.pk)
    if Proposal.objects.filter(committee=demo.city).exists():
        return
    current = demo.session
    last = Session.objects.filter(committee=demo.city, year=current.year - 1).select_related("term").first()
    builder = Builder(demo)
    all_plans = []
    for session, counts, is_current in ((last, LAST, False), (current, CURRENT, True)):
        if session is None:
            continue
        plans = _plans(builder, session, counts, is_current)
        _write_proposals(builder, plans, session)
        _review(builder, plans)
        _cosigners(builder, plans)
        builder.invitations = []
        handled = _handling(builder, plans)
        _replies(builder, handled)
        _key_and_follow_up(builder, plans, is_current)
        all_plans += plans
    ProposalEvent.objects.bulk_create(builder.events, batch_size=1000)
    _requests(builder)
    if last is not None:
        for name in ("市教育局", "市卫生健康委员会", "市住房和城乡建设局"):
            unit = builder.units.get(name)
            if unit:
                ModelUnit.objects.get_or_create(
                    committee=demo.city,
                    year=last.year,
                    unit=unit,
                    defaults={"note": "办理质量高，沟通协商充分", "chosen_by": builder.staff},
                )
    _duty(builder, all_plans)
