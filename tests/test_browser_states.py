"""Page states the day's accessibility walk does not reach: a Django message after an action,
and a paused timer on the projector and the phone (it must not look like a running one)."""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import COLOUR, SCROLLS_SIDEWAYS, axe_violations, phone_problems, screen_problems
from tests.browser_helpers import PHONE, join_phone, log_in
from tests.test_projector import seed_answers, show
from workshops import live

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "sv-SE"}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}, "locale": "sv-SE"}


@pytest.mark.django_db(transaction=True)
def test_browser_a_message_after_an_action_meets_wcag(asgi_server, browser, changemakers):
    context = browser.new_context(**LAPTOP)
    page = context.new_page()
    log_in(page, asgi_server)
    page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/resultat/")
    page.get_by_role("button", name="Slå på delningslänken").click()
    expect(page.get_by_role("status").filter(has_text="Delningslänken är på.")).to_be_visible()
    assert axe_violations(page) == []
    context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_a_paused_timer_says_so(asgi_server, browser, changemakers, screenshot):
    ovning = changemakers.exercises.get(key="ovning-2")
    changemakers.open_exercise(ovning)
    show(changemakers, "step")
    ovning.start_timer()
    projector = browser.new_context(**PROJECTOR).new_page()
    projector.goto(f"{asgi_server}{changemakers.projector_path()}")
    phone = join_phone(browser, asgi_server, changemakers)
    for page in (projector, phone):
        expect(page.locator("[data-timer][data-deadline]")).to_be_visible()
        expect(page.locator(".timer-state")).to_have_count(0)
    # From this process the push cannot reach the server's sockets: its beacon (the raised live
    # version) brings the new state within 5 s.
    ovning.pause_timer()
    live.bump_version(changemakers)
    for page, name in ((projector, "projector-timer-paused"), (phone, "phone-timer-paused")):
        expect(page.locator(".timer-state")).to_have_text("pausad", timeout=15_000)
        screenshot(page, name)
    assert axe_violations(projector) == []
    console = browser.new_context(**LAPTOP).new_page()
    log_in(console, asgi_server)
    console.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    expect(console.locator(".exercise-current .timer-state")).to_have_text("pausad")
    screenshot(console, "console-timer-paused")
    console.context.close()
    projector.context.close()
    phone.context.close()


# Each dot of Övning 1's role mix against the chart's background: (role row, contrast).
DOT_CONTRASTS = (
    "() => {"
    + COLOUR
    + """
  return Array.from(document.querySelectorAll(".chart-mix .mix-dot")).map((dot) => {
    const style = getComputedStyle(dot);
    const fill = rgba(style.fill);
    fill[3] = Number(style.opacity);
    const ground = behind(dot.closest("figure"));
    const seen = fill.slice(0, 3).map((c, i) => c * fill[3] + ground[i] * (1 - fill[3]));
    return contrast(seen, ground);
  });
}"""
)


@pytest.mark.django_db(transaction=True)
def test_browser_role_mix_dots_stand_out_from_the_chart(
    asgi_server, browser, changemakers, screenshot
):
    """WCAG 1.4.11: every dot of the role mix is ≥ 3:1 against the background (pale,
    half-transparent dots were 2.1–2.5:1); a score many share is a larger dot. The range bands,
    which the legend names, have an edge ≥ 3:1 (the pale bands alone were 1.3–1.4:1)."""
    seed_answers(changemakers, 12)
    changemakers.exercises.filter(key="ovning-1").update(results_visible=True)
    show(changemakers, "results", "ovning-1")
    projector = browser.new_context(**PROJECTOR).new_page()
    projector.goto(f"{asgi_server}{changemakers.projector_path()}")
    contrasts = projector.evaluate(DOT_CONTRASTS)
    assert contrasts and min(contrasts) >= 3, contrasts
    # The range bands (the legend's "spridning"): their edge in the role's colour.
    bands = projector.evaluate(BAND_CONTRASTS)
    assert bands and min(bands) >= 3, bands
    screenshot(projector, "projector-role-mix")
    projector.context.close()


# Each range band's edge of Övning 1's role mix against the chart's background.
BAND_CONTRASTS = (
    "() => {"
    + COLOUR
    + """
  return Array.from(document.querySelectorAll(".chart-mix .mix-range")).map((band) => {
    const style = getComputedStyle(band);
    if (style.stroke === "none" || parseFloat(style.strokeWidth) < 2) return 1;
    return contrast(rgba(style.stroke), behind(band.closest("figure")));
  });
}"""
)


