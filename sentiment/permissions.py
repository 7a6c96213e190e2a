"""Who may see and do what in 社情民意. One place for the app.

- Editors (社情民意编辑) work on their own committee's reports only. A lower committee's reports
  reach them only as the copies it sent up; another committee's unsent reports are never visible.
- Writers (members, the submitters of a body, staff who wrote one) see the reports they wrote.
- Leaders (领导) read their committee's issued reports, bulletins and statistics."""

from members.roles import STAFF_ROLES, Role


def is_editor(user):
    return user.is_authenticated and user.has_role(Role.REPORT_EDITOR) and user.committee_id is not None


def is_editor_of(user, committee_id):
    return is_editor(user) and user.committee_id == committee_id


def is_leader(user):
    return user.is_authenticated and user.has_role(Role.LEADER) and user.committee_id is not None


def can_read_office(user):
    """Bulletins, adoptions and statistics of the user's committee."""
    return is_editor(user) or is_leader(user)


def writer_choices(user):
    """How this user may sign a report: as a member, for a body, or as staff. [(key, label, obj)]."""
    choices = []
    member = user.member if user.is_authenticated else None
    if member is not None and user.has_role(Role.MEMBER):
        choices.append(("member", f"{member.name}（委员个人）", member))
    for body in user.bodies.filter(is_active=True, committee_id=user.committee_id):
        choices.append((f"body:{body.pk}", f"{body.name}（集体）", body))
    if not choices and user.has_role(*STAFF_ROLES) and user.committee_id:
        choices.append(("staff", f"{user.display_name}（机关工作人员）", user))
    return choices


def can_write(user):
    """Cheap enough for the menu on every page: the full choice list is only built on the form."""
    if not (user.is_authenticated and user.committee_id is not None):
        return False
    if user.has_role(*STAFF_ROLES) or (user.has_role(Role.MEMBER) and user.member is not None):
        return True
    return bool(user.body_ids)


def is_writer_of(user, report):
    if not user.is_authenticated:
        return False
    if report.submitted_by_id == user.pk and report.source in ("member", "body", "staff"):
        return True
    body_ids = set(user.bodies.values_list("pk", flat=True))
    for writer in report.writers.all():
        if writer.user_id == user.pk or (writer.member_id and writer.member.user_id == user.pk):
            return True
        if writer.body_id and writer.body_id in body_ids:
            return True
    return False


def can_download_attachment(user, report):
    from sentiment.selectors import visible_reports

    return visible_reports(user).filter(pk=report.pk).exists()
