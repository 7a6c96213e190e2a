"""What the editor changed: a character-level diff (Chinese has no spaces to split words on)."""

from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe


def inline_diff(old, new):
    """HTML of `new` with deletions in <del> and insertions in <ins>; paragraphs kept."""
    old, new = old or "", new or ""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(new[b1:b2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f'<del class="diff-del">{escape(old[a1:a2])}</del>')
        if op in ("insert", "replace"):
            parts.append(f'<ins class="diff-ins">{escape(new[b1:b2])}</ins>')
    html = "".join(parts).replace("\n", "<br>")
    return mark_safe(html)


def change_summary(old, new):
    """(characters deleted, characters inserted)."""
    deleted = inserted = 0
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old or "", new or "", autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            deleted += a2 - a1
        if op in ("insert", "replace"):
            inserted += b2 - b1
    return deleted, inserted
