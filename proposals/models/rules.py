"""Rules a committee tunes (DOMAIN.md: "make them settings, not constants"): deadlines, reminder
offsets, categories and the ten grounds for not accepting. Staff edit them in the admin; the
defaults below are created for a committee the first time its proposals are used."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import CommitteeOwned

DEFAULT_CATEGORIES = [
    "经济建设",
    "农业农村",
    "城乡建设",
    "教育",
    "科技",
    "文化旅游",
    "医疗卫生",
    "社会保障",
    "生态环境",
    "政法",
]

# The national rules' ten grounds for not accepting a proposal (不予立案).
DEFAULT_REJECTION_GROUNDS = [
    "涉及党和国家秘密的",
    "涉及法律禁止事项的",
    "涉及党派、团体人事安排的",
    "属于党派、团体内部事务的",
    "属于司法机关正在审理或者仲裁机构正在仲裁的",
    "属于学术研究、学术争鸣问题的",
    "属于个人或者家庭事务的",
    "为宣传、推销产品或者作品的",
    "对具体人员进行控告、检举的",
    "内容空泛、没有具体建议的",
]


def validate_day_offsets(value):
    try:
        days = parse_day_offsets(value)
    except ValueError:
        raise ValidationError(_("请填写用逗号分隔的天数，如：15,7,1")) from None
    if not days:
        raise ValidationError(_("至少填写一个提醒天数"))


def parse_day_offsets(value):
    days = sorted({int(part) for part in str(value).replace("，", ",").split(",") if part.strip()}, reverse=True)
    if any(d <= 0 or d > 365 for d in days):
        raise ValueError("out of range")
    return days


class ProposalRules(CommitteeOwned):
    """One row per committee: the deadlines and counts of the proposal work."""

    cosign_invitation_days = models.PositiveSmallIntegerField(_("联名邀请有效天数"), default=3)
    reply_months = models.PositiveSmallIntegerField(_("平时提案办理期限（月）"), default=3)
    plenary_reply_months = models.PositiveSmallIntegerField(
        _("大会提案办理期限（月）"), default=3, help_text=_("有的政协规定大会提案 5 个月内答复")
    )
    max_handling_months = models.PositiveSmallIntegerField(
        _("延期后最长办理期限（月）"), default=6, help_text=_("自交办之日起计算，经批准延期也不得超过")
    )
    reassign_request_days = models.PositiveSmallIntegerField(_("申请调整承办单位期限（天）"), default=5)
    rehandle_months = models.PositiveSmallIntegerField(_("重新办理期限（月）"), default=3)
    evaluation_overdue_days = models.PositiveSmallIntegerField(_("答复后多少天未评价再次提醒"), default=15)
    unit_reminder_days = models.CharField(
        _("承办单位到期前提醒（天）"),
        max_length=40,
        default="15,7,1",
        validators=[validate_day_offsets],
        help_text=_("逗号分隔；逾期当天另有提醒"),
    )
    min_content_chars = models.PositiveIntegerField(
        _("情况分析与具体建议最少字数"), default=100, help_text=_("合计字数，低于此数不能提交")
    )
    suggested_max_chars = models.PositiveIntegerField(
        _("建议篇幅（字）"), default=1500, help_text=_("字数计数器提示的篇幅，一般 800–1500 字")
    )
    max_content_chars = models.PositiveIntegerField(_("情况分析、具体建议各自最多字数"), default=6000)
    max_attachments = models.PositiveSmallIntegerField(_("附件个数上限"), default=5)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提案工作规则")
        verbose_name_plural = _("提案工作规则")
        constraints = [models.UniqueConstraint(fields=["committee"], name="proposalrules_one_per_committee")]

    def __str__(self):
        return f"{self.committee.short_name}提案工作规则"

    @property
    def reminder_offsets(self):
        return parse_day_offsets(self.unit_reminder_days)


class ProposalCategory(CommitteeOwned):
    """提案类别 (经济建设, 教育…), used for filters, statistics and the compilation's contents."""

    name = models.CharField(_("类别名称"), max_length=30)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("可选用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提案类别")
        verbose_name_plural = _("提案类别")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="proposalcategory_unique_name")]

    def __str__(self):
        return self.name


class RejectionGround(CommitteeOwned):
    """One of the grounds for 不予立案; staff pick one and add a note."""

    text = models.CharField(_("不予立案理由"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("可选用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("不予立案理由")
        verbose_name_plural = _("不予立案理由")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "text"], name="rejectionground_unique_text")]

    def __str__(self):
        return self.text
