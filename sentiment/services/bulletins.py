"""Composing, numbering, issuing and sending 《社情民意》."""

from django.db import transaction
from django.utils import timezone

from sentiment.models import (
    Adoption,
    Bulletin,
    BulletinKind,
    BulletinSeries,
    BulletinStatus,
    Destination,
    DestinationKind,
    Report,
    ReportStatus,
)
from sentiment.permissions import is_editor_of
from sentiment.rules import ensure_rules
from sentiment.services import credit
from sentiment.services.common import (
    SentimentError,
    check,
    now_or,
    record_event,
    set_status,
    tell_lower_committees,
    tell_writers,
)
from sentiment.services.reports import attribution_of, forward_to_upper

S = ReportStatus


def _require_editor(user, bulletin):
    if not is_editor_of(user, bulletin.committee_id):
        raise SentimentError("只有本会的社情民意编辑可以编排刊期。")


def _locked(bulletin):
    return Bulletin.objects.select_for_update().select_related("committee").get(pk=bulletin.pk)


def bulletin_create(*, user, kind=BulletinKind.REGULAR, signer="", editor_name=""):
    committee = user.committee
    ensure_rules(committee)
    bulletin = Bulletin(committee=committee, kind=kind, signer=signer, editor_name=editor_name or user.display_name)
    _require_editor(user, bulletin)
    bulletin.created_by = user
    bulletin.save()
    bulletin.destinations.set(Destination.objects.filter(committee=committee, is_active=True, is_default=True))
    return bulletin


def bulletin_update(bulletin, *, user, signer, editor_name, destinations):
    with transaction.atomic():
        bulletin = _locked(bulletin)
        _require_editor(user, bulletin)
        if bulletin.status == BulletinStatus.SENT:
            raise SentimentError("已报送的刊期不能再修改。")
        if bulletin.status == BulletinStatus.ISSUED and (signer != bulletin.signer or editor_name != bulletin.editor_name):
            raise SentimentError("已印发的刊期不能修改签发人和责任编辑。")
        if any(d.committee_id != bulletin.committee_id for d in destinations):
            raise SentimentError("报送对象不属于本会。")
        bulletin.signer, bulletin.editor_name = signer.strip(), editor_name.strip()
        bulletin.save(update_fields=["signer", "editor_name"])
        bulletin.destinations.set(destinations)
    return bulletin


def bulletin_add_report(bulletin, report, *, user):
    with transaction.atomic():
        bulletin = _locked(bulletin)
        _require_editor(user, bulletin)
        report = Report.objects.select_for_update().get(pk=report.pk)
        if bulletin.status != BulletinStatus.DRAFT:
            raise SentimentError("只能向编排中的刊期添加信息。")
        if report.committee_id != bulletin.committee_id:
            raise SentimentError("只能编入本会的信息。")
        if report.status != S.SIGNED_OFF:
            raise SentimentError("只有已签发的信息可以编入刊期。")
        if report.bulletin_id and report.bulletin_id != bulletin.pk:
            raise SentimentError(f"《{report.title}》已编入另一期。")
        report.bulletin = bulletin
        report.bulletin_order = bulletin.reports.count() + 1
        report.save(update_fields=["bulletin", "bulletin_order"])
    return report


def bulletin_remove_report(bulletin, report, *, user):
    with transaction.atomic():
        bulletin = _locked(bulletin)
        _require_editor(user, bulletin)
        if bulletin.status != BulletinStatus.DRAFT:
            raise SentimentError("已印发的刊期不能移出信息。")
        Report.objects.filter(pk=report.pk, bulletin=bulletin).update(bulletin=None, bulletin_order=0)


def bulletin_move_report(bulletin, report, *, user, step):
    with transaction.atomic():
        bulletin = _locked(bulletin)
        _require_editor(user, bulletin)
        if bulletin.status != BulletinStatus.DRAFT:
            raise SentimentError("已印发的刊期不能调整顺序。")
        reports = list(bulletin.reports.order_by("bulletin_order", "id"))
        index = next((i for i, r in enumerate(reports) if r.pk == report.pk), None)
        if index is None:
            raise SentimentError("这篇信息不在本期。")
        target = max(0, min(len(reports) - 1, index + step))
        reports.insert(target, reports.pop(index))
        for i, r in enumerate(reports, start=1):
            if r.bulletin_order != i:
                Report.objects.filter(pk=r.pk).update(bulletin_order=i)


def bulletin_delete(bulletin, *, user):
    with transaction.atomic():
        bulletin = _locked(bulletin)
        _require_editor(user, bulletin)
        if bulletin.status != BulletinStatus.DRAFT:
            raise SentimentError("已印发的刊期不能删除。")
        bulletin.reports.update(bulletin=None, bulletin_order=0)
        bulletin.delete()


