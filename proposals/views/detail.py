"""The proposal page: content, co-signers, timeline, handling and the actions this user may take
now. Action views re-render it with their bound form when input is wrong, so nothing typed is lost."""

from collections import defaultdict

from django.db.models import Prefetch
from django.shortcuts import render

from cppcc_portal.core.search import keywords, most_similar
from proposals import forms as f
from proposals.dates import days_left, today
from proposals.models import (
    AssignmentStatus,
    CoOpinion,
    CosignDirection,
    CosignStatus,
    Evaluation,
    EvaluatorRole,
    Proposal,
    ProposalEvent,
    Reply,
    Status,
)
from proposals.permissions import Access
from proposals.selectors import similar_candidates, visible_proposals
from proposals.services import evaluator_role, submission_problems
from proposals.views.common import proposal_for


def merge_candidates(proposal, limit=300):
    """Proposals of the same session this one may merge into: the most similar first (found
    through the full-text index, so also in a session of thousands), then the rest by number."""
    from proposals.search import candidate_filter

    base = (
        Proposal.objects.filter(
            session_id=proposal.session_id,
            status__in=[Status.SUBMITTED, Status.ACCEPTED, Status.HANDLING, Status.REPLIED, Status.REHANDLING, Status.CLOSED],
        )
        .exclude(pk=proposal.pk)
        .select_related("proposer__user", "body")
    )
    text = proposal.title + proposal.grounds[:300]
    words = list(keywords(text, top=6))
    near = list(candidate_filter(base, words).order_by("-id")[:300]) if words else []
    shortlist = sorted(near, key=lambda p: -sum(w in p.title for w in words))[:30]
    scored = most_similar(text, [(p.pk, p.title) for p in shortlist], top=8, threshold=0.1)
    by_pk = {p.pk: p for p in shortlist}
    first = [by_pk[pk] for _, pk in scored]
    seen = {p.pk for p in first}
    return first + [p for p in base.order_by("number", "id")[:limit] if p.pk not in seen]


def _forms(request, proposal, access, bound):
    committee_id = proposal.committee_id
    made = {}

    def add(name, condition, factory):
        if condition:
            form = bound.get(name) or factory()
            form.auto_id = f"id_{name}_%s"  # several forms on one page: unique ids
            made[name] = form

    add("invite", access.can_invite, lambda: f.InviteForm(proposal=proposal))
    add("cosign_request", access.can_request_cosign, f.CosignRequestForm)
    add("withdraw", access.can_withdraw, f.WithdrawForm)
    if access.can_review:
        add("accept", True, f.CommentForm)
        add("return", True, f.ReturnForm)
        add("reject", True, lambda: f.RejectForm(committee_id=committee_id))
        add("merge", True, lambda: f.MergeForm(proposal=proposal, candidates=merge_candidates(proposal)))
        add("to_opinion", True, lambda: f.OpinionForm(committee_id=committee_id, initial={"unit": proposal.suggested_unit_id}))
        add("to_report", True, f.CommentForm)
    add(
        "assign",
        access.can_assign,
        lambda: f.AssignForm(committee_id=committee_id, initial={"lead": proposal.suggested_unit_id}),
    )
    add("key", access.can_award, lambda: f.KeyForm(committee_id=committee_id, initial={"leader": proposal.key_leader_id}))
    add("excellent", access.can_award and not proposal.is_excellent, lambda: f.ExcellentForm(initial={"year": today().year}))
    add("supervise", access.can_supervise, lambda: f.SupervisionForm(initial={"occurred_on": today()}))
    add("milestone", access.can_follow_up, f.MilestoneForm)
    add("result_check", access.can_follow_up, f.ResultCheckForm)
    add("decision", access.can_decide_requests, lambda: f.DecisionForm(committee_id=committee_id))
    return made


def _unit_forms(request, proposal, access, bound):
    """Forms for each of the user's own assignments, by assignment id."""
    panels = []
    for assignment in access.my_assignments:
        if assignment.round != proposal.handling_round or assignment.status == AssignmentStatus.REASSIGNED:
            continue
        key = assignment.pk
        forms = {}
        if access.unit_can(assignment, "contact"):
            forms["contact"] = bound.get(("contact", key)) or f.ContactForm(initial={"contacted_on": today()})
        if access.unit_can(assignment, "opinion"):
            forms["opinion"] = bound.get(("opinion", key)) or f.CoOpinionForm()
        if access.unit_can(assignment, "reply"):
            forms["reply"] = bound.get(("reply", key)) or f.ReplyForm(
                initial={"contact_person": assignment.unit.contact_person, "contact_phone": assignment.unit.contact_phone}
            )
        if access.unit_can(assignment, "extend"):
            forms["extend"] = bound.get(("extend", key)) or f.ExtensionRequestForm()
        if access.unit_can(assignment, "reassign"):
            forms["reassign"] = bound.get(("reassign", key)) or f.ReassignRequestForm(committee_id=proposal.committee_id)
        for name, form in forms.items():
            form.auto_id = f"id_{name}{key}_%s"
        panels.append({"assignment": assignment, "forms": forms, "days_left": days_left(assignment.deadline)})
    return panels


