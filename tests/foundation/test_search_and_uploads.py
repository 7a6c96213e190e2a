"""Shared Chinese search, similarity and safe uploads."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from cppcc_portal.core.search import fulltext_filter, most_similar, query_terms, segment
from cppcc_portal.core.uploads import safe_display_name, validate_document_upload, validate_image_upload
from members.models import DutyRecord

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def test_segmenting_finds_two_character_words():
    words = segment("关于加强农村义务教育学校师资队伍建设的建议").split()
    assert {"农村", "教育", "义务教育", "师资"} <= set(words)
    assert query_terms("农村 教育") == ["农村", "教育"]
    assert set(query_terms("非物质")) <= set(segment("关于保护非物质文化遗产的建议").split())
    assert "非" not in query_terms("非物质")


def test_fulltext_filter_matches_two_character_terms(member_a):
    # DutyRecord.detail stands in for any model's segmented search column
    texts = ["关于加强农村义务教育学校师资队伍建设的建议", "关于推进城市医疗资源下沉的建议", "关于农村养老服务的建议"]
    for i, text in enumerate(texts):
        DutyRecord.objects.create(
            committee=member_a.committee,
            member=member_a,
            term=member_a.term,
            kind="research",
            occurred_on="2026-05-01",
            year=2026,
            title=text,
            detail=segment(text),
            source=f"t:{i}",
        )
    qs = DutyRecord.objects.all()
    assert [r.title for r in fulltext_filter(qs, "detail", "教育")] == [texts[0]]
    assert {r.title for r in fulltext_filter(qs, "detail", "农村")} == {texts[0], texts[2]}
    assert list(fulltext_filter(qs, "detail", "农村 医疗")) == []
    assert fulltext_filter(qs, "detail", "  ").count() == 3
    if connection.vendor == "postgresql":
        sql = str(fulltext_filter(qs, "detail", "教育").query)
        assert "to_tsvector('simple'::regconfig" in sql and "@@" in sql


def test_odd_search_input_is_harmless(member_a):
    qs = DutyRecord.objects.all()
    for text in ["'); DROP TABLE x; --", "a & b | !c", "（）", "教育:*", "\\"]:
        list(fulltext_filter(qs, "detail", text))


def test_most_similar_ranks_the_near_duplicate_first():
    target = "关于加强农村学校教师队伍建设的建议：农村教师待遇低、流失严重"
    candidates = [
        (1, "关于推进城市医疗资源下沉基层的建议"),
        (2, "关于加强农村义务教育学校师资队伍建设的建议，提高农村教师待遇"),
        (3, "关于发展夜间经济促进消费的建议"),
    ]
    ranked = most_similar(target, candidates)
    assert ranked[0][1] == 2 and all(key != 3 for _, key in ranked)


def test_uploads_are_checked_by_content():
    validate_document_upload(SimpleUploadedFile("提案附件.pdf", PDF))
    validate_image_upload(SimpleUploadedFile("照片.png", PNG))
    with pytest.raises(ValidationError, match="类型不被接受"):
        validate_document_upload(SimpleUploadedFile("伪装.pdf", b"MZ\x90\x00 this is an exe"))
    with pytest.raises(ValidationError, match="类型不被接受"):
        validate_image_upload(SimpleUploadedFile("照片.png", PDF))
    with pytest.raises(ValidationError, match="超过"):
        big = SimpleUploadedFile("大文件.pdf", PDF + b"0" * (21 * 1024 * 1024))
        validate_document_upload(big)


def test_display_names_are_safe():
    assert safe_display_name("../../etc/passwd") == "passwd"
    assert safe_display_name('关于"教育"的建议.pdf') == "关于教育的建议.pdf"
    assert safe_display_name("C:\\Users\\a\\附件.docx") == "附件.docx"


def test_upload_path_is_random_and_can_be_written_into_a_migration():
    from django.db.migrations.writer import MigrationWriter

    from cppcc_portal.core.uploads import upload_path

    first, second = upload_path("proposals")(None, "提案附件.PDF"), upload_path("proposals")(None, "提案附件.PDF")
    assert first != second and first.startswith("proposals/") and first.endswith(".pdf")
    code, imports = MigrationWriter.serialize(upload_path("proposals"))
    assert code == "cppcc_portal.core.uploads.UploadPath('proposals')"
