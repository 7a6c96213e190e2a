"""我的工作台 entries of the duty file: a member's returned records and what the quarter still
needs; staff's verification queue."""

from django.urls import reverse
from django.utils import timezone

from cppcc_portal.core.registry import Todo
from members.models import DutyRecord, DutyStatus, MemberScore
from members.permissions import can_verify_duty
from members.roles import Role


def todos(user):
    found = []
    if user.has_role(Role.MEMBER):
        member = user.member
        if member is not None:
            rejected = DutyRecord.objects.filter(member=member, source="", status=DutyStatus.REJECTED).count()
            if rejected:
                found.append(
                    Todo(
                        "履职记录被退回，请修改后重新提交",
                        reverse("members:duty_me"),
                        count=rejected,
                        level="danger",
                        icon="bi-arrow-counterclockwise",
                    )
                )
            score = MemberScore.objects.filter(member=member, year=timezone.localdate().year).only("breakdown").first()
            short = [
                m
                for m in (score.breakdown.get("minimums", []) if score else [])
                if m.get("period") == "quarter" and m.get("open_short")
            ]
            if short:
                found.append(
                    Todo(
                        "本季度履职要求尚未完成",
                        reverse("members:duty_me"),
                        detail="；".join(m["label"] for m in short),
                        level="warning",
                        icon="bi-flag",
                    )
                )
    if can_verify_duty(user) and user.committee_id:
        pending = DutyRecord.objects.filter(committee_id=user.committee_id, source="", status=DutyStatus.PENDING).count()
        if pending:
            found.append(
                Todo("待审核的委员自报履职记录", reverse("members:duty_review"), count=pending, icon="bi-clipboard-check")
            )
    return found
