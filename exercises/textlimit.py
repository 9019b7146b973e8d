"""Text limits counted as people count characters: an emoji, a flag or "é" written as e plus an
accent is one character (a grapheme cluster, Unicode UAX #29), as the phone's counter shows it
(Intl.Segmenter in static/js/textlimit.js). A browser's `maxlength` counts UTF-16 units instead
(an emoji twice) and cuts silently, so these fields have none: too long is said, not cut."""

import regex
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

GRAPHEME = regex.compile(r"\X")


def text_length(text: str) -> int:
    return len(GRAPHEME.findall(text or ""))


class LimitedTextField(forms.CharField):
    """A free text with a limit in characters as people count them; the template shows the
    count while typing (exercises/_text_count.html)."""

    def __init__(self, *, limit: int, **kwargs):
        self.limit = limit
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        length = text_length(value)
        if length > self.limit:
            raise ValidationError(
                _(
                    "Texten är %(length)s tecken, %(over)s för lång (högst %(limit)s). "
                    "Korta den så sparas den; det du skrev finns kvar här."
                )
                % {
                    "length": number_format(length, force_grouping=True),
                    "over": number_format(length - self.limit, force_grouping=True),
                    "limit": number_format(self.limit, force_grouping=True),
                },
                code="too_long",
            )
