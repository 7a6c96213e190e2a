"""Duty records as members.duty.duty_record_upsert writes them, buffered and COPYed: every app's
step adds the records its service would have made (source "<app>.<Model>:<pk>")."""

from datetime import datetime, time

from bench.gen.db import CST, Table
from members.models import DutyRecord, DutyStatus

FIELDS = [
    "id",
    "committee_id",
    "member_id",
    "term_id",
    "kind",
    "role",
    "attendance",
    "level",
    "quantity",
    "points",
    "occurred_on",
    "year",
    "title",
    "detail",
    "place",
    "url",
    "source",
    "status",
    "reject_reason",
    "recorded_by_id",
    "verified_by_id",
    "verified_at",
    "created_at",
    "updated_at",
]


class DutyWriter:
    def __init__(self, gen):
        self.gen = gen
        self.table = Table(DutyRecord, FIELDS)
        self.rows = []
        self.count = 0

    def add(
        self,
        committee,
        member,
        term,
        kind,
        occurred_on,
        title,
        *,
        role="",
        attendance="",
        level="",
        quantity=1,
        points=None,
        url="",
        detail="",
        place="",
        source="",
        status=DutyStatus.VERIFIED,
        reject_reason="",
        recorded_by=None,
        verified_by=None,
        verified_at=None,
        recorded_at=None,
    ):
        pk = self.gen.ids.take(DutyRecord)
        at = recorded_at or datetime.combine(occurred_on, time(18), CST)
        self.rows.append(
            (
                pk,
                committee,
                member,
                term,
                kind,
                role,
                attendance,
                level,
                quantity,
                points,
                occurred_on,
                occurred_on.year,
                title[:200],
                detail,
                place[:100],
                url[:200],
                source,
                status,
                reject_reason,
                recorded_by,
                verified_by,
                verified_at,
                at,
                at,
            )
        )
        if len(self.rows) >= 100_000:
            self.flush()
        return pk

    def flush(self):
        if self.rows:
            self.count += self.table.copy(self.rows)
            self.rows = []
