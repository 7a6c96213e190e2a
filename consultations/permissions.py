"""Who may see and do what in 协商. One place for the app.

- 委员工作人员 (and 系统管理员) of a committee manage its plans, activities, deliberations and outcomes.
- 领导 read all of it.
- A member sees published plans, the activities they take part in once the notice is out, and
  the deliberations they were invited to; they reply, ask for leave, sign in and speak for
  themselves only.
- A handling unit's clerk sees the activities their unit was invited to.
Everything outside the user's committee is "not found"."""

from members.roles import Role

STAFF = (Role.MEMBER_AFFAIRS_STAFF, Role.ADMIN)


def is_consultation_staff(user):
    return user.is_authenticated and user.committee_id is not None and user.has_role(*STAFF)


def can_read_all(user):
    """Staff and leaders read every plan, activity, deliberation and outcome of their committee."""
    return is_consultation_staff(user) or (user.is_authenticated and user.committee_id is not None and user.has_role(Role.LEADER))


def can_manage(user, obj):
    return is_consultation_staff(user) and obj.committee_id == user.committee_id


def member_profile(user):
    return user.member if user.is_authenticated and user.has_role(Role.MEMBER) else None
