"""The interface other apps use to put records into a member's duty file.

    from members.duty import duty_record_upsert, duty_record_withdraw

    duty_record_upsert(source=f"proposals.Proposal:{p.pk}", member=m, kind=DutyKind.PROPOSAL_ACCEPTED,
                       occurred_on=p.accepted_on, title=p.title, role=DutyRole.LEAD, url=p.get_absolute_url())
    duty_record_withdraw(source=f"proposals.Proposal:{p.pk}", kinds=[DutyKind.PROPOSAL_ACCEPTED])

`level` says at which level something happened (社情民意: the adopting or commenting level;
speeches: "oral" / "written"); `points` carries points the producing app computed from its own
editable table, for kinds whose scoring rule says "use the source's points".

Call them inside the caller's own transaction: the record changes exactly when its source does.
Records from an app count at once (status verified); records members enter themselves go through
the verification in members' own services."""

from decimal import Decimal

from django.db import IntegrityError, transaction

from members.models import DutyKind, DutyRecord, DutyStatus

# Hooks called after duty records change (the scoring module appends one to recompute scores).
on_duty_changed = []


def _changed(member_ids, years):
    for hook in on_duty_changed:
        hook(member_ids=set(member_ids), years=set(years))


def records_changed(member_ids, years):
    """For the members app's own writes to records (verification, sign-in sheets): run the hooks."""
    _changed(member_ids, years)


def _same(record, values):
    for key, value in values.items():
        current = getattr(record, key)
        if key == "recorded_by":
            if record.recorded_by_id != (value.pk if value is not None else None):
                return False
        elif current != value:
            return False
    return True


def duty_record_upsert(
    *,
    source,
    member,
    kind,
    occurred_on,
    title,
    role="",
    attendance="",
    level="",
    quantity=1,
    points=None,
    url="",
    detail="",
    place="",
    recorded_by=None,
):
    """Create or update the record of `member` and `kind` for `source`. Recording the same thing
    again changes nothing (no write, no history row, no recomputation), so seeds and retried
    tasks may call it freely."""
    if not source:
        raise ValueError("source is required for records made by an app")
    if kind not in DutyKind.values:
        raise ValueError(f"unknown duty kind {kind!r}")
    values = {
        "committee_id": member.committee_id,
        "term_id": member.term_id,
        "occurred_on": occurred_on,
        "year": occurred_on.year,
        "title": title[:200],
        "role": role,
        "attendance": attendance,
        "level": level,
        "quantity": quantity,
        "points": None if points is None else Decimal(str(points)).quantize(Decimal("0.1")),
        "url": url[:200],
        "detail": detail,
        "place": place[:100],
        "status": DutyStatus.VERIFIED,
        "recorded_by": recorded_by,
    }
    with transaction.atomic():
        record = DutyRecord.objects.select_for_update().filter(source=source, member=member, kind=kind).first()
        created = False
        if record is None:
            try:
                with transaction.atomic():
                    record = DutyRecord.objects.create(source=source, member=member, kind=kind, **values)
                created = True
            except IntegrityError:  # created meanwhile by a concurrent call: update that one
                record = DutyRecord.objects.select_for_update().get(source=source, member=member, kind=kind)
        if created:
            years = {record.year}
        else:
            if _same(record, values):
                return record
            years = {record.year, values["year"]}
            for key, value in values.items():
                setattr(record, key, value)
            record.save()
    _changed([member.pk], years)
    return record


def duty_record_withdraw(*, source, member=None, kinds=None):
    """Remove what an app recorded for `source` (for one member and/or some kinds). Returns the count."""
    qs = DutyRecord.objects.filter(source=source)
    if member is not None:
        qs = qs.filter(member=member)
    if kinds:
        qs = qs.filter(kind__in=list(kinds))
    affected = list(qs.values_list("member_id", "year"))
    count = 0
    for record in qs:
        record.delete()
        count += 1
    if affected:
        _changed([m for m, _ in affected], [y for _, y in affected])
    return count
