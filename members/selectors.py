"""Reads shared by the members pages, exports and other apps: always scoped to a committee."""

from members.models import Committee, HandlingUnit, Member, MemberStatus, Session, Term


def members_of(committee_id):
    return (
        Member.objects.filter(committee_id=committee_id)
        .select_related("user", "sector", "term")
        .prefetch_related("special_committees")
    )


def serving_members(committee_id):
    return members_of(committee_id).filter(status=MemberStatus.SERVING)


def current_term(committee):
    return Term.objects.filter(committee=committee, is_current=True).first()


def current_session(committee):
    return Session.objects.filter(committee=committee, is_current=True).select_related("term").first()


def active_units(committee_id):
    return HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)


def committee_of(user):
    return Committee.objects.filter(pk=user.committee_id).first() if user.committee_id else None
