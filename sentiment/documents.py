"""The bulletin 《社情民意》 as an official PDF (GB/T 9704 page, red masthead, 第N期（总第M期）,
issuing office and date, each report's title, text and attribution, the 报/送/发 distribution at
the foot) and as DOCX for editors who rework it in Word or WPS."""

import io

from django.utils import timezone

from cppcc_portal.core.chinese import cn_date
from cppcc_portal.core.text import xml_safe
from cppcc_portal.documents.pdf import render_official
from cppcc_portal.documents.registry import DocxResult, document_kind
from sentiment.models import Bulletin, BulletinKind, DestinationGroup
from sentiment.rules import ensure_rules
from sentiment.services.reports import attribution_of

LINE_CHARS = 19  # 22 pt title characters that fit the 156 mm type area


def title_lines(title):
    """Break a long title by meaning: at word boundaries (jieba), preferring after 的/和/与/及,
    so no word is split and the lines are about even (GB/T 9704's trapezoid)."""
    if len(title) <= LINE_CHARS:
        return [title]
    from cppcc_portal.core.search import _jieba

    words = list(_jieba().cut(title))
    lines, rest = [], words
    while sum(len(w) for w in rest) > LINE_CHARS:
        total = sum(len(w) for w in rest)
        count = -(-total // LINE_CHARS)
        goal = total / count
        best, pos = None, 0
        for i, w in enumerate(rest[:-1]):
            pos += len(w)
            if pos > LINE_CHARS:
                break
            score = abs(pos - goal) - (2 if w[-1] in "的和与及、，" else 0)
            if best is None or score < best[0]:
                best = (score, i + 1)
        cut = best[1] if best else 1
        lines.append("".join(rest[:cut]))
        rest = rest[cut:]
    lines.append("".join(rest))
    return [line for line in lines if line]


def bulletin_context(bulletin):
    committee = bulletin.committee
    settings = ensure_rules(committee)
    reports = list(
        bulletin.reports.prefetch_related("writers")
        .select_related("committee", "from_committee")
        .order_by("bulletin_order", "id")
    )
    for r in reports:
        r.title_lines = title_lines(r.title)
        r.paragraphs = [p.strip() for p in r.content.splitlines() if p.strip()]
        r.attribution = attribution_of(r)
    groups = {}
    for d in bulletin.destinations.order_by("group", "order", "id"):
        groups.setdefault(d.group, []).append(d.name)
    distribution = [(g, "，".join(groups[g])) for g in DestinationGroup.values if g in groups]
    masthead = settings.bulletin_name + ("专报" if bulletin.kind == BulletinKind.SPECIAL else "")
    issued_on = bulletin.issued_on or timezone.localdate()
    return {
        "title": bulletin.label,
        "bulletin": bulletin,
        "committee": committee,
        "reports": reports,
        "distribution": distribution,
        "masthead": masthead,
        "issued_on_text": cn_date(issued_on),
    }


def _bulletin(doc):
    return Bulletin.objects.select_related("committee").get(pk=doc.params["bulletin_id"], committee_id=doc.committee_id)


@document_kind("sentiment_bulletin", label="《社情民意》刊期")
def bulletin_pdf(doc, progress):
    bulletin = _bulletin(doc)
    progress(1, 2, "正在排版")
    return [render_official("sentiment/pdf/bulletin.html", bulletin_context(bulletin))]


@document_kind("sentiment_bulletin_docx", label="《社情民意》刊期（Word）", file_format="docx")
def bulletin_docx(doc, progress):
    return DocxResult(build_docx(bulletin_context(_bulletin(doc))))


def build_docx(ctx):
    """The same layout in Word: A4, GB/T 9704 margins, 仿宋-role 16 pt body, red masthead and rule."""
    from django.conf import settings
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    fonts = settings.OFFICIAL_FONTS
    red = RGBColor(0xD4, 0x00, 0x00)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def run(paragraph, text, *, role="body", size=16, bold=False, color=None):
        r = paragraph.add_run(xml_safe(text))  # a row stored before control characters were refused
        r.font.name = fonts[role]
        r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts[role])
        r.font.size, r.font.bold = Pt(size), bold
        if color is not None:
            r.font.color.rgb = color
        return r

    def para(align=None, *, indent=False, space_after=0, line=28.9):
        p = document.add_paragraph()
        fmt = p.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(space_after), Pt(line)
        if indent:
            fmt.first_line_indent = Pt(32)
        if align is not None:
            p.alignment = align
        return p

    def border(p, edge="bottom", size=18, color="D40000"):
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        el = OxmlElement(f"w:{edge}")
        for k, v in {"val": "single", "sz": str(size), "space": "1", "color": color}.items():
            el.set(qn(f"w:{k}"), v)
        bdr.append(el)
        ppr.append(bdr)

    def two_sides(left, right, size=14):
        p = para(line=22)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(156), alignment=2)  # right tab at the type area's edge
        run(p, f"{left}\t{right}", size=size)
        return p

    bulletin = ctx["bulletin"]
    run(para(WD_ALIGN_PARAGRAPH.CENTER, line=60), "  ".join(ctx["masthead"]), role="title", size=48, bold=True, color=red)
    run(para(WD_ALIGN_PARAGRAPH.CENTER, space_after=12), f"第{bulletin.number}期（总第{bulletin.total_number}期）")
    border(two_sides(ctx["committee"].issuing_office, ctx["issued_on_text"]))
    para()
    reports = ctx["reports"]
    if len(reports) > 1:
        run(para(), "本期要目", role="heading")
        for i, r in enumerate(reports, start=1):
            run(para(), f"    {i}. {r.title}")
        para()
    for r in reports:
        title = para(WD_ALIGN_PARAGRAPH.CENTER, space_after=20, line=35)
        for i, line in enumerate(r.title_lines):
            run(title, line, role="title", size=22, bold=True)
            if i < len(r.title_lines) - 1:
                title.add_run().add_break()
        for text in r.paragraphs:
            run(para(WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True), text)
        if r.attribution:
            run(para(WD_ALIGN_PARAGRAPH.RIGHT), r.attribution, role="kai")
        para()
    top = para(line=22)
    border(top, size=12, color="000000")
    for group, names in ctx["distribution"]:
        p = para(line=22)
        run(p, f"{group}：{names}", size=14)
        border(p, size=6, color="000000")
    last = two_sides(ctx["committee"].issuing_office, f"{ctx['issued_on_text']}印发")
    border(last, size=12, color="000000")
    if bulletin.editor_name or bulletin.signer:
        two_sides(
            f"责任编辑：{bulletin.editor_name}" if bulletin.editor_name else "",
            f"签发：{bulletin.signer}" if bulletin.signer else "",
        )
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(footer, "— ", size=14, role="title")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    run(footer, " —", size=14, role="title")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
