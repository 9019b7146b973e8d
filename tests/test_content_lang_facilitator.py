"""WCAG 3.1.2 on the facilitator's and organisers' pages: with the interface in English, the
workshop's content (program, exercises, roles, tips, scenarios, prompts) says it is Swedish."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from exercises.kinds.postcard.models import Scenario
from exercises.kinds.tips.models import Tip, TipList
from exercises.models import Exercise, Prompt, Role

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class LangOfText(HTMLParser):
    """Each run of text with the language it is in: the nearest element's lang attribute.
    Charts are left out: an <svg role="img"> is read by its label, its data by the table in its
    figcaption (checked)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not any(tag in ("script", "style", "title", "svg") for tag, _ in self.stack):
            lang = next((lang for _tag, lang in reversed(self.stack) if lang), "")
            self.texts.append((text, lang))


def texts_with_lang(html: str) -> list[tuple[str, str]]:
    parser = LangOfText()
    parser.feed(html)
    return parser.texts


def content_of(event) -> set[str]:
    """What the workshop file wrote, as the pages show it on its own."""
    exercises = Exercise.objects.filter(event=event)
    strings = {event.title}
    strings |= {item.title for item in event.program.all()}
    strings |= {item.part for item in event.program.all() if item.part}
    strings |= {e.title for e in exercises}  # not their labels: "Övning 1" is interface text
    strings |= set(Role.objects.filter(event=event).values_list("name", flat=True))
    lists = TipList.objects.filter(exercise__event=event)
    strings |= set(lists.values_list("title", flat=True))
    strings |= set(lists.values_list("short_title", flat=True))
    strings |= {t.text_parts()[0].strip() for t in Tip.objects.filter(tip_list__in=lists)}
    scenarios = Scenario.objects.filter(exercise__event=event)
    strings |= {s.name for s in scenarios} | {f"{s.number}. {s.name}" for s in scenarios}
    strings |= {s.summary for s in scenarios}
    strings |= set(Prompt.objects.filter(exercise__event=event).values_list("text", flat=True))
    strings |= {f"{event.title} – {event.subtitle}"}
    # The app's name in every header, and the kind "Lunch" in English too.
    strings -= {"Changemakers", "Lunch"}
    return {" ".join(s.split()) for s in strings if s and s.strip()}


@pytest.fixture
def english_facilitator(facilitator_client):
    facilitator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return facilitator_client


@pytest.mark.parametrize(
    ("page", "at_least"),
    [
        ("workshops:event_list", 1),
        ("workshops:console", 25),
        ("workshops:organiser_results", 5),
        ("workshops:organiser_report", 80),
    ],
)
def test_workshop_content_is_marked_swedish_for_an_english_facilitator(
    english_facilitator, changemakers, page, at_least
):
    args = [] if page == "workshops:event_list" else [changemakers.pk]
    html = english_facilitator.get(reverse(page, args=args)).content.decode()
    assert '<html lang="en">' in html
    assert "Log out" in html or "Back to the console" in html  # the interface is in English
    content = content_of(changemakers)
    shown = [(text, lang) for text, lang in texts_with_lang(html) if text in content]
    untagged = sorted({text for text, lang in shown if lang != "sv"})
    assert untagged == [], f"Swedish content without lang=sv on {page}: {untagged}"
    assert len(shown) >= at_least, shown  # the check saw the content it is about


def test_swedish_facilitator_gets_no_lang_attributes(facilitator_client, changemakers):
    html = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk]))
    assert 'lang="sv"' not in html.content.decode().split(">", 2)[2]  # only <html lang="sv">
