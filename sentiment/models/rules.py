"""Rules each committee tunes (DOMAIN.md: "make them settings, not constants"): categories, the
points by adoption and comment level, quotas, where bulletins go, and a few numbers. Defaults are
created on first use for every committee (see `sentiment.rules`), editors change them on the
积分与设置 page or in the admin."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import CommitteeOwned


class ReportCategory(CommitteeOwned):
    name = models.CharField(_("类别名称"), max_length=30)
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("信息类别")
        verbose_name_plural = _("信息类别")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="reportcategory_unique_name")]

    def __str__(self):
        return self.name


class CreditLevel(models.TextChoices):
    """What a writer is credited for, as written into the duty record's `level`.

    Adoption levels are relative to the writer's own committee (DOMAIN.md: "used by own committee;
    used by the upper committee; used by the national CPPCC"); `higher` is two or more levels up
    below the national committee (e.g. 省政协采用 for a county member). Comment levels name the
    leader's level (DOMAIN.md: "a leader's written comment at city, provincial or central level")."""

    OWN = "own", _("本级政协采用")
    UPPER = "upper", _("上级政协采用")
    HIGHER = "higher", _("更高一级政协采用")
    NATIONAL = "national", _("全国政协采用")
    COUNTY_LEADER = "county_leader", _("县（区）领导批示")
    CITY_LEADER = "city_leader", _("市领导批示")
    PROVINCE_LEADER = "province_leader", _("省领导批示")
    CENTRAL_LEADER = "central_leader", _("中央领导批示")


ADOPTION_CREDIT_LEVELS = [CreditLevel.OWN, CreditLevel.UPPER, CreditLevel.HIGHER, CreditLevel.NATIONAL]
COMMENT_CREDIT_LEVELS = [
    CreditLevel.COUNTY_LEADER,
    CreditLevel.CITY_LEADER,
    CreditLevel.PROVINCE_LEADER,
    CreditLevel.CENTRAL_LEADER,
]
# DOMAIN.md's scale: own 1, upper +5, national +20, city leader +10, central leader +30. The values
# for `higher` (10), county leaders (5) and provincial leaders (20) are filled in between them.
DEFAULT_POINTS = {
    CreditLevel.OWN: 1,
    CreditLevel.UPPER: 5,
    CreditLevel.HIGHER: 10,
    CreditLevel.NATIONAL: 20,
    CreditLevel.COUNTY_LEADER: 5,
    CreditLevel.CITY_LEADER: 10,
    CreditLevel.PROVINCE_LEADER: 20,
    CreditLevel.CENTRAL_LEADER: 30,
}


class PointRule(CommitteeOwned):
    """Points a writer of this committee earns when a report is adopted or commented on at a level.
    An adoption counts once, at its highest level; a leader's comment counts on top of it."""

    level = models.CharField(_("级别"), max_length=20, choices=CreditLevel.choices)
    points = models.DecimalField(_("积分"), max_digits=5, decimal_places=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("采用积分标准")
        verbose_name_plural = _("采用积分标准")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["committee", "level"], name="pointrule_unique_level")]

    def __str__(self):
        return f"{self.get_level_display()}：{self.points}分"


class SentimentSettings(models.Model):
    committee = models.OneToOneField(
        "members.Committee", verbose_name=_("所属政协"), on_delete=models.PROTECT, related_name="sentiment_settings"
    )
    max_chars = models.PositiveIntegerField(_("正文字数上限"), default=1500)
    waiting_days = models.PositiveIntegerField(
        _("待编辑提醒天数"), default=7, help_text=_("信息接收或编辑超过这么多天未处理，提醒本会编辑")
    )
    quota_reminder_days = models.PositiveIntegerField(
        _("任务提醒提前天数"), default=7, help_text=_("在一个考核周期的最后这么多天，提醒未完成任务的委员和单位")
    )
    similar_months = models.PositiveIntegerField(_("相似信息查找月数"), default=12)
    bulletin_name = models.CharField(_("刊物名称"), max_length=20, default="社情民意")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社情民意设置")
        verbose_name_plural = _("社情民意设置")

    def __str__(self):
        return f"{self.committee.short_name}社情民意设置"


class DestinationGroup(models.TextChoices):
    BAO = "报", _("报（党委、政府领导）")
    SONG = "送", _("送（有关部门）")
    FA = "发", _("发（本会及下级）")


class DestinationKind(models.TextChoices):
    PARTY = "party", _("党委")
    GOVERNMENT = "government", _("政府")
    UPPER_CPPCC = "upper_cppcc", _("上级政协")
    DEPARTMENT = "department", _("有关部门")
    INTERNAL = "internal", _("本会")
    OTHER = "other", _("其他")


class Destination(CommitteeOwned):
    """Where a bulletin is sent (报送). A destination of kind 上级政协 that names a committee in the
    portal puts the bulletin's reports into that committee's own queue."""

    name = models.CharField(_("名称"), max_length=60)
    group = models.CharField(_("版记栏目"), max_length=2, choices=DestinationGroup.choices, default=DestinationGroup.BAO)
    kind = models.CharField(_("类型"), max_length=12, choices=DestinationKind.choices, default=DestinationKind.OTHER)
    target_committee = models.ForeignKey(
        "members.Committee",
        verbose_name=_("对应的上级政协"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("上级政协在本平台时选择，报送后信息进入其待编辑队列"),
    )
    is_default = models.BooleanField(_("默认勾选"), default=True)
    is_active = models.BooleanField(_("有效"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报送对象")
        verbose_name_plural = _("报送对象")
        ordering = ["group", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="destination_unique_name")]

    def __str__(self):
        return self.name


class QuotaSubject(models.TextChoices):
    MEMBER = "member", _("委员")
    BODY = "body", _("党派团体（集体）")
    LOWER = "lower", _("下级政协")


class QuotaPeriod(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


class Quota(CommitteeOwned):
    """A target: members and bodies count the reports they submit, a lower committee the reports it
    sends up to this committee (e.g. 青山区政协 5 a month). Without a named member, body or
    committee the quota applies to every one of that kind; a named one overrides it."""

    subject = models.CharField(_("对象类型"), max_length=8, choices=QuotaSubject.choices)
    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, null=True, blank=True)
    body = models.ForeignKey("members.Body", verbose_name=_("党派团体"), on_delete=models.CASCADE, null=True, blank=True)
    lower_committee = models.ForeignKey(
        "members.Committee", verbose_name=_("下级政协"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period = models.CharField(_("周期"), max_length=8, choices=QuotaPeriod.choices, default=QuotaPeriod.YEAR)
    target = models.PositiveSmallIntegerField(_("目标篇数"))
    is_active = models.BooleanField(_("有效"), default=True)
    note = models.CharField(_("说明"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("设置人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报送任务")
        verbose_name_plural = _("报送任务")
        ordering = ["subject", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject="member") & Q(body__isnull=True) & Q(lower_committee__isnull=True))
                | (Q(subject="body") & Q(member__isnull=True) & Q(lower_committee__isnull=True))
                | (Q(subject="lower") & Q(member__isnull=True) & Q(body__isnull=True)),
                name="quota_subject_matches",
            )
        ]

    def __str__(self):
        return f"{self.subject_label}：{self.get_period_display()}{self.target}篇"

    @property
    def subject_label(self):
        named = self.member or self.body or self.lower_committee
        if named is not None:
            return str(named.short_name if self.lower_committee_id else named)
        return {"member": "全体委员", "body": "各党派团体", "lower": "各下级政协"}[self.subject]
