from django import template

from talks import context as talk_context

register = template.Library()


@register.simple_tag(takes_context=True)
def talk_phone(context):
    participant = context.get("participant")
    if participant is None:
        return {}
    return talk_context.phone_talks(participant)


@register.simple_tag
def talk_state(event) -> str:
    return talk_context.phone_state(event)


@register.simple_tag
def talk_console(event, poll_form=None):
    return talk_context.console_talks(event, poll_form=poll_form)


@register.simple_tag
def talk_projector(event):
    return talk_context.projector_talks(event)


@register.simple_tag
def talk_report(item, event):
    return talk_context.report_talks(item, event)


@register.simple_tag
def talk_summary(participant):
    return talk_context.summary_talks(participant)
