"""/proposals/stats/: the year's figures with ECharts charts and an Excel export."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cppcc_portal.core.excel import XLSX_TYPE, build_workbook, safe_cell, workbook_bytes
from members.selectors import current_session
from proposals.permissions import can_view_stats
from proposals.selectors import sessions_for_stats
from proposals.stats import CODES, proposal_stats


def _pct(value):
    return "—" if value is None else f"{value}%"


def _selected_sessions(request):
    sessions = list(sessions_for_stats(request.user.committee_id))
    wanted = request.GET.get("session", "")
    if wanted == "all":
        return sessions, sessions, "all"
    chosen = [s for s in sessions if str(s.pk) == wanted]
    if not chosen:
        current = current_session(request.user.committee)
        chosen = [current] if current else sessions[:1]
    return sessions, chosen, str(chosen[0].pk) if chosen else ""


def stats_view(request):
    if not can_view_stats(request.user):
        raise PermissionDenied
    sessions, chosen, selected = _selected_sessions(request)
    stats = proposal_stats(request.user.committee_id, [s.pk for s in chosen])
    if request.GET.get("export") == "xlsx":
        return _export(stats, chosen)
    charts = {
        "category": {
            "labels": [r["category__name"] or "未分类" for r in stats.by_category],
            "received": [r["received"] for r in stats.by_category],
            "accepted": [r["accepted"] for r in stats.by_category],
        },
        "codes": [{"name": f"{c}类", "value": stats.replies[c]} for c in CODES],
        "units": {
            "labels": [r["unit__name"] for r in stats.by_unit[:40]],
            "assigned": [r["lead"] for r in stats.by_unit[:40]],
            "replied": [r["replied"] for r in stats.by_unit[:40]],
        },
        "ratings": [
            {"name": "满意", "value": stats.ratings["result_satisfied"]},
            {"name": "基本满意", "value": stats.ratings["result_basic"]},
            {"name": "不满意", "value": stats.ratings["result_unsatisfied"]},
        ],
    }
    return render(
        request,
        "proposals/stats.html",
        {
            "stats": stats,
            "sessions": sessions,
            "selected": selected,
            "chosen": chosen,
            "charts": charts,
            "codes": CODES,
        },
    )


def _export(stats, chosen):
    t, r, e = stats.totals, stats.replies, stats.ratings
    overview = [
        ("收到提案", t["received"]),
        ("立案", t["accepted"]),
        ("立案率", _pct(t["acceptance_rate"])),
        ("并案", t["merged"]),
        ("转意见建议/社情民意", t["converted"]),
        ("不予立案", t["rejected"]),
        ("已答复", t["replied"]),
        ("办复率", _pct(t["replied_rate"])),
        ("答复件数", r["total"]),
        ("按期答复率", _pct(r["on_time_rate"])),
        *[(f"{c}类答复", f"{r[c]}（{_pct(r['shares'][c])}）") for c in CODES],
        ("评价件数（第一提案人）", e["total"]),
        ("满意率（满意+基本满意）", _pct(e["satisfaction_rate"])),
        ("满意", e["result_satisfied"]),
        ("基本满意", e["result_basic"]),
        ("不满意", e["result_unsatisfied"]),
        ("重点提案", t["key"]),
        ("优秀提案", t["excellent"]),
    ]
    wb = build_workbook("总体情况", ["指标", "数值"], overview)

    def sheet(title, headers, rows):
        ws = wb.create_sheet(title[:31])
        ws.append(headers)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        for i in range(len(headers)):
            ws.column_dimensions[chr(65 + i)].width = 16 if i else 30

    common = ["收到", "立案", "立案率", "已答复", "办复率"]
    sheet(
        "按会议",
        ["会议", *common],
        [
            (
                f"第{row['session__term__number']}届第{row['session__number']}次会议",
                row["received"],
                row["accepted"],
                _pct(row["acceptance_rate"]),
                row["replied"],
                _pct(row["replied_rate"]),
            )
            for row in stats.by_session
        ],
    )
    sheet(
        "按类别",
        ["类别", *common],
        [
            (
                row["category__name"] or "未分类",
                row["received"],
                row["accepted"],
                _pct(row["acceptance_rate"]),
                row["replied"],
                _pct(row["replied_rate"]),
            )
            for row in stats.by_category
        ],
    )
    sheet(
        "按界别",
        ["界别", *common],
        [
            (
                row["label"],
                row["received"],
                row["accepted"],
                _pct(row["acceptance_rate"]),
                row["replied"],
                _pct(row["replied_rate"]),
            )
            for row in stats.by_sector
        ],
    )
    sheet(
        "按承办单位",
        ["承办单位", "交办", "主办/分办", "会办", "已答复", "办复率", "按期率", "当前逾期", *[f"{c}类" for c in CODES], "满意率"],
        [
            (
                row["unit__name"],
                row["assigned"],
                row["lead"],
                row["co"],
                row["replied"],
                _pct(row["replied_rate"]),
                _pct(row["on_time_rate"]),
                row["overdue"],
                *[row[c] for c in CODES],
                _pct(row["satisfaction_rate"]),
            )
            for row in stats.by_unit
        ],
    )
    from urllib.parse import quote

    label = chosen[0].name if len(chosen) == 1 else "全部会议"
    response = HttpResponse(workbook_bytes(wb), content_type=XLSX_TYPE)
    name = f"提案统计-{label}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