def bulletin_issue(bulletin, *, user, at=None):
    """Number the issue (第N期 of the year, 总第M期) and issue its reports, all or nothing.

    The series row is locked first, so two editors issuing at once are numbered one after the
    other; the number is taken in the same transaction that issues, so a failure leaves no gap."""
    when = now_or(at)
    issued_on = timezone.localtime(when).date()
    BulletinSeries.objects.get_or_create(committee_id=bulletin.committee_id, kind=bulletin.kind)
    with transaction.atomic():
        series = BulletinSeries.objects.select_for_update().get(committee_id=bulletin.committee_id, kind=bulletin.kind)
        bulletin = _locked(bulletin)
        _require_editor(user, bulletin)
        if bulletin.status != BulletinStatus.DRAFT:
            raise SentimentError(f"{bulletin.label}已经印发。")
        reports = list(bulletin.reports.select_for_update().order_by("bulletin_order", "id"))
        if not reports:
            raise SentimentError("本期还没有编入信息，不能印发。")
        for report in reports:
            check("issue", report)
        if series.last_year is not None and issued_on.year < series.last_year:
            raise SentimentError("印发日期早于上一期所在年度。")
        number = series.last_number + 1 if series.last_year == issued_on.year else 1
        series.last_year, series.last_number, series.last_total = issued_on.year, number, series.last_total + 1
        series.save(update_fields=["last_year", "last_number", "last_total"])
        bulletin.year, bulletin.number, bulletin.total_number = issued_on.year, number, series.last_total
        bulletin.status, bulletin.issued_on, bulletin.issued_by = BulletinStatus.ISSUED, issued_on, user
        bulletin.save(update_fields=["year", "number", "total_number", "status", "issued_on", "issued_by"])
        committee = bulletin.committee
        adopted_by = f"{committee.short_name}《{bulletin.get_kind_display()}》{bulletin.year}年第{number}期"
        for report in reports:
            set_status(report, S.ISSUED, at=at)
            report.attribution = attribution_of(report)
            report.save(update_fields=["status", "status_changed_at", "attribution"])
            Adoption.objects.update_or_create(
                report=report,
                level=committee.level,
                defaults={
                    "committee": committee,
                    "adopted_by": adopted_by,
                    "adopted_on": issued_on,
                    "bulletin": bulletin,
                    "is_automatic": True,
                    "recorded_by": user,
                    "created_at": when,
                },
            )
            record_event(
                report, "issue", f"编入{bulletin.short_label}印发", user=user, from_status=S.SIGNED_OFF, to_status=S.ISSUED, at=at
            )
            tell_writers(report, f"您的社情民意信息《{report.title}》被{adopted_by}编发采用")
            if report.is_copy:
                tell_lower_committees(report, f"报送的《{report.title}》被{adopted_by}采用")
        credit.recompute_for([r.pk for r in reports])
    return bulletin


def bulletin_send(bulletin, *, user, forward_ids=None, at=None):
    """报送: the bulletin goes to its chosen destinations. When the upper committee is one of them
    and is in the portal, the chosen reports (all by default) enter its queue."""
    with transaction.atomic():
        bulletin = _locked(bulletin)
        _require_editor(user, bulletin)
        if bulletin.status != BulletinStatus.ISSUED:
            raise SentimentError("只有已印发、尚未报送的刊期可以报送。")
        destinations = list(bulletin.destinations.all())
        if not destinations:
            raise SentimentError("请先选择报送对象。")
        upper = [
            d
            for d in destinations
            if d.kind == DestinationKind.UPPER_CPPCC
            and d.target_committee_id
            and bulletin.committee.can_send_to(d.target_committee)
        ]
        bulletin.status, bulletin.sent_at, bulletin.sent_by = BulletinStatus.SENT, now_or(at), user
        bulletin.save(update_fields=["status", "sent_at", "sent_by"])
        names = "、".join(d.name for d in destinations)
        reports = list(
            bulletin.reports.select_for_update(of=("self",))
            .select_related("committee", "category", "sector")
            .order_by("bulletin_order")
        )
        for report in reports:
            if report.status == S.ISSUED:
                set_status(report, S.SENT, at=at)
                report.save(update_fields=["status", "status_changed_at"])
            record_event(
                report, "send", "报送", user=user, from_status=S.ISSUED, to_status=S.SENT, comment=f"报送：{names}", at=at
            )
            tell_writers(report, f"您的社情民意信息《{report.title}》已报送{names}"[:200])
            if report.is_copy:
                tell_lower_committees(report, f"{bulletin.committee.short_name}已报送《{report.title}》：{names}"[:200])
        if upper:
            chosen = reports if forward_ids is None else [r for r in reports if r.pk in set(forward_ids)]
            for report in chosen:
                if not Report.objects.filter(forwarded_from=report).exists():
                    forward_to_upper(report, user=user, at=at)
    return bulletin
