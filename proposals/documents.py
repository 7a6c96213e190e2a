"""Documents of the proposals app, rendered by the worker through the shared pipeline:
提案表 (one proposal), the reply letter, a DOCX of one proposal for clerks, and the session's
提案汇编 rendered in chunks with page numbers running on across chunks and a contents page
that prints where each proposal starts.

The 提案汇编's chunks are rendered by every free documents worker at once (documents/parts.py):
first the chunks without page numbers, then, once their pages are counted, each chunk gets its
numbers stamped on (documents/numbering.py), then the contents, the cover and the merge."""

import io
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from cppcc_portal.core.chinese import cn_date, cn_number
from cppcc_portal.core.text import xml_safe
from cppcc_portal.documents.numbering import number_pages
from cppcc_portal.documents.parts import PartOutput, discard_parts, local_path, part_renderer, run_stage
from cppcc_portal.documents.pdf import render_official
from cppcc_portal.documents.registry import DocxResult, PdfFileResult, document_kind
from members.models import Committee, Session
from proposals.dates import local_date
from proposals.models import (
    NUMBERED_STATES,
    Assignment,
    AssignmentStatus,
    CosignStatus,
    Proposal,
    Reply,
    UnitRole,
)

COMPILATION_CHUNK = 25  # proposals per rendered part: bounds the worker's memory


def _proposal(pk):
    return Proposal.objects.select_related(
        "session__term",
        "category",
        "proposer__user",
        "proposer__sector",
        "body",
        "suggested_unit",
        "committee",
        "rejection_ground",
    ).get(pk=pk)


def _people(proposal):
    rows = []
    if proposal.proposer_id:
        rows.append(proposal.proposer)
    rows += [
        inv.member
        for inv in proposal.invitations.filter(status=CosignStatus.ACCEPTED)
        .select_related("member__user", "member__sector")
        .order_by("responded_at", "id")
    ]
    return rows


