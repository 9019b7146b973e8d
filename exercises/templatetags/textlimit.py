from django import template

from exercises.textlimit import text_length

register = template.Library()


@register.filter
def length_as_read(value) -> int:
    """The text's length in characters as people count them (exercises.textlimit)."""
    return text_length("" if value is None else str(value))
