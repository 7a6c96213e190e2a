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
