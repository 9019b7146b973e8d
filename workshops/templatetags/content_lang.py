"""`{% content_lang %}`: the lang attribute of workshop content (WCAG 3.1.2).

A workshop's content (titles, abilities, tips, scenarios, questions) is data in the workshop's
own language, Swedish, while the interface follows the phone's language. Where the two differ,
elements holding content say so, and screen readers pronounce them in Swedish.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

CONTENT_LANGUAGE = "sv"  # the workshop files are written in Swedish

register = template.Library()


@register.simple_tag
def content_lang() -> str:
    language = (get_language() or CONTENT_LANGUAGE).split("-")[0]
    return "" if language == CONTENT_LANGUAGE else mark_safe(f' lang="{CONTENT_LANGUAGE}"')


@register.filter(name="content_lang")
def content_lang_filter(value):
    """`{{ item.title|content_lang }}`: content inside interface text ("Nästa: …", a button
    "CSV: Övning 1"), in a span with lang="sv" where the interface speaks another language."""
    if not content_lang():
        return value
    return format_html('<span lang="{}">{}</span>', CONTENT_LANGUAGE, value)