def _paragraphs(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def addressee(proposal):
    """ "李明华委员：" / "李明华等委员：" / "民盟临江市委员会：" """
    if proposal.body_id:
        return f"{proposal.body.name}："
    if proposal.invitations.filter(status=CosignStatus.ACCEPTED).exists():
        return f"{proposal.proposer.name}等委员："
    return f"{proposal.proposer.name}委员："


def session_label(proposal):
    return f"{cn_number(proposal.session.term.number)}届{cn_number(proposal.session.number)}次会议"


def reply_title_lines(proposal):
    """关于X届X次会议 / 第N号提案的答复 — broken by meaning (GB/T 9704 title)."""
    return [f"关于{session_label(proposal)}", f"第{proposal.number}号提案的答复"]


@document_kind("proposal_form", label="提案表", personal=True)
def proposal_form(doc, progress):
    proposal = _proposal(doc.params["proposal_id"])
    assignments = list(
        proposal.assignments.exclude(status=AssignmentStatus.REASSIGNED).select_related("unit").order_by("round", "role", "id")
    )
    progress(1, 2, "已读取提案")
    return [
        render_official(
            "proposals/pdf/form.html",
            {
                "p": proposal,
                "people": _people(proposal),
                "grounds": _paragraphs(proposal.grounds),
                "suggestions": _paragraphs(proposal.suggestions),
                "assignments": assignments,
                "session_label": session_label(proposal),
                "submitted_on": local_date(proposal.submitted_at),
                "accepted_on": local_date(proposal.accepted_at),
                "assigned_on": local_date(proposal.assigned_at),
                "title": doc.title,
            },
        )
    ]


@document_kind("reply_letter", label="提案答复函", personal=True)
def reply_letter(doc, progress):
    reply = Reply.objects.select_related("assignment__unit", "proposal").get(pk=doc.params["reply_id"])
    proposal = _proposal(reply.proposal_id)
    opinions = (
        list(
            Assignment.objects.filter(proposal=proposal, round=reply.round, role=UnitRole.CO)
            .exclude(status=AssignmentStatus.REASSIGNED)
            .select_related("unit", "co_opinion")
        )
        if reply.assignment.role == UnitRole.LEAD
        else []
    )
    committee = proposal.committee
    return [
        render_official(
            "proposals/pdf/reply.html",
            {
                "p": proposal,
                "reply": reply,
                "unit": reply.assignment.unit,
                "title_lines": reply_title_lines(proposal),
                "addressee": addressee(proposal),
                "paragraphs": _paragraphs(reply.text),
                "date": local_date(reply.submitted_at),
                "copy_to": f"{committee.short_name.removesuffix('政协')}政协提案委员会，{committee.short_name.removesuffix('政协')}人民政府办公室",
                "co_opinions": [(a.unit, _paragraphs(a.co_opinion.text)) for a in opinions if hasattr(a, "co_opinion")],
                "title": doc.title,
            },
        )
    ]


@document_kind("proposal_docx", label="提案（Word）", file_format="docx", personal=True)
def proposal_docx(doc, progress):
    """The proposal as an editable Word file, for clerks who work in WPS/Word."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    proposal = _proposal(doc.params["proposal_id"])
    people = _people(proposal)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = settings.OFFICIAL_FONTS["body"]
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), settings.OFFICIAL_FONTS["body"])

    def para(text, *, size=16, bold=False, center=False, indent=True):
        p = document.add_paragraph()
        run = p.add_run(xml_safe(text))  # a row stored before control characters were refused
        run.font.size, run.bold = Pt(size), bold
        run.font.name = settings.OFFICIAL_FONTS["title" if size > 16 else "body"]
        run.element.rPr.rFonts.set(qn("w:eastAsia"), run.font.name)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        return p

    para(f"{proposal.committee.name}", size=16, center=True)
    para(
        f"{session_label(proposal)}{'第' + str(proposal.number) + '号' if proposal.number else ''}提案",
        size=22,
        bold=True,
        center=True,
    )
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        ("案由", proposal.title),
        ("提案人" if not proposal.body_id else "提案单位", proposal.proposer_name),
        ("联名人", "、".join(m.name for m in people[1:]) or "—"),
        ("提案类型", proposal.get_kind_display()),
        ("类别", proposal.category.name if proposal.category_id else "—"),
        ("提出时间", proposal.get_timing_display()),
        ("建议承办单位", str(proposal.suggested_unit or "—")),
        ("提交日期", cn_date(local_date(proposal.submitted_at)) if proposal.submitted_at else "—"),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, xml_safe(value)
    para("情况分析", bold=True, indent=False)
    for line in _paragraphs(proposal.grounds):
        para(line)
    para("具体建议", bold=True, indent=False)
    for line in _paragraphs(proposal.suggestions):
        para(line)
    buffer = io.BytesIO()
    document.save(buffer)
    progress(1, 1, "已生成")
    return DocxResult(buffer.getvalue())


# --- 提案汇编 -------------------------------------------------------------------------------


def compilation_proposals(session_id):
    """Accepted proposals in contents order: by category, then by number; replies prefetched."""
    replies = Reply.objects.select_related("assignment__unit").order_by("round", "id")
    return (
        Proposal.objects.filter(session_id=session_id, status__in=NUMBERED_STATES)
        .select_related("category", "proposer__user", "proposer__sector", "body")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("category__order", "category_id", "number")
    )


def _cosigner_names(proposal_ids):
    names = {}
    from proposals.models import CosignInvitation

    rows = (
        CosignInvitation.objects.filter(proposal_id__in=proposal_ids, status=CosignStatus.ACCEPTED)
        .select_related("member__user")
        .order_by("responded_at", "id")
    )
    for inv in rows:
        names.setdefault(inv.proposal_id, []).append(inv.member.name)
    return names


def _render_part(html):
    """Render one part; returns (pdf bytes, pages, {anchor: page index})."""
    from weasyprint import HTML

    from cppcc_portal.documents.rendering import PortalURLFetcher

    base_url = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=PortalURLFetcher()).render()
    anchors = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    data = document.write_pdf()
    pages = len(document.pages)
    del document
    return data, pages, anchors


def merge_parts(paths, target):
    """Join the parts into one PDF. poppler's pdfunite streams them (~20 MB however long the
    book); pypdf, the fallback where poppler is absent, holds every page (~450 MB at 2,400 pages)."""
    import shutil
    import subprocess

    from cppcc_portal.documents.rendering import merge_pdfs

    pdfunite = shutil.which("pdfunite")
    if pdfunite is None:
        merge_pdfs(paths, target)
    else:
        subprocess.run([pdfunite, *map(str, paths), str(target)], check=True, capture_output=True, timeout=1200)


CONTENTS_ROWS = 300  # contents entries per rendered part


@dataclass(frozen=True)
class ContentsEntry:
    number: int
    title: str
    proposers: str
    page: int


def _render_contents(tmp, contents, title, count):
    """The contents, by category, in parts of CONTENTS_ROWS entries whose page numbers (Roman)
    run on like the body's; a category that goes on into the next part is headed again (续)."""
    lines = []
    for i, (name, rows) in enumerate(contents.items()):
        lines.append(("group", (cn_number(i + 1), name, len(rows))))
        lines += [("row", row) for row in rows]
    parts, chunk, group, rows_in_chunk = [], [], None, 0
    for kind, value in lines:
        if kind == "group":
            group = value
        elif rows_in_chunk >= CONTENTS_ROWS:
            parts.append(chunk)
            chunk, rows_in_chunk = [("group", (*group, True))], 0
        if kind == "group":
            chunk.append(("group", (*value, False)))
        else:
            chunk.append((kind, value))
            rows_in_chunk += 1
    if chunk:
        parts.append(chunk)
    paths, start_page = [], 1
    for index, items in enumerate(parts):
        html = render_official(
            "proposals/pdf/compilation_contents.html",
            {
                "items": items,
                "first": index == 0,
                "title": title,
                "count": count,
                "start_page": start_page,
                "left_first": start_page % 2 == 0,
            },
        )
        data, pages, _ = _render_part(html)
        path = tmp / f"contents-{index:04d}.pdf"
        path.write_bytes(data)
        paths.append(path)
        start_page += pages
    return paths, start_page - 1


