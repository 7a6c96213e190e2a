"""New backup codes travel from the action that made them to the page that shows them once."""

NEW_CODES = "accounts.new_backup_codes"


def hand_over(request, codes, next_url):
    request.session[NEW_CODES] = {"codes": codes, "next": next_url}


def take(request):
    """The codes to show now (and never again), or None."""
    return request.session.pop(NEW_CODES, None)
