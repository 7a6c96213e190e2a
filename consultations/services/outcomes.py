"""协商成果: drafted after the activity, reported (报送) to the party committee and government
within the set working days, then feedback: 采纳 / 部分采纳 / 研究中 / 未采纳 and what was done."""

from django.db import transaction
from django.utils import timezone

from consultations.errors import ConsultationError
from consultations.models import Activity, ActivityStatus, Adoption, Outcome, OutcomeEvent, OutcomeStatus
from cppcc_portal.core.uploads import original_name


def _log(outcome, action, *, user, src="", dst="", comment=""):
    OutcomeEvent.objects.create(
        committee_id=outcome.committee_id,
        outcome=outcome,
        action=action,
        from_status=src,
        to_status=dst,
        actor=user,
        comment=comment,
    )


def outcome_save(outcome, *, user, upload=None):
    """Create or edit an outcome (built by a form) while it is a draft."""
    with transaction.atomic():
        if outcome.pk:
            current = Outcome.objects.select_for_update().get(pk=outcome.pk)
            if current.status != OutcomeStatus.DRAFT:
                raise ConsultationError("成果已报送，正文不能再修改；反馈情况请用“登记反馈”")
        else:
            source = outcome.activity or outcome.deliberation
            if source is None:
                raise ConsultationError("成果必须属于一项协商活动或网络议政")
            if outcome.activity_id:
                activity = Activity.objects.get(pk=outcome.activity_id)
                if activity.status != ActivityStatus.CLOSED:
                    raise ConsultationError("活动结束后才能形成协商成果")
                outcome.due_on = activity.outcome_due_on
            outcome.committee_id = source.committee_id
            outcome.created_by = user
        if upload is not None:
            outcome.original_name = original_name(upload)
            outcome.file.save(upload.name, upload, save=False)
        created = outcome.pk is None
        outcome.save()
        _log(outcome, "起草" if created else "修改", user=user, dst=OutcomeStatus.DRAFT if created else "")
    return outcome


def outcome_submit(outcome, *, user, submitted_to, submitted_on=None):
    if not (submitted_to or "").strip():
        raise ConsultationError("请填写报送对象，如：市委、市政府")
    with transaction.atomic():
        outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
        if outcome.status != OutcomeStatus.DRAFT:
            raise ConsultationError(f"成果{outcome.get_status_display()}，不能再报送")
        if not outcome.content.strip() and not outcome.file:
            raise ConsultationError("请先填写正文或上传文件")
        outcome.status = OutcomeStatus.SUBMITTED
        outcome.submitted_to = submitted_to.strip()
        outcome.submitted_on = submitted_on or timezone.localdate()
        outcome.save(update_fields=["status", "submitted_to", "submitted_on"])
        late = outcome.due_on and outcome.submitted_on > outcome.due_on
        _log(
            outcome,
            "报送",
            user=user,
            src=OutcomeStatus.DRAFT,
            dst=OutcomeStatus.SUBMITTED,
            comment=outcome.submitted_to + ("（超过报送期限）" if late else ""),
        )
    return outcome


def outcome_feedback(outcome, *, user, adoption, feedback_text="", actions_taken="", feedback_on=None):
    """Record (or update, e.g. 研究中 → 采纳) the adoption and what was done."""
    if adoption not in (Adoption.ADOPTED, Adoption.PARTIAL, Adoption.STUDYING, Adoption.NOT_ADOPTED):
        raise ConsultationError("请选择采纳情况")
    with transaction.atomic():
        outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
        if outcome.status == OutcomeStatus.DRAFT:
            raise ConsultationError("成果报送后才能登记反馈")
        if adoption in (Adoption.ADOPTED, Adoption.PARTIAL) and not (actions_taken or "").strip():
            raise ConsultationError("采纳或部分采纳的，请填写成果转化情况")
        old = outcome.get_adoption_display() if outcome.adoption else "未反馈"
        src = outcome.status
        outcome.adoption = adoption
        outcome.feedback_text = (feedback_text or "").strip()
        outcome.actions_taken = (actions_taken or "").strip()
        outcome.feedback_on = feedback_on or timezone.localdate()
        outcome.status = OutcomeStatus.FEEDBACK
        outcome.save(update_fields=["adoption", "feedback_text", "actions_taken", "feedback_on", "status"])
        _log(
            outcome, "登记反馈", user=user, src=src, dst=OutcomeStatus.FEEDBACK, comment=f"{old}→{outcome.get_adoption_display()}"
        )
    return outcome
