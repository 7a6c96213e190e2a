"""A year of duty records for the demo committee (last year in full and this year to date):
plenary and standing-committee attendance imported from sign-in sheets, and the activities
members recorded themselves, in every verification state. Scores are computed in `finish`,
after every app has seeded its own records. Idempotent: the same random choices every run, and
only rows that are missing are created."""

import io
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cppcc_portal.core.chinese import cn_number
from members.models import (
    Attendance,
    AttendanceSheet,
    DutyKind,
    DutyPhoto,
    DutyRecord,
    DutyRecordEvent,
    DutyStatus,
    MemberStatus,
    Session,
)

PLACES = [
    "临江市滨江街道社区服务中心",
    "临江市城东新区",
    "青山区红旗村",
    "临江市民进会员之家",
    "临江市第一中学",
    "临江市人民医院",
    "临江经济开发区管委会",
    "青山区文化礼堂",
    "临江市老年大学",
    "临江市总工会职工服务中心",
    "临江市图书馆",
    "青山区农业示范园",
]
CONTACT_TOPICS = [
    ("走访界别群众，听取对“双减”后课后服务的意见", "家长反映课后服务时间与下班时间衔接不够，希望延长至18时并增加托管看护。"),
    ("座谈了解中小企业融资难问题", "企业反映首贷门槛高、续贷周期长，建议推广“无还本续贷”和政府性融资担保。"),
    ("走访社区老年人，了解居家养老服务需求", "老人希望社区食堂扩大供餐范围，增加上门助浴、助医服务。"),
    ("到村里听取农户对高标准农田建设的意见", "农户反映部分灌溉渠道年久失修，建议把维护经费纳入村级预算。"),
    ("与基层医务人员座谈分级诊疗落实情况", "基层医生反映常用药配备不全，群众仍往大医院跑，建议统一上下级用药目录。"),
    ("走访新就业形态劳动者", "外卖骑手反映电动车充电难、小区进门难，建议设置集中充电点和骑手通道。"),
    ("接待来访群众，听取旧小区加装电梯的意见", "低楼层住户担心采光和噪声，建议出台补偿指引和协商议事规则。"),
    ("走访文化企业，了解文旅融合发展情况", "企业希望简化演出审批流程，开放更多公共空间用于夜间文旅活动。"),
]
STUDIO_TITLES = ["在委员工作室值班接待群众", "委员工作室“委员接待日”值班", "在街道委员工作站参加“有事好商量”议事"]
READING_TITLES = [
    "参加委员读书活动，研读《习近平谈治国理政》第五卷",
    "参加“书香政协”读书分享会",
    "撰写读书心得《基层协商的实践与思考》",
]
TRAINING_TITLES = ["参加全市委员履职能力培训班", "参加民主党派骨干成员培训", "参加“数字经济”专题讲座"]
RESEARCH_TITLES = ["自行调研农村寄宿制学校运行情况", "调研老旧小区改造后续管理", "调研县域医共体建设情况"]
REJECT_REASONS = [
    "请补充现场照片或签到材料",
    "活动内容过于简略，请写明听取的意见建议",
    "联系人数与照片不符，请核实后重新提交",
    "该活动已由组织部门记录，请勿重复填报",
]
STANDING_MEETINGS = [
    (3, 20, "常委会议（专题协商）"),
    (6, 19, "常委会议（年中工作通报）"),
    (9, 18, "常委会议（专题议政）"),
    (11, 14, "常委会议（民主评议）"),
]


