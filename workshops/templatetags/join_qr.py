import segno
from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def qr_svg(url: str, title: str = "", css_class: str = "qr") -> SafeString:
    """An inline SVG QR code of `url`, drawn on the server. It scales with its container."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(
        scale=1,
        border=2,
        dark="#000",
        light="#fff",
        omitsize=True,
        svgclass=css_class,
        title=escape(title) or None,
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


@register.simple_tag(takes_context=True)
def join_url(context, event) -> str:
    """The absolute URL that joins `event`; from the request when there is one."""
    from django.conf import settings

    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(event.join_path())
    return f"{settings.SITE_URL}{event.join_path()}"
