"""`{% inline_static "img/favicon.svg" %}`: a small static file as a data: URI.

The page names its icon without a request of its own (on venue Wi-Fi each costs a round trip
and its headers); the CSP allows data: images.
"""

from functools import cache
from urllib.parse import quote

from django import template
from django.contrib.staticfiles import finders

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
    return f"data:{kind},{quote(text, safe='=:/')}"
