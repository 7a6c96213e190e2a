"""Every change to a report: one function per action. Each checks the state (sentiment.workflow),
locks the row, writes a history row and tells the people it concerns."""

from django.db import transaction
from django.db.models import Max

from cppcc_portal.core.uploads import original_name
from members.models import Member, Sector
from sentiment.models import (
    LEVEL_ORDER,
    Adoption,
    AdoptionLevel,
    LeaderComment,
    LeaderLevel,
    Report,
    ReportAttachment,
    ReportRevision,
    ReportSource,
    ReportStatus,
    ReportWriter,
)
from sentiment.permissions import is_editor_of, is_writer_of, writer_choices
from sentiment.rules import category_named, ensure_rules
from sentiment.services import credit
from sentiment.services.common import (
    SentimentError,
    check,
    editors_of,
    locked,
    now_or,
    record_event,
    search_text_of,
    set_status,
    tell_lower_committees,
    tell_writers,
)

S = ReportStatus


# ---------------------------------------------------------------- helpers


def _require_editor(user, report):
    if not is_editor_of(user, report.committee_id):
        raise SentimentError("只有本会的社情民意编辑可以进行此操作。")


def _require_writer(user, report):
    if not is_writer_of(user, report) or report.is_copy:
        raise SentimentError("只有撰稿人本人可以进行此操作。")


def _check_length(committee, title, content, *, what="提交"):
    settings = ensure_rules(committee)
    if not (title or "").strip():
        raise SentimentError("请填写标题。")
    if not (content or "").strip():
        raise SentimentError("请填写正文。")
    if len(content) > settings.max_chars:
        raise SentimentError(f"正文 {len(content)} 字，超过 {settings.max_chars} 字的上限，请压缩后再{what}。")


def _next_revision(report):
    return (report.revisions.aggregate(n=Max("number"))["n"] or 0) + 1


def _save_attachments(report, files, user):
    for upload in files or ():
        ReportAttachment.objects.create(
            report=report, file=upload, original_name=original_name(upload), size=upload.size, uploaded_by=user
        )


def default_attribution(report):
    """（教育界 李明华、王晓红委员反映）· （民盟临江市委员会反映）· （青山区政协报送，…）"""
    writers = list(report.writers.all())
    by_sector, parts = {}, []
    for w in writers:
        if w.member_id:
            by_sector.setdefault(w.sector_name, []).append(w.name)
    for sector, names in by_sector.items():
        parts.append(f"{sector + ' ' if sector else ''}{'、'.join(names)}委员")
    parts += [w.name for w in writers if w.body_id]
    staff = [w.name for w in writers if w.user_id and not w.member_id and not w.body_id]
    if staff:
        parts.append(f"{report.committee.short_name}机关 {'、'.join(staff)}")
    text = "，".join(parts) + "反映" if parts else ""
    if report.from_committee_id:
        lower = report.from_committee.short_name
        text = f"{lower}报送，{text}" if text else f"{lower}报送"
    return f"（{text}）" if text else ""


def attribution_of(report):
    return report.attribution or default_attribution(report)


def _writer_rows(user, writer_key, committee):
    found = {key: obj for key, _label, obj in writer_choices(user)}
    if writer_key not in found:
        raise SentimentError("请选择以谁的名义报送。")
    key, obj = writer_key, found[writer_key]
    if key == "member":
        return ReportSource.MEMBER, None, [{"member": obj, "name": obj.name, "sector_name": obj.sector.name}]
    if key.startswith("body:"):
        return ReportSource.BODY, obj, [{"body": obj, "name": obj.name, "sector_name": obj.sector.name if obj.sector else ""}]
    return ReportSource.STAFF, None, [{"user": obj, "name": obj.display_name}]


# ---------------------------------------------------------------- writers


def report_create(*, user, writer_key, title, content, category=None, sector=None, contact="", files=(), submit=False, at=None):
    """A writer's new report: a draft, or received at once when `submit`."""
    committee = user.committee
    ensure_rules(committee)
    if submit:
        _check_length(committee, title, content)
    source, body, writers = _writer_rows(user, writer_key, committee)
    if sector is None and writers[0].get("member") is not None:
        sector = writers[0]["member"].sector
    if sector is None and body is not None:
        sector = body.sector
    with transaction.atomic():
        report = Report.objects.create(
            committee=committee,
            title=title.strip(),
            content=content,
            category=category,
            sector=sector,
            contact=contact,
            source=source,
            body=body,
            submitted_by=user,
            status=S.DRAFT,
            status_changed_at=now_or(at),
            created_at=now_or(at),
            search_text=search_text_of(title, content),
        )
        for i, row in enumerate(writers):
            ReportWriter.objects.create(report=report, order=i, **row)
        _save_attachments(report, files, user)
        record_event(report, "create", "保存草稿", user=user, to_status=S.DRAFT, at=at, visible=True)
        if submit:
            report_submit(report, user=user, at=at)
            report.refresh_from_db()
    return report


