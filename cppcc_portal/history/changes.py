"""What a page of django-simple-history rows says to a reader: when, who, what kind of change and,
for a change, each field from → to under its verbose name, with choice labels and the names of
related records instead of raw values.

`differing_fields` is the one comparison of two history rows; the audit log's receiver uses it
too. A page costs a fixed number of queries: the rows, the row before the oldest, one per m2m
field and one per related model named in the page."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

KIND_LABELS = {"+": "创建", "~": "修改", "-": "删除"}
SHORT = 120  # characters of a long text shown before "展开全文"


def differing_fields(previous, row):
    """The tracked fields whose stored value differs between two history rows of one record."""
    return [f for f in row.tracked_fields if not f.primary_key and getattr(previous, f.attname) != getattr(row, f.attname)]


@dataclass
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def old_short(self):
        return Truncator(self.old).chars(SHORT)

    @property
    def new_short(self):
        return Truncator(self.new).chars(SHORT)

    @property
    def long(self):
        return len(self.old) > SHORT or len(self.new) > SHORT


@dataclass
class Entry:
    row: object
    kind: str  # "+", "~", "-"
    changes: list = field(default_factory=list)

    @property
    def kind_label(self):
        return _(KIND_LABELS[self.kind])

    @property
    def when(self):
        return self.row.history_date

    @property
    def who(self):
        user = self.row.history_user
        return user.display_name if user is not None else _("系统")

    @property
    def reason(self):
        return self.row.history_change_reason or ""


def entries(rows, previous):
    """Entries for history rows of one record, newest first; `previous` is the row just before the
    oldest of them (None when the oldest is the first)."""
    rows = list(rows)
    chain = rows + ([previous] if previous is not None else [])
    m2m = _m2m_sets(chain)
    pairs = []  # (row, the row before it, changed fields, changed m2m fields)
    for i, row in enumerate(rows):
        before = chain[i + 1] if i + 1 < len(chain) else None
        if row.history_type != "~" or before is None:
            pairs.append((row, before, [], []))
            continue
        plain = differing_fields(before, row)
        many = [f for f in row._history_m2m_fields if m2m[f.name].get(row.pk) != m2m[f.name].get(before.pk)]
        pairs.append((row, before, plain, many))
    labels = _related_labels(pairs, m2m)
    result = []
    for row, before, plain, many in pairs:
        changes = [
            FieldChange(
                str(f.verbose_name), _display(f, getattr(before, f.attname), labels), _display(f, getattr(row, f.attname), labels)
            )
            for f in plain
        ]
        for f in many:
            old, new = m2m[f.name].get(before.pk, set()), m2m[f.name].get(row.pk, set())
            changes.append(
                FieldChange(str(f.verbose_name), _names(f.related_model, old, labels), _names(f.related_model, new, labels))
            )
        result.append(Entry(row, row.history_type, changes))
    return result


def _m2m_sets(rows):
    """{m2m field name: {history_id: frozenset of related pks}} in one query a field."""
    if not rows:
        return {}
    sets = {}
    for f in rows[0]._history_m2m_fields:
        through = getattr(rows[0], f.name).model
        target = get_m2m_reverse_field_name(f)
        found = defaultdict(set)
        for history_id, pk in through.objects.filter(history_id__in=[r.pk for r in rows]).values_list(
            "history_id", f"{target}_id"
        ):
            found[history_id].add(pk)
        sets[f.name] = {r.pk: frozenset(found.get(r.pk, ())) for r in rows}
    return sets


def _related_labels(pairs, m2m):
    """{related model: {pk: name}} for every foreign key and m2m value shown, one query a model."""
    wanted = defaultdict(set)
    for row, before, plain, many in pairs:
        for f in plain:
            if f.is_relation:
                wanted[f.related_model].update(v for v in (getattr(before, f.attname), getattr(row, f.attname)) if v is not None)
        for f in many:
            wanted[f.related_model].update(m2m[f.name].get(before.pk, ()), m2m[f.name].get(row.pk, ()))
    return {model: {obj.pk: _name(obj) for obj in model._base_manager.filter(pk__in=pks)} for model, pks in wanted.items() if pks}


def _name(obj):
    return getattr(obj, "display_name", None) or str(obj)


def _names(model, pks, labels):
    if not pks:
        return _("（空）")
    known = labels.get(model, {})
    return "、".join(sorted(known.get(pk, _("（已删除）")) for pk in pks))


def _display(f, value, labels):
    if value is None or value == "":
        return _("（空）")
    if f.is_relation:
        return labels.get(f.related_model, {}).get(value, _("（已删除）"))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "Y年n月j日 H:i")
    if isinstance(value, date):
        return date_format(value, "Y年n月j日")
    if isinstance(f, models.FileField):
        return _("（文件）")
    return str(value)
