"""Exports and downloads, from the one shared place each goes through: every Excel workbook is
written by core.excel.workbook_bytes, every stored file is sent by core.uploads.protected_download.
Both announce themselves before the file leaves, so a download whose event cannot be written is
not sent."""

from cppcc_portal.audit.context import current_request
from cppcc_portal.audit.models import Action
from cppcc_portal.audit.recording import record
from cppcc_portal.core.signals import file_downloaded, workbook_exported


def _page(request):
    return request.get_full_path()[:500] if request is not None else ""


def exported(sender, title, rows, **kwargs):
    request = current_request()
    record(Action.EXPORT, request=request, object_text=title, detail={"rows": rows, "page": _page(request)})


def downloaded(sender, instance, name, inline=False, **kwargs):
    record(Action.DOWNLOAD, obj=instance, detail={"file": name, "inline": inline})


def connect():
    workbook_exported.connect(exported, dispatch_uid="audit-workbook-exported")
    file_downloaded.connect(downloaded, dispatch_uid="audit-file-downloaded")
