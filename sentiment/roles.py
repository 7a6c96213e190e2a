"""Admin permissions of the roles in 社情民意 (pages check roles through sentiment.permissions)."""

from members.roles import Role

_MODELS = [
    "report",
    "reportwriter",
    "reportrevision",
    "reportevent",
    "reportattachment",
    "adoption",
    "leadercomment",
    "bulletin",
    "bulletinseries",
    "reportcategory",
    "pointrule",
    "sentimentsettings",
    "destination",
    "quota",
]
_RULES = ["reportcategory", "pointrule", "sentimentsettings", "destination", "quota"]

ROLE_PERMISSIONS = {
    Role.REPORT_EDITOR: [f"sentiment.view_{m}" for m in _MODELS]
    + [f"sentiment.{verb}_{m}" for m in _RULES for verb in ("add", "change")],
    Role.LEADER: [f"sentiment.view_{m}" for m in ["report", "bulletin", "adoption", "leadercomment"]],
    Role.ADMIN: [f"sentiment.{verb}_{m}" for m in _MODELS for verb in ("view", "add", "change", "delete")],
}
