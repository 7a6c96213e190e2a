"""Uploaded files, safely: a size limit, the type sniffed from the content (not the name),
random stored names under MEDIA_ROOT (never under static), and downloads only through views that
check permission first (`protected_download`).

    class ProposalAttachment(models.Model):
        file = models.FileField(upload_to=upload_path("proposals"), validators=[validate_document_upload])
        original_name = models.CharField(max_length=200)
"""

import uuid
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename

from cppcc_portal.core.signals import file_downloaded

# What committees attach: PDF, Word (doc/docx), images. Sniffed type → allowed extensions.
DOCUMENT_TYPES = {
    "application/pdf": {"pdf"},
    "application/msword": {"doc"},  # an OLE file with a WordDocument stream (see sniff)
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},  # a zip with word/document.xml
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
}
IMAGE_TYPES = {k: v for k, v in DOCUMENT_TYPES.items() if k.startswith("image/")}


SAFE_EXT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@deconstructible
class UploadPath:
    """upload_to for FileFields: folder/YYYY/MM/<random>.<ext>; the original name is kept in the
    row. A class (not a closure) so migrations can write it down."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        # Only the random name and a plain extension reach the disk: nothing of the sender's name.
        ext = "".join(ch for ch in PurePath(filename).suffix.lower().lstrip(".") if ch in SAFE_EXT_CHARS)[:8] or "bin"
        now = timezone.localdate()
        return f"{self.folder}/{now:%Y/%m}/{uuid.uuid4().hex}.{ext}"

    def __eq__(self, other):
        return isinstance(other, UploadPath) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)


def upload_path(folder):
    return UploadPath(folder)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORD_STREAM = "WordDocument".encode("utf-16-le")  # the stream every Word 97–2003 file has


def sniff(upload):
    """The type the content says, or None. The containers Word uses are checked inside: an OLE
    file is a .doc only with a WordDocument stream (an .msi or .xls is OLE too), a zip is a
    .docx only with word/document.xml, a .xlsx only with xl/workbook.xml (not any archive renamed)."""
    import filetype

    pos = upload.tell() if hasattr(upload, "tell") else 0
    head = upload.read(8192)
    upload.seek(pos)
    if head[:8] == OLE_MAGIC:
        return "application/msword" if _contains(upload, WORD_STREAM) else "application/x-ole-storage"
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in ("application/zip", DOCX, XLSX):
        return _office_package(upload) or "application/zip"
    return mime


def _contains(upload, needle, chunk=1 << 20):
    pos = upload.tell()
    upload.seek(0)
    tail = b""
    try:
        while block := upload.read(chunk):
            if needle in tail + block:
                return True
            tail = block[-len(needle) :]
        return False
    finally:
        upload.seek(pos)


def _office_package(upload):
    """DOCX or XLSX when the zip holds that format's main part, else None."""
    import zipfile

    pos = upload.tell()
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(pos)
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def validate_upload(upload, allowed=DOCUMENT_TYPES, max_bytes=None, refusal=None):
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"文件“{upload.name}”超过 {limit // 1024 // 1024} MB，请压缩后再上传")
    ext = PurePath(upload.name).suffix.lower().lstrip(".")
    mime = sniff(upload)
    if mime not in allowed or ext not in allowed[mime]:
        kinds = "、".join(sorted({e for exts in allowed.values() for e in exts}))
        raise ValidationError(
            (refusal or "文件“{name}”的类型不被接受，只能上传 {kinds} 文件（按文件内容识别）").format(
                name=upload.name, kinds=kinds
            )
        )


def validate_document_upload(upload):
    validate_upload(upload, DOCUMENT_TYPES)


def validate_image_upload(upload):
    validate_upload(upload, IMAGE_TYPES)


def validate_spreadsheet_upload(upload):
    """Excel imports (members, sign-in sheets): read, never stored, but checked the same way."""
    validate_upload(upload, {XLSX: {"xlsx"}}, refusal="文件不是有效的 Excel (.xlsx) 文件（“{name}”，按文件内容识别）")


def safe_display_name(name):
    """A name fit for Content-Disposition: no paths, no control characters, Chinese kept."""
    base = PurePath(str(name).replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?/')
    return cleaned[:150] or get_valid_filename("file")


def original_name(upload, limit=200):
    """The sender's file name as the record keeps it for display only: no folders, no control or
    direction-changing characters, no quotes; the stored file has a random name of its own."""
    return safe_display_name(getattr(upload, "name", "") or "")[:limit]


def protected_download(fieldfile, display_name, *, inline=False):
    """Stream a stored file; call only after the view has checked the user may see it. Every
    download is announced for the security audit log before the file is sent."""
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = safe_display_name(display_name)
    try:
        file_downloaded.send(sender=protected_download, instance=fieldfile.instance, name=name, inline=inline)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, as_attachment=not inline, filename=name)
    response["Content-Disposition"] = f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def delete_file_on_commit(fieldfile):
    """Remove a stored file once the transaction that drops its row commits: a delete that is
    rolled back must leave both the row and its file."""
    name, storage = fieldfile.name, fieldfile.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
