"""HTML → PDF with WeasyPrint, safely: only our own static files and data: URIs are fetched, so a
URL typed into a proposal can never make the worker call out (SSRF) or read other files."""

import io
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def _allowed_roots():
    roots = [Path(settings.BASE_DIR) / "static", Path(settings.STATIC_ROOT)]
    roots += [Path(p).parent for p in settings.OFFICIAL_FONT_FILES.values()]
    return [r.resolve() for r in roots]


class PortalURLFetcher(URLFetcher):
    def __init__(self, **kwargs):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, **kwargs)

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in _allowed_roots()):
                raise ValueError(f"refused to read {path}: outside the portal's static files")
        return super().fetch(url, headers)


def render_pdf(html):
    """One HTML document → PDF bytes."""
    base_url = (Path(settings.BASE_DIR) / "static").as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=PortalURLFetcher()).write_pdf()


def page_count(pdf_bytes):
    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


def merge_pdfs(paths, target):
    """Concatenate part files into `target` (a path) page by page; returns the page count."""
    writer = PdfWriter()
    for path in paths:
        writer.append(str(path))
    with open(target, "wb") as out:
        writer.write(out)
    return len(writer.pages)
