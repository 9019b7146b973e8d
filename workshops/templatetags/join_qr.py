from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def join_url(context, event) -> str:
    """The absolute URL that joins `event`; from the request when there is one."""
    from django.conf import settings

    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(event.join_path())
    return f"{settings.SITE_URL}{event.join_path()}"
