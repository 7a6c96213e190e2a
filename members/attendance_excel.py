"""A meeting's sign-in sheet (签到表) from Excel: one row per member with 姓名, optionally 界别 (to
tell namesakes apart), 出勤情况 (出席 / 请假 / 缺席, and the words clerks use for them) and, for
the plenary, 半天数 when a member attended only part of it. All or nothing: any bad row imports
nothing, and each problem is named by row and column."""

from openpyxl import load_workbook

from cppcc_portal.core.excel import build_workbook, workbook_bytes
from members.duty_services import SheetReport, SheetRow
from members.member_excel import _text
from members.models import Attendance, Member

COLUMNS = ["姓名", "界别", "出勤情况", "半天数", "备注"]
ATTENDANCE_WORDS = {
    Attendance.PRESENT: {"出席", "到会", "已签到", "签到", "参加", "是", "√", "✓", "✔", "1"},
    Attendance.LEAVE: {"请假", "事假", "病假", "公假", "因公请假", "因病请假"},
    Attendance.ABSENT: {"缺席", "未到", "缺勤", "未签到", "未请假缺席", "旷会", "否", "×", "✗", "0"},
}
HEADER_ALIASES = {"出勤情况": {"出勤情况", "出勤", "签到情况", "到会情况"}, "半天数": {"半天数", "出席半天数"}}


def template_xlsx():
    return workbook_bytes(
        build_workbook(
            "签到表",
            COLUMNS,
            [["李明华", "教育界", "出席", 7, ""], ["王晓红", "", "请假", "", "因公出差"], ["张建国", "", "缺席", "", ""]],
        ),
        is_export=False,  # a blank template with made-up example rows: nothing to audit
    )


def _attendance_of(text):
    for value, words in ATTENDANCE_WORDS.items():
        if text in words:
            return value
    return None


def read_sheet(file_obj, *, committee, half_days, plenary):
    """Parse and check the sheet. Returns (rows, report); import only when report.ok."""
    report = SheetReport()
    try:
        wb = load_workbook(file_obj, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload gets the same clear message
        report.errors.append((0, "文件", "文件不是有效的 Excel (.xlsx) 文件"))
        return [], report
    raw_rows = wb.worksheets[0].iter_rows(values_only=True)
    header = next(raw_rows, None)
    if not header:
        report.errors.append((1, "表头", "表格是空的"))
        return [], report
    names = []
    for cell in header:
        text = _text(cell)
        names.append(next((canon for canon, aliases in HEADER_ALIASES.items() if text in aliases), text))
    missing = [c for c in ("姓名", "出勤情况") if c not in names]
    if missing:
        report.errors.append((1, "表头", f"缺少必需的列：{'、'.join(missing)}（可下载模板对照）"))
        return [], report

    by_name = {}
    for member in Member.objects.filter(committee=committee).select_related("user", "sector", "term"):
        by_name.setdefault(member.name, []).append(member)
    rows, seen = [], {}
    for number, values in enumerate(raw_rows, start=2):
        if values is None or all(_text(v) == "" for v in values):
            continue
        raw = {names[i]: v for i, v in enumerate(values) if i < len(names) and names[i]}
        name = _text(raw.get("姓名"))
        sector = _text(raw.get("界别"))
        word = _text(raw.get("出勤情况"))
        errors_before = len(report.errors)
        candidates = [m for m in by_name.get(name, []) if not sector or m.sector.name == sector]
        if not name:
            report.errors.append((number, "姓名", "姓名不能为空"))
        elif not by_name.get(name):
            report.errors.append((number, "姓名", f"本级政协没有名为“{name}”的委员"))
        elif not candidates:
            report.errors.append((number, "界别", f"{sector}没有名为“{name}”的委员"))
        elif len(candidates) > 1:
            report.errors.append((number, "界别", f"有 {len(candidates)} 名委员叫“{name}”，请填写界别以区分"))
        attendance = _attendance_of(word)
        if attendance is None:
            report.errors.append((number, "出勤情况", f"出勤情况应为 出席、请假 或 缺席，而不是“{word or '空'}”"))
        days = half_days
        days_text = _text(raw.get("半天数"))
        if plenary and days_text and attendance == Attendance.PRESENT:
            if not days_text.isdigit() or not 1 <= int(days_text) <= half_days:
                report.errors.append((number, "半天数", f"半天数应为 1 到 {half_days} 之间的整数，而不是“{days_text}”"))
            else:
                days = int(days_text)
        if len(report.errors) > errors_before:
            continue
        member = candidates[0]
        if member.pk in seen:
            report.errors.append((number, "姓名", f"“{name}”与第 {seen[member.pk]} 行重复"))
            continue
        seen[member.pk] = number
        rows.append(SheetRow(number, member, attendance, days))
    if not rows and not report.errors:
        report.errors.append((2, "数据", "签到表中没有委员"))
    return rows, report
