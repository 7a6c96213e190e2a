"""The annual plan: draft → submitted to the party committee → approved (with the approval
document) → published. Items change freely in a draft; after publication each change needs a
reason and is kept as a new version; in between, the plan is locked."""

from django.db import transaction
from django.utils import timezone

from consultations.errors import ConsultationError
from consultations.models import AnnualPlan, PlanEvent, PlanItem, PlanStatus, PlanVersion
from consultations.selectors import settings_for

# action: (from, to, label). The one place the plan's workflow is written down.
PLAN_TRANSITIONS = {
    "submit": (PlanStatus.DRAFT, PlanStatus.SUBMITTED, "报党委审定"),
    "return": (PlanStatus.SUBMITTED, PlanStatus.DRAFT, "退回修改"),
    "approve": (PlanStatus.SUBMITTED, PlanStatus.APPROVED, "登记党委批准"),
    "publish": (PlanStatus.APPROVED, PlanStatus.PUBLISHED, "印发"),
}


def plan_actions(plan):
    """The workflow actions open in the plan's current state, in order."""
    return [(action, label) for action, (src, _dst, label) in PLAN_TRANSITIONS.items() if src == plan.status]


def default_issuing_bodies(committee):
    s = settings_for(committee.pk)
    region = committee.short_name.removesuffix("政协")
    party = s.party_office_name or f"中共{region.removesuffix('市')}市委办公室"
    government = s.government_office_name or f"{region}人民政府办公室"
    return "\n".join([party, government, committee.issuing_office])


def plan_create(*, committee, year, user, title=""):
    if AnnualPlan.objects.filter(committee=committee, year=year).exists():
        raise ConsultationError(f"{year}年度协商计划已存在")
    with transaction.atomic():
        plan = AnnualPlan.objects.create(
            committee=committee,
            year=year,
            title=title or f"{committee.name.replace('中国人民政治协商会议', '政协')}{year}年度协商计划",
            issuing_bodies=default_issuing_bodies(committee),
            intro=f"经市委同意，现将《政协{committee.short_name.removesuffix('政协')}委员会{year}年度协商计划》印发给你们，请结合实际认真抓好落实。",
            created_by=user,
        )
        PlanEvent.objects.create(committee=committee, plan=plan, action="创建", to_status=plan.status, actor=user)
    return plan


def plan_update(plan, *, user, fields):
    """Header fields (title, issuing bodies, notice text, 抄送) while the plan is a draft or approved
    (the document number is filled in just before printing)."""
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status not in (PlanStatus.DRAFT, PlanStatus.APPROVED):
            raise ConsultationError(f"计划{plan.get_status_display()}，不能修改")
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save(update_fields=[*fields, "updated_at"])
    return plan


def _snapshot(plan):
    from consultations.selectors import plan_items

    rows = []
    for item in plan_items(plan):
        rows.append(
            {
                "id": item.pk,
                "number": item.number,
                "topic": item.topic,
                "form": item.form.name,
                "time": item.time_label,
                "organiser": item.organiser_label,
                "departments": [str(d) for d in item.departments.all()],  # short names: 市发改委
                "sectors": [s.name for s in item.sectors.all()],
                "participants_note": item.participants_note,
                "notes": item.notes,
            }
        )
    return rows


def plan_snapshot(plan):
    return _snapshot(plan)


FIELD_LABELS = {
    "number": "序号",
    "topic": "协商议题",
    "form": "协商形式",
    "time": "时间安排",
    "organiser": "承办单位",
    "departments": "协商部门",
    "sectors": "参加界别",
    "participants_note": "参加人员",
    "notes": "备注",
}


def _show(value):
    return "、".join(value) if isinstance(value, list) else str(value or "—")


def describe_changes(before, after):
    """A short Chinese summary of what changed between two snapshots."""
    old = {row["id"]: row for row in before}
    new = {row["id"]: row for row in after}
    lines = []
    for key, row in new.items():
        if key not in old:
            lines.append(f"新增议题“{row['topic']}”")
            continue
        changes = [
            f"{label}由“{_show(old[key][f])}”改为“{_show(row[f])}”"
            for f, label in FIELD_LABELS.items()
            if old[key].get(f) != row.get(f)
        ]
        if changes:
            lines.append(f"“{old[key]['topic']}”：" + "，".join(changes))
    lines += [f"删除议题“{row['topic']}”" for key, row in old.items() if key not in new]
    return "；".join(lines)


