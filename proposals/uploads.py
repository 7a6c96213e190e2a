"""Upload paths for this app's files. `cppcc_portal.core.uploads.upload_path` builds closures that
migrations cannot import by name, so each one is bound to a module-level name here."""

from cppcc_portal.core.uploads import upload_path


def _named(folder, name):
    fn = upload_path(folder)
    fn.__module__ = __name__
    fn.__name__ = fn.__qualname__ = name
    return fn


proposal_attachment_path = _named("proposals", "proposal_attachment_path")
opinion_attachment_path = _named("proposal-opinions", "opinion_attachment_path")
reply_attachment_path = _named("proposal-replies", "reply_attachment_path")
