"""Narrowing similarity candidates with the full-text index: any of a draft's keywords."""

import re

from django.db import connection
from django.db.models import Q


def candidate_filter(queryset, words):
    words = [w for w in (re.sub(r"[&|!():*'\\<>\s]", "", w) for w in words) if w]
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        return queryset.filter(search_text__tsmatch=" | ".join(f"'{w}'" for w in words))
    condition = Q()
    for word in words:
        condition |= Q(search_text__icontains=word)
    return queryset.filter(condition)
