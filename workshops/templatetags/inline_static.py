"""`{% inline_static "img/favicon.svg" %}`: a small static file as a data: URI.

The page names its icon without a request of its own (on venue Wi-Fi each costs a round trip
and its headers); the CSP allows data: images. An SVG written with single quotes goes in almost as
it is: only "%" and "#" are escaped (inside a double-quoted attribute, "<", ">", "'" and spaces
are fine); percent-encoding everything made the icon the page's largest attribute.
"""

from functools import cache
from urllib.parse import quote

from django import template
from django.contrib.staticfiles import finders
from django.utils.safestring import mark_safe

register = template.Library()

TYPES = {".svg": "image/svg+xml"}


@register.simple_tag
@cache
def inline_static(path: str) -> str:
    found = finders.find(path)
    if found is None:
        raise FileNotFoundError(f"static file {path!r} not found")
    with open(found, encoding="utf-8") as file:
        text = " ".join(file.read().split())
    kind = TYPES[path[path.rfind(".") :]]
    if '"' in text or "&" in text:
        return f"data:{kind},{quote(text, safe='=:/')}"
    return mark_safe(f"data:{kind},{text.replace('%', '%25').replace('#', '%23')}")
