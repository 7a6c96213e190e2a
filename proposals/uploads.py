"""Upload paths for this app's files, as module-level functions that the migrations name."""

from cppcc_portal.core.uploads import upload_path


def proposal_attachment_path(instance, filename):
    return upload_path("proposals")(instance, filename)


def opinion_attachment_path(instance, filename):
    return upload_path("proposal-opinions")(instance, filename)


def reply_attachment_path(instance, filename):
    return upload_path("proposal-replies")(instance, filename)
