"""The phones' "now" state as it is pushed (one frame per language), and a socket's language."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from workshops.live import messages

PHONE_NOW_TEMPLATE = "workshops/participant_home.html#now"
PHONE_STATE_TEMPLATE = "workshops/participant_home.html#state"


def render_phone_now(event, language: str) -> str:
    with translation.override(language):
        return render_to_string(PHONE_NOW_TEMPLATE, {"event": event, "pushed": True})


def phone_state(event, language: str) -> str:
    """The "state" message a phone of that language is sent (messages.state)."""
    state = render_to_string(PHONE_STATE_TEMPLATE, {"event": event}).strip()
    html = render_phone_now(event, language)
    return messages.state(version=event.live_version, state=state, html=html)


def scope_language(scope) -> str:
    """The language a socket's page was shown in: the language cookie, else Accept-Language,
    as Django's LocaleMiddleware chooses it for the page."""
    candidates = []
    if cookie := scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME):
        candidates.append(cookie)
    accept = dict(scope.get("headers", [])).get(b"accept-language", b"").decode("latin-1")
    candidates += [code for code, _quality in parse_accept_lang_header(accept) if code != "*"]
    for candidate in candidates:
        try:
            return translation.get_supported_language_variant(candidate)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE
