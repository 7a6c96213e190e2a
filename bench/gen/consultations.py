"""协商 at a plausible scale: each committee's published annual plan for every year of the term,
its items carried out as meetings, research trips and inspections with participants, replies,
sign-in and attendance in the duty files, minutes for the meetings, and this month's activities
in the states the reminders act on (notices and materials due, outcomes falling due)."""

from datetime import datetime, time, timedelta
from functools import cache

from bench.gen.db import CST, Table, fetch
from consultations import seed as demo
from consultations.models import (
    Activity,
    ActivityEvent,
    AnnualPlan,
    ConsultationForm,
    Material,
    Outcome,
    Participant,
    PlanItem,
)
from consultations.workdays import WorkCalendar
from members.models import Attendance, DutyKind

ITEMS_PER_PLAN = {"province": 15, "city": 12, "county": 8}
PLACES = ["机关三楼会议室", "委员之家", "市民中心2号会议室", "行政中心第五会议室"]


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), CST)


def build(gen, orgs, duty):
    rng = gen.seeded("consultations")
    today, now = gen.today, gen.now
    t_plan = Table(
        AnnualPlan,
        [
            "id",
            "committee_id",
            "year",
            "title",
            "status",
            "issuing_bodies",
            "document_number",
            "intro",
            "approved_on",
            "published_on",
            "version",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
    )
    t_item = Table(PlanItem, ["id", "committee_id", "plan_id", "number", "topic", "form_id", "planned_month", "organiser_id"])
    t_activity = Table(
        Activity,
        [
            "id",
            "committee_id",
            "plan_item_id",
            "title",
            "kind",
            "form_id",
            "starts_at",
            "ends_at",
            "place",
            "organiser_id",
            "description",
            "status",
            "notice_on",
            "materials_on",
            "notice_sent_at",
            "materials_sent_at",
            "signin_opened_at",
            "closed_at",
            "outcome_due_on",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
    )
    t_part = Table(
        Participant,
        [
            "id",
            "committee_id",
            "activity_id",
            "member_id",
            "unit_id",
            "reply",
            "replied_at",
            "leave_reason",
            "leave_comment",
            "leave_decided_by_id",
            "leave_decided_at",
            "signed_in_at",
            "signin_method",
            "signed_in_by_id",
            "attendance",
        ],
    )
    t_event = Table(
        ActivityEvent, ["id", "committee_id", "activity_id", "action", "from_status", "to_status", "actor_id", "at", "comment"]
    )
    t_outcome = Table(
        Outcome,
        [
            "id",
            "committee_id",
            "activity_id",
            "kind",
            "title",
            "content",
            "due_on",
            "status",
            "submitted_on",
            "submitted_to",
            "adoption",
            "feedback_on",
            "feedback_text",
            "created_by_id",
            "created_at",
        ],
    )
    t_material = Table(
        Material, ["id", "committee_id", "activity_id", "title", "file", "original_name", "size", "uploaded_by_id", "uploaded_at"]
    )
    material = fetch("SELECT file, size FROM consultations_material ORDER BY id LIMIT 1")
    material_file, material_size = material[0] if material else ("", 0)
    have_plans = set(fetch("SELECT committee_id, year FROM consultations_annualplan"))
    forms = {}
    for pk, cid, name in ConsultationForm.objects.values_list("pk", "committee_id", "name"):
        forms.setdefault(cid, []).append((pk, name))
    topics = [t for t, *_ in demo.ITEMS]
    plans, items, acts, parts, events, outcomes, materials = [], [], [], [], [], [], []
    count = 0
    for org in orgs:
        calendar = WorkCalendar(org.pk)
        calendar.before = cache(calendar.before)  # the same days come back for every activity
        calendar.after = cache(calendar.after)
        serving = [m for m in org.members if m.serving]
        org_forms = forms[org.pk]
        meeting_forms = [f for f in org_forms if f[1] != "全体会议"]
        for _spk, _n, year, _opens, _cur in org.sessions:
            if (org.pk, year) in have_plans:
                continue
            plan_pk = gen.ids.take(AnnualPlan)
            c = org.c
            plans.append(
                (
                    plan_pk,
                    org.pk,
                    year,
                    f"政协{org.place}委员会{year}年度协商计划",
                    "published",
                    f"中共{org.place}委办公室\n{org.place}人民政府办公室\n政协{org.place}委员会办公室",
                    f"{org.place[:2]}委办发〔{year}〕{rng.randint(2, 9)}号",
                    f"经{c}委同意，现将《政协{org.place}委员会{year}年度协商计划》印发给你们，请结合实际认真抓好落实。",
                    datetime(year, 1, 20).date(),
                    datetime(year, 1, 26).date(),
                    1,
                    org.staff,
                    _at(datetime(year - 1, 11, 20).date(), 10),
                    _at(datetime(year, 1, 26).date(), 10),
                )
            )
            n_items = ITEMS_PER_PLAN[org.level]
            chosen = rng.sample(topics, min(n_items, len(topics)))
            for number, topic in enumerate(chosen, start=1):
                item_pk = gen.ids.take(PlanItem)
                form_pk, form_name = rng.choice(meeting_forms)
                month = min(12, 2 + (number - 1) * 10 // n_items + rng.randint(0, 1))
                organiser = rng.choice(org.special)[0]
                topic = topic.replace("临江", org.place.removesuffix("市"))
                items.append((item_pk, org.pk, plan_pk, number, topic, form_pk, month, organiser))
                kinds = ["meeting"] + (["research"] if rng.random() < 0.4 else [])
                for kind in kinds:
                    day = datetime(year, month, rng.randint(3, 26)).date()
                    if kind == "research":
                        day -= timedelta(days=14)
                    hours = 3 if kind == "meeting" else 7
                    starts = _at(day, 9 if rng.random() < 0.5 else 14)
                    ends = starts + timedelta(hours=hours)
                    delta = (day - today).days
                    if delta < -1:
                        status = "cancelled" if rng.random() < 0.04 else "closed"
                    elif delta <= 0:
                        status = "signin"
                    elif delta <= 20:
                        status = "notified" if rng.random() < 0.6 else "scheduled"
                    else:
                        status = "scheduled" if rng.random() < 0.5 else "draft"
                    notice_on, materials_on = calendar.before(day, 15), calendar.before(day, 10)
                    notice_sent = _at(notice_on, 9) if status in ("notified", "signin", "closed", "cancelled") else None
                    materials_sent = (
                        _at(materials_on, 9) if notice_sent and materials_on <= today and rng.random() < 0.85 else None
                    )
                    closed_at = ends if status == "closed" else None
                    outcome_due = calendar.after(day, 7) if status == "closed" and kind == "meeting" else None
                    pk = gen.ids.take(Activity)
                    label = f"{form_name}：{topic}" if kind == "meeting" else f"{topic}专题调研"
                    acts.append(
                        (
                            pk,
                            org.pk,
                            item_pk,
                            label[:120],
                            kind,
                            form_pk if kind == "meeting" else None,
                            starts,
                            ends,
                            f"{org.place}政协{rng.choice(PLACES)}" if kind == "meeting" else f"{org.place}各相关单位",
                            organiser,
                            f"围绕“{topic}”开展协商，听取有关部门情况通报，委员建言献策。",
                            status,
                            notice_on,
                            materials_on,
                            notice_sent,
                            materials_sent,
                            starts - timedelta(minutes=20) if status == "signin" else None,
                            closed_at,
                            outcome_due,
                            org.staff,
                            _at(notice_on - timedelta(days=10), 10),
                            min(ends, now),
                        )
                    )
                    count += 1
                    for step in [
                        ("创建", "", "draft", _at(notice_on - timedelta(days=10), 10)),
                        ("确定排期", "draft", "scheduled", _at(notice_on, 8)) if status != "draft" else None,
                        ("发出通知", "scheduled", "notified", notice_sent) if notice_sent else None,
                        ("开始签到", "notified", "signin", starts - timedelta(minutes=20)) if status == "signin" else None,
                        ("结束活动", "notified", "closed", ends) if status == "closed" else None,
                        ("取消活动", "notified", "cancelled", starts - timedelta(days=5)) if status == "cancelled" else None,
                    ]:
                        if step:
                            events.append(
                                (
                                    gen.ids.take(ActivityEvent),
                                    org.pk,
                                    pk,
                                    step[0],
                                    step[1],
                                    step[2],
                                    org.staff,
                                    min(step[3], now),
                                    "",
                                )
                            )
                    if kind == "meeting" and notice_sent and material_file:
                        materials.append(
                            (
                                gen.ids.take(Material),
                                org.pk,
                                pk,
                                "会议参阅材料（情况通报及委员调研报告）",
                                material_file,
                                "会议参阅材料.pdf",
                                material_size,
                                org.staff,
                                notice_sent,
                            )
                        )
                    invited = rng.sample(serving, min(len(serving), rng.randint(12, 30)))
                    duty_kind = DutyKind.CONSULTATION if kind == "meeting" else DutyKind.RESEARCH
                    for i, m in enumerate(invited):
                        reply, replied, leave = "pending", None, ("", "", None, None)
                        signed, method, by, attendance = None, "", None, ""
                        if status in ("notified", "signin", "closed", "cancelled"):
                            roll = rng.random()
                            replied = min(notice_sent + timedelta(hours=1 + i), now)
                            if roll < 0.08:
                                reply, leave = "leave_approved", ("因公出差", "同意", org.staff, replied + timedelta(hours=2))
                            elif roll < 0.14:
                                reply, replied = "pending", None
                            elif roll < 0.17 and status in ("notified", "signin"):
                                reply, leave = "leave_requested", ("单位工作安排冲突", "", None, None)
                            else:
                                reply = "attend"
                        if status == "closed":
                            if reply == "attend" and rng.random() < 0.95:
                                signed, method = starts - timedelta(minutes=15 - i % 10), "qr" if i % 5 else "staff"
                                by = m.user if i % 5 else org.staff
                            attendance = (
                                Attendance.PRESENT
                                if signed
                                else Attendance.LEAVE
                                if reply == "leave_approved"
                                else Attendance.ABSENT
                            )
                        elif status == "signin" and reply == "attend" and i % 3:
                            signed, method, by = min(starts - timedelta(minutes=10), now), "qr", m.user
                        parts.append(
                            (
                                gen.ids.take(Participant),
                                org.pk,
                                pk,
                                m.pk,
                                None,
                                reply,
                                replied,
                                leave[0],
                                leave[1],
                                leave[2],
                                leave[3],
                                signed,
                                method,
                                by,
                                attendance,
                            )
                        )
                        if status == "closed":
                            duty.add(
                                org.pk,
                                m.pk,
                                org.term_pk,
                                duty_kind,
                                day,
                                label[:120],
                                attendance=attendance,
                                url=f"/consultations/activities/{pk}/",
                                place=acts[-1][8],
                                source=f"consultations.Activity:{pk}",
                                recorded_by=org.staff,
                                recorded_at=ends,
                            )
                    for unit in rng.sample(org.units, 2):
                        parts.append(
                            (
                                gen.ids.take(Participant),
                                org.pk,
                                pk,
                                None,
                                unit[0],
                                "pending",
                                None,
                                "",
                                "",
                                None,
                                None,
                                None,
                                "",
                                None,
                                "",
                            )
                        )
                    # minutes of the meetings more than two weeks past; the recent ones fall due
                    if status == "closed" and kind == "meeting" and (today - day).days > 14:
                        feedback = (today - day).days > 60
                        outcomes.append(
                            (
                                gen.ids.take(Outcome),
                                org.pk,
                                pk,
                                "minutes",
                                f"关于{topic}的协商纪要"[:150],
                                f"{org.place}政协召开{form_name}，围绕“{topic}”协商议政。委员们认为……建议：一是……二是……三是……",
                                outcome_due,
                                "feedback" if feedback else "submitted",
                                calendar.before(outcome_due, 1),
                                f"{org.c}委、{org.c}政府",
                                "adopted" if feedback and rng.random() < 0.6 else ("partial" if feedback else ""),
                                outcome_due + timedelta(days=25) if feedback else None,
                                "领导同志作出批示，要求有关部门认真研究吸纳。" if feedback else "",
                                org.staff,
                                ends + timedelta(days=1),
                            )
                        )
    for table, rows in (
        (t_plan, plans),
        (t_item, items),
        (t_activity, acts),
        (t_part, parts),
        (t_event, events),
        (t_outcome, outcomes),
        (t_material, materials),
    ):
        table.copy(rows)
    return count
