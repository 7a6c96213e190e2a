from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models.organisation import CommitteeOwned

PHONE_VALIDATOR = RegexValidator(r"^1[3-9]\d{9}$", _("手机号应为 11 位数字，以 1 开头"))


class Gender(models.TextChoices):
    MALE = "男", _("男")
    FEMALE = "女", _("女")


class Party(models.TextChoices):
    """党派 as committees print them on a member record."""

    CPC = "中共党员", _("中共党员")
    RCCK = "民革", _("民革")
    CDL = "民盟", _("民盟")
    CNDCA = "民建", _("民建")
    CAPD = "民进", _("民进")
    CPWDP = "农工党", _("农工党")
    CZGP = "致公党", _("致公党")
    JS = "九三学社", _("九三学社")
    TDSGL = "台盟", _("台盟")
    NONPARTY = "无党派人士", _("无党派人士")
    MASSES = "群众", _("群众")


class MemberStatus(models.TextChoices):
    SERVING = "在任", _("在任")
    RESIGNED = "辞去", _("辞去")
    REMOVED = "撤销", _("撤销")


class Member(CommitteeOwned):
    """委员: the member record of DOMAIN.md, linked to the member's login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), on_delete=models.PROTECT, related_name="member_profile"
    )
    term = models.ForeignKey("members.Term", verbose_name=_("届"), on_delete=models.PROTECT, related_name="members")
    gender = models.CharField(_("性别"), max_length=2, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    party = models.CharField(_("党派"), max_length=10, choices=Party.choices)
    sector = models.ForeignKey("members.Sector", verbose_name=_("界别"), on_delete=models.PROTECT, related_name="members")
    special_committees = models.ManyToManyField(
        "members.SpecialCommittee", verbose_name=_("所在专委会"), blank=True, related_name="members"
    )
    is_standing = models.BooleanField(_("常委"), default=False)
    workplace = models.CharField(_("工作单位"), max_length=100, blank=True)
    post = models.CharField(_("职务"), max_length=60, blank=True)
    phone = models.CharField(_("手机号"), max_length=11, blank=True, validators=[PHONE_VALIDATOR])
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    address = models.CharField(_("通讯地址"), max_length=120, blank=True)
    status = models.CharField(_("状态"), max_length=4, choices=MemberStatus.choices, default=MemberStatus.SERVING)
    history = HistoricalRecords(m2m_fields=[special_committees])

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        ordering = ["sector__order", "id"]
        indexes = [models.Index(fields=["committee", "status"], name="member_committee_status")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.user.full_name or self.user.username

    @property
    def masked_phone(self):
        """138****5678: what everyone but staff and the member themself sees."""
        if len(self.phone) != 11:
            return "—" if not self.phone else "****"
        return f"{self.phone[:3]}****{self.phone[-4:]}"
