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

from members.models import DutyKind, DutyRecord, DutyStatus

# Hooks called after duty records change (the scoring module appends one to recompute scores).
on_duty_changed = []


def _changed(member_ids, years):
    for hook in on_duty_changed:
        hook(member_ids=set(member_ids), years=set(years))


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
    if not source:
        raise ValueError("source is required for records made by an app")
    if kind not in DutyKind.values:
        raise ValueError(f"unknown duty kind {kind!r}")
    record, _ = DutyRecord.objects.update_or_create(
        source=source,
        member=member,
        kind=kind,
        defaults={
            "committee_id": member.committee_id,
            "term_id": member.term_id,
            "occurred_on": occurred_on,
            "year": occurred_on.year,
            "title": title[:200],
            "role": role,
            "attendance": attendance,
            "level": level,
            "quantity": quantity,
            "points": points,
            "url": url[:200],
            "detail": detail,
            "place": place[:100],
            "status": DutyStatus.VERIFIED,
            "recorded_by": recorded_by,
        },
    )
    _changed([member.pk], [record.year])
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
