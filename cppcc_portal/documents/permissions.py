from members.roles import STAFF_ROLES


def can_view_document(user, doc):
    """The one who asked for it, and staff of the same committee."""
    if doc.owner_id == user.pk:
        return True
    return user.committee_id == doc.committee_id and user.has_role(*STAFF_ROLES)
