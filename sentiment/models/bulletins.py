"""《社情民意》: the numbered bulletin a committee issues, and its numbering series."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import CommitteeOwned


class BulletinKind(models.TextChoices):
    REGULAR = "regular", _("社情民意")
    SPECIAL = "special", _("社情民意专报")


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("编排中")
    ISSUED = "issued", _("已印发")
    SENT = "sent", _("已报送")


class Bulletin(CommitteeOwned):
    """One issue. It has no number while editors compose it; issuing gives it 第N期 (per year) and
    总第M期 (since the series began) from its `BulletinSeries` row, under a row lock, in the same
    transaction that marks its reports issued: numbers never repeat and never leave gaps."""

    kind = models.CharField(_("刊物"), max_length=10, choices=BulletinKind.choices, default=BulletinKind.REGULAR)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    number = models.PositiveIntegerField(_("期号"), null=True, blank=True)
    total_number = models.PositiveIntegerField(_("总期号"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT)
    signer = models.CharField(_("签发人"), max_length=30, blank=True)
    editor_name = models.CharField(_("责任编辑"), max_length=30, blank=True)
    destinations = models.ManyToManyField("sentiment.Destination", verbose_name=_("报送对象"), blank=True, related_name="+")
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("印发人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[destinations])

    class Meta:
        verbose_name = _("社情民意刊期")
        verbose_name_plural = _("社情民意刊期")
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "kind", "year", "number"], condition=Q(number__isnull=False), name="bulletin_unique_number"
            ),
            models.UniqueConstraint(
                fields=["committee", "kind", "total_number"],
                condition=Q(total_number__isnull=False),
                name="bulletin_unique_total",
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("sentiment:bulletin", args=[self.pk])

    @property
    def label(self):
        name = self.get_kind_display()
        if self.number is None:
            return f"《{name}》（编排中 #{self.pk}）"
        return f"《{name}》{self.year}年第{self.number}期（总第{self.total_number}期）"

    @property
    def short_label(self):
        if self.number is None:
            return "编排中"
        return f"{self.year}年第{self.number}期"


class BulletinSeries(CommitteeOwned):
    """The counter behind a committee's bulletin numbers, locked while an issue is numbered. Staff
    set `last_total` once when the portal takes over a series that already ran (总第M期 continues)."""

    kind = models.CharField(_("刊物"), max_length=10, choices=BulletinKind.choices, default=BulletinKind.REGULAR)
    last_year = models.PositiveSmallIntegerField(_("最近印发年度"), null=True, blank=True)
    last_number = models.PositiveIntegerField(_("最近期号"), default=0)
    last_total = models.PositiveIntegerField(_("最近总期号"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("刊物期号")
        verbose_name_plural = _("刊物期号")
        constraints = [models.UniqueConstraint(fields=["committee", "kind"], name="bulletinseries_unique")]

    def __str__(self):
        return f"{self.committee} {self.get_kind_display()}"
