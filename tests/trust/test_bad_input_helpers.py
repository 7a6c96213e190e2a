"""The two small helpers every view uses for bad input: ids out of the request, and free text."""

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from cppcc_portal.core.params import parse_id, parse_ids, parse_int
from cppcc_portal.core.text import CONTROL_MESSAGE, has_control_characters, xml_safe
from tests.trust.hostile import FUZZ, bad_id, hostile_text, speaks_chinese


@FUZZ
@given(value=st.one_of(bad_id(), hostile_text(40), st.none()))
def test_parse_id_never_raises_and_gives_only_positive_bigints(value):
    pk = parse_id(value)
    assert pk is None or 0 < pk < 2**63


@given(number=st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1))
def test_parse_int_reads_every_ordinary_integer(number):
    assert parse_int(f" {number} ") == number


@pytest.mark.parametrize("value", ["²", "①", "１", "1.0", "1e3", "0x10", "", " ", "1 2", "9" * 19])
def test_what_isdigit_lets_through_is_no_id(value):
    assert parse_id(value) is None


def test_parse_ids_keeps_the_good_ones_once():
    assert parse_ids(["3", "²", "x", "3", "-1", "0", "7"]) == [3, 7]


@FUZZ
@given(text=hostile_text())
def test_every_char_field_refuses_control_characters_in_chinese(text):
    field = forms.CharField(required=False)
    try:
        cleaned = field.clean(text)
    except forms.ValidationError as exc:
        assert has_control_characters(text.strip())
        assert speaks_chinese(exc.messages)
        assert str(CONTROL_MESSAGE) in exc.messages
    else:
        assert not has_control_characters(cleaned)
        assert cleaned == text.strip()


def test_xml_safe_drops_only_control_characters():
    assert xml_safe("关于\x00教育\x07的\t建议\n🎓\u202e") == "关于教育的\t建议\n🎓\u202e"
