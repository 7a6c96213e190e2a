"""The DOMAIN.md defaults of a committee's proposal rules, created the first time they are needed.
After that they are data: staff change them in the admin."""

from django.db import IntegrityError, transaction

from proposals.models import (
    DEFAULT_CATEGORIES,
    DEFAULT_REJECTION_GROUNDS,
    ProposalCategory,
    ProposalRules,
    RejectionGround,
)


def ensure_defaults(committee_id):
    """The committee's rules row, with default categories and grounds if it has none yet."""
    rules = ProposalRules.objects.filter(committee_id=committee_id).first()
    if rules is not None:
        return rules
    try:
        with transaction.atomic():
            rules = ProposalRules.objects.create(committee_id=committee_id)
            if not ProposalCategory.objects.filter(committee_id=committee_id).exists():
                ProposalCategory.objects.bulk_create(
                    [ProposalCategory(committee_id=committee_id, name=n, order=i) for i, n in enumerate(DEFAULT_CATEGORIES)]
                )
            if not RejectionGround.objects.filter(committee_id=committee_id).exists():
                RejectionGround.objects.bulk_create(
                    [RejectionGround(committee_id=committee_id, text=t, order=i) for i, t in enumerate(DEFAULT_REJECTION_GROUNDS)]
                )
    except IntegrityError:  # another request created them at the same moment
        rules = ProposalRules.objects.get(committee_id=committee_id)
    return rules


def rules_for(committee_id):
    return ensure_defaults(committee_id)


def categories_for(committee_id, *, active_only=True):
    ensure_defaults(committee_id)
    qs = ProposalCategory.objects.filter(committee_id=committee_id)
    return qs.filter(is_active=True) if active_only else qs


def grounds_for(committee_id):
    ensure_defaults(committee_id)
    return RejectionGround.objects.filter(committee_id=committee_id, is_active=True)
