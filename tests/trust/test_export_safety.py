# ruff: noqa: F811 (fixtures are imported by name, then requested as arguments)
"""Exports and PDFs made from hostile user text (issue 8).

Excel: a title such as `=cmd|' /C calc'!A0` typed into a proposal, a report, an activity or a
member's name must reach every workbook as text, never as a formula, and a stray control
character must not make the export fail. Every workbook leaves through core.excel.workbook_bytes,
which makes every text cell safe; the tests check the real downloads of every list export."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver
from openpyxl import Workbook, load_workbook

from consultations.models import Activity
from consultations.services import activities as act
from cppcc_portal.core.excel import FORMULA_STARTS, XLSX_TYPE, safe_cell, workbook_bytes
from cppcc_portal.core.lists import FilteredListView
from members.models import Member
from members.roles import Role
from sentiment.services import reports as report_services
from tests.consultations.conftest import at
from tests.factories import MemberFactory, UserFactory
from tests.proposals.conftest import category, make_draft, make_submitted, rules  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
FORMULA = "=cmd|' /C calc'!A0"
TITLE = FORMULA + "关于公式注入的建议"


def _cells(data):
    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def assert_no_formula(data, where=""):
    for cell in _cells(data):
        assert cell.data_type != "f", (where, cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_STARTS), (where, cell.coordinate, cell.value)


def test_a_hand_built_workbook_leaves_without_formulas():
    wb = Workbook()
    ws = wb.active
    ws.append(["=SUM(A1:A9)", "+1", "-1", "@x", "\tx", safe_cell("关于\x07报警符的建议"), 12, "普通文字"])
    data = workbook_bytes(wb, is_export=False)
    values = [c.value for c in _cells(data)]
    assert values == ["'=SUM(A1:A9)", "'+1", "'-1", "'@x", "'\tx", "关于报警符的建议", 12, "普通文字"]
    assert_no_formula(data)


def test_every_module_that_builds_a_workbook_sends_it_through_workbook_bytes():
    """A workbook saved anywhere else would skip the formula guard and the audit event."""
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in base.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "bench" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        builds = re.search(r"openpyxl import .*\bWorkbook\b|\bWorkbook\(", text)
        if builds and path.name != "excel.py" and "workbook_bytes" not in text:
            offenders.append(str(path.relative_to(base)))
        if re.search(r"\bwb\.save\(|workbook\.save\(", text) and path.name != "excel.py":
            offenders.append(str(path.relative_to(base)))
    assert offenders == []


@pytest.fixture
def hostile_world(roles, committee, member_a, make_submitted, proposal_staff, member_staff, leader):
    """The same formula typed everywhere a clerk might later export it."""
    make_submitted(member_a, title=TITLE)
    MemberFactory(user__committee=committee, user__full_name=FORMULA[:30], user__username="formula_member", workplace=FORMULA)
    editor = UserFactory(committee=committee, username="report_editor", full_name="周文博", roles=[Role.REPORT_EDITOR])
    report_services.report_create(
        user=member_a.user, writer_key="member", title=TITLE, content="正文\x07带控制字符", contact=FORMULA, submit=True
    )
    starts = at()
    activity = Activity(committee_id=committee.pk, title=TITLE, starts_at=starts, ends_at=starts.replace(hour=11), place=FORMULA)
    act.activity_create(activity, user=member_staff)
    act.participants_add(activity, user=member_staff, members=list(Member.objects.filter(committee=committee)))
    return {"users": [member_a.user, proposal_staff, member_staff, editor, leader], "activity": activity}


def _export_list_urls():
    """Every list page of the URLconf that offers ?export=xlsx and needs no argument."""

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                view = getattr(p.callback, "view_class", None)
                route = prefix + str(p.pattern)
                if view and issubclass(view, FilteredListView) and view.export_columns and "<" not in route:
                    yield "/" + route

    return sorted(set(walk(get_resolver().url_patterns, "")))


def test_every_excel_export_writes_user_text_as_text(client, hostile_world):
    activity = hostile_world["activity"]
    urls = [f"{u}?export=xlsx" for u in _export_list_urls()] + [
        "/proposals/stats/?export=xlsx",
        "/sentiment/stats/?export=xlsx",
        "/sentiment/quotas/?export=xlsx",
        f"/consultations/activities/{activity.pk}/participants/?export=xlsx",
    ]
    assert len(urls) >= 15
    checked, seen_escaped = set(), False
    for user in hostile_world["users"]:
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or response["Content-Type"] != XLSX_TYPE:
                continue
            data = b"".join(response.streaming_content) if response.streaming else response.content
            assert_no_formula(data, url)
            seen_escaped |= any(isinstance(c.value, str) and c.value.startswith("'" + FORMULA) for c in _cells(data))
            checked.add(url)
    assert seen_escaped, "the formula typed by users reached no export"
    assert len(checked) >= 12, sorted(checked)
