"""Free text as the portal accepts it: printable text, with line breaks and tabs, in any script.

Control characters (NUL, BEL, ESC, form feed…) have no business in a proposal or a report, and
they break what is made from the text later: PostgreSQL refuses NUL in text columns, and XML
(Excel, Word) refuses the other C0 controls, so one stray byte pasted from a PDF would make every
export of that row fail. Every form's CharField refuses them with a Chinese message (wired up in
core.apps); exports strip them from older rows with `xml_safe`.

Right-to-left marks, emoji and every script are kept: Uyghur and Tibetan text is real input here."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, line feed and carriage return; DEL; the two XML non-characters.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
CONTROL_MESSAGE = _("不能包含控制字符（如从其他软件复制时带入的不可见字符），请删除后重新输入")


def has_control_characters(text):
    return bool(CONTROL_CHARACTERS.search(str(text)))


def refuse_control_characters(value):
    """Validator for free text. NUL is left to Django's own validator (which always runs on a
    forms.CharField and now says the same thing), so the user sees the message once."""
    if value and CONTROL_CHARACTERS.search(str(value).replace("\x00", "")):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")


def xml_safe(text):
    """The text with control characters removed, for XML-based files (xlsx, docx)."""
    return CONTROL_CHARACTERS.sub("", text)


def install_form_text_checks():
    """Every forms.CharField (and so every ModelForm text field) refuses control characters, and
    Django's NUL check speaks the same plain Chinese (its own translation is garbled). Set once at
    start-up: one rule for the sixty-odd forms of the portal instead of a line in each."""
    from django import forms

    if refuse_control_characters not in forms.CharField.default_validators:
        forms.CharField.default_validators = [*forms.CharField.default_validators, refuse_control_characters]
    ProhibitNullCharactersValidator.message = CONTROL_MESSAGE
