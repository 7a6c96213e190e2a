from datetime import date

import pytest

from cppcc_portal.core.chinese import cn_date, cn_number
from cppcc_portal.core.excel import safe_cell


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (10, "十"), (15, "十五"), (20, "二十"), (23, "二十三"), (100, "一百"), (107, "一百零七"), (120, "一百二十")],
)
def test_cn_number(n, text):
    assert cn_number(n) == text


def test_cn_date_has_no_leading_zeros():
    assert cn_date(date(2025, 6, 9)) == "2025年6月9日"


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\t=1"])
def test_excel_cells_never_become_formulas(value):
    assert safe_cell(value) == "'" + value


def test_excel_keeps_numbers_and_dates():
    assert safe_cell(5) == 5 and safe_cell(date(2026, 1, 2)) == date(2026, 1, 2) and safe_cell(True) == "是"
