"""The permission matrix as data: for every URL of the portal, who gets what.

One row a URL and object. A row names the personas that get the page (`ok`), those sent on
elsewhere as a matter of course (`go`), and those refused with another answer (`e403="…"`,
`e404="…"`, `e302="…"` for a refusal that only redirects with a message, `login="…"`); every
persona the row does not name gets `rest`, and the anonymous visitor `anon` (the login page unless
said otherwise). "*" means every logged-in persona. Personas are the keys of
permission_personas.py:

    A, B    members of 临江市政协 (c1)         X, Y   clerks of two handling units of c1
    ps1     proposal staff of c1              ms1    member-affairs staff of c1
    ed      public-opinion editor of c1       ld     leader of c1
    adm     system administrator of c1        s2     staff of 远山市政协 (c2), every office role
    sec     安全管理员 (when the role exists)   aud    审计管理员 (when the role exists)

Objects are named "<kind>.<whose>" and built in permission_world.py: "proposal.A_draft" is A's
draft, "activity.c2" committee 2's activity. A string names the `pk` of the URL; a dict names each
URL argument (literal values, such as an action, have no dot).

`page` rows are fetched by GET (OK = 200); a refused persona is also sent the page as an empty
POST and must stay refused. `post` rows are endpoints that only take POST: GET answers 405, and
an empty POST is the knock (OK = answered, 200 or 302). A refused persona must write nothing."""

from dataclasses import dataclass

from tests.trust.permission_personas import ANONYMOUS, PERSONAS, active_personas

LOGIN = "login"  # redirected to a login page
OK = "ok"  # allowed: the page (200), or for a POST endpoint its answer (200 or 302)
GO = "go"  # allowed, and sent on elsewhere (302)
ADMIN_NAMESPACE = "admin:"  # Django's admin: its hundreds of patterns share one gate (is_staff and
# model permissions), so the representative admin rows at the end stand for all of them.

_KNOWN = {p.key for p in PERSONAS}


def _who(spec):
    keys = spec.split()
    if "*" in keys:
        return [p.key for p in active_personas()]
    unknown = set(keys) - _KNOWN
    assert not unknown, f"unknown personas in a rule: {unknown}"
    return keys


@dataclass(frozen=True)
class Rule:
    name: str
    objects: tuple  # ((url argument, world name or literal), ...)
    post_only: bool
    cells: tuple  # ((persona, expected), ...)
    rest: object
    anon: object
    data: tuple = ()  # the POST body, for endpoints that need one to find their object
    query: str = ""  # e.g. "export=xlsx", where an export is allowed to fewer than the page

    @property
    def id(self):
        parts = [str(v) for _, v in self.objects] + [f"{k}={v}" for k, v in self.data]
        name = f"{self.name}?{self.query}" if self.query else self.name
        return f"{name}[{','.join(parts)}]" if parts else name

    def expected(self, persona):
        if persona == ANONYMOUS:
            return self.anon
        return dict(self.cells).get(persona, self.rest)

    def url_kwargs(self, world):
        return {k: _value(world, v) for k, v in self.objects}

    def post_data(self, world):
        return {k: _value(world, v) for k, v in self.data}


def _value(world, value):
    return world[value] if isinstance(value, str) and "." in value else value


def _row(name, objects, post_only, *, ok="", go="", rest, anon=LOGIN, data=None, query="", **refusals):
    if isinstance(objects, str):
        objects = {"pk": objects}
    cells = {}
    for persona in _who(ok):
        cells[persona] = OK
    for persona in _who(go):
        cells[persona] = GO
    for code, spec in refusals.items():
        expected = LOGIN if code == "login" else int(code.removeprefix("e"))
        for persona in _who(spec):
            cells[persona] = expected
    objects, data = tuple((objects or {}).items()), tuple((data or {}).items())
    return Rule(name, objects, post_only, tuple(cells.items()), rest, anon, data, query)


def page(name, objects=None, *, rest=403, **who):
    return _row(name, objects, False, rest=rest, **who)


def post(name, objects=None, *, rest=403, **who):
    return _row(name, objects, True, rest=rest, **who)


