"""Admin permissions of 协商: 委员工作人员 edit the rules (forms, lead times, limits, holidays) and
see the records; the workflow itself runs through the portal's pages and services."""

from members.roles import Role

_RULES = ["consultationform", "consultationsettings", "calendarday"]
_RECORDS = [
    "annualplan",
    "planitem",
    "planevent",
    "planversion",
    "activity",
    "participant",
    "agendaitem",
    "material",
    "speech",
    "activityevent",
    "deliberation",
    "opinion",
    "outcome",
    "outcomeevent",
]

ROLE_PERMISSIONS = {
    Role.MEMBER_AFFAIRS_STAFF: [f"consultations.{verb}_{m}" for m in _RULES for verb in ("view", "add", "change")]
    + [f"consultations.view_{m}" for m in _RECORDS],
    Role.ADMIN: [f"consultations.{verb}_{m}" for m in _RULES + _RECORDS for verb in ("view", "add", "change", "delete")],
}
