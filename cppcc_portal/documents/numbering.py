"""Page numbers laid over pages rendered without them. A long document is rendered in parts on
several workers at once, before anyone knows on which page a part starts; once the parts are
counted, each is numbered by stamping a small PDF of its numbers over it (a page of numbers
costs a fraction of a page of text to render). The stamping is qpdf's (pikepdf): pypdf's
pure-Python merge cost a 1,000-proposal 提案汇编 more time than rendering its text did."""

import io

import pikepdf

from cppcc_portal.documents.pdf import render_official


def number_pages(pdf, start):
    """`pdf` (bytes or a path) with arabic page numbers from `start`; returns the new PDF's bytes."""
    from cppcc_portal.documents.rendering import render_pdf

    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)
    with pikepdf.open(source) as body:
        count = len(body.pages)
        html = render_official("documents/pdf/page_numbers.html", {"numbers": range(start, start + count)})
        with pikepdf.open(io.BytesIO(render_pdf(html))) as numbers:
            if len(numbers.pages) != count:
                raise ValueError(f"page numbers rendered {len(numbers.pages)} pages for {count}")
            for page, overlay in zip(body.pages, numbers.pages, strict=True):
                page.add_overlay(overlay)  # the numbers' font is copied into the body once
            out = io.BytesIO()
            body.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()
