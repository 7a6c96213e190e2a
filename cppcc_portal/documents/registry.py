"""Document kinds. An app registers a builder in its own documents.py:

    @document_kind("proposal_form", label="提案表")
    def proposal_form(doc, progress):
        return [render_to_string("proposals/pdf/form.html", {...})]

A builder returns (or yields) HTML parts; each part is rendered on its own and the parts are
merged, so a 1,000-proposal compilation never holds one huge layout in memory. `progress(done,
total, text)` may be called while building. A builder may instead return `DocxResult(bytes)`, or
`PdfFileResult(path, pages)` when it renders and merges its own parts (e.g. to number pages
continuously across chunks and to print page numbers in its contents); the file's folder is
removed once the document is stored."""

from dataclasses import dataclass

_KINDS = {}


@dataclass
class DocumentKind:
    code: str
    label: str
    builder: object
    file_format: str = "pdf"
    # A personal document (a member's 提案表, a unit's reply letter, one member's duty report)
    # holds what only its requester was shown; office documents (rosters, compilations,
    # bulletins) are shared with the committee's staff.
    personal: bool = False


@dataclass
class DocxResult:
    content: bytes


@dataclass
class PdfFileResult:
    path: str
    pages: int


def document_kind(code, *, label, file_format="pdf", personal=False):
    def register(builder):
        _KINDS[code] = DocumentKind(code, label, builder, file_format, personal)
        return builder

    return register


def get_kind(code):
    from cppcc_portal.core.registry import contributions

    contributions("documents")  # import every app's documents.py once
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(f"未知的文档类型：{code}") from None