def report_update_draft(report, *, user, title, content, category=None, sector=None, contact="", files=()):
    with transaction.atomic():
        report = locked(report)
        _require_writer(user, report)
        check("edit_draft", report)
        report.title, report.content = title.strip(), content
        report.category, report.sector, report.contact = category, sector, contact
        report.search_text = search_text_of(title, content)
        report.save(update_fields=["title", "content", "category", "sector", "contact", "search_text", "updated_at"])
        _save_attachments(report, files, user)
    return report


def report_submit(report, *, user, at=None):
    """Draft or returned → received: the text as submitted becomes the kept original."""
    with transaction.atomic():
        report = locked(report)
        _require_writer(user, report)
        check("submit", report)
        _check_length(report.committee, report.title, report.content)
        before = report.status
        set_status(report, S.RECEIVED, at=at)
        report.submitted_at = now_or(at)
        report.original_title, report.original_content = report.title, report.content
        report.returned_reason = ""
        report.save(
            update_fields=["status", "status_changed_at", "submitted_at", "original_title", "original_content", "returned_reason"]
        )
        ReportRevision.objects.create(
            report=report,
            number=_next_revision(report) if report.revisions.exists() else 0,
            title=report.title,
            content=report.content,
            note="重新提交的原文" if before == S.RETURNED else "提交的原文",
            edited_by=user,
            created_at=now_or(at),
        )
        record_event(
            report,
            "submit",
            "提交" if before == S.DRAFT else "修改后重新提交",
            user=user,
            from_status=before,
            to_status=S.RECEIVED,
            at=at,
        )
        credit.record_submitted(report)
        tell_writers(report, f"您的社情民意信息《{report.title}》已提交，等待编辑")
        from cppcc_portal.notifications.services import notify

        notify(
            editors_of(report.committee_id),
            f"收到社情民意信息《{report.title}》",
            url=report.get_absolute_url(),
            category="sentiment",
        )
    return report


def report_withdraw(report, *, user, at=None):
    with transaction.atomic():
        report = locked(report)
        _require_writer(user, report)
        check("withdraw", report)
        set_status(report, S.DRAFT, at=at)
        report.save(update_fields=["status", "status_changed_at"])
        record_event(report, "withdraw", "撰稿人撤回", user=user, from_status=S.RECEIVED, to_status=S.DRAFT, at=at)
        credit.withdraw_submitted(report)
    return report


# ---------------------------------------------------------------- editors


def report_start_editing(report, *, user, at=None):
    with transaction.atomic():
        report = locked(report)
        _require_editor(user, report)
        check("start_editing", report)
        set_status(report, S.EDITING, at=at)
        report.save(update_fields=["status", "status_changed_at"])
        record_event(report, "start_editing", "开始编辑", user=user, from_status=S.RECEIVED, to_status=S.EDITING, at=at)
    return report


def report_revise(report, *, user, title, content, category=None, attribution="", note="", at=None):
    """The editor rewrites; each save is a revision, the original (revision 0) stays."""
    with transaction.atomic():
        report = locked(report)
        _require_editor(user, report)
        check("revise", report)
        if not title.strip() or not content.strip():
            raise SentimentError("标题和正文都不能为空。")
        changed = title.strip() != report.title or content != report.content
        report.title, report.content = title.strip(), content
        report.category = category or report.category
        report.attribution = attribution.strip()
        report.search_text = search_text_of(title, content)
        report.save(update_fields=["title", "content", "category", "attribution", "search_text", "updated_at"])
        if changed:
            ReportRevision.objects.create(
                report=report,
                number=_next_revision(report),
                title=report.title,
                content=report.content,
                note=note[:200],
                edited_by=user,
                created_at=now_or(at),
            )
            record_event(report, "revise", "编辑修改", user=user, comment=note, at=at)
    return report


def report_sign_off(report, *, user, at=None):
    with transaction.atomic():
        report = locked(report)
        _require_editor(user, report)
        check("sign_off", report)
        _check_length(report.committee, report.title, report.content, what="签发")
        if report.category_id is None:
            raise SentimentError("请先选择信息类别再签发。")
        set_status(report, S.SIGNED_OFF, at=at)
        report.signed_off_by, report.signed_off_at = user, now_or(at)
        report.save(update_fields=["status", "status_changed_at", "signed_off_by", "signed_off_at"])
        record_event(report, "sign_off", "签发", user=user, from_status=S.EDITING, to_status=S.SIGNED_OFF, at=at)
    return report


