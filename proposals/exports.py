"""The columns of the proposal lists' Excel exports (formula-safe through core.excel)."""

from proposals.dates import local_date


def _cosigner_text(p):
    return f"{p.proposer_name}等{p.cosigner_count + 1}人" if p.cosigner_count else p.proposer_name


EXPORT_COLUMNS = [
    ("会议", lambda p: p.session.name),
    ("提案号", lambda p: p.number),
    ("案由", lambda p: p.title),
    ("提案人", _cosigner_text),
    ("类型", lambda p: p.get_kind_display()),
    ("提出时间", lambda p: p.get_timing_display()),
    ("类别", lambda p: p.category.name if p.category_id else ""),
    ("状态", lambda p: p.get_status_display()),
    ("承办单位", lambda p: (p.first_unit or "") + (f"等{p.unit_count}个单位" if p.unit_count > 1 else "")),
    ("重点提案", lambda p: p.is_key),
    ("提交日期", lambda p: local_date(p.submitted_at)),
    ("立案日期", lambda p: local_date(p.accepted_at)),
    ("答复日期", lambda p: local_date(p.replied_at)),
]
