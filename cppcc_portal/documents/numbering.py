"""Page numbers laid over pages rendered without them. A long document is rendered in parts on
several workers at once, before anyone knows on which page a part starts; once the parts are
counted, each is numbered by stamping a small PDF of its numbers over it (a page of numbers
costs a fraction of a page of text to render)."""

import io

from pypdf import PdfReader, PdfWriter

from cppcc_portal.documents.pdf import render_official


def number_pages(pdf, start):
    """`pdf` (bytes or a path) with arabic page numbers from `start`; returns the new PDF's bytes."""
    from cppcc_portal.documents.rendering import render_pdf

    writer = PdfWriter(clone_from=io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    count = len(writer.pages)
    html = render_official("documents/pdf/page_numbers.html", {"numbers": range(start, start + count)})
    overlay = PdfReader(io.BytesIO(render_pdf(html)))
    for page, numbers in zip(writer.pages, overlay.pages, strict=True):
        page.merge_page(numbers)
    writer.compress_identical_objects()  # one copy of the numbers font, not one per page
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
