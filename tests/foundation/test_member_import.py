"""Excel import: all rows or none, every bad row named in Chinese."""

import io

from openpyxl import Workbook, load_workbook

from members.member_excel import COLUMNS, import_members
from members.models import Member


def sheet(rows, header=COLUMNS):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "委员.xlsx"
    return buffer


GOOD = [
    [
        "zhangsan",
        "张三",
        "男",
        "汉族",
        "1972-05-08",
        "民盟",
        "教育界",
        "教科卫体委员会",
        "否",
        "临江大学",
        "教授",
        "13800000001",
        "在任",
    ],
    ["", "李四", "女", "回族", "1980/3/9", "无党派人士", "教育界", "", "是", "临江市第一中学", "副校长", "13800000002", ""],
    ["wangwu", "王五", "男", "", "", "中共党员", "教育界", "", "", "", "", "", "在任"],
]


def test_a_good_sheet_imports_every_row(committee, term, sector, special_committee, roles):
    report = import_members(sheet(GOOD), committee=committee, term=term)
    assert report.ok, report.errors
    assert report.created == 3
    members = {m.name: m for m in Member.objects.filter(committee=committee).select_related("user")}
    assert set(members) == {"张三", "李四", "王五"}
    assert members["李四"].user.username == "13800000002"  # no login name: the phone number is used
    assert members["李四"].is_standing and members["李四"].ethnicity == "回族"
    assert [sc.name for sc in members["张三"].special_committees.all()] == ["教科卫体委员会"]
    assert members["张三"].user.has_role("委员")


def test_one_bad_row_imports_nothing_and_is_named(committee, term, sector, special_committee, roles):
    rows = [*GOOD]
    rows[1] = ["", "李四", "女", "回族", "1980/3/9", "无党派人士", "教育界", "", "是", "临江市第一中学", "副校长", "1380000", ""]
    rows.append(["zhaoliu", "赵六", "未知", "汉族", "", "民盟", "不存在界", "", "", "", "", "", ""])
    report = import_members(sheet(rows), committee=committee, term=term)
    assert not report.ok
    assert Member.objects.filter(committee=committee).count() == 0
    found = {(e.row, e.column) for e in report.errors}
    assert (3, "手机号") in found
    assert (5, "性别") in found and (5, "界别") in found
    messages = " ".join(e.message for e in report.errors)
    assert "手机号“1380000”应为 11 位数字" in messages and "界别“不存在界”不存在" in messages


def test_missing_column_and_duplicate_login_are_reported(committee, term, sector, roles):
    report = import_members(sheet([["张三"]], header=["姓名"]), committee=committee, term=term)
    assert report.errors[0].column == "表头" and "性别" in report.errors[0].message
    dup = [GOOD[0], [*GOOD[0][:1], "张三二", *GOOD[0][2:]]]
    report = import_members(sheet(dup), committee=committee, term=term)
    assert any(e.row == 3 and e.column == "登录名" and "重复" in e.message for e in report.errors)


def test_not_an_excel_file(committee, term, roles):
    bad = io.BytesIO(b"not a spreadsheet")
    report = import_members(bad, committee=committee, term=term)
    assert report.errors[0].message == "文件不是有效的 Excel (.xlsx) 文件"


def test_import_page_shows_the_errors_and_export_round_trips(client, member_staff, committee, term, sector, special_committee):
    client.force_login(member_staff)
    rows = [*GOOD, ["x1", "钱七", "男", "", "1990-13-01", "民盟", "教育界", "", "", "", "", "", ""]]
    page = client.post("/members/import/", {"file": sheet(rows)}).content.decode()
    assert "发现 1 处错误，未导入任何数据" in page and "第 5 行" in page and "出生日期" in page
    assert Member.objects.count() == 0

    response = client.post("/members/import/", {"file": sheet(GOOD)})
    assert response.status_code == 302
    assert Member.objects.filter(committee=committee).count() == 3

    export = client.get("/members/?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(export.content)).active
    values = list(ws.values)
    assert list(values[0]) == COLUMNS
    assert {row[1] for row in values[1:]} == {"张三", "李四", "王五"}
    # the exported sheet imports again unchanged
    again = import_members(io.BytesIO(export.content), committee=committee, term=term)
    assert again.ok and again.updated == 3 and again.created == 0