def detail_context(request, proposal, bound=None, open_panel=""):
    bound = bound or {}
    user = request.user
    invitations = list(proposal.invitations.select_related("member__user", "member__sector"))
    assignments = list(
        proposal.assignments.select_related("unit", "assigned_by")
        .prefetch_related("contacts", "requests__requested_by", "requests__decided_by", "requests__new_unit")
        .order_by("round", "role", "id")
    )
    access = Access(user, proposal, invitations=invitations, assignments=assignments)
    replies = list(
        Reply.objects.filter(proposal=proposal)
        .select_related("assignment__unit")
        .prefetch_related(Prefetch("evaluations", queryset=Evaluation.objects.select_related("evaluator")))
        .order_by("round", "id")
    )
    opinion_rows = {o.assignment_id: o for o in CoOpinion.objects.filter(assignment__proposal=proposal)}
    by_round = defaultdict(list)
    for a in assignments:
        a.days_left = days_left(a.deadline) if a.status == AssignmentStatus.ACTIVE else None
        a.opinion = opinion_rows.get(a.pk)
        a.reply_obj = next((r for r in replies if r.assignment_id == a.pk), None)
        by_round[a.round].append(a)
    my_role = evaluator_role(user, proposal) if access.party else None
    to_evaluate = []
    if access.can_evaluate:
        for reply in replies:
            mine = next((e for e in reply.evaluations.all() if e.evaluator_id == user.pk), None)
            reply.my_evaluation = mine
            decisive_done = my_role in (EvaluatorRole.LEAD, EvaluatorRole.BODY) and proposal.status != Status.REPLIED
            if mine is None and reply.round == proposal.handling_round and not decisive_done:
                key = ("evaluate", reply.pk)
                form = bound.get(key) or f.EvaluationForm()
                form.auto_id = f"id_eval{reply.pk}_%s"
                to_evaluate.append((reply, form))
    children = list(proposal.merged_children.select_related("proposer__user", "body"))
    openable = set(visible_proposals(user).filter(pk__in=[c.pk for c in children]).values_list("pk", flat=True))
    for child in children:
        child.openable = child.pk in openable
    events = list(ProposalEvent.objects.filter(proposal=proposal).select_related("actor").order_by("created_at", "id"))
    pending_requests = [r for a in assignments for r in a.requests.all() if r.status == "pending"]
    ctx = {
        "p": proposal,
        "access": access,
        "invitations": [i for i in invitations if i.status in (CosignStatus.PENDING, CosignStatus.ACCEPTED)],
        "closed_invitations": [i for i in invitations if i.status not in (CosignStatus.PENDING, CosignStatus.ACCEPTED)],
        "accepted_cosigners": [i for i in invitations if i.status == CosignStatus.ACCEPTED],
        "cosign_requests": access.pending_requests,
        "my_invitation": access.my_invitation
        if access.my_invitation and access.my_invitation.direction == CosignDirection.INVITE
        else None,
        "attachments": list(proposal.attachments.filter(is_removed=False)),
        "events": events,
        "rounds": sorted(by_round.items()),
        "replies": replies,
        "to_evaluate": to_evaluate,
        "supervision": list(proposal.supervision.select_related("recorded_by")) if proposal.is_key else [],
        "milestones": list(proposal.milestones.all()),
        "merged_children": children,
        "can_open_merged_into": bool(proposal.merged_into_id)
        and visible_proposals(user).filter(pk=proposal.merged_into_id).exists(),
        "forms": _forms(request, proposal, access, bound),
        "unit_panels": _unit_forms(request, proposal, access, bound),
        "pending_requests": pending_requests,
        "problems": submission_problems(proposal) if access.can_submit else [],
        "open_panel": open_panel,
        "milestone_check_form": f.MilestoneCheckForm(),
    }
    return ctx


def detail_response(request, proposal, bound=None, open_panel="", status=200):
    return render(request, "proposals/detail.html", detail_context(request, proposal, bound, open_panel), status=status)


def proposal_detail(request, pk):
    return detail_response(request, proposal_for(request, pk))


def similar_for(proposal_or_text, committee_id, session, exclude_pk=None, top=5, user=None):
    """[(score, proposal)] of this session and the last most like the text (jieba keywords +
    trigrams), from a candidate set narrowed by the full-text index."""
    from proposals.search import candidate_filter

    text = proposal_or_text
    words = list(keywords(text, top=6))
    if not words:
        return []
    qs = candidate_filter(similar_candidates(committee_id, session), words)
    if user is not None:  # only what this user may open
        qs = qs.filter(pk__in=visible_proposals(user).values("pk"))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    # a cheap first cut over titles (how many of the draft's keywords each contains), then the
    # jieba + trigram cosine on the best few dozen only
    heads = list(qs.order_by("-submitted_at").values_list("pk", "title")[:1000])
    heads.sort(key=lambda row: -sum(w in row[1] for w in words))
    shortlist = [pk for pk, _ in heads[:40]]
    rows = list(Proposal.objects.filter(pk__in=shortlist).select_related("proposer__user", "body", "session__term"))
    scored = most_similar(text, [(p.pk, f"{p.title} {p.title} {p.grounds[:400]}") for p in rows], top=top, threshold=0.12)
    by_pk = {p.pk: p for p in rows}
    return [(score, by_pk[pk]) for score, pk in scored]
