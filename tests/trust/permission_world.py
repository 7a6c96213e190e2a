"""The world the permission matrix knocks on: two committees (临江市政协 "c1" and 远山市政协 "c2"),
the personas of permission_personas.py, and for every object a URL names one owned by somebody:
A's and B's proposals, reports and duty records, proposals handled by unit X and by unit Y, an
activity, a deliberation, documents, notifications… and the same kinds in committee 2.

Everything is made through the factories and the services the portal itself uses, once per
module. `build_world()` returns a World: `users[persona key]` and `objects[name]` (primary keys
or URL values), the names the rules use ("proposal.A_draft", "activity.c2"…)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultations import signin
from consultations.models import AgendaItem, Deliberation, Outcome, OutcomeKind, Participant, PlanItem
from consultations.selectors import forms_for
from consultations.services import activities as act
from consultations.services import attendance as att
from consultations.services import deliberation as delib
from consultations.services.outcomes import outcome_save
from consultations.services.plans import plan_create, plan_item_save, plan_transition
from cppcc_portal.audit.models import AuditEvent
from cppcc_portal.core.roles import sync_roles
from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from cppcc_portal.documents.services import document_request
from cppcc_portal.notifications.models import Notification
from cppcc_portal.notifications.services import notify
from members.duty_services import SheetRow, attendance_sheet_import, duty_activity_create
from members.models import Attendance, DutyKind, Member
from members.scoring_services import recompute_request, rule_set_for
from proposals import services as proposals
from proposals.defaults import categories_for, ensure_defaults
from proposals.models import HandlingMode, SupervisionKind
from sentiment.models import Quota, QuotaSubject
from sentiment.rules import categories_for as report_categories_for
from sentiment.services import bulletins as bulletins
from sentiment.services import reports as reports
from tests.consultations.conftest import new_activity, notified_activity
from tests.factories import (
    CommitteeFactory,
    HandlingUnitFactory,
    MemberFactory,
    SectorFactory,
    SessionFactory,
    SpecialCommitteeFactory,
    TermFactory,
    UserFactory,
)
from tests.members.conftest import jpeg
from tests.trust.permission_personas import active_personas

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
GROUNDS = "近年来我市义务教育发展较快，但城乡之间师资、设施差距仍然明显，乡村学校骨干教师流失严重。" * 2
SUGGESTIONS = "一、建立城乡教师交流轮岗制度；二、提高乡村教师生活补助；三、加大乡村学校设施投入，推进优质均衡发展。" * 2
REPORT_TEXT = "近年来，我区农村留守儿童数量较多，部分学校缺少专职心理教师，课后托管服务不足。建议：一是配齐心理健康教师；二是推动课后服务全覆盖。"
YEAR = timezone.localdate().year


@dataclass
class World:
    users: dict = field(default_factory=dict)  # persona key → User
    objects: dict = field(default_factory=dict)  # "kind.owner" → pk or URL value

    def __setitem__(self, name, value):
        self.objects[name] = getattr(value, "pk", value)

    def __getitem__(self, name):
        value = self.objects[name]
        return value() if callable(value) else value


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class _Committee:
    """A committee with a current term and session, a sector, and its proposal rules."""

    def __init__(self, name, short_name):
        self.committee = CommitteeFactory(name=name, short_name=short_name)
        self.term = TermFactory(committee=self.committee)
        self.session = SessionFactory(term=self.term, year=YEAR)
        self.sector = SectorFactory(committee=self.committee, name="教育界")
        ensure_defaults(self.committee.pk)
        self.category = categories_for(self.committee.pk).get(name="教育")


def _persona_user(persona, committees, units):
    c = committees[persona.committee]
    if persona.member:
        user = MemberFactory(
            user__committee=c.committee, user__username=f"matrix_{persona.key}", user__full_name=persona.label[:10]
        ).user
        user.groups.set([Group.objects.get(name=r) for r in persona.roles])
    else:
        user = UserFactory(
            committee=c.committee,
            username=f"matrix_{persona.key}",
            full_name=persona.label[:10],
            roles=list(persona.roles),
            is_staff=persona.superuser,
            is_superuser=persona.superuser,
        )
    if persona.unit:
        units.setdefault(persona.unit, HandlingUnitFactory(committee=c.committee, name=persona.unit)).clerks.add(user)
    return user


def build_world():
    sync_roles()
    w = World()
    c1 = _Committee("中国人民政治协商会议临江市委员会", "临江市政协")
    c2 = _Committee("中国人民政治协商会议远山市委员会", "远山市政协")
    units = {}
    for persona in active_personas():
        w.users[persona.key] = _persona_user(persona, {"c1": c1, "c2": c2}, units)
    # Committee 2's own people, who own its objects: two members and a unit with its clerk; and
    # a third unit of committee 1 whose clerk is nobody in the matrix.
    m2 = MemberFactory(user__committee=c2.committee, user__username="matrix_c2_member", user__full_name="远山委员")
    m2b = MemberFactory(user__committee=c2.committee, user__username="matrix_c2_member_b", user__full_name="远山委员乙")
    z_clerk = UserFactory(
        committee=c1.committee, username="matrix_z_clerk", full_name="卫生监督所联络员", roles=["承办单位联络员"]
    )
    units["Z"] = HandlingUnitFactory(committee=c1.committee, name="市卫生监督所", clerks=[z_clerk])
    u2_clerk = UserFactory(committee=c2.committee, username="matrix_c2_clerk", full_name="远山联络员", roles=["承办单位联络员"])
    units["c2"] = HandlingUnitFactory(committee=c2.committee, name="远山市教育局", clerks=[u2_clerk])
    people = {
        "A": w.users["A"],
        "B": w.users["B"],
        "X": w.users["X"],
        "Y": w.users["Y"],
        "c2": m2.user,
        "c2_clerk": u2_clerk,
        "Z": z_clerk,
        "staff1": w.users["ps1"],
        "staff2": w.users["s2"],
    }
    member_of = {key: Member.objects.get(user=people[key]) for key in ("A", "B", "c2")}
    member_of["c2_b"] = m2b
    w["member.A"], w["member.B"], w["member.c2"] = member_of["A"], member_of["B"], member_of["c2"]
    w["user.A"], w["user.c2"] = people["A"], people["c2"]

    _proposals(w, c1, c2, people, member_of, units)
    _reports(w, c1, c2, people)
    _consultations(w, c1, c2, people, member_of, units)
    _duty(w, c1, c2, people, member_of)
    _documents(w, people)
    _notifications(w, people)
    _audit_events(w, c1, c2)
    return w


# --- 提案 ----------------------------------------------------------------------------------------


def _draft(user, c, title, **extra):
    data = {"title": title, "grounds": GROUNDS, "suggestions": SUGGESTIONS, "category": c.category, **extra}
    return proposals.proposal_create_draft(user=user, data=data)


def _accepted(user, c, title, staff):
    draft = _draft(user, c, title)
    proposals.proposal_submit(draft, user=user)
    return proposals.proposal_accept(draft, user=staff)


def _reply(assignment, clerk):
    return proposals.reply_submit(
        assignment,
        user=clerk,
        result_code="B",
        text="经研究，您提出的建议已列入明年工作计划，正在逐步推进落实，感谢您的关心和支持。",
        signer="王建华",
        contact_person="张老师",
        contact_phone="0571-88001234",
        upload=pdf("答复附件.pdf"),
    )


def _proposals(w, c1, c2, people, member_of, units):
    staff1, staff2 = people["staff1"], people["staff2"]
    a_draft = _draft(people["A"], c1, "关于推进城乡义务教育优质均衡发展的建议")
    w["proposal.A_draft"] = a_draft
    w["attachment.A_draft"] = proposals.attachment_add(a_draft, user=people["A"], upload=pdf())

    a_invites = _draft(people["A"], c1, "关于加强乡村教师队伍建设的建议")
    w["proposal.A_invites_B"] = a_invites
    w["invitation.B"] = proposals.cosign_invite(a_invites, user=people["A"], members=[member_of["B"]])[0]

    b_submitted = _draft(people["B"], c1, "关于完善社区养老服务的建议")
    w["attachment.B"] = proposals.attachment_add(b_submitted, user=people["B"], upload=pdf())
    w["proposal.B_submitted"] = proposals.proposal_submit(b_submitted, user=people["B"])

    # A's proposal handled by unit X alone; X asked for more time.
    x_handling = _accepted(people["A"], c1, "关于改善校园周边交通秩序的建议", staff1)
    proposals.proposal_assign(x_handling, user=staff1, mode=HandlingMode.LEAD, lead=units["市教育局"])
    x_lead = x_handling.assignments.get()
    w["proposal.X_handling"], w["assignment.X_lead"] = x_handling, x_lead
    w["request.X"] = proposals.unit_request_extension(
        x_lead, user=people["X"], reason="需要协调多个部门", until=x_lead.deadline + timedelta(days=30)
    )

    # B's key proposal handled by unit Y alone, replied, supervised by the leader, followed up.
    y_replied = _accepted(people["B"], c1, "关于加强基层医疗卫生服务的建议", staff1)
    proposals.proposal_assign(y_replied, user=staff1, mode=HandlingMode.LEAD, lead=units["市卫生健康委员会"])
    y_lead = y_replied.assignments.get()
    proposals.proposal_mark_key(y_replied, user=staff1, leader=w.users["ld"])
    w["reply.Y"] = _reply(y_lead, people["Y"])
    y_replied.refresh_from_db()
    w["proposal.Y_replied"], w["assignment.Y_lead"] = y_replied, y_lead
    w["milestone.Y"] = proposals.milestone_add(
        y_replied, user=staff1, description="年底前完成村卫生室改造", due_on=timezone.localdate()
    )
    proposals.supervision_add(
        y_replied, user=staff1, kind=SupervisionKind.VISIT, occurred_on=timezone.localdate(), content="实地察看村卫生室。"
    )

    # A's proposal led by Y with X and a third unit (Z) as co-handlers: X has not sent its
    # opinion yet, Z has (with an attachment).
    co = _accepted(people["A"], c1, "关于推进医教协同的建议", staff1)
    proposals.proposal_assign(
        co, user=staff1, mode=HandlingMode.LEAD_CO, lead=units["市卫生健康委员会"], co_units=[units["市教育局"], units["Z"]]
    )
    z_co = co.assignments.get(unit=units["Z"])
    proposals.co_opinion_submit(z_co, user=people["Z"], text="同意主办单位意见。", upload=pdf("会办意见.pdf"))
    w["proposal.co"], w["assignment.X_co"], w["assignment.Z_co"] = co, co.assignments.get(unit=units["市教育局"]), z_co

    # Committee 2: its member's proposal, with an attachment, handled and replied by its unit.
    c2_draft = _draft(people["c2"], c2, "关于发展远山市职业教育的建议")
    w["attachment.c2"] = proposals.attachment_add(c2_draft, user=people["c2"], upload=pdf())
    w["invitation.c2"] = proposals.cosign_invite(c2_draft, user=people["c2"], members=[member_of["c2_b"]])[0]
    proposals.proposal_submit(c2_draft, user=people["c2"])
    c2_proposal = proposals.proposal_accept(c2_draft, user=staff2)
    proposals.proposal_assign(c2_proposal, user=staff2, mode=HandlingMode.LEAD, lead=units["c2"])
    c2_lead = c2_proposal.assignments.get()
    w["request.c2"] = proposals.unit_request_extension(
        c2_lead, user=people["c2_clerk"], reason="需要调研", until=c2_lead.deadline + timedelta(days=30)
    )
    w["reply.c2"] = _reply(c2_lead, people["c2_clerk"])
    c2_proposal.refresh_from_db()
    w["proposal.c2"], w["assignment.c2"] = c2_proposal, c2_lead
    w["milestone.c2"] = proposals.milestone_add(c2_proposal, user=staff2, description="明年完成", due_on=timezone.localdate())


# --- 社情民意 -------------------------------------------------------------------------------------


def _report(user, title, *, submit=True, files=()):
    category = report_categories_for(user.committee).get(name="教育")
    return reports.report_create(
        user=user, writer_key="member", title=title, content=REPORT_TEXT, category=category, submit=submit, files=files
    )


def _issue(report, editor):
    reports.report_start_editing(report, user=editor)
    reports.report_revise(report, user=editor, title=report.title, content=REPORT_TEXT + "（编辑修改）")
    reports.report_sign_off(report, user=editor)
    bulletin = bulletins.bulletin_create(user=editor)
    bulletins.bulletin_add_report(bulletin, report, user=editor)
    bulletins.bulletin_issue(bulletin, user=editor)
    report.refresh_from_db()
    adoption = reports.report_adopt(
        report,
        user=editor,
        level=reports.manual_adoption_levels(report.committee)[0],
        adopted_by="",
        adopted_on=timezone.localdate(),
    )
    comment = reports.report_comment(
        report,
        user=editor,
        level=reports.comment_levels(report.committee)[0],
        leader="副市长 林某",
        text="请研究。",
        commented_on=timezone.localdate(),
    )
    return bulletin, adoption, comment


def _reports(w, c1, c2, people):
    editor1, editor2 = w.users["ed"], people["staff2"]
    received = _report(people["A"], "关于加强农村留守儿童关爱服务的建议", files=[pdf("附件.pdf")])
    w["report.A_received"] = received
    w["report_attachment.A"] = received.attachments.get()
    w["report.B_draft"] = _report(people["B"], "关于规范校外培训机构的建议", submit=False)
    issued = _report(people["A"], "关于完善乡村学校心理健康教育的建议")
    bulletin, adoption, comment = _issue(issued, editor1)
    w["report.A_issued"], w["bulletin.c1_issued"], w["adoption.c1"], w["comment.c1"] = issued, bulletin, adoption, comment
    w["bulletin.c1_draft"] = bulletins.bulletin_create(user=editor1)

    c2_report = _report(people["c2"], "关于远山市职业教育的建议", files=[pdf("附件.pdf")])
    w["report.c2"], w["report_attachment.c2"] = c2_report, c2_report.attachments.get()
    bulletin2, adoption2, comment2 = _issue(c2_report, editor2)
    w["bulletin.c2_issued"], w["adoption.c2"], w["comment.c2"] = bulletin2, adoption2, comment2

    w["quota.c1"] = Quota.objects.create(committee=c1.committee, subject=QuotaSubject.MEMBER, target=2, created_by=editor1)
    w["quota.c2"] = Quota.objects.create(committee=c2.committee, subject=QuotaSubject.MEMBER, target=2, created_by=editor2)


# --- 协商 ----------------------------------------------------------------------------------------


def _published_plan(committee, staff, year, organiser, units=(), members=()):
    plan = plan_create(committee=committee, year=year, user=staff)
    forms = {f.name: f for f in forms_for(committee.pk)}
    item = PlanItem(
        plan=plan, topic="推进城乡义务教育优质均衡发展", form=forms["专题协商会"], planned_month=12, organiser=organiser
    )
    plan_item_save(item, user=staff, m2m={"departments": list(units), "members": list(members)})
    plan_transition(plan, "submit", user=staff)
    plan_transition(plan, "approve", user=staff, approval_reference="市委常委会会议纪要〔2026〕2号")
    plan_transition(plan, "publish", user=staff, document_number="委办发〔2026〕3号")
    return plan, item


def _deliberation(committee, staff, invitees, title):
    d = Deliberation(
        committee=committee,
        title=title,
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=3),
    )
    delib.deliberation_save(d, user=staff, invitees=invitees)
    delib.deliberation_open(d, user=staff)
    d.refresh_from_db()
    return d


def _consultations(w, c1, c2, people, member_of, units):
    staff1 = w.users["ms1"] if "ms1" in w.users else w.users["adm"]
    staff2 = people["staff2"]
    organiser1 = SpecialCommitteeFactory(committee=c1.committee, name="教科卫体委员会")
    organiser2 = SpecialCommitteeFactory(committee=c2.committee, name="教科卫体委员会")
    plan1, item1 = _published_plan(c1.committee, staff1, YEAR, organiser1, units=[units["市教育局"]], members=[member_of["A"]])
    w["plan.c1"], w["item.c1"] = plan1, item1
    w["plan.c1_draft"] = plan_create(committee=c1.committee, year=YEAR + 1, user=staff1)
    plan2, item2 = _published_plan(c2.committee, staff2, YEAR, organiser2)
    w["plan.c2"], w["item.c2"] = plan2, item2

    # A and unit X take part in committee 1's activity, which is signing in now.
    activity = notified_activity(staff1, item=item1, members=[member_of["A"]])
    act.participants_add(activity, user=staff1, units=[units["市教育局"]])
    act.agenda_save(AgendaItem(activity=activity, title="通报情况", order=1), user=staff1)
    act.material_add(activity, user=staff1, title="参阅材料", upload=pdf())
    act.activity_open_signin(activity, user=staff1)
    w["activity.c1"] = activity
    w["participant.A"] = Participant.objects.get(activity=activity, member=member_of["A"])
    w["agenda.c1"] = activity.agenda.get()
    w["material.c1"] = activity.materials.get()
    w["speech.A"] = att.speech_submit(activity, user=people["A"], title="我的发言", content="建议加大投入。")
    w["token.c1"] = lambda: signin.signin_token(activity)  # made when used: a code expires
    # B is on a list that has not been sent out yet: B must not see it.
    w["activity.c1_draft"] = new_activity(staff1, item=item1, members=[member_of["B"]], title="界别协商会")

    activity2 = notified_activity(staff2, item=item2, members=[member_of["c2"]])
    act.participants_add(activity2, user=staff2, units=[units["c2"]])
    act.agenda_save(AgendaItem(activity=activity2, title="通报情况", order=1), user=staff2)
    act.material_add(activity2, user=staff2, title="参阅材料", upload=pdf())
    w["activity.c2"] = activity2
    w["participant.c2"] = Participant.objects.get(activity=activity2, member=member_of["c2"])
    w["agenda.c2"] = activity2.agenda.get()
    w["material.c2"] = activity2.materials.get()
    w["speech.c2"] = att.speech_submit(activity2, user=people["c2"], title="远山发言", content="建议。")
    act.activity_open_signin(activity2, user=staff2)
    w["token.c2"] = lambda: signin.signin_token(activity2)

    d1 = _deliberation(c1.committee, staff1, [member_of["A"]], "老旧小区改造")
    w["deliberation.c1"] = d1
    w["opinion.A"] = delib.opinion_post(d1, user=people["A"], content="建议成立居民议事会。")
    w["outcome.c1"] = outcome_save(
        Outcome(deliberation=d1, kind=OutcomeKind.MINUTES, title="网络议政意见汇总", content="……"), user=staff1, upload=pdf()
    )
    d2 = _deliberation(c2.committee, staff2, [member_of["c2"]], "远山老旧小区改造")
    w["deliberation.c2"] = d2
    w["opinion.c2"] = delib.opinion_post(d2, user=people["c2"], content="远山的意见。")
    w["outcome.c2"] = outcome_save(
        Outcome(deliberation=d2, kind=OutcomeKind.MINUTES, title="远山意见汇总", content="……"), user=staff2, upload=pdf()
    )


# --- 履职 ----------------------------------------------------------------------------------------


def _self_recorded(member, user, title):
    data = {
        "kind": DutyKind.CONTACT,
        "occurred_on": timezone.localdate(),
        "place": "社区服务中心",
        "quantity": 12,
        "title": title,
        "detail": "听取群众对教育资源配置的意见。",
    }
    return duty_activity_create(member, data=data, photos=[jpeg("现场.jpg")], user=user)


def _sheet(committee, staff, members):
    rows = [SheetRow(row=i, member=m, attendance=Attendance.PRESENT, half_days=1) for i, m in enumerate(members, 2)]
    return attendance_sheet_import(
        rows,
        committee=committee,
        user=staff,
        kind=DutyKind.PLENARY,
        title="全体会议",
        held_on=timezone.localdate(),
        half_days=1,
        mark_missing_absent=False,
    ).sheet


def _duty(w, c1, c2, people, member_of):
    staff1 = w.users["ms1"] if "ms1" in w.users else w.users["adm"]
    staff2 = people["staff2"]
    record_a = _self_recorded(member_of["A"], people["A"], "联系界别群众")
    w["duty.A"], w["photo.A"] = record_a, record_a.photos.get()
    w["duty.B"] = _self_recorded(member_of["B"], people["B"], "走访学校")
    record_c2 = _self_recorded(member_of["c2"], people["c2"], "远山走访")
    w["duty.c2"], w["photo.c2"] = record_c2, record_c2.photos.get()
    w["sheet.c1"] = _sheet(c1.committee, staff1, [member_of["A"], member_of["B"]])
    w["sheet.c2"] = _sheet(c2.committee, staff2, [member_of["c2"]])
    w["recompute.c1"] = recompute_request(rule_set_for(c1.committee.pk, YEAR), user=staff1)
    w["recompute.c2"] = recompute_request(rule_set_for(c2.committee.pk, YEAR), user=staff2)


# --- documents, notifications ---------------------------------------------------------------------


def _finished(doc):
    """What the documents worker leaves behind: the file stored, the document done."""
    doc.file.save(f"{doc.kind}.pdf", ContentFile(PDF), save=False)
    GeneratedDocument.objects.filter(pk=doc.pk).update(file=doc.file.name, status=DocumentStatus.DONE, progress=100)
    return doc


def _documents(w, people):
    mine = document_request(user=people["A"], kind="proposal_form", title="提案表", params={"proposal_id": w["proposal.A_draft"]})
    w["document.A"] = _finished(mine)
    compilation = document_request(user=people["staff1"], kind="proposal_compilation", title="提案汇编", params={})
    w["document.ps1"] = _finished(compilation)
    far = document_request(user=people["staff2"], kind="proposal_compilation", title="远山提案汇编", params={})
    w["document.c2"] = _finished(far)


def _notifications(w, people):
    notify([people["A"]], "给委员甲的通知", url="/proposals/mine/")
    notify([people["B"]], "给委员乙的通知", url="/proposals/mine/")
    w["notification.A"] = Notification.objects.filter(user=people["A"]).latest("pk")
    w["notification.B"] = Notification.objects.filter(user=people["B"]).latest("pk")


def _audit_events(w, c1, c2):
    """The log the world's own building wrote: one event of each committee for the auditor's pages."""
    w["audit.c1"] = AuditEvent.objects.filter(committee=c1.committee).latest("pk")
    w["audit.c2"] = AuditEvent.objects.filter(committee=c2.committee).latest("pk")
