"""Numbers and ids out of query strings and POST bodies, without a server error.

`str.isdigit()` is not a test for int(): it is true for "²" and "①", which int() refuses, and a
Django lookup with a non-number (`pk="abc"`) raises ValueError, not DoesNotExist. Views read ids
and numbers through these instead: a bad value is simply no value (or a 404)."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404

_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")  # ASCII digits, within PostgreSQL's bigint
_BIGINT_MAX = 2**63 - 1


def parse_int(value, default=None):
    """An int from text such as "42" or "-3" (surrounding blanks allowed); else `default`."""
    text = str(value).strip() if value is not None else ""
    if not _INTEGER.fullmatch(text):
        return default
    number = int(text)
    return number if abs(number) <= _BIGINT_MAX else default


def parse_id(value):
    """A primary key (a positive int) or None."""
    number = parse_int(value)
    return number if number is not None and number > 0 else None


def parse_ids(values):
    """The valid primary keys among `values` (a getlist()), in order, without repeats."""
    return list(dict.fromkeys(pk for pk in map(parse_id, values) if pk is not None))


def object_or_404(queryset, value, **filters):
    """get_object_or_404 for an id that came from the request: a malformed id is a 404 too."""
    pk = parse_id(value)
    if pk is None:
        raise Http404
    return get_object_or_404(queryset, pk=pk, **filters)
