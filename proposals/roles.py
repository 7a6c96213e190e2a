"""What the admin lets each role do with proposal data. Rules (deadlines, categories, grounds)
are edited by proposal staff; workflow fields stay read-only in the admin (services own them)."""

from members.roles import Role

_RULES = ["proposalrules", "proposalcategory", "rejectionground", "modelunit"]
_RECORDS = [
    "proposal",
    "cosigninvitation",
    "proposalattachment",
    "proposalevent",
    "assignment",
    "unitrequest",
    "contactrecord",
    "coopinion",
    "reply",
    "evaluation",
    "supervisionrecord",
    "milestone",
    "proposalcounter",
]

ROLE_PERMISSIONS = {
    Role.PROPOSAL_STAFF: [f"proposals.{verb}_{m}" for m in _RULES for verb in ("view", "add", "change")]
    + [f"proposals.view_{m}" for m in _RECORDS],
    Role.LEADER: ["proposals.view_proposal"],
    Role.ADMIN: [f"proposals.{verb}_{m}" for m in _RULES for verb in ("view", "add", "change", "delete")]
    + [f"proposals.view_{m}" for m in _RECORDS],
}