RULES = [
    # --- the portal's frame ------------------------------------------------------------------------
    page("core:home", ok="*"),
    page("healthz", ok="*", anon=200),
    page("favicon.ico", e301="*", rest=301, anon=301),
    page("login", e302="*", anon=200),  # a logged-in user is sent on to the portal
    post("logout", login="*"),  # logged out, back to the login page
    page("password_change", ok="*"),
    page("password_change_done", ok="*"),
    page("accounts:login_code", login="*", anon=LOGIN),  # no password step pending: back to login
    page("accounts:login_enrol", login="*", anon=LOGIN),
    page("accounts:two_factor", ok="*"),
    page("accounts:two_factor_setup", ok="*"),
    page("accounts:backup_codes", e302="*"),  # codes are shown once, right after they are made
    post("accounts:backup_codes_new", ok="*"),
    post("accounts:two_factor_disable", ok="*"),
    page("accounts:security_users", ok="adm sec"),
    post("accounts:security_reset", "user.A", ok="adm sec"),
    post("accounts:security_reset", "user.c2", ok="adm", e404="sec"),  # a superuser resets anyone
    page("admin/login/", go="adm"),  # the portal's login for visitors; no loop back for the signed-in
    # the audit log: its auditor only (三员分立: not the system administrator, not a superuser)
    page("audit:list", ok="aud"),
    page("audit:list", ok="aud", query="export=xlsx"),
    page("audit:detail", "audit.c1", ok="aud"),
    page("audit:detail", "audit.c2", e404="aud"),  # another committee's event
    page("notifications:list", ok="*"),
    page("notifications:open", "notification.A", go="A", rest=404),
    page("notifications:open", "notification.B", go="B", rest=404),
    post("notifications:read_all", ok="*"),
    page("documents:list", ok="*"),
    *[
        row
        for name in ("documents:detail", "documents:status", "documents:download")
        for row in (
            page(name, "document.A", ok="A", rest=404),  # a member's own 提案表: nobody else's business
            page(name, "document.ps1", ok="ps1 ms1 ed adm", rest=404),  # 提案汇编: an office document
            page(name, "document.c2", ok="s2", rest=404),
        )
    ],
    post("documents:retry", "document.A", ok="A", rest=404),
    post("documents:retry", "document.ps1", ok="ps1 ms1 ed adm", rest=404),
    post("documents:retry", "document.c2", ok="s2", rest=404),
    # --- 修改记录: a record's change history, for the staff who work on it in its committee --------
    *[
        page("history:record", {"kind": kind, "pk": f"{kind}.{whose}"}, ok=ok, rest=404, **refused)
        for kind, whose, ok, refused in (
            ("proposal", "B_submitted", "ps1 adm", {"e403": "A B ld"}),  # the rest do not see it at all
            ("proposal", "X_handling", "ps1 adm", {"e403": "A B X ld"}),
            ("proposal", "A_draft", "", {"e403": "A"}),  # a draft is hidden from staff, as on its page
            ("proposal", "c2", "s2", {}),
            ("member", "A", "ms1 adm", {"e403": "A B X Y ps1 ed ld sec aud", "e404": "s2"}),
            ("member", "c2", "s2", {}),
            ("plan", "c1", "ms1 adm", {"e403": "A B X Y ps1 ed ld sec aud", "e404": "s2"}),  # published
            ("plan", "c2", "s2", {}),
            ("activity", "c1", "ms1 adm", {"e403": "A X ld"}),
            ("activity", "c2", "s2", {}),
            ("deliberation", "c1", "ms1 adm", {"e403": "A ld"}),
            ("deliberation", "c2", "s2", {}),
            ("outcome", "c1", "ms1 adm", {"e403": "ld"}),
            ("outcome", "c2", "s2", {}),
            ("report", "A_received", "ed", {"e403": "A"}),
            ("report", "c2", "s2", {}),
        )
    ],
    page("history:record", {"kind": "user", "pk": "user.A"}, rest=404),  # not a record with a history page
    # --- members and duty records (委员、履职) ---------------------------------------------------
    page("members:list", ok="*"),
    page("members:list", query="export=xlsx", ok="ms1 s2 adm"),  # the directory, but not its export
    page("members:me", e302="*"),
    # 我的数据: everyone's own data, nobody else's (the view takes no id at all)
    page("members:my_data", ok="*"),
    post("members:my_data_download", ok="*"),
    page("members:detail", "member.A", ok="*", e404="s2"),
    page("members:detail", "member.c2", ok="s2", rest=404),
    page("members:import", ok="ms1 s2 adm"),
    page("members:import_template", ok="ms1 s2 adm"),
    post("members:roster_pdf", ok="ms1 s2 adm"),
    page("members:duty_me", ok="A B", rest=302),
    page("members:duty_new", ok="A B", rest=404),
    page("members:duty_file", "member.A", go="A", ok="ms1 ld adm", rest=404),
    page("members:duty_file", "member.c2", ok="s2", rest=404),
    page("members:duty_record", "duty.A", ok="A ms1 ld adm", rest=404),
    page("members:duty_record", "duty.B", ok="B ms1 ld adm", rest=404),
    page("members:duty_record", "duty.c2", ok="s2", rest=404),
    page("members:duty_edit", "duty.A", ok="A", e403="ms1 ld adm", rest=404),
    page("members:duty_edit", "duty.c2", e403="s2", rest=404),
    post("members:duty_action", {"pk": "duty.A", "action": "verify"}, ok="ms1 adm", e302="A ld", rest=404),
    post("members:duty_action", {"pk": "duty.A", "action": "withdraw"}, ok="A", e302="ms1 ld adm", rest=404),
    post("members:duty_action", {"pk": "duty.c2", "action": "verify"}, ok="s2", rest=404),
    page("members:duty_photo", "photo.A", ok="A ms1 ld adm", rest=404),
    page("members:duty_photo", "photo.c2", ok="s2", rest=404),
    page("members:duty_review", ok="ms1 s2 adm"),
    post("members:duty_bulk_verify", ok="ms1 s2 adm"),
    page("members:duty_attendance", ok="ms1 s2 adm"),
    page("members:duty_attendance_import", ok="ms1 s2 adm"),
    page("members:duty_attendance_template", ok="ms1 s2 adm"),
    page("members:duty_attendance_detail", "sheet.c1", ok="ms1 adm", e404="s2"),
    page("members:duty_attendance_detail", "sheet.c1", query="export=xlsx", ok="ms1 adm", e404="s2"),
    page("members:duty_attendance_detail", "sheet.c2", ok="s2", e404="ms1 adm"),
    post("members:duty_attendance_delete", "sheet.c1", ok="ms1 adm", e404="s2"),
    post("members:duty_attendance_delete", "sheet.c2", ok="s2", e404="ms1 adm"),
    page("members:duty_ranking", ok="ms1 s2 ld adm"),
    page("members:duty_below", ok="ms1 s2 ld adm"),
    page("members:duty_risk", ok="ms1 s2 ld adm"),
    page("members:duty_stats", ok="ms1 s2 ld adm"),
    page("members:duty_rules", ok="*"),  # every member may read how they are scored
    page("members:duty_rules_edit", ok="ms1 s2 adm"),
    post("members:duty_recompute_request", ok="ms1 s2 adm"),
    page("members:duty_recompute", "recompute.c1", ok="ms1 ld adm", e404="s2"),
    page("members:duty_recompute", "recompute.c2", ok="s2", e404="ms1 ld adm"),
    page("members:duty_recompute_status", "recompute.c1", ok="ms1 ld adm", e404="s2"),
    page("members:duty_recompute_status", "recompute.c2", ok="s2", e404="ms1 ld adm"),
    post("members:duty_report_pdf", data={"member": "member.A"}, ok="A ms1 ld adm", rest=404),
    post("members:duty_report_pdf", data={"member": "member.c2"}, ok="s2", rest=404),
    post("members:duty_summary_pdf", ok="ms1 s2 ld adm"),
    post("members:duty_reports_all_pdf", ok="ms1 s2 ld adm"),
    # --- proposals (提案) --------------------------------------------------------------------------
    page("proposals:list", ok="ps1 s2 ld adm", rest=302),  # everyone else is sent to 我的提案
    page("proposals:mine", ok="*"),
    page("proposals:create", ok="A B"),
    post("proposals:similar", ok="*"),  # only proposals the user may open are offered
    page("proposals:review", ok="ps1 s2 adm"),
    post("proposals:bulk_accept", ok="ps1 s2 adm"),
    page("proposals:assign_queue", ok="ps1 s2 adm"),
    post("proposals:bulk_assign", ok="ps1 s2 adm"),
    page("proposals:inbox", ok="X Y"),
    page("proposals:requests", ok="ps1 s2 adm"),
    post("proposals:request_decide", {"request_pk": "request.X"}, ok="ps1 adm", e404="s2"),
    post("proposals:request_decide", {"request_pk": "request.c2"}, ok="s2", e404="ps1 adm"),
    page("proposals:key_list", ok="ps1 s2 ld adm"),
    page("proposals:awards", ok="ps1 s2 ld adm"),
    page("proposals:stats", ok="ps1 s2 ld adm"),
    page("proposals:compilation", ok="ps1 s2 adm"),
    post("proposals:invitation_respond", "invitation.B", ok="B", e302="A", rest=404),
    post("proposals:invitation_respond", "invitation.c2", e302="s2", rest=404),
    post("proposals:invitation_cancel", "invitation.B", ok="A", e302="B", rest=404),
    post("proposals:invitation_cancel", "invitation.c2", e302="s2", rest=404),
    page("proposals:detail", "proposal.A_draft", ok="A", rest=404),
    page("proposals:detail", "proposal.A_invites_B", ok="A B", rest=404),
    page("proposals:detail", "proposal.B_submitted", ok="A B ps1 ld adm", rest=404),
    page("proposals:detail", "proposal.X_handling", ok="A B X ps1 ld adm", rest=404),
    page("proposals:detail", "proposal.Y_replied", ok="A B Y ps1 ld adm", rest=404),
    page("proposals:detail", "proposal.co", ok="A B X Y ps1 ld adm", rest=404),
    page("proposals:detail", "proposal.c2", ok="s2", rest=404),
    page("proposals:edit", "proposal.A_draft", ok="A", rest=404),
    page("proposals:edit", "proposal.B_submitted", e403="A B ps1 ld adm", rest=404),
    page("proposals:edit", "proposal.c2", e403="s2", rest=404),
    post("proposals:submit", "proposal.A_draft", ok="A", rest=404),
    post("proposals:submit", "proposal.B_submitted", e302="A B ps1 ld adm", rest=404),
    post("proposals:withdraw", "proposal.B_submitted", ok="B", e302="A ps1 ld adm", rest=404),
    post("proposals:withdraw", "proposal.A_draft", e302="A", rest=404),
    post("proposals:discard", "proposal.A_draft", ok="A", rest=404),
    post("proposals:discard", "proposal.B_submitted", e302="A B ps1 ld adm", rest=404),
    post("proposals:invite", "proposal.A_draft", ok="A", rest=404),
    post("proposals:invite", "proposal.B_submitted", e200="A B ps1 ld adm", rest=404),  # the form's errors
    post("proposals:cosign_request", "proposal.B_submitted", ok="A", e302="B ps1 ld adm", rest=404),
    post("proposals:cosign_request", "proposal.A_draft", e302="A", rest=404),
    post("proposals:review_action", {"pk": "proposal.B_submitted", "action": "accept"}, ok="ps1 adm", e403="A B ld", rest=404),
    post("proposals:review_action", {"pk": "proposal.c2", "action": "accept"}, ok="s2", rest=404),
    post("proposals:assign", "proposal.X_handling", ok="ps1 adm", e403="A B X ld", rest=404),
    post("proposals:assign", "proposal.c2", ok="s2", rest=404),
    post("proposals:key", "proposal.Y_replied", ok="ps1 adm", e403="A B Y ld", rest=404),
    post("proposals:key", "proposal.c2", ok="s2", rest=404),
    post("proposals:excellent", "proposal.Y_replied", ok="ps1 adm", e403="A B Y ld", rest=404),
    post("proposals:excellent", "proposal.c2", ok="s2", rest=404),
    post("proposals:supervise", "proposal.Y_replied", ok="ps1 ld adm", e403="A B Y", rest=404),  # ld supervises it
    post("proposals:supervise", "proposal.c2", e403="s2", rest=404),  # not a key proposal
    post("proposals:milestone_add", "proposal.Y_replied", ok="ps1 adm", e403="A B Y ld", rest=404),
    post("proposals:milestone_add", "proposal.c2", ok="s2", rest=404),
    post(
        "proposals:milestone_check",
        {"pk": "proposal.Y_replied", "milestone_pk": "milestone.Y"},
        ok="ps1 adm",
        e403="A B Y ld",
        rest=404,
    ),
    post("proposals:milestone_check", {"pk": "proposal.c2", "milestone_pk": "milestone.c2"}, ok="s2", rest=404),
    post("proposals:result_check", "proposal.Y_replied", ok="ps1 adm", e403="A B Y ld", rest=404),
    post("proposals:result_check", "proposal.c2", ok="s2", rest=404),
    post("proposals:evaluate", {"pk": "proposal.Y_replied", "reply_pk": "reply.Y"}, ok="B", e200="A Y ps1 ld adm", rest=404),
    post("proposals:evaluate", {"pk": "proposal.c2", "reply_pk": "reply.c2"}, e200="s2", rest=404),
    post("proposals:reply_letter", {"pk": "proposal.Y_replied", "reply_pk": "reply.Y"}, ok="B Y ps1 ld adm", e403="A", rest=404),
    post("proposals:reply_letter", {"pk": "proposal.c2", "reply_pk": "reply.c2"}, ok="s2", rest=404),
    page(
        "proposals:reply_attachment", {"pk": "proposal.Y_replied", "reply_pk": "reply.Y"}, ok="B Y ps1 ld adm", e403="A", rest=404
    ),
    page("proposals:reply_attachment", {"pk": "proposal.c2", "reply_pk": "reply.c2"}, ok="s2", rest=404),
    page("proposals:attachment", {"pk": "proposal.A_draft", "attachment_pk": "attachment.A_draft"}, ok="A", rest=404),
    page(
        "proposals:attachment",
        {"pk": "proposal.B_submitted", "attachment_pk": "attachment.B"},
        ok="B ps1 ld adm",
        e403="A",
        rest=404,
    ),
    page("proposals:attachment", {"pk": "proposal.c2", "attachment_pk": "attachment.c2"}, ok="s2", rest=404),
    post("proposals:attachment_remove", {"pk": "proposal.A_draft", "attachment_pk": "attachment.A_draft"}, ok="A", rest=404),
    post(
        "proposals:attachment_remove",
        {"pk": "proposal.B_submitted", "attachment_pk": "attachment.B"},
        e302="A B ps1 ld adm",
        rest=404,
    ),
    post("proposals:document", {"pk": "proposal.A_draft", "kind": "form"}, ok="A", rest=404),
    post("proposals:document", {"pk": "proposal.B_submitted", "kind": "form"}, ok="B ps1 ld adm", e403="A", rest=404),
    post("proposals:document", {"pk": "proposal.B_submitted", "kind": "docx"}, ok="B ps1 adm", e403="A ld", rest=404),
    post("proposals:document", {"pk": "proposal.c2", "kind": "form"}, ok="s2", rest=404),
    post(
        "proposals:contact",
        {"pk": "proposal.X_handling", "assignment_pk": "assignment.X_lead"},
        ok="X",
        e403="A B ps1 ld adm",
        rest=404,
    ),
    post(
        "proposals:contact",
        {"pk": "proposal.Y_replied", "assignment_pk": "assignment.Y_lead"},
        ok="Y",
        e403="A B ps1 ld adm",
        rest=404,
    ),
    post(
        "proposals:contact", {"pk": "proposal.co", "assignment_pk": "assignment.X_co"}, ok="X", e403="A B Y ps1 ld adm", rest=404
    ),
    post(
        "proposals:opinion", {"pk": "proposal.co", "assignment_pk": "assignment.X_co"}, ok="X", e403="A B Y ps1 ld adm", rest=404
    ),
    post(
        "proposals:opinion",
        {"pk": "proposal.X_handling", "assignment_pk": "assignment.X_lead"},
        e403="A B X ps1 ld adm",
        rest=404,
    ),
    page(
        "proposals:opinion_attachment",
        {"pk": "proposal.co", "assignment_pk": "assignment.Z_co"},
        ok="A X Y ps1 ld adm",
        e403="B",
        rest=404,
    ),
    page("proposals:opinion_attachment", {"pk": "proposal.X_handling", "assignment_pk": "assignment.Z_co"}, rest=404),
    *[
        row
        for name in ("proposals:reply", "proposals:reassign", "proposals:extend")
        for row in (
            post(
                name, {"pk": "proposal.X_handling", "assignment_pk": "assignment.X_lead"}, ok="X", e403="A B ps1 ld adm", rest=404
            ),
            post(name, {"pk": "proposal.Y_replied", "assignment_pk": "assignment.Y_lead"}, e403="A B Y ps1 ld adm", rest=404),
        )
    ],
    post("proposals:reply", {"pk": "proposal.co", "assignment_pk": "assignment.X_co"}, e403="A B X Y ps1 ld adm", rest=404),
    post("proposals:extend", {"pk": "proposal.co", "assignment_pk": "assignment.X_co"}, e403="A B X Y ps1 ld adm", rest=404),
    # a co-handler, too, may say it is the wrong unit
    post(
        "proposals:reassign", {"pk": "proposal.co", "assignment_pk": "assignment.X_co"}, ok="X", e403="A B Y ps1 ld adm", rest=404
    ),
    # --- consultations (协商) ---------------------------------------------------------------------
    page("consultations:mine", ok="*", go="ms1 s2 ld adm"),  # staff and leaders go to the calendar
    page("consultations:calendar", ok="ms1 s2 ld adm", rest=302),  # everyone else to 我的日程
    page("consultations:plan_list", ok="*"),
    post("consultations:plan_create", ok="ms1 s2 adm"),
    page("consultations:plan_detail", "plan.c1", ok="*", e404="s2"),  # a published plan
    page("consultations:plan_detail", "plan.c1_draft", ok="ms1 ld adm", rest=404),
    page("consultations:plan_detail", "plan.c1_draft", query="export=xlsx", ok="ms1 ld adm", rest=404),
    page("consultations:plan_detail", "plan.c2", ok="s2", rest=404),
    page("consultations:plan_edit", "plan.c1", ok="ms1 adm", e404="s2"),
    page("consultations:plan_edit", "plan.c2", ok="s2", e404="ms1 adm"),
    post("consultations:plan_transition", {"pk": "plan.c1", "action": "submit"}, ok="ms1 adm", e404="s2"),
    post("consultations:plan_transition", {"pk": "plan.c2", "action": "submit"}, ok="s2", e404="ms1 adm"),
    page("consultations:plan_item_create", {"plan_pk": "plan.c1"}, ok="ms1 adm", e404="s2"),
    page("consultations:plan_item_create", {"plan_pk": "plan.c2"}, ok="s2", e404="ms1 adm"),
    post("consultations:plan_pdf", "plan.c1", ok="*", e404="s2"),
    post("consultations:plan_pdf", "plan.c1_draft", ok="ms1 ld adm", rest=404),
    post("consultations:plan_pdf", "plan.c2", ok="s2", rest=404),
    page("consultations:plan_version", {"pk": "plan.c1", "number": 1}, ok="*", e404="s2"),
    page("consultations:plan_version", {"pk": "plan.c2", "number": 1}, ok="s2", rest=404),
    page("consultations:plan_item", "item.c1", ok="*", e404="s2"),
    page("consultations:plan_item", "item.c2", ok="s2", rest=404),
    page("consultations:plan_item_edit", "item.c1", ok="ms1 adm", e404="s2"),
    page("consultations:plan_item_edit", "item.c2", ok="s2", e404="ms1 adm"),
    post("consultations:plan_item_delete", "item.c1", ok="ms1 adm", e404="s2"),
    post("consultations:plan_item_delete", "item.c2", ok="s2", e404="ms1 adm"),
    page("consultations:activity_create_from_item", {"item_pk": "item.c1"}, ok="ms1 adm", e404="s2"),
    page("consultations:activity_create_from_item", {"item_pk": "item.c2"}, ok="s2", e404="ms1 adm"),
    page("consultations:activity_list", ok="ms1 s2 ld adm", rest=302),  # everyone else to 我的日程
    page("consultations:activity_create", ok="ms1 s2 adm"),
    page("consultations:activity_detail", "activity.c1", ok="A X ms1 ld adm", rest=404),  # A and unit X take part
    page("consultations:activity_detail", "activity.c1_draft", ok="ms1 ld adm", rest=404),  # B's notice not sent yet
    page("consultations:activity_detail", "activity.c2", ok="s2", rest=404),
    page("consultations:activity_edit", "activity.c1", ok="ms1 adm", e404="s2"),
    page("consultations:activity_edit", "activity.c2", ok="s2", e404="ms1 adm"),
    post("consultations:activity_schedule", "activity.c1", ok="ms1 adm", e404="s2"),
    post("consultations:activity_schedule", "activity.c2", ok="s2", e404="ms1 adm"),
    post("consultations:activity_action", {"pk": "activity.c1", "action": "notify"}, ok="ms1 adm", e404="s2"),
    post("consultations:activity_action", {"pk": "activity.c2", "action": "notify"}, ok="s2", e404="ms1 adm"),
    post("consultations:activity_reply", "activity.c1", ok="A", e403="X ms1 ld adm", rest=404),
    post("consultations:activity_reply", "activity.c2", e403="s2", rest=404),
    page("consultations:activity_qr", "activity.c1", ok="ms1 adm", e404="s2"),
    page("consultations:activity_qr", "activity.c2", ok="s2", e404="ms1 adm"),
    page("consultations:participants", "activity.c1", ok="ms1 ld adm", e404="s2"),
    page("consultations:participants", "activity.c1", query="export=xlsx", ok="ms1 ld adm", e404="s2"),
    page("consultations:participants", "activity.c2", ok="s2", rest=404),
    post("consultations:participant_add", "activity.c1", ok="ms1 adm", e404="s2"),
    post("consultations:participant_add", "activity.c2", ok="s2", e404="ms1 adm"),
    *[
        row
        for name in (
            "consultations:participant_remove",
            "consultations:participant_leave",
            "consultations:participant_signin",
            "consultations:participant_attendance",
        )
        for row in (
            post(name, {"pk": "activity.c1", "pid": "participant.A"}, ok="ms1 adm", e404="s2"),
            post(name, {"pk": "activity.c2", "pid": "participant.c2"}, ok="s2", e404="ms1 adm"),
        )
    ],
    post("consultations:agenda_add", "activity.c1", ok="ms1 adm", e404="s2"),
    post("consultations:agenda_add", "activity.c2", ok="s2", e404="ms1 adm"),
    post("consultations:agenda_delete", {"pk": "activity.c1", "item_pk": "agenda.c1"}, ok="ms1 adm", e404="s2"),
    post("consultations:agenda_delete", {"pk": "activity.c2", "item_pk": "agenda.c2"}, ok="s2", e404="ms1 adm"),
    post("consultations:material_upload", "activity.c1", ok="ms1 adm", e404="s2"),
    post("consultations:material_upload", "activity.c2", ok="s2", e404="ms1 adm"),
    page("consultations:material_download", {"pk": "activity.c1", "material_pk": "material.c1"}, ok="A X ms1 ld adm", rest=404),
    page("consultations:material_download", {"pk": "activity.c2", "material_pk": "material.c2"}, ok="s2", rest=404),
    post("consultations:material_delete", {"pk": "activity.c1", "material_pk": "material.c1"}, ok="ms1 adm", e404="s2"),
    post("consultations:material_delete", {"pk": "activity.c2", "material_pk": "material.c2"}, ok="s2", e404="ms1 adm"),
    page("consultations:speech_submit", "activity.c1", ok="A", e403="X ms1 ld adm", rest=404),
    page("consultations:speech_submit", "activity.c2", e403="s2", rest=404),
    page("consultations:speech_detail", {"pk": "activity.c1", "speech_pk": "speech.A"}, ok="A ms1 ld adm", rest=404),
    page("consultations:speech_detail", {"pk": "activity.c2", "speech_pk": "speech.c2"}, ok="s2", rest=404),
    post("consultations:speech_decide", {"pk": "activity.c1", "speech_pk": "speech.A"}, ok="ms1 adm", e404="s2"),
    post("consultations:speech_decide", {"pk": "activity.c2", "speech_pk": "speech.c2"}, ok="s2", e404="ms1 adm"),
    page("consultations:outcome_create", {"activity_pk": "activity.c1"}, ok="ms1 adm", e404="s2"),
    page("consultations:outcome_create", {"activity_pk": "activity.c2"}, ok="s2", e404="ms1 adm"),
    page("consultations:signin", {"token": "token.c1"}, ok="*", e400="s2"),  # the QR code of another committee
    page("consultations:signin", {"token": "token.c2"}, ok="s2", rest=400),
    page("consultations:deliberation_list", ok="*"),
    page("consultations:deliberation_list", query="export=xlsx", ok="ms1 s2 ld adm"),
    page("consultations:deliberation_create", ok="ms1 s2 adm"),
    page("consultations:deliberation_detail", "deliberation.c1", ok="A ms1 ld adm", rest=404),  # A was invited
    page("consultations:deliberation_detail", "deliberation.c2", ok="s2", rest=404),
    page("consultations:deliberation_edit", "deliberation.c1", ok="ms1 adm", e404="s2"),
    page("consultations:deliberation_edit", "deliberation.c2", ok="s2", e404="ms1 adm"),
    *[
        row
        for name in ("consultations:deliberation_open", "consultations:deliberation_close")
        for row in (
            post(name, "deliberation.c1", ok="ms1 adm", e404="s2"),
            post(name, "deliberation.c2", ok="s2", e404="ms1 adm"),
        )
    ],
    post("consultations:opinion_post", "deliberation.c1", ok="A", e302="ms1 ld adm", rest=404),
    post("consultations:opinion_post", "deliberation.c2", e302="s2", rest=404),
    *[
        row
        for name in ("consultations:opinion_hide", "consultations:opinion_restore")
        for row in (
            post(name, {"pk": "deliberation.c1", "opinion_pk": "opinion.A"}, ok="ms1 adm", e404="s2"),
            post(name, {"pk": "deliberation.c2", "opinion_pk": "opinion.c2"}, ok="s2", e404="ms1 adm"),
        )
    ],
    post("consultations:deliberation_summary", "deliberation.c1", ok="ms1 ld adm", e404="s2"),
    post("consultations:deliberation_summary", "deliberation.c2", ok="s2", e404="ms1 ld adm"),
    page("consultations:deliberation_outcome_create", {"deliberation_pk": "deliberation.c1"}, ok="ms1 adm", e404="s2"),
    page("consultations:deliberation_outcome_create", {"deliberation_pk": "deliberation.c2"}, ok="s2", e404="ms1 adm"),
    page("consultations:outcome_list", ok="ms1 s2 ld adm"),
    page("consultations:outcome_detail", "outcome.c1", ok="ms1 ld adm", rest=404),
    page("consultations:outcome_detail", "outcome.c2", ok="s2", rest=404),
    page("consultations:outcome_edit", "outcome.c1", ok="ms1 adm", e404="s2"),
    page("consultations:outcome_edit", "outcome.c2", ok="s2", e404="ms1 adm"),
    post("consultations:outcome_submit", "outcome.c1", ok="ms1 adm", e404="s2"),
    post("consultations:outcome_submit", "outcome.c2", ok="s2", e404="ms1 adm"),
    page("consultations:outcome_feedback", "outcome.c1", ok="ms1 adm", e404="s2"),
    page("consultations:outcome_feedback", "outcome.c2", ok="s2", e404="ms1 adm"),
    page("consultations:outcome_file", "outcome.c1", ok="ms1 ld adm", rest=404),
    page("consultations:outcome_file", "outcome.c2", ok="s2", rest=404),
    # --- public-opinion reports (社情民意) ---------------------------------------------------------
    page("sentiment:home", go="A B ps1 ms1 s2 ed ld adm"),  # to the queue, my reports or the bulletins
    page("sentiment:write", ok="A B ps1 ms1 s2 ed adm"),  # staff write as 机关工作人员
    page("sentiment:similar", ok="A B ps1 ms1 s2 ed adm"),
    page("sentiment:mine", ok="A B ps1 ms1 s2 ed adm"),
    page("sentiment:queue", ok="ed s2"),
    page("sentiment:detail", "report.A_received", ok="A ed", rest=404),
    page("sentiment:detail", "report.A_issued", ok="A ed ld", rest=404),
    page("sentiment:detail", "report.B_draft", ok="B", rest=404),
    page("sentiment:detail", "report.c2", ok="s2", rest=404),
    page("sentiment:edit", "report.B_draft", ok="B", rest=404),
    page("sentiment:edit", "report.A_received", e302="A ed", rest=404),  # not editable now: says so
    page("sentiment:edit", "report.c2", e302="s2", rest=404),
    page("sentiment:diff", "report.A_issued", ok="A ed ld", rest=404),
    page("sentiment:diff", "report.A_received", ok="A ed", rest=404),
    post("sentiment:action", {"pk": "report.B_draft", "code": "submit"}, ok="B", rest=404),
    post("sentiment:action", {"pk": "report.A_received", "code": "start_editing"}, ok="ed", e302="A", rest=404),
    post("sentiment:action", {"pk": "report.c2", "code": "start_editing"}, e302="s2", rest=404),
    *[
        row
        for name in ("sentiment:return", "sentiment:merge", "sentiment:adopt", "sentiment:comment")
        for row in (
            page(name, "report.A_received", ok="ed", rest=404),
            page(name, "report.c2", ok="s2", rest=404),
        )
    ],
    page("sentiment:attachment", {"pk": "report.A_received", "attachment_id": "report_attachment.A"}, ok="A ed", rest=404),
    page("sentiment:attachment", {"pk": "report.c2", "attachment_id": "report_attachment.c2"}, ok="s2", rest=404),
    page("sentiment:adoptions", ok="ed ld s2"),
    post("sentiment:adoption_delete", "adoption.c1", ok="ed", e404="s2", rest=302),
    post("sentiment:adoption_delete", "adoption.c2", ok="s2", rest=404),
    page("sentiment:comments", ok="ed ld s2"),
    post("sentiment:comment_delete", "comment.c1", ok="ed", e404="s2", rest=302),
    post("sentiment:comment_delete", "comment.c2", ok="s2", rest=404),
    page("sentiment:sent_up", ok="ed ld s2"),
    page("sentiment:bulletins", ok="ed ld s2"),
    post("sentiment:bulletin_new", ok="ed s2"),
    page("sentiment:bulletin", "bulletin.c1_issued", ok="ed ld", rest=404),
    page("sentiment:bulletin", "bulletin.c1_draft", ok="ed", rest=404),  # leaders read issued ones only
    page("sentiment:bulletin", "bulletin.c2_issued", ok="s2", rest=404),
    *[
        row
        for name in (
            "sentiment:bulletin_add",
            "sentiment:bulletin_remove",
            "sentiment:bulletin_move",
            "sentiment:bulletin_issue",
            "sentiment:bulletin_send",
        )
        for row in (
            post(name, "bulletin.c1_draft", ok="ed", rest=404),
            post(name, "bulletin.c1_issued", ok="ed", e403="ld", rest=404),
            post(name, "bulletin.c2_issued", ok="s2", rest=404),
        )
    ],
    post("sentiment:bulletin_delete", "bulletin.c1_draft", ok="ed", rest=404),
    post("sentiment:bulletin_delete", "bulletin.c1_issued", e302="ed ld", rest=404),
    post("sentiment:bulletin_document", {"pk": "bulletin.c1_issued", "fmt": "pdf"}, ok="ed ld", rest=404),
    post("sentiment:bulletin_document", {"pk": "bulletin.c1_draft", "fmt": "pdf"}, e302="ed", rest=404),
    post("sentiment:bulletin_document", {"pk": "bulletin.c2_issued", "fmt": "pdf"}, ok="s2", rest=404),
    page("sentiment:quotas", ok="ed ld s2"),
    page("sentiment:my_quotas", ok="*"),
    page("sentiment:quota_new", ok="ed s2"),
    page("sentiment:quota_edit", "quota.c1", ok="ed", e404="s2"),
    page("sentiment:quota_edit", "quota.c2", ok="s2", e404="ed"),
    page("sentiment:stats", ok="ed ld s2"),
    page("sentiment:settings", ok="ed ld s2"),
    # --- Django's admin: representative pages; only is_staff accounts (adm) get in --------------
    page("admin:index", ok="adm", rest=LOGIN),
    page("admin:members_user_changelist", ok="adm", rest=LOGIN),
    page("admin:members_member_changelist", ok="adm", rest=LOGIN),
    page("admin:members_member_change", {"object_id": "member.A"}, ok="adm", rest=LOGIN),
    page("admin:proposals_proposal_changelist", ok="adm", rest=LOGIN),
    page("admin:sentiment_report_changelist", ok="adm", rest=LOGIN),
]


def covered_names():
    return {rule.name for rule in RULES}
