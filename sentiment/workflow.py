"""The allowed transitions of a report, in one place. Services check them before changing anything;
pages show only the actions `available_actions` returns for this user now.

    草稿 ─提交→ 已接收 ─开始编辑→ 编辑中 ─签发→ 已签发 ─(随刊期印发)→ 已编发 ─(随刊期报送 / 报送上级)→ 已报送
     ↑  ←撤回─┘  │                │  ↑ 撤销签发 ┘
     └ 已退回 ←──退回────────────┘  合并 → 已合并（并入另一篇，撰稿人保留署名）

Adoptions (采用) and leader comments (批示) are recorded on issued and sent reports; they are facts
about a report, not states."""

from dataclasses import dataclass

from sentiment.models import ReportStatus as S

WRITER, EDITOR = "writer", "editor"


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    sources: frozenset
    target: str | None  # None: the status stays
    actor: str
    style: str = "primary"
    confirm: str = ""
    on_page: bool = True  # False: done from the bulletin page, not the report page


ACTIONS = {
    a.code: a
    for a in [
        Action("edit_draft", "修改", frozenset({S.DRAFT, S.RETURNED}), None, WRITER, "outline-primary"),
        Action("submit", "提交", frozenset({S.DRAFT, S.RETURNED}), S.RECEIVED, WRITER, "primary", "确定提交这篇信息吗？"),
        Action("withdraw", "撤回", frozenset({S.RECEIVED}), S.DRAFT, WRITER, "outline-secondary", "确定撤回这篇信息吗？"),
        Action("start_editing", "开始编辑", frozenset({S.RECEIVED}), S.EDITING, EDITOR),
        Action("revise", "修改文字", frozenset({S.EDITING}), None, EDITOR, "outline-primary"),
        Action("sign_off", "签发", frozenset({S.EDITING}), S.SIGNED_OFF, EDITOR, "success", "确定签发这篇信息吗？"),
        Action("reopen", "撤销签发", frozenset({S.SIGNED_OFF}), S.EDITING, EDITOR, "outline-secondary", "确定撤销签发吗？"),
        Action("return", "退回", frozenset({S.RECEIVED, S.EDITING}), S.RETURNED, EDITOR, "outline-danger"),
        Action("merge", "合并到…", frozenset({S.RECEIVED, S.EDITING}), S.MERGED, EDITOR, "outline-secondary"),
        Action("issue", "印发", frozenset({S.SIGNED_OFF}), S.ISSUED, EDITOR, on_page=False),
        Action("send", "报送", frozenset({S.ISSUED}), S.SENT, EDITOR, on_page=False),
        Action("send_up", "报送上级政协", frozenset({S.ISSUED, S.SENT}), S.SENT, EDITOR, "warning", "确定报送上级政协吗？"),
        Action("adopt", "记录采用", frozenset({S.ISSUED, S.SENT}), None, EDITOR, "outline-success"),
        Action("comment", "记录领导批示", frozenset({S.ISSUED, S.SENT}), None, EDITOR, "outline-success"),
    ]
}

# What a writer is told about (the others are the office's own work).
WRITER_VISIBLE = {"submit", "withdraw", "return", "merge", "issue", "send", "send_up", "adopt", "comment", "received", "upper"}


def allowed(code, status):
    return status in ACTIONS[code].sources


def available_actions(user, report):
    """The actions this user may take on this report now, in display order."""
    from sentiment.permissions import is_editor_of, is_writer_of

    found = []
    editor = is_editor_of(user, report.committee_id)
    writer = is_writer_of(user, report)
    for action in ACTIONS.values():
        if not action.on_page or report.status not in action.sources:
            continue
        if action.actor == EDITOR and not editor:
            continue
        if action.actor == WRITER and not (writer and not report.is_copy and report.source != "proposal"):
            continue
        if action.code == "reopen" and report.bulletin_id and report.bulletin.status != "draft":
            continue
        if action.code == "send_up" and not _can_send_up(report):
            continue
        found.append(action)
    return found


def _can_send_up(report):
    from sentiment.models import Report

    upper = report.committee.parent
    return upper is not None and not Report.objects.filter(forwarded_from=report).exists()
