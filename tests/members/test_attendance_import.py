"""Staff import a meeting's attendance from an Excel sign-in sheet: all or nothing, each problem
named by row and column; absentees marked when asked; a wrong import can be taken back."""

import io

from openpyxl import Workbook

from members.models import AttendanceSheet, DutyRecord, MemberScore
from tests.factories import MemberFactory, SectorFactory
from tests.members.conftest import YEAR, day


def sheet(rows, header=("姓名", "界别", "出勤情况", "半天数", "备注")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "签到表.xlsx"
    return buf


def post(client, rows, **overrides):
    data = {
        "kind": "plenary",
        "title": "政协第十五届临江市委员会第五次会议",
        "held_on": day(1, 8).isoformat(),
        "half_days": "7",
        "file": sheet(rows),
    }
    data.update(overrides)
    return client.post("/members/duty/attendance/import/", data, follow=True)


def test_a_good_sheet_records_attendance_and_scores(client, member_staff, member_a, member_b, django_capture_on_commit_callbacks):
    client.force_login(member_staff)
    with django_capture_on_commit_callbacks(execute=True):
        page = post(client, [("李明华", "", "出席", "", ""), ("王晓红", "教育界", "已签到", 5, "")]).content.decode()
    assert "已导入：出席 2 人，请假 0 人，缺席 0 人" in page
    sheet_row = AttendanceSheet.objects.get()
    assert (sheet_row.present_count, sheet_row.imported_by) == (2, member_staff)
    a = DutyRecord.objects.get(member=member_a)
    assert (a.kind, a.attendance, a.quantity, a.source) == ("plenary", "present", 7, f"members.AttendanceSheet:{sheet_row.pk}")
    assert DutyRecord.objects.get(member=member_b).quantity == 5
    assert MemberScore.objects.get(member=member_a, year=YEAR).total == 35
    assert MemberScore.objects.get(member=member_b, year=YEAR).total == 25


def test_one_bad_row_imports_nothing_and_each_problem_is_named(client, member_staff, member_a, member_b, committee):
    SectorFactory(committee=committee, name="经济界")
    MemberFactory(user__committee=committee, user__full_name="王晓红", sector=SectorFactory(committee=committee, name="农业界"))
    client.force_login(member_staff)
    page = post(
        client,
        [
            ("李明华", "", "到了", "", ""),
            ("张无名", "", "出席", "", ""),
            ("王晓红", "", "出席", "", ""),
            ("李明华", "", "出席", "", ""),
            ("", "", "出席", "", ""),
        ],
    ).content.decode()
    assert "第 2 行 【出勤情况】出勤情况应为 出席、请假 或 缺席，而不是“到了”" in page
    assert "第 3 行 【姓名】本级政协没有名为“张无名”的委员" in page
    assert "第 4 行 【界别】有 2 名委员叫“王晓红”，请填写界别以区分" in page
    assert "第 6 行 【姓名】姓名不能为空" in page
    assert not DutyRecord.objects.exists() and not AttendanceSheet.objects.exists()
    # the form keeps what was typed
    assert "政协第十五届临江市委员会第五次会议" in page


def test_duplicate_rows_and_bad_half_days_are_refused(client, member_staff, member_a):
    client.force_login(member_staff)
    page = post(client, [("李明华", "", "出席", 9, ""), ("李明华", "", "出席", "", "")]).content.decode()
    assert "半天数应为 1 到 7 之间的整数" in page and "与第 2 行重复" not in page
    page = post(client, [("李明华", "", "出席", "", ""), ("李明华", "", "请假", "", "")]).content.decode()
    assert "“李明华”与第 2 行重复" in page


def test_missing_members_may_be_marked_absent_and_the_deduction_applies(
    client, member_staff, member_a, member_b, django_capture_on_commit_callbacks
):
    client.force_login(member_staff)
    with django_capture_on_commit_callbacks(execute=True):
        page = post(client, [("李明华", "", "出席", "", "")], mark_missing_absent="on").content.decode()
    assert "其中 1 人未列入签到表，记为缺席" in page
    assert DutyRecord.objects.get(member=member_b).attendance == "absent"
    assert MemberScore.objects.get(member=member_b, year=YEAR).total == 0
    assert MemberScore.objects.get(member=member_b, year=YEAR).raw_total == -10


def test_standing_meeting_absentees_are_only_standing_members(client, member_staff, member_a, member_b):
    member_b.is_standing = True
    member_b.save()
    client.force_login(member_staff)
    post(
        client,
        [("李明华", "", "出席", "", "")],
        kind="standing_meeting",
        half_days="1",
        title="常委会议",
        mark_missing_absent="on",
    )
    assert DutyRecord.objects.get(member=member_b).attendance == "absent"
    assert DutyRecord.objects.filter(kind="standing_meeting").count() == 2


def test_the_same_meeting_twice_is_refused_and_a_wrong_import_can_be_deleted(
    client, member_staff, member_a, django_capture_on_commit_callbacks
):
    client.force_login(member_staff)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, [("李明华", "", "出席", "", "")])
    page = post(client, [("李明华", "", "请假", "", "")]).content.decode()
    assert "这次会议的签到表已经导入过" in page
    sheet_row = AttendanceSheet.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/members/duty/attendance/{sheet_row.pk}/delete/", follow=True).content.decode()
    assert "撤回 1 条出勤记录" in page
    assert not DutyRecord.objects.exists()
    assert MemberScore.objects.get(member=member_a, year=YEAR).total == 0


def test_not_an_excel_file_and_wrong_headers(client, member_staff, member_a):
    client.force_login(member_staff)
    bad = io.BytesIO(b"not excel")
    bad.name = "签到表.xlsx"
    assert "文件不是有效的 Excel (.xlsx) 文件" in post(client, [], file=bad).content.decode()
    page = client.post(
        "/members/duty/attendance/import/",
        {
            "kind": "plenary",
            "title": "x",
            "held_on": day(1, 8).isoformat(),
            "half_days": "7",
            "file": sheet([("李明华",)], header=("名字",)),
        },
    ).content.decode()
    assert "缺少必需的列：姓名、出勤情况" in page


def test_only_member_affairs_staff_import(client, member_a, proposal_staff):
    for user in (member_a.user, proposal_staff):
        client.force_login(user)
        assert client.get("/members/duty/attendance/import/").status_code == 403
        assert client.get("/members/duty/attendance/").status_code == 403


def test_template_download(client, member_staff):
    from openpyxl import load_workbook

    client.force_login(member_staff)
    response = client.get("/members/duty/attendance/template/")
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header == ("姓名", "界别", "出勤情况", "半天数", "备注")