# WCAG 1.4.12's text spacing, applied to every element.
TEXT_SPACING = """() => { const s = document.createElement("style");
  s.textContent = "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    + " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }";
  document.head.append(s); }"""
# Whether an element is drawn whole, not cut by an ancestor that hides its overflow.
SHOWN_WHOLE = """(element) => { const box = element.getBoundingClientRect();
  for (let e = element.parentElement; e; e = e.parentElement) {
    if (getComputedStyle(e).overflow === "visible") continue;
    const clip = e.getBoundingClientRect();
    if (box.left < clip.left - 1 || box.right > clip.right + 1) return false;
  }
  return box.right <= window.innerWidth + 1; }"""


@pytest.mark.django_db(transaction=True)
def test_browser_organiser_pages_reflow_and_keep_the_join_code(
    asgi_server, browser, changemakers, screenshot
):
    """WCAG 1.4.10: the events list, the results page and the console scroll only
    vertically at 320 px; 1.4.12: with text spacing and a long event title the console's
    header still shows the whole join code."""
    changemakers.title = "Changemakers – för hållbara städer, regioner och kommuner i Västsverige"
    changemakers.save(update_fields=["title"])
    page = browser.new_context(viewport={"width": 320, "height": 800}, locale="sv-SE").new_page()
    log_in(page, asgi_server)
    for url in [
        "/facilitator/",
        f"/facilitator/{changemakers.pk}/resultat/",
        f"/facilitator/{changemakers.pk}/",
    ]:
        page.goto(asgi_server + url)
        screenshot(page, "reflow-320" + url.replace("/", "-").rstrip("-"))
        assert page.evaluate(SCROLLS_SIDEWAYS) == [], url
    for width in (1366, 1440, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
        page.evaluate(TEXT_SPACING)
        code = page.locator(".console-header .code")
        screenshot(page, f"console-text-spacing-{width}")
        assert code.evaluate(SHOWN_WHOLE), f"join code cut at {width} px"
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_scenario_texts_read_offline_and_the_qr_code_comes_when_opened(
    asgi_server, browser, changemakers, screenshot
):
    """Övning 4's four scenario texts are in the phone's page, in a closed <details>: opening
    "Läs de fyra scenarierna" shows them even when the venue's Wi-Fi has gone, the focus staying
    on the summary. The neighbour's QR code is fetched when its <details> opens."""
    ovning = changemakers.exercises.get(key="ovning-4")
    changemakers.move_to(ovning.program_item)
    changemakers.open_exercise(ovning)
    phone = join_phone(browser, asgi_server, changemakers)
    text = phone.get_by_text("Vi lever i en kommun där omställning har blivit vardag.")
    expect(text).to_be_hidden()
    phone.context.set_offline(True)
    summary = phone.locator("summary", has_text="Läs de fyra scenarierna")
    summary.focus()
    phone.keyboard.press("Enter")
    expect(text).to_be_visible()
    assert phone.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    phone.context.set_offline(False)
    expect(phone.locator("#connection")).to_be_hidden(timeout=10_000)
    assert axe_violations(phone) == []
    screenshot(phone, "phone-postcard-scenario-texts")
    phone.set_viewport_size({"width": 1920, "height": 1080})
    screenshot(phone, "phone-postcard-scenario-texts-1920")
    # "Visa QR-kod för en granne": the code and its QR are fetched when it is opened.
    phone.set_viewport_size({"width": 390, "height": 844})
    share = phone.locator("summary", has_text="Visa QR-kod för en granne")
    share.focus()
    phone.keyboard.press("Enter")
    expect(phone.locator(".share .join-code")).to_have_text(changemakers.join_code)
    expect(phone.get_by_role("img", name="QR-kod för att delta")).to_be_visible()
    assert phone.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    phone.wait_for_function("() => document.querySelector('.share img').complete")
    screenshot(phone, "phone-share-qr")
    phone.context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_results_as_text_on_the_phone(asgi_server, browser, changemakers, screenshot):
    """ "Resultaten som text": the results the projector shows as tables a screen reader reads,
    meeting WCAG on a phone and at 320 px and 200 % text; in English with the day's content
    marked Swedish; and kept current: what the projector shows next arrives within 10 s."""
    seed_answers(changemakers, 8)
    changemakers.exercises.update(results_visible=True)
    show(changemakers, "results", "ovning-1")
    phone = join_phone(browser, asgi_server, changemakers)
    phone.clock.install()
    phone.get_by_role("link", name="Resultaten som text").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Resultaten som text")
    table = phone.get_by_role("table")
    expect(table.get_by_role("rowheader", name="Nätverksbyggaren")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Medel")).to_be_visible()
    assert phone_problems(phone) == []
    screenshot(phone, "phone-results-text-ovning-1")
    show(changemakers, "results", "ovning-4")
    phone.clock.run_for(11_000)
    expect(
        phone.get_by_role("heading", name=re.compile("Scenario 1: Det sitter i väggarna!"))
    ).to_be_visible()
    assert phone_problems(phone) == []
    screenshot(phone, "phone-results-text-ovning-4")
    phone.set_viewport_size({"width": 1920, "height": 1080})
    screenshot(phone, "phone-results-text-ovning-4-1920")

    english = browser.new_context(**{**PHONE, "locale": "en-GB"})
    english.add_cookies(phone.context.cookies())
    page = english.new_page()
    page.goto(f"{asgi_server}/nu/resultat/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results as text")
    untagged = page.evaluate(
        """() => Array.from(document.querySelectorAll('#results-text h2 span, #results-text h3 span'))
          .filter((e) => !e.closest('[lang="sv"]')).map((e) => e.textContent.slice(0, 40))"""
    )
    assert untagged == []
    assert phone_problems(page) == []
    screenshot(page, "phone-results-text-english")
    english.close()
    phone.context.close()


# As long as a word-cloud answer may be (talks.models.WORD_MAX: 40; PostgreSQL refuses more).
LONG_WORD = "Samhällsomställningsförmågeutvecklingen"


def _open_poll(event, kind: str, answers: list) -> object:
    """A poll opened and answered without a push (this process cannot reach the server's
    sockets): the pages are loaded afresh."""
    from talks.models import Poll, PollAnswer
    from talks.services import create_poll

    Poll.objects.filter(event=event).update(status=Poll.Status.CLOSED)
    poll = create_poll(
        event=event,
        question="Vad tar du med dig härifrån i dag?",
        kind=kind,
        options=["Mod", "Nätverk", "Verktyg och metoder för samverkan på tvärs"],
        open_now=False,
    )
    Poll.objects.filter(pk=poll.pk).update(
        status=Poll.Status.OPEN, item=event.current_item, results_visible=True
    )
    options = list(poll.options.all())
    for participant, answer in zip(event.participants.all(), answers, strict=False):
        if kind == "choice":
            PollAnswer.objects.create(poll=poll, participant=participant, option=options[answer])
        elif kind == "scale":
            PollAnswer.objects.create(poll=poll, participant=participant, value=answer)
        else:
            PollAnswer.objects.create(poll=poll, participant=participant, text=answer)
    return poll


@pytest.mark.django_db(transaction=True)
def test_browser_rarer_states_and_english_screens_meet_wcag(
    asgi_server, browser, changemakers, screenshot
):
    """The states the day's walk (test_browser_accessibility.py) does not reach, each with axe
    (0 violations) and, on phones, the reflow at 320 px and 200 % text, tap targets, edges and
    focus rings: polls and their results (a word cloud with a long word) on the phone, every
    projector view incl. the questions, one large question and a poll, the offline and the
    "deleted participant" notes, the console at 320 px with text spacing; and every screen again
    in an English browser."""
    from talks.models import Question
    from tests.factories import FacilitatorFactory

    event = changemakers
    seed_answers(event, 6)
    event.exercises.update(results_visible=True)
    talk = event.program.filter(kind="talk").first()
    event.move_to(talk)
    question = Question.objects.create(
        event=event,
        item=talk,
        participant=event.participants.first(),
        text="Hur når vi dem som inte redan är här i dag?",
    )
    found: dict[str, list[str]] = {}

    for locale, lang in (("sv-SE", "sv"), ("en-GB", "en")):
        # Phones: a talk with its questions, each kind of poll with its results.
        phone = browser.new_context(**{**PHONE, "locale": locale}).new_page()
        phone.goto(f"{asgi_server}{event.join_path()}")
        phone.locator("form button[type=submit]").click()
        expect(phone.locator("#now")).to_be_visible()
        for page in ("/", event.join_path(), "/nu/", "/mitt-resultat/", "/nu/resultat/"):
            # A page the phone has no business on still has to meet WCAG (its own join page).
            phone.goto(asgi_server + page)
            found[f"{lang}-phone-{page}"] = phone_problems(phone)
        for kind, answers in (
            ("choice", [0, 1, 2, 2, 1, 2]),
            ("scale", [1, 2, 3, 4, 5, 5]),
            ("words", ["Mod", LONG_WORD, "mod", "Tillit", "Nätverk", LONG_WORD]),
        ):
            _open_poll(event, kind, answers)
            phone.goto(f"{asgi_server}/nu/")
            expect(phone.locator("#poll")).to_be_visible()
            assert phone.evaluate("() => document.documentElement.lang") == lang
            screenshot(phone, f"phone-{lang}-poll-{kind}")
            found[f"{lang}-phone-poll-{kind}"] = phone_problems(phone)
            show(event, "poll")
            phone.goto(f"{asgi_server}/nu/resultat/")
            found[f"{lang}-phone-results-text-poll-{kind}"] = phone_problems(phone)
        phone.context.close()

        # The projector in every view, incl. the questions, one question large and a poll.
        projector = browser.new_context(
            viewport={"width": 1920, "height": 1080}, locale=locale
        ).new_page()
        for view, target in [
            ("join", ""),
            ("step", ""),
            *(("results", key) for key in ("ovning-1", "ovning-2", "ovning-3", "ovning-4")),
            ("results", "lunch"),
            ("results", "ovning-5"),
            ("postcards", ""),
            ("scenarios", ""),
            ("role", "natverksbyggaren"),
            ("questions", ""),
            ("questions", str(question.pk)),
            ("poll", ""),
        ]:
            show(event, view, target)
            projector.goto(f"{asgi_server}{event.projector_path()}")
            assert projector.evaluate("() => document.documentElement.lang") == lang
            name = f"{lang}-projector-{view}-{target}"
            if view == "questions" and target:
                screenshot(projector, name)
            found[name] = [f"axe: {v}" for v in axe_violations(projector)]
        projector.context.close()

        # The console and the organiser's pages, in this language.
        laptop = browser.new_context(**{**LAPTOP, "locale": locale}).new_page()
        FacilitatorFactory(username=f"leda-{lang}")
        laptop.goto(f"{asgi_server}/facilitator/")
        laptop.locator("input[name=username]").fill(f"leda-{lang}")
        laptop.locator("input[name=password]").fill("correct horse battery")
        laptop.locator("form button[type=submit]").click()
        events = {"sv": "Evenemang", "en": "Events"}[lang]
        expect(laptop.get_by_role("heading", name=events, exact=True)).to_be_visible()
        for url in [
            "/facilitator/",
            f"/facilitator/{event.pk}/",
            f"/facilitator/{event.pk}/resultat/",
            f"/facilitator/{event.pk}/resultat/sammanstallning/",
        ]:
            laptop.goto(asgi_server + url)
            assert laptop.evaluate("() => document.documentElement.lang") == lang
            found[f"{lang}-laptop-{url}"] = screen_problems(laptop)
        # The console at 320 px with WCAG's text spacing.
        laptop.set_viewport_size({"width": 320, "height": 800})
        laptop.goto(f"{asgi_server}/facilitator/{event.pk}/")
        laptop.evaluate(TEXT_SPACING)
        screenshot(laptop, f"console-{lang}-320-text-spacing")
        found[f"{lang}-console-320-text-spacing"] = [
            f"axe: {v}" for v in axe_violations(laptop)
        ] + [f"scrolls sideways: {w}" for w in laptop.evaluate(SCROLLS_SIDEWAYS)]
        laptop.context.close()

    # The offline note, and the red "deleted participant" bar with its "Gå med igen".
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    sockets, offline = [], []

    def relay(ws):
        sockets.append(ws)
        if offline:
            ws.close(code=1012, reason="server restart")
        else:
            ws.connect_to_server()

    phone.route_web_socket(re.compile(r".*/ws/events/.*"), relay)
    phone.goto(f"{asgi_server}{event.join_path()}")
    phone.locator("form button[type=submit]").click()
    expect(phone.locator("#now")).to_be_visible()
    for _attempt in range(100):  # the page is drawn before its socket opens
        if sockets:
            break
        phone.wait_for_timeout(100)
    offline.append(True)
    sockets[-1].close(code=1012, reason="server restart")
    expect(phone.locator("#connection")).to_be_visible(timeout=15_000)
    screenshot(phone, "phone-offline-note")
    found["phone-offline-note"] = phone_problems(phone)
    owner = phone.evaluate("() => document.getElementById('live').dataset.outboxOwner")
    event.participants.filter(pk=int(owner)).delete()
    offline.clear()  # the next reconnect reaches the server, which refuses the deleted phone
    expect(phone.locator("#refused")).to_be_visible(timeout=15_000)
    screenshot(phone, "phone-deleted-note")
    found["phone-deleted-note"] = phone_problems(phone)
    context.close()

    failing = {state: problems for state, problems in found.items() if problems}
    assert failing == {}, "\n".join(
        f"{state}:\n  " + "\n  ".join(problems) for state, problems in failing.items()
    )
