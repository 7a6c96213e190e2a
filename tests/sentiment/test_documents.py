"""The bulletin as PDF in the official layout and as DOCX."""

import io
import subprocess

import pytest

from cppcc_portal.documents.models import DocumentStatus, GeneratedDocument
from cppcc_portal.documents.services import document_render
from sentiment.documents import title_lines
from tests.sentiment.conftest import TEXT

pytestmark = pytest.mark.django_db

LONG_TITLE = "关于加快推进城乡义务教育一体化发展和农村学校标准化建设的建议"


@pytest.fixture
def issued(county_member, county_member_2, county_editor, make_report, publish):
    from sentiment.services import bulletins as bulletin_services
    from sentiment.services import reports as services

    first = make_report(county_member.user, title=LONG_TITLE, content=TEXT + "\n" + TEXT)
    second = make_report(county_member_2.user, title="关于乡村公交延伸到自然村的建议")
    for r in (first, second):
        services.report_start_editing(r, user=county_editor)
        services.report_sign_off(r, user=county_editor)
    bulletin = bulletin_services.bulletin_create(user=county_editor, signer="王主任")
    for r in (first, second):
        bulletin_services.bulletin_add_report(bulletin, r, user=county_editor)
    bulletin_services.bulletin_issue(bulletin, user=county_editor)
    bulletin.refresh_from_db()
    return bulletin


def _render(client, editor, bulletin, fmt):
    client.force_login(editor)
    response = client.post(f"/sentiment/bulletins/{bulletin.pk}/{fmt}/")
    doc = GeneratedDocument.objects.get(kind="sentiment_bulletin" + ("_docx" if fmt == "docx" else ""))
    assert response["Location"] == f"/documents/{doc.pk}/"
    document_render(doc.pk)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DONE, doc.error
    return doc


def test_bulletin_pdf_has_the_official_parts(client, county_editor, issued, tmp_path):
    doc = _render(client, county_editor, issued, "pdf")
    text = subprocess.run(["pdftotext", "-layout", doc.file.path, "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "社情民意" in flat and "第1期（总第1期）" in flat
    assert "政协临江市青山区委员会办公室" in flat or "青山区政协办公室" in flat
    assert "".join(LONG_TITLE.split()) in flat and "关于乡村公交延伸到自然村的建议" in flat
    assert "（教育界张青山委员反映）" in flat and "（教育界刘碧水委员反映）" in flat
    assert "本期要目" in flat
    assert "报：中共青山区委，青山区人民政府，临江市政协" in flat and "送：青山区委办公室，青山区政府办公室" in flat
    assert f"{issued.issued_on.year}年{issued.issued_on.month}月{issued.issued_on.day}日印发" in flat and "签发：王主任" in flat
    assert "—1—" in flat
    fonts = subprocess.run(["pdffonts", doc.file.path], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts
    # the masthead is red: render page 1 and look for the red of .masthead near the top
    subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", doc.file.path, str(tmp_path / "p")], check=True)
    from PIL import Image

    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    top = image.crop((0, 0, image.width, image.height // 4))
    raw = top.tobytes()
    reds = sum(1 for i in range(0, len(raw), 3) if raw[i] > 180 and raw[i + 1] < 80 and raw[i + 2] < 80)
    assert reds > 50


def test_bulletin_docx_opens_with_the_same_text(client, county_editor, issued):
    from docx import Document

    doc = _render(client, county_editor, issued, "docx")
    assert doc.file.name.endswith(".docx")
    with doc.file.open("rb") as fh:
        word = Document(io.BytesIO(fh.read()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "第1期（总第1期）" in text and "关于乡村公交延伸到自然村的建议" in text
    assert "（教育界 张青山委员反映）" in text and "报：中共青山区委，青山区人民政府，临江市政协" in text
    masthead = word.paragraphs[0].runs[0]
    assert str(masthead.font.color.rgb) == "D40000" and masthead.font.size.pt == 48


def test_no_document_for_a_draft_bulletin_or_another_committee(client, county_editor, city_editor):
    from sentiment.services import bulletins as bulletin_services

    draft = bulletin_services.bulletin_create(user=county_editor)
    client.force_login(county_editor)
    client.post(f"/sentiment/bulletins/{draft.pk}/pdf/")
    assert not GeneratedDocument.objects.exists()
    client.force_login(city_editor)
    assert client.post(f"/sentiment/bulletins/{draft.pk}/pdf/").status_code == 404


def test_long_titles_break_between_words():
    lines = title_lines(LONG_TITLE)
    assert "".join(lines) == LONG_TITLE and len(lines) == 2
    assert all(len(line) <= 19 for line in lines)
    assert not lines[0].endswith("一体") and not lines[1].startswith("化")
    assert title_lines("关于乡村公交的建议") == ["关于乡村公交的建议"]
