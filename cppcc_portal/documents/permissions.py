from members.roles import STAFF_ROLES


def can_view_document(user, doc):
    """The one who asked for it; an office document also the staff of the same committee. A
    personal one stays its requester's: a colleague may not be allowed the page it was made from
    (an editor never sees a member's draft proposal)."""
    from cppcc_portal.documents.registry import get_kind

    if doc.owner_id == user.pk:
        return True
    try:
        personal = get_kind(doc.kind).personal
    except LookupError:
        return False
    return not personal and user.committee_id == doc.committee_id and user.has_role(*STAFF_ROLES)
