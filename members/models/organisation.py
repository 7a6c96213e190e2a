"""Committees and the bodies inside them: terms, sessions, sectors, special committees, activity
groups and the government units that answer proposals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cppcc_portal.core.chinese import cn_number


class CommitteeLevel(models.TextChoices):
    NATIONAL = "national", _("全国")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（区）")


class Committee(models.Model):
    """One CPPCC committee. The tree (全国 → 省 → 市 → 县区) lets a lower committee send items up:
    an item belongs to one committee and may name the lower committee it came from."""

    name = models.CharField(_("全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40)
    level = models.CharField(_("层级"), max_length=10, choices=CommitteeLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级政协"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    office_name = models.CharField(
        _("办公室名称"), max_length=100, blank=True, help_text=_("公文落款，如：政协临江市委员会办公室")
    )
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("政协组织")
        verbose_name_plural = _("政协组织")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        order = [CommitteeLevel.NATIONAL, CommitteeLevel.PROVINCE, CommitteeLevel.CITY, CommitteeLevel.COUNTY]
        if self.parent_id:
            if self.parent_id == self.pk or (self.pk and self.pk in [c.pk for c in self.parent.ancestors()]):
                raise ValidationError({"parent": _("上级政协不能是自己或自己的下级")})
            if order.index(self.parent.level) >= order.index(self.level):
                raise ValidationError({"parent": _("上级政协的层级必须高于本级")})

    def ancestors(self):
        """Upper committees, nearest first."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def upper(self):
        return self.parent

    def lower_committees(self):
        """Every committee below this one, at any depth."""
        found, frontier = [], list(self.children.all())
        while frontier:
            found.extend(frontier)
            frontier = list(Committee.objects.filter(parent__in=frontier))
        return found

    def can_send_to(self, other):
        """Items travel upward only, to the direct upper committee."""
        return other is not None and self.parent_id == other.pk

    @property
    def issuing_office(self):
        return self.office_name or f"{self.short_name}办公室"


class CommitteeOwned(models.Model):
    """Every domain record belongs to one committee; staff see only their committee's rows."""

    committee = models.ForeignKey(Committee, verbose_name=_("所属政协"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class Term(CommitteeOwned):
    """届: five years, e.g. 第十五届."""

    number = models.PositiveSmallIntegerField(_("届次"))
    start_year = models.PositiveSmallIntegerField(_("起始年份"))
    end_year = models.PositiveSmallIntegerField(_("结束年份"))
    is_current = models.BooleanField(_("本届"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="term_unique_number")]

    def __str__(self):
        return f"第{cn_number(self.number)}届"


class Session(CommitteeOwned):
    """次会议: the plenary session of one year, e.g. 十五届三次会议."""

    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("会次"))
    year = models.PositiveSmallIntegerField(_("年度"))
    opens_on = models.DateField(_("开幕日期"), null=True, blank=True)
    closes_on = models.DateField(_("闭幕日期"), null=True, blank=True)
    is_current = models.BooleanField(_("本次会议"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("次会议")
        verbose_name_plural = _("次会议")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="session_unique_number")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"{cn_number(self.term.number)}届{cn_number(self.number)}次会议"


class Sector(CommitteeOwned):
    """界别: 中共, 民革, 教育界…"""

    name = models.CharField(_("界别名称"), max_length=40)
    order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("界别")
        verbose_name_plural = _("界别")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="sector_unique_name")]

    def __str__(self):
        return self.name


class SpecialCommittee(CommitteeOwned):
    """专门委员会, e.g. 提案委员会."""

    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专门委员会")
        verbose_name_plural = _("专门委员会")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="specialcommittee_unique_name")]

    def __str__(self):
        return self.name


class ActivityGroup(CommitteeOwned):
    """委员活动组, led by two conveners (召集人)."""

    name = models.CharField(_("名称"), max_length=60)
    conveners = models.ManyToManyField("members.Member", verbose_name=_("召集人"), blank=True, related_name="convened_groups")
    members = models.ManyToManyField("members.Member", verbose_name=_("成员"), blank=True, related_name="activity_groups")
    history = HistoricalRecords(m2m_fields=[conveners])

    class Meta:
        verbose_name = _("委员活动组")
        verbose_name_plural = _("委员活动组")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="activitygroup_unique_name")]

    def __str__(self):
        return self.name

    @property
    def short_name(self):
        """第四委员活动组 for 第四委员活动组（民进、教育界）."""
        return self.name.split("（")[0]


class HandlingUnitCategory(models.TextChoices):
    PARTY = "party", _("党委部门")
    GOVERNMENT = "government", _("政府部门")
    JUDICIAL = "judicial", _("法院、检察院")
    PEOPLES_ORG = "org", _("人民团体")
    ENTERPRISE = "enterprise", _("企事业单位")
    OTHER = "other", _("其他")


class HandlingUnit(CommitteeOwned):
    """承办单位: a department that answers proposals, through its clerk users."""

    name = models.CharField(_("单位名称"), max_length=80)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    category = models.CharField(
        _("类别"), max_length=12, choices=HandlingUnitCategory.choices, default=HandlingUnitCategory.GOVERNMENT
    )
    contact_person = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=120, blank=True)
    clerks = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("联络员"), blank=True, related_name="handling_units")
    is_active = models.BooleanField(_("有效"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords(m2m_fields=[clerks])

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="handlingunit_unique_name")]

    def __str__(self):
        return self.short_name or self.name


class BodyKind(models.TextChoices):
    PARTY = "party", _("民主党派")
    SECTOR = "sector", _("界别")
    SPECIAL_COMMITTEE = "special_committee", _("专门委员会")
    PEOPLES_ORG = "peoples_org", _("人民团体")
    MEMBER_GROUP = "member_group", _("委员活动组")


class Body(CommitteeOwned):
    """A body that submits collective proposals and reports in its own name (集体提案): a party's
    local committee, 工商联, a sector, a special committee… through the accounts in `submitters`."""

    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类别"), max_length=20, choices=BodyKind.choices)
    sector = models.ForeignKey(
        Sector, verbose_name=_("对应界别"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    special_committee = models.ForeignKey(
        SpecialCommittee, verbose_name=_("对应专委会"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办账号"),
        blank=True,
        related_name="bodies",
        help_text=_("可以以本单位名义提交的账号"),
    )
    is_active = models.BooleanField(_("有效"), default=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords(m2m_fields=[submitters])

    class Meta:
        verbose_name = _("提交单位（集体）")
        verbose_name_plural = _("提交单位（集体）")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="body_unique_name")]

    def __str__(self):
        return self.name
