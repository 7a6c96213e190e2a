"""Excel (.xlsx) export shared by every list page.

Cells that a spreadsheet would read as a formula (=, +, -, @, tab, CR) are written as text, so
user-typed content can never run in the clerk's Excel (formula injection)."""

import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cppcc_portal.core.signals import workbook_exported
from cppcc_portal.core.text import xml_safe

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None)
    if isinstance(value, (int, float, date)):
        return value
    text = xml_safe(str(value))  # a control character in an old row must not fail the export
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def build_workbook(title, headers, rows):
    """rows: an iterable of sequences, consumed once (a queryset iterator is fine)."""
    wb = Workbook(write_only=False)
    fill_sheet(wb.active, title, headers, rows)
    return wb


def add_sheet(wb, title, headers, rows):
    """One more sheet, laid out like every export's (a workbook of several kinds of rows)."""
    return fill_sheet(wb.create_sheet(), title, headers, rows)


def fill_sheet(ws, title, headers, rows):
    ws.title = title[:31]
    ws.append(list(headers))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F3")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
    widths = [max(6, len(str(h)) * 2 + 2) for h in headers]
    for row in rows:
        values = [safe_cell(v) for v in row]
        ws.append(values)
        for i, v in enumerate(values[: len(widths)]):
            widths[i] = min(60, max(widths[i], len(str(v)) + 2))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    return ws


def neutralise_formulas(wb):
    """Every text cell of the workbook made safe, whoever filled it: a sheet built by hand (the
    statistics workbooks) with a committee or unit name that starts with "=" stays text too."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    safe = safe_cell(cell.value)
                    if safe != cell.value:
                        cell.value = safe
                        cell.data_type = "s"


def workbook_bytes(wb, *, is_export=True):
    """The .xlsx file. Every export of portal data passes here and is announced for the security
    audit log; only a blank import template says is_export=False. No cell leaves as a formula."""
    neutralise_formulas(wb)
    if is_export:
        workbook_exported.send(
            sender=workbook_bytes,
            title="、".join(ws.title for ws in wb.worksheets),
            rows=sum(max(ws.max_row - 1, 0) for ws in wb.worksheets),
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename, title, headers, rows):
    data = workbook_bytes(build_workbook(title, headers, rows))
    response = HttpResponse(data, content_type=XLSX_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{filename}-{stamp}.xlsx')}"
    return response