def report_reopen(report, *, user, at=None):
    with transaction.atomic():
        report = locked(report)
        _require_editor(user, report)
        check("reopen", report)
        if report.bulletin_id and report.bulletin.status != "draft":
            raise SentimentError("这篇信息已随刊期印发，不能撤销签发。")
        set_status(report, S.EDITING, at=at)
        report.bulletin = None
        report.signed_off_by, report.signed_off_at = None, None
        report.save(update_fields=["status", "status_changed_at", "bulletin", "signed_off_by", "signed_off_at"])
        record_event(report, "reopen", "撤销签发", user=user, from_status=S.SIGNED_OFF, to_status=S.EDITING, at=at)
    return report


def report_return(report, *, user, reason, at=None):
    """Rejected: back to the writer (or, for a copy, to the lower committee) with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise SentimentError("请填写退回原因。")
    with transaction.atomic():
        report = locked(report)
        _require_editor(user, report)
        check("return", report)
        before = report.status
        set_status(report, S.RETURNED, at=at)
        report.returned_reason = reason
        report.save(update_fields=["status", "status_changed_at", "returned_reason"])
        record_event(report, "return", "退回", user=user, from_status=before, to_status=S.RETURNED, comment=reason, at=at)
        if report.is_copy:
            tell_lower_committees(report, f"{report.committee.short_name}未采用报送的《{report.title}》", reason)
            tell_writers(report, f"您的信息《{report.title}》未被{report.committee.short_name}采用", reason)
        else:
            credit.withdraw_submitted(report)
            tell_writers(report, f"您的社情民意信息《{report.title}》被退回", f"退回原因：{reason}")
    return report


def report_merge(report, *, into, user, comment="", at=None):
    """Merged into another report of the same committee; its writers are added there and keep credit."""
    if into is None or into.pk == report.pk:
        raise SentimentError("请选择要合并到的另一篇信息。")
    with transaction.atomic():
        first, second = sorted([report.pk, into.pk])
        rows = {
            r.pk: r
            for r in Report.objects.select_for_update(of=("self",)).select_related("committee").filter(pk__in=[first, second])
        }
        report, into = rows[report.pk], rows[into.pk]
        _require_editor(user, report)
        check("merge", report)
        if into.committee_id != report.committee_id:
            raise SentimentError("只能合并本会的信息。")
        if into.status not in (S.RECEIVED, S.EDITING):
            raise SentimentError(f"《{into.title}》当前为“{S(into.status).label}”，不能再并入其他信息。")
        before = report.status
        set_status(report, S.MERGED, at=at)
        report.merged_into = into
        report.save(update_fields=["status", "status_changed_at", "merged_into"])
        if into.status == S.RECEIVED:
            set_status(into, S.EDITING, at=at)
            into.save(update_fields=["status", "status_changed_at"])
            record_event(into, "start_editing", "开始编辑", user=user, from_status=S.RECEIVED, to_status=S.EDITING, at=at)
        existing = {(w.member_id, w.body_id, w.user_id) for w in into.writers.all()}
        order = into.writers.count()
        for w in report.writers.all():
            if (w.member_id, w.body_id, w.user_id) in existing:
                continue
            order += 1
            ReportWriter.objects.create(
                report=into,
                member_id=w.member_id,
                body_id=w.body_id,
                user_id=w.user_id,
                name=w.name,
                sector_name=w.sector_name,
                order=order,
                via_merge=True,
            )
        for a in report.attachments.all():
            ReportAttachment.objects.create(
                report=into, file=a.file.name, original_name=a.original_name, size=a.size, uploaded_by=a.uploaded_by
            )
        into.attribution = ""
        into.save(update_fields=["attribution"])
        record_event(
            report,
            "merge",
            f"合并到《{into.title}》"[:60],
            user=user,
            from_status=before,
            to_status=S.MERGED,
            comment=comment,
            at=at,
        )
        record_event(into, "merge_in", f"并入《{report.title}》"[:60], user=user, comment=comment, at=at, visible=False)
        tell_writers(
            report,
            f"您的信息《{report.title}》已与同类信息合并编辑",
            f"合并为《{into.title}》，您仍为署名撰稿人。",
        )
    return report


def forward_to_upper(report, *, user, at=None):
    """Put a copy of the report, with its writers and attachments, into the upper committee's queue."""
    upper = report.committee.parent
    if upper is None or not report.committee.can_send_to(upper):
        raise SentimentError("本会没有可以报送的上级政协。")
    if Report.objects.filter(forwarded_from=report).exists():
        raise SentimentError(f"《{report.title}》已经报送过{upper.short_name}。")
    ensure_rules(upper)
    content = report.content
    copy = Report.objects.create(
        committee=upper,
        title=report.title,
        content=content,
        original_title=report.title,
        original_content=content,
        category=category_named(upper, report.category.name if report.category_id else ""),
        sector=Sector.objects.filter(committee=upper, name=report.sector.name).first() if report.sector_id else None,
        contact=report.contact,
        source=ReportSource.LOWER,
        status=S.RECEIVED,
        status_changed_at=now_or(at),
        submitted_by=user,
        submitted_at=now_or(at),
        body=report.body,
        from_committee=report.committee,
        forwarded_from=report,
        attribution=attribution_of(report),
        source_label=f"{report.committee.short_name}报送",
        search_text=report.search_text,
        created_at=now_or(at),
    )
    for w in report.writers.all():
        ReportWriter.objects.create(
            report=copy,
            member_id=w.member_id,
            body_id=w.body_id,
            user_id=w.user_id,
            name=w.name,
            sector_name=w.sector_name,
            order=w.order,
            via_merge=w.via_merge,
        )
    for a in report.attachments.all():
        ReportAttachment.objects.create(
            report=copy, file=a.file.name, original_name=a.original_name, size=a.size, uploaded_by=a.uploaded_by
        )
    ReportRevision.objects.create(
        report=copy,
        number=0,
        title=copy.title,
        content=copy.content,
        note=f"{report.committee.short_name}报送的文字",
        edited_by=user,
        created_at=now_or(at),
    )
    record_event(copy, "received", f"收到{report.committee.short_name}报送", user=user, to_status=S.RECEIVED, at=at)
    report.sent_up_at = now_or(at)
    before = report.status
    if report.status == S.ISSUED:
        set_status(report, S.SENT, at=at)
    report.save(update_fields=["status", "status_changed_at", "sent_up_at"])
    record_event(report, "send_up", f"报送{upper.short_name}", user=user, from_status=before, to_status=report.status, at=at)
    from cppcc_portal.notifications.services import notify

    notify(
        editors_of(upper.pk),
        f"{report.committee.short_name}报送社情民意信息《{report.title}》",
        url=copy.get_absolute_url(),
        category="sentiment",
    )
    tell_writers(report, f"您的社情民意信息《{report.title}》已报送{upper.short_name}")
    tell_lower_committees(report, f"{report.committee.short_name}已将《{report.title}》转报{upper.short_name}")
    return copy


