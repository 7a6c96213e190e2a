"""Password complexity (等保 8.1.4.1 身份鉴别): a minimum length and at least N of the four
character classes."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHARACTER_CLASSES = (
    ("大写字母", lambda c: c.isascii() and c.isupper()),
    ("小写字母", lambda c: c.isascii() and c.islower()),
    ("数字", lambda c: c.isascii() and c.isdigit()),
    # Anything else counts as a symbol: punctuation, spaces, Chinese characters.
    ("符号", lambda c: not (c.isascii() and c.isalnum())),
)


def character_classes(password):
    """The names of the classes the password draws on, in a fixed order."""
    return [name for name, test in CHARACTER_CLASSES if any(test(c) for c in password)]


class CharacterClassValidator:
    def __init__(self, min_classes=3):
        if not 1 <= min_classes <= len(CHARACTER_CLASSES):
            raise ValueError("min_classes must be between 1 and 4")
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = character_classes(password)
        if len(found) < self.min_classes:
            missing = [name for name, _test in CHARACTER_CLASSES if name not in found]
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少 %(count)d 类，还可以加入：%(missing)s。"),
                code="password_too_simple",
                params={"count": self.min_classes, "missing": "、".join(missing)},
            )

    def get_help_text(self):
        return _("须包含大写字母、小写字母、数字、符号中的至少 %(count)d 类。") % {"count": self.min_classes}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with its message in Chinese: Django 5.2 changed the English text and
    its zh_Hans catalogue still holds the old one, so the error would appear in English."""

    def get_error_message(self):
        return _("密码长度太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("至少 %(min_length)d 个字符。") % {"min_length": self.min_length}