def _aware(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _photo_bytes(seed):
    """A small JPEG standing in for a photo taken at the activity."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 360), (200 + seed * 11 % 55, 180 + seed * 7 % 60, 160 + seed * 13 % 80))
    draw = ImageDraw.Draw(img)
    for i in range(6):
        draw.rectangle([40 + i * 60, 120 + (seed + i) % 5 * 20, 80 + i * 60, 320], fill=(120, 60 + i * 20, 40))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=70)
    return out.getvalue()


def _quarter_start(year, q):
    return date(year, 3 * q - 2, 1)


def _dates_in_quarter(rng, year, q, n):
    """n random days of a quarter (the same whatever day the seed runs; the caller drops future ones)."""
    start = _quarter_start(year, q)
    end = date(year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
    return sorted(start + timedelta(days=rng.randint(0, (end - start).days)) for _ in range(n))


def _status(rng, day, today):
    age = (today - day).days
    roll = rng.random()
    if age < 40:
        return DutyStatus.PENDING if roll < 0.55 else DutyStatus.REJECTED if roll < 0.6 else DutyStatus.VERIFIED
    return DutyStatus.VERIFIED if roll < 0.93 else DutyStatus.REJECTED


def _plan(demo, years):
    """Every self-recorded activity as plain values, the same every run."""
    rng = demo.seeded("duty-activities")
    today = demo.today
    serving = [m for m in demo.members if m.status == MemberStatus.SERVING]
    persona = demo.members[0]
    plan = []
    for year in years:
        quarters = [1, 2, 3, 4]  # all of them, so the random draws do not depend on today
        current_q = (today.month - 1) // 3 + 1 if year == today.year else None
        for member in serving:
            diligence = rng.random()  # some members record much more than others
            items = []
            for q in quarters:
                n = (1 if rng.random() < 0.55 + diligence * 0.4 else 0) + (1 if rng.random() < diligence * 0.35 else 0)
                for day in _dates_in_quarter(rng, year, q, n):
                    title, heard = rng.choice(CONTACT_TOPICS)
                    people = rng.randint(5, 18 + int(diligence * 20))
                    if member is persona and q == current_q:
                        continue  # the persona's contact of this quarter is the pending one below
                    items.append((DutyKind.CONTACT, day, title, heard, people))
            for kind, titles, most in (
                (DutyKind.STUDIO, STUDIO_TITLES, 3),
                (DutyKind.READING, READING_TITLES, 2),
                (DutyKind.TRAINING, TRAINING_TITLES, 2),
                (DutyKind.RESEARCH, RESEARCH_TITLES, 1),
            ):
                for _ in range(rng.randint(0, most) if rng.random() < 0.4 + diligence * 0.5 else 0):
                    day = _dates_in_quarter(rng, year, rng.choice(quarters), 1)[0]
                    items.append((kind, day, rng.choice(titles), "", 1))
            for kind, day, title, heard, people in items:
                status = _status(rng, day, today)
                place, reason = rng.choice(PLACES), rng.choice(REJECT_REASONS)
                if day > today:
                    continue
                if member is persona:
                    status = DutyStatus.VERIFIED if (today - day).days >= 40 else status
                plan.append(
                    {
                        "member": member,
                        "kind": kind,
                        "occurred_on": day,
                        "title": title,
                        "detail": heard,
                        "quantity": people if kind == DutyKind.CONTACT else 1,
                        "place": place,
                        "status": status,
                        "reason": reason if status == DutyStatus.REJECTED else "",
                    }
                )
    # The persona's own file shows every state: this quarter's contact still waits for review,
    # a training was sent back with a reason.
    if today.year in years:
        q_start = _quarter_start(today.year, (today.month - 1) // 3 + 1)
        pending_day = q_start + timedelta(days=7) if q_start + timedelta(days=7) <= today else q_start
        rejected_day = q_start + timedelta(days=2) if q_start + timedelta(days=2) <= today else q_start
        plan.append(
            {
                "member": persona,
                "kind": DutyKind.CONTACT,
                "occurred_on": pending_day,
                "title": "走访学校和家长，听取对课后服务的意见",
                "detail": "家长希望课后服务延长到18时，学校反映师资和经费不足，建议财政按生均标准补助。",
                "quantity": 26,
                "place": "临江市第一中学",
                "status": DutyStatus.PENDING,
                "reason": "",
            }
        )
        plan.append(
            {
                "member": persona,
                "kind": DutyKind.TRAINING,
                "occurred_on": rejected_day,
                "title": "参加民进市委会员骨干培训",
                "detail": "",
                "quantity": 1,
                "place": "临江市民进会员之家",
                "status": DutyStatus.REJECTED,
                "reason": "请上传培训通知或签到照片",
            }
        )
    return plan


def seed_duty(demo, years):
    staff = demo.personas["staff"]
    _sheets(demo, years, staff)
    _activities(demo, years, staff)


def _sheets(demo, years, staff):
    rng = demo.seeded("duty-sheets")
    today = demo.today
    serving = [m for m in demo.members if m.status == MemberStatus.SERVING]
    sessions = {s.year: s for s in Session.objects.filter(committee=demo.city, term=demo.term)}
    meetings = []
    for year in years:
        session = sessions.get(year)
        if session and session.opens_on and session.opens_on <= today:
            title = f"政协第{cn_number(demo.term.number)}届临江市委员会第{cn_number(session.number)}次会议"
            meetings.append((DutyKind.PLENARY, title, session.opens_on, 7, serving))
        for month, day, label in STANDING_MEETINGS:
            held = date(year, month, day)
            if held <= today:
                meetings.append((DutyKind.STANDING_MEETING, f"{year}年{label}", held, 1, [m for m in serving if m.is_standing]))
    for kind, title, held, half_days, expected in meetings:
        choices = []
        for member in expected:
            roll = rng.random()
            if kind == DutyKind.PLENARY:
                attendance = Attendance.PRESENT if roll < 0.92 else Attendance.LEAVE if roll < 0.97 else Attendance.ABSENT
                days = half_days if rng.random() < 0.9 else rng.randint(4, half_days - 1)
            else:
                attendance = Attendance.PRESENT if roll < 0.85 else Attendance.LEAVE if roll < 0.97 else Attendance.ABSENT
                days = 1
            choices.append((member, attendance, days))
        sheet, created = AttendanceSheet.objects.get_or_create(
            committee=demo.city,
            kind=kind,
            held_on=held,
            title=title,
            defaults={
                "half_days": half_days,
                "mark_missing_absent": True,
                "original_name": f"{title}签到表.xlsx",
                "imported_by": staff,
            },
        )
        if not created:
            continue
        records = [
            DutyRecord(
                committee=demo.city,
                member=member,
                term=demo.term,
                kind=kind,
                attendance=attendance,
                quantity=days if attendance == Attendance.PRESENT else 1,
                occurred_on=held,
                year=held.year,
                title=title,
                source=sheet.source,
                status=DutyStatus.VERIFIED,
                recorded_by=staff,
            )
            for member, attendance, days in choices
        ]
        bulk_create_with_history(records, DutyRecord, batch_size=500)
        counts = {a: sum(1 for _, att, _ in choices if att == a) for a in Attendance.values}
        AttendanceSheet.objects.filter(pk=sheet.pk).update(
            present_count=counts[Attendance.PRESENT], leave_count=counts[Attendance.LEAVE], absent_count=counts[Attendance.ABSENT]
        )


def _activities(demo, years, staff):
    plan = _plan(demo, years)
    existing = set(
        DutyRecord.objects.filter(committee=demo.city, source="", year__in=years).values_list(
            "member_id", "kind", "occurred_on", "title"
        )
    )
    missing = [p for p in plan if (p["member"].pk, p["kind"], p["occurred_on"], p["title"]) not in existing]
    if not missing:
        return
    records = []
    for p in missing:
        decided = p["status"] != DutyStatus.PENDING
        records.append(
            DutyRecord(
                committee=demo.city,
                member=p["member"],
                term=demo.term,
                kind=p["kind"],
                occurred_on=p["occurred_on"],
                year=p["occurred_on"].year,
                title=p["title"],
                detail=p["detail"],
                place=p["place"],
                quantity=p["quantity"],
                status=p["status"],
                reject_reason=p["reason"],
                recorded_by=p["member"].user,
                verified_by=staff if decided else None,
                verified_at=_aware(p["occurred_on"] + timedelta(days=3)) if decided else None,
            )
        )
    created = bulk_create_with_history(records, DutyRecord, batch_size=500)
    if any(r.pk is None for r in created):  # a database that does not return ids
        keys = {(r.member_id, r.kind, r.occurred_on, r.title): r for r in created}
        for row in DutyRecord.objects.filter(committee=demo.city, source="", year__in=years):
            key = (row.member_id, row.kind, row.occurred_on, row.title)
            if key in keys:
                keys[key].pk = row.pk
    events = []
    for r in created:
        events.append(
            DutyRecordEvent(
                committee=demo.city,
                record_id=r.pk,
                from_status="",
                to_status=DutyStatus.PENDING,
                actor=r.recorded_by,
                at=_aware(r.occurred_on, 20),
                comment="委员填报",
            )
        )
        if r.status != DutyStatus.PENDING:
            events.append(
                DutyRecordEvent(
                    committee=demo.city,
                    record_id=r.pk,
                    from_status=DutyStatus.PENDING,
                    to_status=r.status,
                    actor=staff,
                    at=r.verified_at,
                    comment=r.reject_reason,
                )
            )
    DutyRecordEvent.objects.bulk_create(events, batch_size=1000)
    # Photos on the persona's contact records, so the demo shows them.
    persona = demo.members[0]
    mine = [r for r in created if r.member_id == persona.pk and r.kind == DutyKind.CONTACT][-3:]
    for i, r in enumerate(mine):
        photo = DutyPhoto(committee=demo.city, record=r, original_name=f"现场照片{i + 1}.jpg")
        photo.image.save(f"demo-{r.pk}.jpg", ContentFile(_photo_bytes(r.pk)), save=False)
        photo.save()