def compilation_chunk_html(session_id, chunk_ids, continues, *, title, start_page=None):
    """One chunk's HTML. `continues` is the category the chunk goes on with (its heading was
    printed before). With `start_page` the chunk prints its own page numbers from there;
    without, they are stamped on later."""
    proposals = list(compilation_proposals(session_id).filter(pk__in=chunk_ids))
    cosigners = _cosigner_names(chunk_ids)
    items, previous = [], continues
    for p in proposals:
        category = p.category.name if p.category_id else "其他"
        items.append(
            {
                "p": p,
                "category": category,
                "category_heading": category != previous,
                "proposers": "、".join([p.proposer_name, *cosigners.get(p.pk, [])]),
                "grounds": _paragraphs(p.grounds),
                "suggestions": _paragraphs(p.suggestions),
                "replies": [
                    {"r": r, "unit": r.assignment.unit, "paragraphs": _paragraphs(r.text), "date": local_date(r.submitted_at)}
                    for r in p.replies.all()
                ],
            }
        )
        previous = category
    html = render_official(
        "proposals/pdf/compilation_chunk.html",
        {"items": items, "start_page": start_page, "left_first": (start_page or 1) % 2 == 0, "title": title},
    )
    # only what the contents prints is kept: the proposals themselves (texts, replies) are let go
    entries = [
        {
            "number": i["p"].number,
            "title": i["p"].title,
            "proposers": i["proposers"][:60],
            "category": i["category"],
            "pk": i["p"].pk,
        }
        for i in items
    ]
    return html, entries


