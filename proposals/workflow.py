"""The allowed transitions, in one place. A service checks here before it changes anything; the
pages ask here which actions to show."""

from django.utils.translation import gettext_lazy as _

from proposals.models import Status

# action → (states it may start from, state it leads to, the label of the timeline entry)
TRANSITIONS = {
    "submit": ({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, _("提交提案")),
    "withdraw": ({Status.SUBMITTED, Status.RETURNED}, Status.WITHDRAWN, _("撤案")),
    "return": ({Status.SUBMITTED}, Status.RETURNED, _("退回修改")),
    "accept": ({Status.SUBMITTED}, Status.ACCEPTED, _("立案")),
    "merge": ({Status.SUBMITTED}, Status.MERGED, _("并案")),
    "to_opinion": ({Status.SUBMITTED}, Status.TO_OPINION, _("转为意见建议")),
    "to_report": ({Status.SUBMITTED}, Status.TO_REPORT, _("转社情民意")),
    "reject": ({Status.SUBMITTED}, Status.REJECTED, _("不予立案")),
    "assign": ({Status.ACCEPTED}, Status.HANDLING, _("交办")),
    "replied": ({Status.HANDLING, Status.REHANDLING}, Status.REPLIED, _("答复完毕")),
    "rehandle": ({Status.REPLIED}, Status.REHANDLING, _("重新办理")),
    "close": ({Status.REPLIED}, Status.CLOSED, _("办结")),
}

# Actions that change no status but are allowed only in some states.
EDITABLE = {Status.DRAFT, Status.RETURNED}
REVIEWABLE = {Status.SUBMITTED}
MERGE_TARGETS = {Status.SUBMITTED, Status.ACCEPTED, Status.HANDLING, Status.REPLIED, Status.REHANDLING, Status.CLOSED}
EVALUABLE = {Status.REPLIED, Status.REHANDLING, Status.CLOSED}
FOLLOW_UP = {Status.REPLIED, Status.REHANDLING, Status.CLOSED}
AWARDABLE = {Status.ACCEPTED, Status.HANDLING, Status.REPLIED, Status.REHANDLING, Status.CLOSED}


def can(action, status):
    return status in TRANSITIONS[action][0]


def target(action):
    return TRANSITIONS[action][1]


def label(action):
    return TRANSITIONS[action][2]