def _new_version(plan, *, user, reason, before):
    after = _snapshot(plan)
    summary = describe_changes(before, after) if before is not None else ""
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    return PlanVersion.objects.create(
        committee_id=plan.committee_id,
        plan=plan,
        number=plan.version,
        reason=reason,
        summary=summary,
        snapshot=after,
        created_by=user,
    )


def _locked_plan_for_change(plan, reason):
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        raise ConsultationError(f"计划{plan.get_status_display()}，议题不能修改；如需修改，请先退回草稿")
    if plan.status == PlanStatus.PUBLISHED and not (reason or "").strip():
        raise ConsultationError("计划已印发，调整议题必须填写调整原因")
    return plan


def plan_item_save(item, *, user, m2m=None, reason=""):
    """Save a new or changed item (built by a form). After publication: a new version with the reason."""
    with transaction.atomic():
        plan = _locked_plan_for_change(item.plan, reason)
        before = _snapshot(plan) if plan.status == PlanStatus.PUBLISHED else None
        item.committee_id = plan.committee_id
        if not item.number:
            item.number = (
                PlanItem.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True).first() or 0
            ) + 1
        item.save()
        for name, values in (m2m or {}).items():
            getattr(item, name).set(values)
        if plan.status == PlanStatus.PUBLISHED:
            version = _new_version(plan, user=user, reason=reason.strip(), before=before)
            if not version.summary:
                raise ConsultationError("没有修改任何内容")
            PlanEvent.objects.create(
                committee_id=plan.committee_id,
                plan=plan,
                action=f"调整（第{version.number}版）",
                actor=user,
                comment=reason.strip(),
            )
    return item


def plan_item_delete(item, *, user, reason=""):
    with transaction.atomic():
        plan = _locked_plan_for_change(item.plan, reason)
        if item.activities.exists():
            raise ConsultationError("该议题已安排活动，不能删除；可先取消有关活动，或修改议题")
        before = _snapshot(plan) if plan.status == PlanStatus.PUBLISHED else None
        topic = item.topic
        item.delete()
        if plan.status == PlanStatus.PUBLISHED:
            version = _new_version(plan, user=user, reason=reason.strip(), before=before)
            PlanEvent.objects.create(
                committee_id=plan.committee_id,
                plan=plan,
                action=f"删除议题（第{version.number}版）",
                actor=user,
                comment=f"{topic}：{reason.strip()}",
            )


def plan_transition(plan, action, *, user, comment="", approval_reference="", approved_on=None, document_number=""):
    if action not in PLAN_TRANSITIONS:
        raise ConsultationError("未知的操作")
    src, dst, label = PLAN_TRANSITIONS[action]
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != src:
            raise ConsultationError(f"计划当前{plan.get_status_display()}，不能{label}")
        fields = ["status", "updated_at"]
        if action == "submit":
            count = plan.items.count()
            cap = settings_for(plan.committee_id).plan_topic_cap
            if count == 0:
                raise ConsultationError("计划还没有议题，不能报送")
            if cap and count > cap:
                raise ConsultationError(f"计划共{count}项议题，超过本级规定的{cap}项上限，请精简后再报送")
        elif action == "return":
            if not comment.strip():
                raise ConsultationError("退回修改请填写意见")
        elif action == "approve":
            if not approval_reference.strip():
                raise ConsultationError("请填写党委批准的文件或会议纪要文号")
            plan.approval_reference = approval_reference.strip()
            plan.approved_on = approved_on or timezone.localdate()
            fields += ["approval_reference", "approved_on"]
        elif action == "publish":
            if document_number.strip():
                plan.document_number = document_number.strip()
            plan.published_on = timezone.localdate()
            fields += ["document_number", "published_on"]
        plan.status = dst
        plan.save(update_fields=fields)
        PlanEvent.objects.create(
            committee_id=plan.committee_id,
            plan=plan,
            action=label,
            from_status=src,
            to_status=dst,
            actor=user,
            comment=comment.strip() or (plan.approval_reference if action == "approve" else ""),
        )
        if action == "publish":
            _new_version(plan, user=user, reason="首次印发", before=None)
    return plan
