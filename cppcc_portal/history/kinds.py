"""The records whose change history (修改记录) staff may read in the portal, each with the lookup
its own detail page uses and the rule that says who counts as that record's staff.

A record the user could not open answers 404 exactly as its detail page does; a record they can
open but do not work on as staff of its committee (a member, a unit clerk, a leader) answers 403.
Imports are inside the functions: this module is loaded by the URLconf, before the apps' views."""

from collections.abc import Callable
from dataclasses import dataclass

from django.shortcuts import get_object_or_404


@dataclass(frozen=True)
class RecordKind:
    key: str  # in the URL: /history/<key>/<pk>/
    model: str  # app_label.model_name of the record
    detail: str  # URL name of the record's own page
    find: Callable  # (user, pk) → the record, or Http404 as on its detail page
    is_staff: Callable  # (user, record) → may read its history


def _proposal(user, pk):
    from proposals.selectors import visible_proposals

    return get_object_or_404(visible_proposals(user), pk=pk)


def _proposal_staff(user, proposal):
    from proposals.permissions import Access

    return Access(user, proposal).staff


def _member(user, pk):
    from members.permissions import can_view_directory
    from members.selectors import members_of

    if not can_view_directory(user):
        from django.http import Http404

        raise Http404
    return get_object_or_404(members_of(user.committee_id), pk=pk)


def _member_staff(user, member):
    from members.permissions import can_manage_members

    return can_manage_members(user) and user.committee_id == member.committee_id


def _consultation(selector_name):
    def find(user, pk):
        from consultations import selectors

        return get_object_or_404(getattr(selectors, selector_name)(user), pk=pk)

    return find


def _consultation_staff(user, record):
    from consultations.permissions import can_manage

    return can_manage(user, record)


def _report(user, pk):
    from sentiment.selectors import visible_reports

    return get_object_or_404(visible_reports(user), pk=pk)


def _report_staff(user, report):
    from sentiment.permissions import is_editor_of

    return is_editor_of(user, report.committee_id)


KINDS = {
    kind.key: kind
    for kind in (
        RecordKind("proposal", "proposals.proposal", "proposals:detail", _proposal, _proposal_staff),
        RecordKind("member", "members.member", "members:detail", _member, _member_staff),
        RecordKind(
            "plan",
            "consultations.annualplan",
            "consultations:plan_detail",
            _consultation("plans_visible_to"),
            _consultation_staff,
        ),
        RecordKind(
            "activity",
            "consultations.activity",
            "consultations:activity_detail",
            _consultation("activity_detail_queryset"),
            _consultation_staff,
        ),
        RecordKind(
            "deliberation",
            "consultations.deliberation",
            "consultations:deliberation_detail",
            _consultation("deliberations_visible_to"),
            _consultation_staff,
        ),
        RecordKind(
            "outcome",
            "consultations.outcome",
            "consultations:outcome_detail",
            _consultation("outcomes_visible_to"),
            _consultation_staff,
        ),
        RecordKind("report", "sentiment.report", "sentiment:detail", _report, _report_staff),
    )
}
_BY_MODEL = {kind.model: kind for kind in KINDS.values()}


def kind_of(record):
    """The registered kind of a record, or None for a model without a history page."""
    return _BY_MODEL.get(record._meta.label_lower)
