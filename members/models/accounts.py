from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A login. Chinese names are one field (姓名); every user belongs to one committee."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    committee = models.ForeignKey(
        "members.Committee",
        verbose_name=_("所属政协"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self):
        return self.full_name or self.username

    @cached_property
    def role_names(self):
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles):
        """True when the user holds any of the given roles (Role members or their names)."""
        return any(str(role) in self.role_names for role in roles)

    @cached_property
    def unit_ids(self):
        """Handling units of the user's committee whose clerk the user is (one query per request)."""
        from members.models.organisation import HandlingUnit

        return list(HandlingUnit.objects.filter(clerks=self, committee_id=self.committee_id).values_list("pk", flat=True))

    @cached_property
    def body_ids(self):
        """Active bodies of the user's committee the user may submit for (one query per request)."""
        from members.models.organisation import Body

        return list(
            Body.objects.filter(submitters=self, is_active=True, committee_id=self.committee_id).values_list("pk", flat=True)
        )

    @cached_property
    def member(self):
        """The member profile of this user, or None for staff, clerks and leaders."""
        from members.models.people import Member

        return Member.objects.filter(user=self).select_related("sector", "committee").first()
