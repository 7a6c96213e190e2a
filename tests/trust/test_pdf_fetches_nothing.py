# ruff: noqa: F811 (fixtures are imported by name, then requested as arguments)
"""PDFs made from hostile user text fetch nothing (issue 8): WeasyPrint runs with the portal's
url_fetcher, which reads only the portal's own static files and data: URIs. A proposal whose
text names `http://…` or `file:///etc/passwd` (as text, or as markup if it ever reached the
HTML unescaped) makes the worker call no server and read no file."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pytest

from cppcc_portal.documents import rendering
from cppcc_portal.documents.rendering import PortalURLFetcher, render_pdf
from proposals.documents import proposal_form
from tests.proposals.conftest import category, make_draft, rules  # noqa: F401 (fixtures)


@pytest.fixture
def listener():
    """A web server on 127.0.0.1 that counts every request made to it."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetched(monkeypatch):
    """Every URL actually fetched (the portal's checks and WeasyPrint's protocol list passed)."""
    passed = []
    real = rendering.URLFetcher.fetch

    def spy(self, url, headers=None):
        response = real(self, url, headers)
        passed.append(url)
        return response

    monkeypatch.setattr(rendering.URLFetcher, "fetch", spy)
    return passed


def hostile_markup(base):
    return f"""<!doctype html><html><head>
      <link rel="stylesheet" href="{base}/style.css">
      <link rel="attachment" href="file:///etc/passwd">
      <style>@import url("{base}/import.css"); body {{ background: url("file:///etc/shadow"); }}
        p {{ background-image: url("{base}/bg.png"); }}</style>
    </head><body>
      <p>关于公式与链接的建议</p>
      <img src="{base}/ssrf.png"><img src="file:///etc/passwd"><img src="file:///proc/self/environ">
      <img src="/static/../../../../etc/passwd"><object data="{base}/object"></object>
      <a rel="attachment" href="file:///etc/hostname">附件</a>
    </body></html>"""


def test_markup_that_names_urls_and_files_fetches_nothing(listener, fetched):
    base, hits = listener
    pdf = render_pdf(hostile_markup(base))
    assert pdf.startswith(b"%PDF")
    assert hits == []
    assert not [u for u in fetched if not u.startswith("data:")]
    assert b"/EmbeddedFile" not in pdf  # no file was attached to the PDF


@pytest.mark.django_db
def test_a_proposal_whose_text_names_urls_renders_without_fetching(listener, fetched, make_draft, member_a):
    base, hits = listener
    title = f'<img src="{base}/title.png">关于图片链接的建议'
    grounds = f'<link rel="attachment" href="file:///etc/passwd"> 参见 {base}/report.pdf 与 file:///etc/passwd'
    proposal = make_draft(member_a, title=title, grounds=grounds)
    [html] = proposal_form(SimpleNamespace(params={"proposal_id": proposal.pk}, title="提案表"), lambda *a: None)
    assert "&lt;img src=" in html and "<img src=" not in html  # user text reaches the HTML as text
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert hits == []
    assert all(u.startswith("data:") or "/static/" in u or "fonts" in u for u in fetched), fetched


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "file:///work/../etc/passwd", "file://localhost/etc/passwd", "ftp://127.0.0.1/x", "gopher://x"],
)
def test_the_fetcher_refuses_other_files_and_protocols(url):
    with pytest.raises(ValueError):
        PortalURLFetcher().fetch(url)


def test_the_fetcher_refuses_a_path_that_climbs_out_of_static(settings):
    from pathlib import Path

    escape = (Path(settings.BASE_DIR) / "static" / ".." / ".." / "etc" / "passwd").as_uri()
    with pytest.raises(ValueError):
        PortalURLFetcher().fetch(escape)