def compilation_chunks(session_id, chunk_size):
    """The chunks' specs: proposal ids in contents order, and the category each goes on with."""
    rows = list(compilation_proposals(session_id).values_list("pk", "category__name"))
    specs = []
    for start in range(0, len(rows), chunk_size):
        previous = (rows[start - 1][1] or "其他") if start else None
        specs.append({"session_id": session_id, "ids": [pk for pk, _ in rows[start : start + chunk_size]], "continues": previous})
    return specs


@part_renderer("proposal_compilation")
def compilation_part(doc, part):
    """A part of the 提案汇编: a chunk of proposals (stage "body"), or its page numbers ("numbers")."""
    if part.stage == "body":
        spec = part.spec
        html, entries = compilation_chunk_html(spec["session_id"], spec["ids"], spec["continues"], title=doc.title)
        data, pages, anchors = _render_part(html)
        for entry in entries:
            entry["page_index"] = anchors.get(f"proposal-{entry.pop('pk')}", 0)
        return PartOutput(data, pages, {"entries": entries})
    body = doc.parts.get(stage="body", index=part.spec["part"])
    with tempfile.TemporaryDirectory(prefix="cppcc-part-") as tmp:
        return PartOutput(number_pages(local_path(body, tmp), part.spec["start"]), body.pages)


@document_kind("proposal_compilation", label="提案汇编")
def proposal_compilation(doc, progress):
    session = Session.objects.select_related("term").get(pk=doc.params["session_id"])
    committee = Committee.objects.get(pk=session.committee_id)
    chunk_size = int(doc.params.get("chunk_size") or COMPILATION_CHUNK)
    specs = compilation_chunks(session.pk, chunk_size)
    if not specs:
        raise ValueError(f"{session.name}没有立案的提案")
    count = sum(len(spec["ids"]) for spec in specs)
    steps = 2 * len(specs) + 2
    tmp = Path(tempfile.mkdtemp(prefix="cppcc-compilation-"))
    try:
        body = run_stage(
            doc,
            "body",
            specs,
            progress=lambda done, total: progress(done, steps, f"已排版 {min(done * chunk_size, count)} / {count} 件提案"),
        )
        starts, page = [], 1
        for part in body:
            starts.append(page)
            page += part.pages
        body_pages = page - 1
        numbered = run_stage(
            doc,
            "numbers",
            [{"part": part.index, "start": start} for part, start in zip(body, starts, strict=True)],
            progress=lambda done, total: progress(len(specs) + done, steps, f"正在编页码，共 {body_pages} 页"),
        )
        contents = OrderedDict()  # category → [ContentsEntry]
        for part, start in zip(body, starts, strict=True):
            for e in part.result["entries"]:
                entry = ContentsEntry(e["number"], e["title"], e["proposers"], start + e["page_index"])
                contents.setdefault(e["category"], []).append(entry)
        contents_parts, contents_pages = _render_contents(tmp, contents, doc.title, count)
        cover_html = render_official(
            "proposals/pdf/compilation_cover.html",
            {
                "committee": committee,
                "session": session,
                "session_label": f"{cn_number(session.term.number)}届{cn_number(session.number)}次会议",
                "today": timezone.localdate(),
                "count": count,
                "title": doc.title,
            },
        )
        cover_pdf, cover_pages, _ = _render_part(cover_html)
        (tmp / "cover.pdf").write_bytes(cover_pdf)
        progress(steps - 1, steps, "正在合并")
        target = tmp / "merged.pdf"
        merge_parts([tmp / "cover.pdf", *contents_parts, *(local_path(p, tmp) for p in numbered)], target)
        for part in contents_parts:
            part.unlink()
    finally:
        discard_parts(doc)
    return PdfFileResult(str(target), cover_pages + contents_pages + body_pages)
