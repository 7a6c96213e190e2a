"""Documents of 协商: the annual plan in the official table layout (PDF), and the summary of an
online deliberation's opinions (Word, so staff can edit it into the outcome report)."""

import io

from django.utils import timezone

from consultations.models import AnnualPlan, Deliberation, PlanStatus
from consultations.selectors import opinion_threads
from consultations.services.plans import plan_snapshot
from cppcc_portal.core.chinese import cn_date
from cppcc_portal.core.text import xml_safe
from cppcc_portal.documents.pdf import render_official
from cppcc_portal.documents.registry import DocxResult, document_kind


@document_kind("consultation_plan", label="年度协商计划")
def consultation_plan(doc, progress):
    plan = AnnualPlan.objects.select_related("committee").get(pk=doc.params["plan_id"], committee_id=doc.committee_id)
    number = doc.params.get("version") or 0
    version = plan.versions.filter(number=number).first() if number else None
    rows = version.snapshot if version else plan_snapshot(plan)
    progress(1, 2, f"共{len(rows)}项议题")
    issued_on = plan.published_on or timezone.localdate()
    return [
        render_official(
            "consultations/pdf/plan.html",
            {
                "title": plan.title,
                "plan": plan,
                "rows": rows,
                "version": version,
                "bodies": plan.issuing_body_list,
                "is_final": plan.status == PlanStatus.PUBLISHED,
                "issued_on": issued_on,
                "plan_name": plan.title,
                # the title breaks by meaning: 关于印发《政协临江市委员会 / 2026年度协商计划》的通知
                "title_head": plan.title.partition(str(plan.year))[0] or plan.title,
                "title_tail": (str(plan.year) + plan.title.partition(str(plan.year))[2]) if str(plan.year) in plan.title else "",
            },
        )
    ]


def _docx_font(run, name="仿宋", size=None, bold=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


@document_kind("deliberation_summary", label="网络议政意见汇总", file_format="docx")
def deliberation_summary(doc, progress):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    deliberation = Deliberation.objects.get(pk=doc.params["deliberation_id"], committee_id=doc.committee_id)
    threads = opinion_threads(deliberation, include_hidden=False)
    authors = {op.author_id for t in threads for op in [t, *t.thread]}
    invited = deliberation.invitees.count()
    progress(1, 2, f"共{len(threads)}条意见")

    document = Document()
    for section in document.sections:
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(title.add_run("网络议政意见汇总"), "宋体", 22, bold=True)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(subtitle.add_run(xml_safe(f"——{deliberation.title}")), "楷体", 16)

    opens, closes = timezone.localtime(deliberation.opens_at), timezone.localtime(deliberation.closes_at)
    total = sum(1 + len(t.thread) for t in threads)
    intro = document.add_paragraph()
    intro.paragraph_format.first_line_indent = Pt(32)
    _docx_font(
        intro.add_run(
            f"本次网络议政于{cn_date(opens)}至{cn_date(closes)}开展，邀请{invited}位委员参加，"
            f"{len(authors)}位委员发表意见建议{len(threads)}条、回复{total - len(threads)}条。现将意见建议汇总如下。"
        ),
        size=16,
    )
    if deliberation.description:
        para = document.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(32)
        _docx_font(para.add_run(xml_safe(f"议政背景：{deliberation.description}")), size=16)

    heading = document.add_paragraph()
    _docx_font(heading.add_run("一、委员意见建议"), "黑体", 16)
    for number, opinion in enumerate(threads, start=1):
        para = document.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(32)
        _docx_font(para.add_run(f"{number}. "), size=16, bold=True)
        _docx_font(para.add_run(xml_safe(opinion.content)), size=16)
        _docx_font(para.add_run(f"（{opinion.author.sector.name} {opinion.author.name}委员）"), "楷体", 16)
        for reply in opinion.thread:
            sub = document.add_paragraph()
            sub.paragraph_format.left_indent = Pt(32)
            _docx_font(sub.add_run(xml_safe(f"回复：{reply.content}")), size=14)
            _docx_font(sub.add_run(f"（{reply.author.sector.name} {reply.author.name}委员）"), "楷体", 14)
    if not threads:
        para = document.add_paragraph()
        _docx_font(para.add_run("（本次网络议政未收到意见建议）"), size=16)

    heading = document.add_paragraph()
    _docx_font(heading.add_run("二、参与情况"), "黑体", 16)
    para = document.add_paragraph()
    para.paragraph_format.first_line_indent = Pt(32)
    names = "、".join(sorted({op.author.name for t in threads for op in [t, *t.thread]})) or "无"
    _docx_font(para.add_run(f"发表意见的委员：{names}。"), size=16)

    sign = document.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _docx_font(sign.add_run(f"{deliberation.committee.issuing_office}\n{cn_date(timezone.localdate())}"), size=16)
    buffer = io.BytesIO()
    document.save(buffer)
    return DocxResult(buffer.getvalue())
