from django import template

from seating import services

register = template.Library()


@register.simple_tag
def seating_state(event) -> str:
    return services.phone_state(event)


@register.simple_tag(takes_context=True)
def seating_phone(context) -> dict:
    """The participant's table, if tables are shown now."""
    participant = context.get("participant")
    return services.phone_table(participant) if participant is not None else {}


@register.simple_tag
def seating_map(event) -> dict:
    """The projector's table map, if tables are shown now."""
    return services.projector_map(event)
