"""Uploads (issue 8): a size limit with a Chinese message, the type read from the content and not
the name (Word's containers checked inside), random stored names under MEDIA_ROOT, never under the
static files nor at a URL of their own, and downloads only through views that check permission."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse

from cppcc_portal.core.uploads import original_name, upload_path, validate_document_upload, validate_spreadsheet_upload
from proposals import services
from proposals.models import Proposal, ProposalAttachment
from tests.foundation.test_settings import SETUP, run_python
from tests.proposals.conftest import TEXT_GROUNDS, TEXT_SUGGESTIONS

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def zipped(**members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


def real_docx():
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("关于加强乡村教师队伍建设的建议")
    document.save(buffer)
    return buffer.getvalue()


def refused(name, content):
    with pytest.raises(ValidationError, match="类型不被接受"):
        validate_document_upload(SimpleUploadedFile(name, content))


def test_the_type_comes_from_the_content_not_the_name():
    validate_document_upload(SimpleUploadedFile("提案附件.pdf", PDF))
    validate_document_upload(SimpleUploadedFile("调研报告.docx", real_docx()))
    # a Word 97–2003 file: an OLE container whose WordDocument stream may lie far past the header
    validate_document_upload(SimpleUploadedFile("旧版.doc", OLE + b"\x00" * 20000 + "WordDocument".encode("utf-16-le")))
    refused("提案附件.pdf", PNG)  # a picture named .pdf
    refused("提案附件.pdf", EXE)  # a program named .pdf
    refused("照片.png", PDF)
    refused("调研报告.docx", zipped(setup__exe=EXE))  # any archive renamed .docx
    refused("调研报告.docx", zipped(word__document_xml=b"x")[:40])  # a broken zip
    refused("旧版.doc", OLE + b"\x00" * 20000)  # an installer (.msi) or spreadsheet is OLE too
    refused("无扩展名", PDF)  # the name must agree with the content


def test_excel_imports_are_read_only_when_the_content_is_a_workbook():
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    validate_spreadsheet_upload(SimpleUploadedFile("委员名单.xlsx", buffer.getvalue()))
    for content in (PDF, real_docx(), zipped(setup__exe=EXE)):
        with pytest.raises(ValidationError, match="不是有效的 Excel"):
            validate_spreadsheet_upload(SimpleUploadedFile("委员名单.xlsx", content))


def test_the_size_limit_is_a_setting_with_a_chinese_message(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    validate_document_upload(SimpleUploadedFile("刚好.pdf", PDF + b"0" * (1024 * 1024 - len(PDF))))
    with pytest.raises(ValidationError, match="文件“太大.pdf”超过 1 MB，请压缩后再上传"):
        validate_document_upload(SimpleUploadedFile("太大.pdf", PDF + b"0" * (1024 * 1024)))


@pytest.mark.django_db
def test_a_refused_upload_is_explained_and_the_form_keeps_its_data(client, member_a, category, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(member_a.user)
    data = {"title": "关于加强乡村教师队伍建设的建议", "category": category.pk, "timing": "plenary"}
    data |= {"grounds": TEXT_GROUNDS, "suggestions": TEXT_SUGGESTIONS, "action": "save"}
    for upload, message in (
        (SimpleUploadedFile("调研数据.pdf", PDF + b"0" * (2 * 1024 * 1024)), "超过 1 MB"),
        (SimpleUploadedFile("伪装.pdf", EXE), "类型不被接受"),
    ):
        response = client.post(reverse("proposals:create"), {**data, "attachments": [upload]})
        page = response.content.decode()
        assert response.status_code == 200 and message in page
        assert 'value="关于加强乡村教师队伍建设的建议"' in page  # nothing typed is lost
    assert not Proposal.objects.exists() and not ProposalAttachment.objects.exists()


def test_stored_names_are_random_and_plain_whatever_the_sender_called_the_file():
    make = upload_path("proposals")
    for name in ("../../../etc/passwd.pdf", "报告\x00\n.pdf", "a.p/../df", "x.pdf\u202e", "无扩展名"):
        stored = make(None, name)
        assert re.fullmatch(r"proposals/\d{4}/\d{2}/[0-9a-f]{32}\.[a-z0-9]{1,8}", stored), stored
    # what the record keeps of the name is for display only: no folders, control or direction characters
    assert original_name(SimpleUploadedFile("C:\\材料\\报告\u202efdp.exe\n.pdf", PDF)) == "报告fdp.exe.pdf"
    assert original_name(SimpleUploadedFile("../../材料/会议纪要.pdf", PDF)) == "会议纪要.pdf"


@pytest.mark.django_db
def test_files_are_served_only_through_the_permission_checked_view(client, member_a, member_b, make_draft, proposal_staff):
    draft = make_draft(member_a)
    upload = SimpleUploadedFile("报告\u202efdp.exe\n.pdf", PDF, content_type="application/pdf")
    attachment = services.attachment_add(draft, user=member_a.user, upload=upload)
    attachment.refresh_from_db()
    stored = Path(attachment.file.path).resolve()
    media, static = Path(settings.MEDIA_ROOT).resolve(), Path(settings.STATIC_ROOT).resolve()
    assert media in stored.parents and static not in stored.parents
    assert stored.read_bytes() == PDF and attachment.original_name == "报告fdp.exe.pdf"
    # no URL serves the media folder: not the media URL, not the static one
    for url in (settings.MEDIA_URL + attachment.file.name, settings.STATIC_URL + attachment.file.name):
        with pytest.raises(Resolver404):
            resolve(url)
    client.force_login(member_a.user)
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404
    url = reverse("proposals:attachment", args=[draft.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "filename*=UTF-8''%E6%8A%A5%E5%91%8Afdp.exe.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    # another member's attachment, and the same one for staff while it is a draft: not found
    for other in (member_b.user, proposal_staff):
        client.force_login(other)
        response = client.get(url)
        assert response.status_code == 404 and PDF not in response.content


def test_media_root_may_not_overlap_the_static_files():
    out = run_python(
        SETUP + "print(settings.MEDIA_ROOT)",
        STATIC_ROOT="/tmp/cppcc-overlap/static",
        MEDIA_ROOT="/tmp/cppcc-overlap/static/media",
    )
    assert out.returncode != 0 and "MEDIA_ROOT" in out.stderr and "不能与静态文件目录" in out.stderr
    out = run_python(SETUP + "print(settings.MEDIA_ROOT)", STATIC_ROOT="/tmp/cppcc-overlap/www", MEDIA_ROOT="/tmp/cppcc-overlap")
    assert out.returncode != 0 and "MEDIA_ROOT" in out.stderr
    out = run_python(
        SETUP + "print(settings.MEDIA_ROOT)", STATIC_ROOT="/tmp/cppcc-apart/static", MEDIA_ROOT="/tmp/cppcc-apart/media"
    )
    assert out.returncode == 0, out.stderr


def test_production_serves_no_media_url():
    from tests.trust.test_settings_profile import PRODUCTION

    code = SETUP.replace("; ", "\n") + (
        "from django.urls import resolve, Resolver404\n"
        "for url in ('/media/proposals/2025/01/a.pdf', '/static/../media/a.pdf'):\n"
        "    try:\n"
        "        resolve(url); print('served', url)\n"
        "    except Resolver404:\n"
        "        print('none')\n"
        "print(getattr(settings, 'WHITENOISE_ROOT', None))\n"  # WhiteNoise serves STATIC_ROOT and nothing else
    )
    out = run_python(code, **PRODUCTION)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["none", "none", "None"]
