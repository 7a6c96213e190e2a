"""我的数据: everything the portal holds about one person, as one Excel workbook (one sheet a kind).

Only ever built for the user who asks (the view passes request.user and nothing else), so no id
from the request can point it at somebody else. Each sheet is read with one query; cells go
through core.excel like every export (formulas and control characters neutralised)."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from cppcc_portal.core.excel import add_sheet, workbook_bytes

LOGIN_ACTIONS = ("login", "logout", "login_failed")


@dataclass
class Sheet:
    title: str
    headers: list
    rows: list


def _local(value):
    return timezone.localtime(value) if value else None


def profile_sheet(user, member):
    rows = [
        ("用户名", user.username),
        ("姓名", user.full_name),
        ("电子邮箱", user.email),
        ("所属政协", user.committee.name if user.committee_id else ""),
        ("账号创建时间", _local(user.date_joined)),
        ("最近登录时间", _local(user.last_login)),
    ]
    if member is not None:
        rows += [
            ("届", str(member.term)),
            ("性别", member.get_gender_display()),
            ("民族", member.ethnicity),
            ("出生日期", member.birth_date),
            ("党派", member.get_party_display()),
            ("界别", member.sector.name),
            ("专门委员会", "、".join(c.name for c in member.special_committees.all())),
            ("常委", member.is_standing),
            ("工作单位", member.workplace),
            ("职务", member.post),
            ("手机号", member.phone),
            ("身份证号", member.id_number),
            ("通讯地址", member.address),
            ("状态", member.get_status_display()),
        ]
    return Sheet("个人资料", ["项目", "内容"], rows)


def roles_sheet(user):
    rows = [(name,) for name in sorted(user.groups.values_list("name", flat=True))]
    rows += [(f"{unit.name}（承办单位联络员）",) for unit in user.handling_units.all()]
    return Sheet("角色", ["角色"], rows)


def proposals_sheet(member):
    from proposals.models import CosignInvitation, Proposal

    if member is None:
        return Sheet("提案", [], [])
    own = Proposal.objects.filter(proposer=member).select_related("session").order_by("-id")
    rows = [
        ("提出人", p.number_label if p.number else "", p.title, p.get_status_display(), str(p.session), _local(p.submitted_at))
        for p in own
    ]
    invitations = (
        CosignInvitation.objects.filter(member=member).select_related("proposal__session").order_by("-created_at", "-id")
    )
    rows += [
        (
            f"联名（{inv.get_status_display()}）",
            inv.proposal.number_label if inv.proposal.number else "",
            inv.proposal.title,
            inv.proposal.get_status_display(),
            str(inv.proposal.session),
            _local(inv.created_at),
        )
        for inv in invitations
    ]
    return Sheet("提案", ["身份", "提案号", "案由", "状态", "会议", "时间"], rows)


def duty_sheet(member):
    from members.models import DutyRecord

    if member is None:
        return Sheet("履职记录", [], [])
    records = DutyRecord.objects.filter(member=member).order_by("-occurred_on", "-id")
    rows = [
        (r.occurred_on, r.get_kind_display(), r.title, r.place, r.quantity, r.points, r.get_status_display(), r.detail)
        for r in records
    ]
    return Sheet("履职记录", ["日期", "履职类型", "事项", "地点", "数量", "积分", "审核状态", "说明"], rows)


def consultations_sheet(member):
    from consultations.models import Opinion, Participant, Speech

    if member is None:
        return Sheet("协商活动", [], [])
    rows = [
        (
            "参加活动",
            p.activity.title,
            p.get_reply_display(),
            _local(p.activity.starts_at),
            p.leave_reason,
            _local(p.signed_in_at),
        )
        for p in Participant.objects.filter(member=member).select_related("activity").order_by("-activity__starts_at")
    ]
    rows += [
        ("会议发言", f"{s.activity.title}：{s.title}", s.get_status_display(), _local(s.submitted_at), s.content, None)
        for s in Speech.objects.filter(member=member).select_related("activity").order_by("-submitted_at")
    ]
    rows += [
        ("网络议政意见", o.deliberation.title, "", _local(o.created_at), o.content, None)
        for o in Opinion.objects.filter(author=member).select_related("deliberation").order_by("-created_at")
    ]
    return Sheet("协商活动", ["类别", "活动或议题", "回复或状态", "时间", "内容或请假事由", "签到时间"], rows)


def reports_sheet(user, member):
    from sentiment.models import Report

    mine = Q(writers__user=user) | Q(submitted_by=user)
    if member is not None:
        mine |= Q(writers__member=member)
    reports = Report.objects.filter(mine).distinct().order_by("-id")
    rows = [(r.title, r.get_status_display(), _local(r.submitted_at), r.contact, r.content) for r in reports]
    return Sheet("社情民意", ["标题", "状态", "接收时间", "联系人及电话", "正文"], rows)


def logins_sheet(user):
    from cppcc_portal.audit.models import AuditEvent

    events = AuditEvent.objects.filter(user_id=user.pk, action__in=LOGIN_ACTIONS).order_by("-occurred_at")[:5000]
    rows = [(_local(e.occurred_at), e.get_action_display(), e.ip_address, e.get_result_display()) for e in events]
    return Sheet("登录记录", ["时间", "操作", "IP 地址", "结果"], rows)


def notifications_sheet(user):
    from cppcc_portal.notifications.models import Notification

    rows = [
        (_local(n.created_at), n.title, n.body, _local(n.read_at))
        for n in Notification.objects.filter(user=user).order_by("-created_at")[:5000]
    ]
    return Sheet("通知", ["时间", "标题", "内容", "阅读时间"], rows)


def personal_data(user):
    """Every sheet of the person's data, in the order the page lists them."""
    from members.models import Member

    member = Member.objects.filter(user=user).select_related("term", "sector").prefetch_related("special_committees").first()
    return [
        profile_sheet(user, member),
        roles_sheet(user),
        proposals_sheet(member),
        duty_sheet(member),
        consultations_sheet(member),
        reports_sheet(user, member),
        logins_sheet(user),
        notifications_sheet(user),
    ]


def personal_data_xlsx(sheets):
    """The .xlsx file. Not announced as a list export: the view records it as what it is."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        add_sheet(wb, sheet.title, sheet.headers or ["（无）"], sheet.rows)
    return workbook_bytes(wb, is_export=False)
