"""Demo data of 协商: this year's published plan of 15 items (with a second version made after
publication), activities in every state around today, attendance in the duty files, speeches,
outcomes at every stage of adoption, two online deliberations and next year's plan in draft.

Dates are placed relative to the day the seed runs, so the calendar of the current month always
shows something. Everything is created once (get_or_create on the title); a second run changes
nothing."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from consultations.models import (
    Activity,
    ActivityEvent,
    ActivityKind,
    ActivityStatus,
    Adoption,
    AgendaItem,
    AnnualPlan,
    ConsultationForm,
    Deliberation,
    DeliberationStatus,
    Material,
    Opinion,
    Outcome,
    OutcomeEvent,
    OutcomeKind,
    OutcomeStatus,
    Participant,
    PlanEvent,
    PlanItem,
    PlanStatus,
    PlanVersion,
    Reply,
    SigninMethod,
    Speech,
    SpeechStatus,
)
from consultations.selectors import forms_for, settings_for
from consultations.services.activities import lead_dates, outcome_due_on
from consultations.services.attendance import attendance_of
from consultations.services.plans import default_issuing_bodies, plan_snapshot
from consultations.workdays import WorkCalendar
from members.duty import duty_record_upsert
from members.models import DutyKind, HandlingUnit, MemberStatus, Sector, SpecialCommittee

S = ActivityStatus

# (topic, form, organiser, departments, sectors)
ITEMS = [
    (
        "推动制造业数字化转型、加快发展新质生产力",
        "专题议政性常委会会议",
        "经济委员会",
        ["市工业和信息化局", "市发展和改革委员会", "市数据局"],
        ["经济界", "科技界"],
    ),
    (
        "推进城乡义务教育优质均衡发展",
        "专题协商会",
        "教科卫体委员会",
        ["市教育局", "市财政局", "市人力资源和社会保障局"],
        ["教育界", "民进"],
    ),
    (
        "加强基层医疗卫生服务能力建设",
        "对口协商会",
        "教科卫体委员会",
        ["市卫生健康委员会", "市医疗保障局"],
        ["医药卫生界", "农工党"],
    ),
    (
        "加强临江流域生态保护和系统治理",
        "专题协商会",
        "人口资源环境委员会",
        ["市生态环境局", "市水利局", "市自然资源和规划局"],
        ["九三学社"],
    ),
    (
        "优化营商环境、促进民营经济发展壮大",
        "界别协商会",
        "经济委员会",
        ["市发展和改革委员会", "市市场监督管理局", "市商务局"],
        ["工商联", "民建"],
    ),
    ("提高重点提案办理质量", "提案办理协商会", "提案委员会", ["市住房和城乡建设局", "市交通运输局"], []),
    (
        "发展银发经济、完善居家社区养老服务体系",
        "双周协商座谈会",
        "社会和法制委员会",
        ["市民政局", "市卫生健康委员会"],
        ["社会福利和社会保障界"],
    ),
    ("扎实推进和美乡村建设", "专题协商会", "农业和农村委员会", ["市农业农村局", "市自然资源和规划局"], ["农业界"]),
    ("加强未成年人网络保护", "双周协商座谈会", "社会和法制委员会", ["市教育局", "市公安局", "市妇女联合会"], ["妇联", "共青团"]),
    ("推动文化和旅游深度融合发展", "对口协商会", "文化文史和学习委员会", ["市文化广电旅游局"], ["文化艺术界"]),
    ("城市更新中的老旧小区改造", "网络议政", "人口资源环境委员会", ["市住房和城乡建设局", "市城市管理局"], []),
    (
        "促进高校毕业生等青年群体就业创业",
        "双周协商座谈会",
        "教科卫体委员会",
        ["市人力资源和社会保障局", "市教育局", "共青团临江市委员会"],
        ["教育界", "共青团"],
    ),
    ("深化“一网通办”政务服务改革", "远程协商", "经济委员会", ["市数据局"], []),
    ("既有住宅加装电梯", "微协商", "社会和法制委员会", ["市住房和城乡建设局"], []),
    ("全面推进法治政府建设", "专题议政性常委会会议", "社会和法制委员会", ["市司法局", "市中级人民法院"], []),
]

# (item index, title, kind, day offset from today, start hour, hours, status, details)
#   details: persona = the demo member's part, outcome = (kind, stage, adoption)
ACTIVITIES = [
    (0, "制造业数字化转型专题调研", ActivityKind.RESEARCH, -256, 9, 7, S.CLOSED, {}),
    (
        0,
        "专题议政性常委会会议：推动制造业数字化转型",
        ActivityKind.MEETING,
        -242,
        9,
        3,
        S.CLOSED,
        {"outcome": ("recommendation", "feedback", "adopted")},
    ),
    (
        1,
        "专题协商会：推进城乡义务教育优质均衡发展",
        ActivityKind.MEETING,
        -214,
        14,
        3,
        S.CLOSED,
        {"persona": "present_speech", "outcome": ("minutes", "feedback", "partial")},
    ),
    (
        2,
        "对口协商会：加强基层医疗卫生服务能力建设",
        ActivityKind.MEETING,
        -186,
        9,
        3,
        S.CLOSED,
        {"persona": "leave", "outcome": ("minutes", "feedback", "studying")},
    ),
    (3, "临江流域生态保护视察", ActivityKind.INSPECTION, -165, 8, 8, S.CLOSED, {}),
    (
        4,
        "界别协商会：优化营商环境、促进民营经济发展壮大",
        ActivityKind.MEETING,
        -151,
        14,
        3,
        S.CLOSED,
        {"outcome": ("minutes", "feedback", "not_adopted")},
    ),
    (5, "提案办理协商会：提高重点提案办理质量", ActivityKind.MEETING, -131, 9, 3, S.CANCELLED, {}),
    (
        5,
        "提案办理协商会：重点提案办理情况通报",
        ActivityKind.MEETING,
        -117,
        9,
        3,
        S.CLOSED,
        {"outcome": ("minutes", "feedback", "adopted")},
    ),
    (
        6,
        "双周协商座谈会：发展银发经济、完善养老服务体系",
        ActivityKind.MEETING,
        -96,
        14,
        3,
        S.CLOSED,
        {"outcome": ("recommendation", "feedback", "partial")},
    ),
    (7, "专题协商会：扎实推进和美乡村建设", ActivityKind.MEETING, -68, 9, 3, S.CLOSED, {"outcome": ("minutes", "submitted", "")}),
    (
        8,
        "双周协商座谈会：加强未成年人网络保护",
        ActivityKind.MEETING,
        -54,
        14,
        3,
        S.CLOSED,
        {"persona": "present", "outcome": ("minutes", "submitted", "")},
    ),
    (
        9,
        "对口协商会：推动文化和旅游深度融合发展",
        ActivityKind.MEETING,
        -31,
        9,
        3,
        S.CLOSED,
        {"outcome": ("minutes", "draft", "")},
    ),
    (10, "老旧小区改造情况调研", ActivityKind.RESEARCH, -18, 9, 6, S.CLOSED, {}),
    (11, "基层就业服务站点视察", ActivityKind.INSPECTION, 0, 8, 33, S.SIGNIN, {"persona": "expected"}),
    (12, "远程协商：深化“一网通办”政务服务改革", ActivityKind.MEETING, 3, 14, 2, S.NOTIFIED, {"persona": "attend"}),
    (
        11,
        "双周协商座谈会：促进高校毕业生等青年群体就业创业",
        ActivityKind.MEETING,
        4,
        9,
        3,
        S.NOTIFIED,
        {"persona": "pending", "speech": True},
    ),
    (13, "微协商：既有住宅加装电梯", ActivityKind.MEETING, 4, 10, 2, S.DRAFT, {"persona": "pending"}),
    (14, "专题议政性常委会会议：全面推进法治政府建设", ActivityKind.MEETING, 30, 9, 3, S.SCHEDULED, {}),
]

OPINIONS = [
    "建议建立老旧小区改造“居民议事会”，改造方案先公示、再施工，把群众满意度作为验收的重要标准。",
    "加装电梯、增设停车位等事项涉及低层住户利益，建议出台补偿指导标准，减少邻里纠纷。",
    "改造资金除财政补助外，可探索“居民出一点、企业投一点、产权单位筹一点”的多元筹资机制。",
    "建议同步推进“一老一小”设施建设，在改造中预留社区养老服务站和托育点的空间。",
    "部分小区改造后缺乏长效管理，建议引入物业服务或推行“红色物业”，巩固改造成果。",
    "雨污分流、管网更新等地下工程应与地面改造统筹安排，避免反复开挖。",
]
REPLIES = [
    (0, "赞同。我们界别调研时发现，事前充分征求意见的小区，改造后投诉明显减少。"),
    (2, "可以参考外地经验，对居民出资部分给予公积金提取支持。"),
    (4, "长效管理还要明确街道、社区和业委会的责任分工。"),
]


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _xun(day):
    """6月中旬: the ten-day period plans use for 时间安排."""
    return f"{day.month}月{'上' if day.day <= 10 else '中' if day.day <= 20 else '下'}旬"


def _material_pdf():
    """One small Chinese PDF used as the demo meeting material (rendered once per run)."""
    from cppcc_portal.documents.pdf import render_official
    from cppcc_portal.documents.rendering import render_pdf

    html = render_official(
        "consultations/pdf/demo_material.html",
        {"title": "会议材料"},
    )
    return render_pdf(html)


class _Seeder:
    def __init__(self, demo):
        self.demo = demo
        self.city = demo.city
        self.today = demo.today
        self.rng = demo.seeded("consultations")
        self.staff = demo.personas["staff"]
        self.persona = demo.personas["member"].member
        self.serving = [m for m in demo.members if m.status == MemberStatus.SERVING and m.pk != self.persona.pk]
        self.units = {u.name: u for u in HandlingUnit.objects.filter(committee=self.city)}
        self.sectors = {s.name: s for s in Sector.objects.filter(committee=self.city)}
        self.special = {s.name: s for s in SpecialCommittee.objects.filter(committee=self.city)}
        forms_for(self.city.pk)
        self.forms = {f.name: f for f in ConsultationForm.objects.filter(committee=self.city)}
        self.calendar = WorkCalendar(self.city.pk)
        self.pdf = None

    # --- plans ---------------------------------------------------------------------------------

    def plan(self):
        year = self.today.year
        plan, created = AnnualPlan.objects.get_or_create(
            committee=self.city,
            year=year,
            defaults={
                "title": f"政协临江市委员会{year}年度协商计划",
                "status": PlanStatus.PUBLISHED,
                "issuing_bodies": default_issuing_bodies(self.city),
                "document_number": f"临委办发〔{year}〕3号",
                "intro": f"经市委同意，现将《政协临江市委员会{year}年度协商计划》印发给你们，请结合实际认真抓好落实。",
                "cc_to": "市人大常委会办公室，市纪委监委办公室，市中级人民法院，市人民检察院",
                "approval_reference": f"市委常委会会议纪要〔{year}〕2号",
                "approved_on": datetime(year, 1, 20).date(),
                "published_on": datetime(year, 1, 26).date(),
                "version": 2,
                "created_by": self.staff,
            },
        )
        items = {}
        if not created:
            for item in PlanItem.objects.filter(plan=plan).order_by("number"):
                items[item.number - 1] = item
            return plan, items
        # each item's month follows its first activity, so plan and calendar agree
        months = {}
        for index, _title, _kind, offset, _hour, _hours, status, _details in ACTIVITIES:
            if status != S.CANCELLED:
                months.setdefault(index, (self.today + timedelta(days=offset)).month)
        for number, (topic, form, organiser, departments, sectors) in enumerate(ITEMS, start=1):
            item = PlanItem.objects.create(
                committee=self.city,
                plan=plan,
                number=number,
                topic=topic,
                form=self.forms[form],
                planned_month=months.get(number - 1, 12),
                time_note=_xun(self.today + timedelta(days=-117)) if number == 6 else "",
                organiser=self.special[organiser],
                organiser_note="市工商联" if form == "界别协商会" else "",
                participants_note="有关界别委员、专家学者" if not sectors else "",
            )
            item.departments.set([self.units[n] for n in departments])
            item.sectors.set([self.sectors[n] for n in sectors])
            items[number - 1] = item
        first = plan_snapshot(plan)
        first[5]["time"] = _xun(self.today + timedelta(days=-131))  # as first published: two weeks earlier
        published = _at(plan.published_on, 10)
        v1 = PlanVersion.objects.create(
            committee=self.city, plan=plan, number=1, reason="首次印发", snapshot=first, created_by=self.staff
        )
        v2 = PlanVersion.objects.create(
            committee=self.city,
            plan=plan,
            number=2,
            reason="市人大常委会同期开展执法检查，经商承办单位，提案办理协商会调整时间",
            summary=f"“{ITEMS[5][0]}”：时间安排由“{first[5]['time']}”改为“{items[5].time_label}”",
            snapshot=plan_snapshot(plan),
            created_by=self.staff,
        )
        PlanVersion.objects.filter(pk=v1.pk).update(created_at=published)
        PlanVersion.objects.filter(pk=v2.pk).update(created_at=_at(self.today - timedelta(days=140), 15))
        steps = [
            ("创建", "", PlanStatus.DRAFT, "", datetime(year - 1, 11, 20).date()),
            ("报党委审定", PlanStatus.DRAFT, PlanStatus.SUBMITTED, "", datetime(year - 1, 12, 18).date()),
            ("登记党委批准", PlanStatus.SUBMITTED, PlanStatus.APPROVED, plan.approval_reference, plan.approved_on),
            ("印发", PlanStatus.APPROVED, PlanStatus.PUBLISHED, "", plan.published_on),
            ("调整（第2版）", "", "", v2.reason, (self.today - timedelta(days=140))),
        ]
        for action, src, dst, comment, day in steps:
            event = PlanEvent.objects.create(
                committee=self.city, plan=plan, action=action, from_status=src, to_status=dst, actor=self.staff, comment=comment
            )
            PlanEvent.objects.filter(pk=event.pk).update(at=_at(day, 10))
        return plan, items

    def next_year_plan(self):
        year = self.today.year + 1
        plan, created = AnnualPlan.objects.get_or_create(
            committee=self.city,
            year=year,
            defaults={
                "title": f"政协临江市委员会{year}年度协商计划",
                "issuing_bodies": default_issuing_bodies(self.city),
                "intro": f"经市委同意，现将《政协临江市委员会{year}年度协商计划》印发给你们，请结合实际认真抓好落实。",
                "created_by": self.staff,
            },
        )
        if not created:
            return
        drafts = [
            ("推进人工智能赋能千行百业", "专题议政性常委会会议", "经济委员会", 4, ["市科学技术局", "市数据局"]),
            ("完善生育支持政策体系", "专题协商会", "教科卫体委员会", 6, ["市卫生健康委员会", "市医疗保障局"]),
            ("推动县域商业体系建设", "对口协商会", "经济委员会", 9, ["市商务局"]),
        ]
        for number, (topic, form, organiser, month, departments) in enumerate(drafts, start=1):
            item = PlanItem.objects.create(
                committee=self.city,
                plan=plan,
                number=number,
                topic=topic,
                form=self.forms[form],
                planned_month=month,
                organiser=self.special[organiser],
            )
            item.departments.set([self.units[n] for n in departments])
        PlanEvent.objects.create(committee=self.city, plan=plan, action="创建", to_status=PlanStatus.DRAFT, actor=self.staff)

    # --- activities ---------------------------------------------------------------------------

    def members_for(self, item, count):
        sector_ids = {s.pk for s in item.sectors.all()}
        near = [m for m in self.serving if m.sector_id in sector_ids]
        rest = [m for m in self.serving if m.sector_id not in sector_ids]
        chosen = near[: count // 2] + self.rng.sample(rest, count - min(len(near), count // 2))
        return chosen

    def activities(self, items):
        for index, title, kind, offset, hour, hours, status, details in ACTIVITIES:
            item = items[index]
            day = self.today + timedelta(days=offset)
            starts = _at(day, hour)
            activity, created = Activity.objects.get_or_create(
                committee=self.city,
                title=title,
                defaults={
                    "plan_item": item,
                    "kind": kind,
                    "form": item.form if kind == ActivityKind.MEETING else None,
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=hours),
                    "place": self.rng.choice(
                        ["市政协机关三楼会议室", "市民中心2号会议室", "市政协委员之家", "市行政中心1号楼第五会议室"]
                    )
                    if kind == ActivityKind.MEETING
                    else "临江市各相关区县（集中乘车出发：市政协机关大院）",
                    "organiser": item.organiser,
                    "description": f"围绕“{item.topic}”开展{dict(ActivityKind.choices)[kind]}，听取有关部门情况通报，委员建言献策。",
                    "status": status,
                    "created_by": self.staff,
                },
            )
            if created:
                self.fill(activity, item, details)

    def fill(self, activity, item, details):
        status = activity.status
        activity.notice_on, activity.materials_on = lead_dates(activity, self.calendar)
        now = timezone.now()
        fields = ["notice_on", "materials_on"]
        if status in (S.NOTIFIED, S.SIGNIN, S.CLOSED) or (status == S.CANCELLED):
            activity.notice_sent_at = min(_at(activity.notice_on, 9), now)
            fields.append("notice_sent_at")
            if activity.materials_on <= self.today:
                activity.materials_sent_at = min(_at(activity.materials_on, 9), now)
                fields.append("materials_sent_at")
        if status == S.SIGNIN:
            activity.signin_opened_at = min(activity.starts_at - timedelta(minutes=20), now)
            fields.append("signin_opened_at")
        if status == S.CANCELLED:
            activity.cancel_reason = "与市人大常委会执法检查时间冲突，改期举行"
            fields.append("cancel_reason")
        if status == S.CLOSED:
            activity.closed_at = activity.ends_at
            activity.outcome_due_on = outcome_due_on(activity, self.calendar) if activity.expects_outcome else None
            fields += ["closed_at", "outcome_due_on"]
        Activity.objects.filter(pk=activity.pk).update(**{f: getattr(activity, f) for f in fields})

        members = self.members_for(item, 14 if activity.kind == ActivityKind.MEETING else 10)
        persona = details.get("persona")
        if persona:
            members = [self.persona, *members]
        rows = [Participant(committee=self.city, activity=activity, member=m) for m in members]
        rows += [Participant(committee=self.city, activity=activity, unit=u) for u in item.departments.all()]
        if activity.kind == ActivityKind.MEETING and status != S.DRAFT:
            rows.append(
                Participant(committee=self.city, activity=activity, guest_name="周建国", guest_org="临江大学公共管理学院教授")
            )
        for i, p in enumerate(r for r in rows if r.member is not None):
            self.reply(activity, p, i, persona if p.member.pk == self.persona.pk else None)
        Participant.objects.bulk_create(rows)
        if status == S.CLOSED:
            for p in rows:
                if p.member is not None:
                    duty_record_upsert(
                        source=activity.duty_source,
                        member=p.member,
                        kind=activity.duty_kind,
                        occurred_on=timezone.localtime(activity.starts_at).date(),
                        title=activity.title,
                        attendance=p.attendance,
                        url=activity.get_absolute_url(),
                        place=activity.place,
                        recorded_by=self.staff,
                    )
        if activity.kind == ActivityKind.MEETING and status != S.CANCELLED:
            self.agenda(activity, item)
        if status in (S.NOTIFIED, S.SIGNIN, S.CLOSED) and activity.kind == ActivityKind.MEETING:
            self.material(activity)
        if persona == "present_speech":
            self.speeches(activity, rows, decided=True)
        if details.get("speech"):
            self.speeches(activity, rows, decided=False)
        self.events(activity)
        if "outcome" in details:
            self.outcome(activity, *details["outcome"])

    def reply(self, activity, p, i, persona):
        """Replies, leave and sign-in as they would stand in the activity's state."""
        status = activity.status
        if status in (S.DRAFT, S.SCHEDULED):
            return
        replied = min(_at(activity.notice_on, 10) + timedelta(hours=i), timezone.now())
        if persona in ("leave",) or (persona is None and i % 9 == 4):
            p.reply, p.leave_reason, p.replied_at = Reply.LEAVE_APPROVED, "因公出差", replied
            p.leave_comment, p.leave_decided_by, p.leave_decided_at = "同意", self.staff, replied + timedelta(hours=2)
        elif persona == "pending" or (persona is None and i % 7 == 6):
            p.reply = Reply.PENDING
        elif persona is None and status in (S.NOTIFIED, S.SIGNIN) and i % 11 == 3:
            p.reply, p.leave_reason, p.replied_at = Reply.LEAVE_REQUESTED, "单位年终考核，时间冲突", replied
        else:
            p.reply, p.replied_at = Reply.ATTEND, replied
        if status == S.CLOSED and p.reply == Reply.ATTEND and not (persona is None and i % 13 == 12):
            p.signed_in_at = activity.starts_at - timedelta(minutes=15 - i % 10)
            p.signin_method = SigninMethod.QR if i % 5 else SigninMethod.STAFF
            p.signed_in_by = p.member.user if i % 5 else self.staff
        if status == S.SIGNIN and p.reply == Reply.ATTEND and persona is None and i % 3:
            p.signed_in_at = min(activity.starts_at - timedelta(minutes=10 - i % 8), timezone.now())
            p.signin_method, p.signed_in_by = SigninMethod.QR, p.member.user
        if status == S.CLOSED:
            p.attendance = attendance_of(p)

    def agenda(self, activity, item):
        start = timezone.localtime(activity.starts_at)
        lines = [
            ("主持人宣布会议开始", "市政协副主席"),
            (f"{'、'.join(u.name for u in item.departments.all()[:2])}通报有关情况", "有关部门负责同志"),
            ("委员发言、互动交流", "参会委员"),
            ("市政府领导同志讲话", "副市长"),
            ("市政协主席讲话", "市政协主席"),
        ]
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    committee=self.city,
                    activity=activity,
                    order=i,
                    time_label=f"{(start + timedelta(minutes=30 * (i - 1))):%H:%M}",
                    title=title,
                    speaker=speaker,
                )
                for i, (title, speaker) in enumerate(lines, start=1)
            ]
        )

    def material(self, activity):
        if self.pdf is None:
            self.pdf = _material_pdf()
        material = Material(
            committee=self.city,
            activity=activity,
            title="会议参阅材料（情况通报及委员调研报告）",
            original_name="会议参阅材料.pdf",
            size=len(self.pdf),
            uploaded_by=self.staff,
        )
        material.file.save("会议参阅材料.pdf", ContentFile(self.pdf), save=False)
        material.save()

    def speeches(self, activity, rows, *, decided):
        speakers = [p.member for p in rows if p.member is not None][:4]
        texts = [
            (
                "关于补齐农村学校师资短板的几点建议",
                "一是完善城乡教师交流轮岗机制，把到农村学校任教经历作为职称评聘的重要条件；二是提高乡村教师生活补助标准；三是推进城乡学校结对共建，共享优质课程资源。",
            ),
            ("以集团化办学促进优质均衡", "建议扩大名校集团化办学覆盖面，推动集团内师资、课程、管理一体化，防止“挂牌不融合”。"),
            ("加强学校心理健康教育", "建议每所中小学至少配备一名专职心理健康教师，建立学生心理健康监测预警机制。"),
            ("青年就业服务要更精准", "建议建立高校毕业生就业服务“一人一档”，用好公共就业服务平台数据，精准推送岗位。"),
        ]
        statuses = [SpeechStatus.ORAL, SpeechStatus.WRITTEN, SpeechStatus.WRITTEN, SpeechStatus.NOT_SELECTED]
        for i, member in enumerate(speakers[:3] if decided else speakers[1:2]):
            title, content = texts[i] if decided else texts[3]
            speech = Speech.objects.create(committee=self.city, activity=activity, member=member, title=title, content=content)
            if decided:
                Speech.objects.filter(pk=speech.pk).update(status=statuses[i], decided_by=self.staff, decided_at=activity.ends_at)
                if statuses[i] in (SpeechStatus.ORAL, SpeechStatus.WRITTEN):
                    duty_record_upsert(
                        source=speech.duty_source,
                        member=member,
                        kind=DutyKind.SPEECH,
                        level=statuses[i],
                        occurred_on=timezone.localtime(activity.starts_at).date(),
                        title=f"{activity.title}：{title}",
                        url=activity.get_absolute_url(),
                        recorded_by=self.staff,
                    )

    def events(self, activity):
        status = activity.status
        steps = [("创建", "", S.DRAFT, "", activity.created_at)]
        if status != S.DRAFT:
            steps.append(("确定排期", S.DRAFT, S.SCHEDULED, "", _at(activity.notice_on, 8)))
        if activity.notice_sent_at:
            steps.append(("发出通知", S.SCHEDULED, S.NOTIFIED, "自动发出", activity.notice_sent_at))
        if activity.materials_sent_at:
            steps.append(("送达材料", "", "", "自动发出", activity.materials_sent_at))
        if status == S.SIGNIN:
            steps.append(("开始签到", S.NOTIFIED, S.SIGNIN, "", activity.signin_opened_at))
        if status == S.CLOSED:
            steps.append(("结束活动", S.NOTIFIED, S.CLOSED, "", activity.ends_at))
        if status == S.CANCELLED:
            steps.append(("取消活动", S.NOTIFIED, S.CANCELLED, activity.cancel_reason, activity.starts_at - timedelta(days=5)))
        for action, src, dst, comment, at in steps:
            event = ActivityEvent.objects.create(
                committee=self.city,
                activity=activity,
                action=action,
                from_status=src,
                to_status=dst,
                actor=self.staff,
                comment=comment,
            )
            ActivityEvent.objects.filter(pk=event.pk).update(at=min(at, timezone.now()))

    def outcome(self, activity, kind, stage, adoption):
        due = activity.outcome_due_on
        outcome = Outcome.objects.create(
            committee=self.city,
            activity=activity,
            kind=kind,
            title=f"关于{activity.plan_item.topic}的{OutcomeKind(kind).label}",
            content=(
                f"{timezone.localtime(activity.starts_at):%Y年%-m月%-d日}，市政协召开{activity.title.split('：')[0]}，"
                f"围绕“{activity.plan_item.topic}”协商议政。委员们认为……建议：一是……二是……三是……"
            ),
            due_on=due,
            status=OutcomeStatus(stage),
            created_by=self.staff,
        )
        events = [("起草", "", OutcomeStatus.DRAFT, "", activity.ends_at + timedelta(days=1))]
        if stage in ("submitted", "feedback"):
            submitted = self.calendar.before(due, 1)
            Outcome.objects.filter(pk=outcome.pk).update(submitted_on=submitted, submitted_to="市委、市政府")
            events.append(("报送", OutcomeStatus.DRAFT, OutcomeStatus.SUBMITTED, "市委、市政府", _at(submitted, 16)))
        if stage == "feedback":
            feedback_on = submitted + timedelta(days=25)
            actions = {
                "adopted": "市政府办公室印发实施意见，吸收建议案主要内容，明确责任部门和完成时限。",
                "partial": "有关部门将其中三条建议纳入年度工作要点，其余建议列入下一步研究。",
            }.get(adoption, "")
            Outcome.objects.filter(pk=outcome.pk).update(
                adoption=Adoption(adoption),
                feedback_on=feedback_on,
                feedback_text="市委、市政府领导作出批示，要求有关部门认真研究吸纳。"
                if adoption != "not_adopted"
                else "因涉及上级事权，暂不具备实施条件。",
                actions_taken=actions,
            )
            events.append(
                (
                    "登记反馈",
                    OutcomeStatus.SUBMITTED,
                    OutcomeStatus.FEEDBACK,
                    f"未反馈→{Adoption(adoption).label}",
                    _at(feedback_on, 11),
                )
            )
        for action, src, dst, comment, at in events:
            event = OutcomeEvent.objects.create(
                committee=self.city,
                outcome=outcome,
                action=action,
                from_status=src,
                to_status=dst,
                actor=self.staff,
                comment=comment,
            )
            OutcomeEvent.objects.filter(pk=event.pk).update(at=min(at, timezone.now()))

    # --- online deliberation --------------------------------------------------------------------

    def deliberations(self, items):
        now = timezone.now()
        specs = [
            (items[10], "城市更新中的老旧小区改造", -7, 1, DeliberationStatus.OPEN),
            (items[3], "临江流域生态保护，我们能做什么", -180, -165, DeliberationStatus.CLOSED),
            (items[11], "青年就业创业的难点与对策", 6, 20, DeliberationStatus.DRAFT),
        ]
        for item, title, start, end, status in specs:
            opens = _at(self.today + timedelta(days=start), 9)
            closes = _at(self.today + timedelta(days=end), 18)
            deliberation, created = Deliberation.objects.get_or_create(
                committee=self.city,
                title=title,
                defaults={
                    "plan_item": item,
                    "description": f"请围绕“{item.topic}”，结合履职调研和界别群众反映，提出具体、可操作的意见建议。每条意见不超过2000字。",
                    "opens_at": opens,
                    "closes_at": closes,
                    "status": status,
                    "closed_at": closes if status == DeliberationStatus.CLOSED else None,
                    "closed_automatically": status == DeliberationStatus.CLOSED,
                    "created_by": self.staff,
                },
            )
            if not created:
                continue
            invitees = [self.persona, *self.rng.sample(self.serving, 24)]
            deliberation.invitees.set(invitees)
            if status == DeliberationStatus.DRAFT:
                continue
            authors = invitees[1:]
            tops = []
            for i, text in enumerate(OPINIONS):
                op = Opinion.objects.create(committee=self.city, deliberation=deliberation, author=authors[i], content=text)
                Opinion.objects.filter(pk=op.pk).update(created_at=min(opens + timedelta(hours=5 + 19 * i), now))
                tops.append(op)
            for parent_index, text in REPLIES:
                op = Opinion.objects.create(
                    committee=self.city,
                    deliberation=deliberation,
                    author=authors[10 + parent_index],
                    parent=tops[parent_index],
                    content=text,
                )
                Opinion.objects.filter(pk=op.pk).update(created_at=min(opens + timedelta(hours=30 + 19 * parent_index), now))
            noise = Opinion.objects.create(
                committee=self.city,
                deliberation=deliberation,
                author=authors[15],
                content="欢迎关注我的公众号，了解更多装修优惠信息。",
            )
            Opinion.objects.filter(pk=noise.pk).update(
                created_at=min(opens + timedelta(days=2), now),
                is_hidden=True,
                hidden_reason="与议政主题无关的广告信息",
                hidden_by=self.staff,
                hidden_at=min(opens + timedelta(days=2, hours=1), now),
            )
            if status == DeliberationStatus.CLOSED:
                outcome = Outcome.objects.create(
                    committee=self.city,
                    deliberation=deliberation,
                    kind=OutcomeKind.OPINION,
                    title="关于加强临江流域生态保护的网络议政意见汇总",
                    content="本次网络议政共收到委员意见建议6条、回复3条，主要集中在以下方面：……",
                    status=OutcomeStatus.FEEDBACK,
                    submitted_on=(closes + timedelta(days=5)).date(),
                    submitted_to="市委、市政府",
                    adoption=Adoption.ADOPTED,
                    feedback_on=(closes + timedelta(days=30)).date(),
                    feedback_text="有关意见已转市生态环境局等部门研究办理。",
                    actions_taken="市生态环境局据此开展入河排污口专项排查整治，新建水质自动监测站3个。",
                    created_by=self.staff,
                )
                OutcomeEvent.objects.create(
                    committee=self.city, outcome=outcome, action="登记反馈", to_status=OutcomeStatus.FEEDBACK, actor=self.staff
                )


def seed(demo):
    settings_for(demo.city.pk)
    seeder = _Seeder(demo)
    plan, items = seeder.plan()
    seeder.activities(items)
    seeder.deliberations(items)
    seeder.next_year_plan()
