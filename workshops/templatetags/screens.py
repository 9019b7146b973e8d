from django import template

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """Seconds as m:ss, the way the countdown shows them."""
    seconds = max(0, int(round(float(seconds or 0))))
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def epoch_ms(moment) -> str:
    """A datetime as milliseconds since the epoch, for timer.js (no locale formatting)."""
    return str(int(moment.timestamp() * 1000)) if moment else ""


@register.filter
def whole(value) -> str:
    """A number as a plain integer string, for data attributes (no locale formatting)."""
    return str(int(round(float(value or 0))))
