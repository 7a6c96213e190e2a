"""网络议政: staff open a topic to chosen members for a period; members post opinions and reply;
staff hide or restore posts with a reason; it closes by itself at the end time."""

from django.db import transaction
from django.utils import timezone

from consultations.errors import ConsultationError
from consultations.models import Deliberation, DeliberationStatus, Opinion
from cppcc_portal.notifications.services import notify

D = DeliberationStatus


def deliberation_save(deliberation, *, user, invitees=None):
    if deliberation.closes_at <= deliberation.opens_at:
        raise ConsultationError("截止时间必须晚于开始时间")
    with transaction.atomic():
        if deliberation.pk:
            current = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
            if current.status == D.CLOSED:
                raise ConsultationError("网络议政已结束，不能修改")
        else:
            deliberation.created_by = user
        deliberation.save()
        if invitees is not None:
            before = set(deliberation.invitees.values_list("pk", flat=True))
            deliberation.invitees.set(invitees)
            added = [m.user for m in invitees if m.pk not in before]
            if added and deliberation.status == D.OPEN:
                _invite(deliberation, added)
    return deliberation


def _invite(deliberation, users):
    notify(
        users,
        f"网络议政邀请：{deliberation.title}",
        body=f"截止时间：{timezone.localtime(deliberation.closes_at):%Y年%-m月%-d日 %H:%M}，欢迎发表意见建议。",
        url=deliberation.get_absolute_url(),
        category="consultation",
    )


def deliberation_open(deliberation, *, user):
    with transaction.atomic():
        deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
        if deliberation.status != D.DRAFT:
            raise ConsultationError(f"网络议政{deliberation.get_status_display()}，不能发布")
        if deliberation.closes_at <= timezone.now():
            raise ConsultationError("截止时间已过，请先修改截止时间")
        if not deliberation.invitees.exists():
            raise ConsultationError("请先选择参加委员")
        deliberation.status = D.OPEN
        deliberation.save(update_fields=["status"])
        _invite(deliberation, [m.user for m in deliberation.invitees.select_related("user")])
    return deliberation


def deliberation_close(deliberation, *, user=None, now=None):
    """Close it: by staff at any time, or by the periodic task once the end time has passed."""
    now = now or timezone.now()
    with transaction.atomic():
        deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
        if deliberation.status != D.OPEN:
            raise ConsultationError(f"网络议政{deliberation.get_status_display()}，不能结束")
        if user is None and deliberation.closes_at > now:
            raise ConsultationError("还没到截止时间")
        deliberation.status = D.CLOSED
        deliberation.closed_at = now
        deliberation.closed_automatically = user is None
        deliberation.save(update_fields=["status", "closed_at", "closed_automatically"])
    return deliberation


def close_due_deliberations(now=None):
    """What the beat runs every few minutes: close every open deliberation past its end time."""
    now = now or timezone.now()
    closed = 0
    for pk in Deliberation.objects.filter(status=D.OPEN, closes_at__lte=now).values_list("pk", flat=True):
        try:
            deliberation_close(Deliberation(pk=pk), now=now)
            closed += 1
        except ConsultationError:
            continue  # closed meanwhile by staff or another run
    return closed


def opinion_post(deliberation, *, user, content, parent=None):
    content = (content or "").strip()
    if not content:
        raise ConsultationError("请填写意见内容")
    if len(content) > 2000:
        raise ConsultationError("意见内容不能超过2000字")
    member = user.member
    with transaction.atomic():
        deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
        if member is None or not deliberation.invitees.filter(pk=member.pk).exists():
            raise ConsultationError("您不在本次网络议政的参加委员名单中")
        if not deliberation.accepting():
            if deliberation.status == D.OPEN and deliberation.opens_at > timezone.now():
                raise ConsultationError("网络议政尚未开始")
            raise ConsultationError("网络议政已结束，不能再发表意见")
        if parent is not None:
            if parent.deliberation_id != deliberation.pk or parent.is_hidden:
                raise ConsultationError("回复的意见不存在")
            parent = parent.parent or parent  # replies stay one level deep
        return Opinion.objects.create(
            committee_id=deliberation.committee_id, deliberation=deliberation, author=member, parent=parent, content=content
        )


def opinion_hide(opinion, *, user, reason):
    if not (reason or "").strip():
        raise ConsultationError("屏蔽意见请说明原因")
    with transaction.atomic():
        opinion = (
            Opinion.objects.select_for_update(of=("self",)).select_related("author__user", "deliberation").get(pk=opinion.pk)
        )
        if opinion.is_hidden:
            raise ConsultationError("该意见已屏蔽")
        opinion.is_hidden = True
        opinion.hidden_reason = reason.strip()[:200]
        opinion.hidden_by = user
        opinion.hidden_at = timezone.now()
        opinion.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
        notify(
            opinion.author.user,
            f"您在“{opinion.deliberation.title}”中的一条意见已被屏蔽",
            body=f"原因：{opinion.hidden_reason}",
            url=opinion.deliberation.get_absolute_url(),
            category="consultation",
        )
    return opinion


def opinion_restore(opinion, *, user):
    with transaction.atomic():
        opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if not opinion.is_hidden:
            raise ConsultationError("该意见没有被屏蔽")
        opinion.is_hidden = False
        opinion.hidden_reason = ""
        opinion.hidden_by = user
        opinion.hidden_at = timezone.now()
        opinion.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    return opinion
