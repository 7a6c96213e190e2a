"""Who may see and do what with members and their organisation data. One place for the app."""

from members.roles import STAFF_ROLES, Role


def is_committee_staff(user):
    return user.is_authenticated and user.has_role(*STAFF_ROLES)


def can_view_directory(user):
    """The member directory (names, sectors, masked phones) is open to everyone in the committee."""
    return user.is_authenticated and user.committee_id is not None


def can_manage_members(user):
    """Import, export and edit member records."""
    return user.is_authenticated and user.has_role(Role.MEMBER_AFFAIRS_STAFF, Role.ADMIN)


def can_see_personal_data(user, member):
    """Full phone, ID number and address: staff of the member's committee and the member."""
    if not user.is_authenticated:
        return False
    if member.user_id == user.pk:
        return True
    return user.committee_id == member.committee_id and user.has_role(*STAFF_ROLES)


# --- Duty records and scoring (履职) -------------------------------------------------------------
DUTY_STAFF_ROLES = (Role.MEMBER_AFFAIRS_STAFF, Role.ADMIN)


def can_verify_duty(user):
    """Verify members' own records, import sign-in sheets, edit the scoring rules."""
    return user.is_authenticated and user.has_role(*DUTY_STAFF_ROLES)


can_edit_scoring_rules = can_verify_duty


def can_view_all_duty(user):
    """Every duty file and score of the committee: member-affairs staff, admins and leaders."""
    return user.is_authenticated and user.committee_id is not None and user.has_role(*DUTY_STAFF_ROLES, Role.LEADER)


def convened_group_ids(user):
    """The activity groups this user convenes (召集人), as a list of ids."""
    from members.models import ActivityGroup

    if not user.is_authenticated:
        return []
    return list(ActivityGroup.objects.filter(conveners__user=user).values_list("pk", flat=True))


def duty_scope(user):
    """Members whose duty files `user` may see: staff and leaders their committee, a convener
    their groups, a member themself."""
    from django.db.models import Q

    from members.models import Member

    if not user.is_authenticated or user.committee_id is None:
        return Member.objects.none()
    members = Member.objects.filter(committee_id=user.committee_id)
    if can_view_all_duty(user):
        return members
    groups = convened_group_ids(user)
    condition = Q(user=user)
    if groups:
        condition |= Q(pk__in=Member.objects.filter(activity_groups__in=groups).values("pk"))
    return members.filter(condition)


def can_view_duty_lists(user):
    """Rankings, below-minimum and at-risk lists (a convener sees them for their own group)."""
    return can_view_all_duty(user) or bool(convened_group_ids(user))
