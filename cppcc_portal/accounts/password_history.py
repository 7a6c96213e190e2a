"""Password history: refuse the last N passwords and remember when the current one was set.

A password validator is the hook Django gives for this: `validate` runs wherever a password is
chosen (the change page, the admin's add-user and set-password forms, createsuperuser), and
`password_changed` runs after every `set_password()` + `save()`."""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cppcc_portal.accounts.models import PasswordRecord


def record_password(user, keep):
    """Store the user's current hash as the newest record and drop all but the newest `keep`."""
    PasswordRecord.objects.create(user=user, password=user.password)
    kept = PasswordRecord.objects.filter(user=user).values_list("pk", flat=True)[: max(keep, 1)]
    PasswordRecord.objects.filter(user=user).exclude(pk__in=list(kept)).delete()


def ensure_baseline(user):
    """The newest record, creating one from the current hash for users who predate the history
    (accounts made by bulk import or before this feature): their expiry clock starts now."""
    record = PasswordRecord.objects.filter(user=user).first()
    if record is None and user.has_usable_password():
        record = PasswordRecord.objects.create(user=user, password=user.password)
    return record


class PasswordHistoryValidator:
    def __init__(self, count=5):
        self.count = count

    def validate(self, password, user=None):
        if self.count == 0 or user is None or user.pk is None:
            return
        hashes = list(PasswordRecord.objects.filter(user=user).values_list("password", flat=True)[: self.count])
        # The current hash counts even when it was stored without set_password() (bulk import).
        if user.has_usable_password() and user.password not in hashes:
            hashes.insert(0, user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("不能使用最近 %(count)d 次用过的密码，请换一个新密码。"),
                code="password_reused",
                params={"count": self.count},
            )

    def password_changed(self, password, user):
        if user.pk is not None:
            record_password(user, keep=self.count)

    def get_help_text(self):
        return _("不能与最近 %(count)d 次用过的密码相同。") % {"count": self.count}
