"""The roles of the portal (Django groups, named in Chinese) and what the members app grants them.

A user may hold several roles. Pages check roles with `user.has_role(Role.X)`; the admin uses the
Django permissions listed here."""

from django.db import models


class Role(models.TextChoices):
    MEMBER = "委员", "委员"
    PROPOSAL_STAFF = "提案工作人员", "提案工作人员"
    REPORT_EDITOR = "社情民意编辑", "社情民意编辑"
    MEMBER_AFFAIRS_STAFF = "委员工作人员", "委员工作人员"
    UNIT_CLERK = "承办单位联络员", "承办单位联络员"
    LEADER = "领导", "领导"
    ADMIN = "系统管理员", "系统管理员"
    SECURITY_ADMIN = "安全管理员", "安全管理员"
    AUDIT_ADMIN = "审计管理员", "审计管理员"


# Roles that work for the committee office: they see the committee's own data.
STAFF_ROLES = (Role.PROPOSAL_STAFF, Role.REPORT_EDITOR, Role.MEMBER_AFFAIRS_STAFF, Role.ADMIN)
# 三员分立: no account holds two of these (cppcc_portal/accounts/separation.py). The security and
# audit administrators are not staff roles: neither sees the committee's business or personal data.
ADMIN_ROLES = (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)

_ORG_MODELS = ["committee", "term", "session", "sector", "specialcommittee", "activitygroup", "handlingunit", "body"]

ROLE_PERMISSIONS = {
    Role.MEMBER_AFFAIRS_STAFF: [f"members.{verb}_{m}" for m in ["member", *_ORG_MODELS] for verb in ("view", "add", "change")]
    + ["members.view_dutyrecord", "members.change_dutyrecord", "members.view_dutyphoto", "members.view_dutyrecordevent"]
    + [
        f"members.{verb}_{m}"
        for m in ["scoringruleset", "scoringrule", "gradeband", "dutyminimum"]
        for verb in ("view", "add", "change", "delete")
    ]
    + [
        "members.view_attendancesheet",
        "members.change_attendancesheet",
        "members.view_memberscore",
        "members.view_scorerecomputation",
    ],
    Role.PROPOSAL_STAFF: ["members.view_member", "members.view_handlingunit", "members.view_session"],
    Role.REPORT_EDITOR: ["members.view_member", "members.view_sector"],
    Role.LEADER: ["members.view_member"],
    Role.ADMIN: [f"members.{verb}_{m}" for m in ["user", "member", *_ORG_MODELS] for verb in ("view", "add", "change", "delete")],
}