def report_send_up(report, *, user, at=None):
    with transaction.atomic():
        report = locked(report)
        _require_editor(user, report)
        check("send_up", report)
        return forward_to_upper(report, user=user, at=at)


def manual_adoption_levels(committee):
    """Levels above the committee that are not in the portal (their own issuing records them)."""
    in_portal = {c.level for c in committee.ancestors()}
    own = LEVEL_ORDER.index(committee.level)
    return [lvl for lvl in LEVEL_ORDER if LEVEL_ORDER.index(lvl) > own and lvl not in in_portal]


def comment_levels(committee):
    own = min(LEVEL_ORDER.index(committee.level), 3)
    return [lvl for lvl in LeaderLevel.values if LeaderLevel.values.index(lvl) >= own]


def report_adopt(report, *, user, level, adopted_by, adopted_on, note="", at=None):
    with transaction.atomic():
        report = locked(report)
        _require_editor(user, report)
        check("adopt", report)
        if level not in manual_adoption_levels(report.committee):
            raise SentimentError("这一级别的采用由该级政协在平台上编发时自动记录，不能手工登记。")
        if Adoption.objects.filter(report=report, level=level).exists():
            raise SentimentError(f"已登记过{AdoptionLevel(level).label}的采用。")
        adoption = Adoption.objects.create(
            report=report,
            level=level,
            adopted_by=(adopted_by or AdoptionLevel(level).label).strip()[:120],
            adopted_on=adopted_on,
            note=note[:200],
            recorded_by=user,
            created_at=now_or(at),
        )
        record_event(report, "adopt", f"{adoption.adopted_by}采用"[:60], user=user, comment=note, at=at)
        credit.recompute_for([report.pk])
        title = f"您的社情民意信息《{report.title}》被{adoption.adopted_by}采用"
        tell_writers(report, title, note)
        tell_lower_committees(report, f"《{report.title}》被{adoption.adopted_by}采用", note)
    return adoption


def report_comment(report, *, user, level, leader, text, commented_on, at=None):
    leader, text = (leader or "").strip(), (text or "").strip()
    if not leader or not text:
        raise SentimentError("请填写批示领导和批示内容。")
    with transaction.atomic():
        report = locked(report)
        _require_editor(user, report)
        check("comment", report)
        if level not in comment_levels(report.committee):
            raise SentimentError("请选择批示领导的级别。")
        comment = LeaderComment.objects.create(
            report=report,
            level=level,
            leader=leader[:60],
            text=text,
            commented_on=commented_on,
            recorded_by=user,
            created_at=now_or(at),
        )
        record_event(report, "comment", f"{leader}批示"[:60], user=user, comment=text, at=at)
        credit.recompute_for([report.pk])
        tell_writers(report, f"您的社情民意信息《{report.title}》获{leader}批示", text)
        tell_lower_committees(report, f"《{report.title}》获{leader}批示", text)
    return comment


def adoption_delete(adoption, *, user):
    """Remove a record entered by mistake (the automatic ones go with their bulletin)."""
    with transaction.atomic():
        report = locked(adoption.report)
        _require_editor(user, report)
        if adoption.is_automatic:
            raise SentimentError("编发时自动记录的采用不能删除。")
        record_event(report, "adopt_removed", "删除采用记录", user=user, comment=adoption.adopted_by, visible=False)
        adoption.delete()
        credit.recompute_for([report.pk])


def comment_delete(comment, *, user):
    with transaction.atomic():
        report = locked(comment.report)
        _require_editor(user, report)
        record_event(report, "comment_removed", "删除批示记录", user=user, comment=comment.leader, visible=False)
        comment.delete()
        credit.recompute_for([report.pk])


# ---------------------------------------------------------------- 转社情民意 from proposals


def receive_converted_proposal(converted):
    """The receiver registered with proposals.conversion: a converted proposal enters this
    committee's intake queue; its proposers (and body) are the writers and keep credit."""
    from django.contrib.auth import get_user_model

    from members.models import Body, Committee

    committee = Committee.objects.get(pk=converted.committee_id)
    ensure_rules(committee)
    user = get_user_model().objects.filter(pk=converted.converted_by_user_id).first()
    by_pk = Member.objects.select_related("user", "sector").in_bulk(list(converted.writer_member_ids))
    members = [by_pk[pk] for pk in converted.writer_member_ids if pk in by_pk]
    body = Body.objects.filter(pk=converted.body_id).first() if converted.body_id else None
    with transaction.atomic():
        report = Report.objects.create(
            committee=committee,
            title=converted.title[:120],
            content=converted.content,
            original_title=converted.title[:120],
            original_content=converted.content,
            category=category_named(committee, converted.category),
            sector=members[0].sector if members else (body.sector if body else None),
            source=ReportSource.PROPOSAL,
            status=S.RECEIVED,
            submitted_by=user,
            submitted_at=now_or(None),
            body=body,
            source_label=(converted.source_label or "提案转来")[:120],
            source_proposal_id=converted.proposal_id,
            search_text=search_text_of(converted.title, converted.content),
        )
        order = 0
        if body is not None:
            ReportWriter.objects.create(
                report=report, body=body, name=body.name, sector_name=body.sector.name if body.sector else "", order=order
            )
        for order, member in enumerate(members, start=1):
            ReportWriter.objects.create(
                report=report, member=member, name=member.name, sector_name=member.sector.name, order=order
            )
        ReportRevision.objects.create(
            report=report, number=0, title=report.title, content=report.content, note="提案转来的原文", edited_by=user
        )
        record_event(
            report,
            "received",
            "由提案转为社情民意",
            user=user,
            to_status=S.RECEIVED,
            comment=converted.note or converted.source_label,
        )
        credit.record_submitted(report)
        tell_writers(report, f"您的提案《{report.title}》已转为社情民意信息", converted.note)
        from cppcc_portal.notifications.services import notify

        notify(
            editors_of(committee.pk),
            f"提案转来社情民意信息《{report.title}》",
            url=report.get_absolute_url(),
            category="sentiment",
        )
    return report


ACTION_SERVICES = {
    "submit": report_submit,
    "withdraw": report_withdraw,
    "start_editing": report_start_editing,
    "sign_off": report_sign_off,
    "reopen": report_reopen,
    "send_up": report_send_up,
}
