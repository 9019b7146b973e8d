"""WCAG 2.1 AA in Chromium over every page state of the day: axe-core (WCAG 2 A/AA and best
practice, 0 violations) plus what axe cannot check (tests/a11y.py): focus indicators and control
borders ≥ 3:1, tap targets ≥ 44×44 px and no sideways scrolling at 320 px or at 200 % text on the
phone, the projector's text ≥ 28 px and nothing overflowing, focus after each htmx action, the
live region, and Övning 1 and the postcard done with the keyboard alone."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.a11y import axe_violations, phone_problems, screen_problems
from tests.browser_helpers import PHONE, answer_prompts, log_in, place
from tests.test_projector import seed_answers, show
from tests.test_projector_browser import FITS, SMALLEST_TEXT, each_projector_view

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "sv-SE"}
PROJECTOR_VIEWS = [
    ("join", ""),
    ("step", ""),
    ("results", "ovning-1"),
    ("results", "ovning-2"),
    ("results", "ovning-3"),
    ("results", "ovning-3:chefer"),
    ("results", "lunch"),
    ("results", "ovning-4"),
    ("results", "ovning-5"),
    ("postcards", ""),
    ("scenarios", ""),
    ("role", "natverksbyggaren"),
]


def focused(page) -> str:
    """What has the keyboard focus: tag and accessible-ish name ("body" when it was lost)."""
    return page.evaluate(
        """() => { const a = document.activeElement;
        if (!a || a === document.body) return "body";
        return `${a.tagName.toLowerCase()} ${(a.getAttribute("aria-label") || a.textContent
          || a.value || "").trim().replace(/\\s+/g, " ")}`; }"""
    )


def focus_settles_on(page, text: str) -> None:
    """After an htmx swap, the focus lands (a11y.js puts it back) on an element with `text`."""
    try:
        page.wait_for_function(
            """(text) => { const a = document.activeElement;
            return a && a !== document.body && ((a.getAttribute("aria-label") || "")
              + a.textContent).includes(text); }""",
            arg=text,
            timeout=5000,
        )
    except PlaywrightTimeout:
        raise AssertionError(f"focus is on {focused(page)!r}, not on “{text}”") from None


def press_on(page, locator, key: str = "Enter") -> None:
    """The keyboard's way to use a control: focus it, press a key."""
    locator.focus()
    page.keyboard.press(key)


def press_until_now(console, button: str, title: str) -> None:
    """Press the console's `button` by keyboard until the programme's now shows `title`. The
    press that made the step before is answered twice (its response, then the push to every
    console): an Enter landing just as the push replaces the button goes to <body> (seen once
    in CI, 2026-12-05), so it is pressed again if the step has not reached `title` in 10 s."""
    for attempt in range(3):
        press_on(console, console.get_by_role("button", name=re.compile(button)))
        try:
            expect(console.locator(".timeline-now")).to_contain_text(title, timeout=10_000)
            return
        except AssertionError:
            if attempt == 2:
                raise


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the focused element matches the CSS selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def console_action(console, action: str, label: str) -> None:
    """A console button used with the keyboard; focus stays in the same place afterwards."""
    button = console.get_by_role("button", name=f"{action} – {label}")
    for _attempt in range(3):
        # A push may replace the console between the focus and the key press: press again.
        press_on(console, button)
        try:
            expect(button).to_have_count(0, timeout=3000)  # the card changed
            break
        except AssertionError:
            continue
    expect(button).to_have_count(0)
    focus_settles_on(console, label)


def rate_with_keyboard(page, values: list[int]) -> None:
    """Övning 1 with Tab, Space and the arrow keys only."""
    tab_to(page, "fieldset.scale input[type=radio]")
    for index, value in enumerate(values):
        group = page.locator("fieldset.scale").nth(index)
        assert page.evaluate("() => document.activeElement.name") == group.locator(
            "input"
        ).first.get_attribute("name")
        page.keyboard.press("Space")  # checks the first option, "1"
        for _ in range(value - 1):
            page.keyboard.press("ArrowRight")
        expect(group.locator(f"input[value='{value}']")).to_be_checked()
        page.keyboard.press("Tab")
    tab_to(page, "button[value=done]")
    page.keyboard.press("Enter")
    expect(page.locator("#profile").get_by_role("heading", name="Din rollprofil")).to_be_visible()
    focus_settles_on(page, "Klar")


def postcard_with_keyboard(page, scenario: int, texts: dict[str, str]) -> None:
    """Övning 4 with the keyboard only: a scenario by arrow keys, then each field typed."""
    tab_to(page, "input[name=scenario]")
    page.keyboard.press("Space")
    for _ in range(4):  # the 2×2's order is not the scenarios' numbers
        if page.locator(f"#scenario-{scenario}").is_checked():
            break
        page.keyboard.press("ArrowRight")
    expect(page.locator(f"#scenario-{scenario}")).to_be_checked()
    for name, text in texts.items():
        tab_to(page, f"[name={name}]")
        page.keyboard.type(text)
    tab_to(page, "button[value=send]")
    page.keyboard.press("Enter")
    expect(page.locator("#postcard-preview .card-postcard")).to_be_visible()
    focus_settles_on(page, "Spara vykortet")


@pytest.mark.django_db(transaction=True)
def test_browser_every_page_meets_wcag_aa(asgi_server, browser, changemakers, screenshot):
    event = changemakers
    found: dict[str, list[str]] = {}

    def check(page, state: str, kind: str = "phone") -> None:
        screenshot(page, f"a11y-{state}")
        found[state] = phone_problems(page) if kind == "phone" else screen_problems(page)

    laptop = browser.new_context(**LAPTOP)
    console = laptop.new_page()
    log_in(console, asgi_server)
    check(console, "event-list", "screen")
    console.goto(f"{asgi_server}/facilitator/{event.pk}/")
    check(console, "console-before", "screen")

    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    phone.goto(f"{asgi_server}/")
    check(phone, "phone-home")
    phone.goto(f"{asgi_server}{event.join_path()}")
    check(phone, "phone-join")
    phone.get_by_label("Förnamn (frivilligt)").fill("Anna")
    press_on(phone, phone.locator("form button[type=submit]"))
    expect(phone.locator("#now")).to_be_visible()
    check(phone, "phone-waiting")

    # "Nästa punkt" twice, with the keyboard: focus stays on the button.
    for title in ["Teoretisk och forskningsbaserad", "Vilken typ av gränsgångare är du?"]:
        press_until_now(console, "Nästa punkt", title)
        focus_settles_on(console, "Nästa punkt")
    expect(phone.locator(".now-title")).to_have_text("Vilken typ av gränsgångare är du?")
    expect(phone.locator("#announcer")).to_contain_text("Vilken typ av gränsgångare är du?")
    expect(phone).to_have_title(re.compile("Vilken typ av gränsgångare är du?"))
    # "Nästa punkt" opens the exercise it makes current: Övning 1 is open already.
    expect(console.get_by_role("button", name="Stäng – Övning 1")).to_be_visible()
    check(console, "console-ovning-1", "screen")

    expect(phone.locator("#exercise-title")).to_have_text("Skatta dina förmågor")
    check(phone, "phone-ovning-1")
    rate_with_keyboard(phone, [3, 4, 2, 5, 1, 3, 4, 2, 5, 1, 3, 4, 2, 5, 1, 3])
    check(phone, "phone-ovning-1-profile")

    english = browser.new_context(**{**PHONE, "locale": "en-GB"})
    english.add_cookies(phone_context.cookies())
    english_phone = english.new_page()
    english_phone.goto(f"{asgi_server}/nu/")
    assert english_phone.evaluate("() => document.documentElement.lang") == "en"
    untagged = english_phone.evaluate(
        """() => Array.from(document.querySelectorAll(
          '.now-title, #exercise-title, .instruction, fieldset.scale legend, .role-description'))
          .filter((e) => e.closest('[lang]').lang !== 'sv').map((e) => e.textContent.slice(0, 40))"""
    )
    assert untagged == [], f"Swedish content without lang=sv on an English phone: {untagged}"
    check(english_phone, "phone-english-ovning-1")
    english.close()

    phone.goto(f"{asgi_server}/ovning/ovning-1/")
    check(phone, "phone-ovning-1-own-page")
    phone.goto(f"{asgi_server}/nu/")

    # A push that replaces what the phone's focus is on moves it to the new content's heading.
    phone.locator("fieldset.scale input").first.focus()
    console_action(console, "Stäng", "Övning 1")
    expect(phone.locator(".notice")).to_contain_text("stängd")
    focus_settles_on(phone, "Skatta dina förmågor")
    console_action(console, "Öppna", "Övning 2")
    expect(phone.locator("#exercise-title")).to_have_text("Rummet är en fyrfältare")
    check(phone, "phone-ovning-2")
    place(phone, "A", "natverksbyggaren")
    check(phone, "phone-ovning-2-round-a")
    console_action(console, "Öppna nästa runda: mest utmanande", "Övning 2")
    place(phone, "B", "entreprenoren")
    check(phone, "phone-ovning-2-round-b")

    console_action(console, "Stäng", "Övning 2")
    console_action(console, "Öppna", "Övning 3")
    expect(phone.locator("#exercise-title")).to_contain_text("omställningsförmågan")
    check(phone, "phone-ovning-3")
    # The list buttons and "Lämna in" replace what holds the focus: it must not fall to <body>.
    press_on(phone, phone.get_by_role("button", name=re.compile("Tips till politiker")))
    expect(phone.locator("#tips-ovning-3 h3")).to_contain_text("Tips till politiker")
    focus_settles_on(phone, "Tips till politiker")
    press_on(phone, phone.locator("label.tip input").first, "Space")
    press_on(phone, phone.get_by_role("button", name="Lämna in"))
    expect(phone.locator("#status-ovning-3")).to_contain_text("Inlämnat!")
    focus_settles_on(phone, "Lämna in")
    check(phone, "phone-ovning-3-handed-in")

    console_action(console, "Stäng", "Övning 3")
    console_action(console, "Öppna", "Lunch")
    expect(phone.locator("#exercise-title")).to_be_visible()
    check(phone, "phone-lunch")

    console_action(console, "Stäng", "Lunch")
    console_action(console, "Öppna", "Övning 4")
    expect(phone.locator("#exercise-title")).to_contain_text("Vykort från framtiden")
    check(phone, "phone-ovning-4")
    postcard_with_keyboard(
        phone, 2, {"year": "2040", "writer": "Ett barn", "greeting": "Håll i, det lönar sig!"}
    )
    check(phone, "phone-ovning-4-saved")

    console_action(console, "Stäng", "Övning 4")
    console_action(console, "Öppna", "Övning 5")
    expect(phone.locator("#exercise-title")).to_contain_text("Avslutande reflektion")
    answer_prompts(phone, "ovning-5", {"Hos dig själv?": "Lyssna mer."})
    check(phone, "phone-ovning-5")
    console_action(console, "Stäng", "Övning 5")
    expect(phone.locator(".notice")).to_contain_text("stängd")
    check(phone, "phone-ovning-5-closed")
    phone.goto(f"{asgi_server}/mitt-resultat/")
    check(phone, "phone-mitt-resultat")
    english = browser.new_context(**{**PHONE, "locale": "en-GB"})
    english.add_cookies(phone_context.cookies())
    english_phone = english.new_page()
    english_phone.goto(f"{asgi_server}/mitt-resultat/")
    assert english_phone.evaluate("() => document.documentElement.lang") == "en"
    untagged = english_phone.evaluate(
        """() => Array.from(document.querySelectorAll('.summary-section h2 span, '
          + '.role-description, .answers dt, .ticked-tips, .card-postcard-scenario'))
          .filter((e) => !e.closest('[lang="sv"]')).map((e) => e.textContent.slice(0, 40))"""
    )
    check(english_phone, "phone-english-mitt-resultat")
    english.close()
    assert untagged == [], f"Swedish content without lang=sv on an English phone: {untagged}"

    check(console, "console-ovning-5-closed", "screen")
    reflection = console.locator(".moderation-item", has_text="Lyssna mer.")
    press_on(console, reflection.get_by_role("button", name="Lyft fram"))
    expect(reflection.get_by_role("button", name="Ta bort framlyftning")).to_be_visible()
    focus_settles_on(console, "Ta bort framlyftning")
    item = console.locator(".timeline-item", has_text="Vykort från framtiden")
    press_on(console, item.get_by_role("button"))
    expect(console.locator(".timeline-now")).to_contain_text("Vykort från framtiden")
    focus_settles_on(console, "Vykort från framtiden")
    expect(console.locator("#announcer")).to_contain_text("Vykort från framtiden")
    choice = console.locator("#projector-control").get_by_role("button", name="Aktuellt steg")
    press_on(console, choice)
    expect(choice).to_have_attribute("aria-pressed", "true")
    focus_settles_on(console, "Aktuellt steg")

    seed_answers(event, 12)
    event.exercises.update(results_visible=True)
    console.goto(f"{asgi_server}/facilitator/{event.pk}/resultat/")
    check(console, "organiser-results", "screen")
    console.goto(f"{asgi_server}/facilitator/{event.pk}/resultat/sammanstallning/")
    check(console, "organiser-report", "screen")
    console.goto(f"{asgi_server}/facilitator/{event.pk}/")
    check(console, "console-with-answers", "screen")
    laptop.close()
    phone_context.close()

    anonymous = browser.new_context(**LAPTOP)
    login = anonymous.new_page()
    login.goto(f"{asgi_server}/facilitator/")
    check(login, "login", "screen")
    anonymous.close()

    views = each_projector_view(browser, asgi_server, event, PROJECTOR_VIEWS)
    for projector, name, width in views:
        screenshot(projector, f"a11y-{name}")
        problems = [] if projector.evaluate(FITS) else ["does not fit"]
        if width == 1920:
            problems += [f"axe: {v}" for v in axe_violations(projector)]
            if (smallest := projector.evaluate(SMALLEST_TEXT)) < 28:
                problems.append(f"text of {smallest:.1f} px")
        found[name] = problems

    failing = {state: problems for state, problems in found.items() if problems}
    assert failing == {}, "\n".join(
        f"{state}:\n  " + "\n  ".join(problems) for state, problems in failing.items()
    )


FAULTY_PAGE = """<!doctype html><html lang="sv"><head><title>Fel</title><style>
:focus-visible { outline: 3px solid #f0b400; }
input { border: 2px solid #d9ddd6; background: #fff; }
.tiny { width: 20px; height: 20px; padding: 0; }
.wide { width: 700px; }
</style></head><body><main>
<h1>Sida</h1><h3>Hoppar över en nivå</h3>
<label for="a">Namn</label><input type="text" id="a">
<button class="tiny">x</button>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<table class="wide"><tr><td>bred</td></tr></table>
</main></body></html>"""


def test_browser_accessibility_checks_find_known_faults(browser):
    """The checks above can fail: each finds its fault on a page built with them (the audit's
    findings: a yellow focus ring, pale input borders, a small button, a wide table)."""
    page = browser.new_context(**PHONE).new_page()
    page.set_content(FAULTY_PAGE)
    problems = "\n".join(phone_problems(page))
    for expected in [
        "axe: heading-order",
        "axe: image-alt",
        "control edge under 3:1: input",
        "tap target under 44×44: button “x” 20×20",
        "scrolls sideways at 320 px",
        "focus indicator: input",
    ]:
        assert expected in problems, f"{expected!r} not found in:\n{problems}"
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_live_region_announces_connection_state(asgi_server, browser, changemakers):
    """The phone's socket drops: the page's one live region (outside the swapped content) says
    so, and says when the connection is back; the visible note is a status too."""
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    sockets = []

    def relay(ws):
        sockets.append(ws)
        ws.connect_to_server()

    phone.route_web_socket(re.compile(r".*/ws/events/.*"), relay)
    phone.goto(f"{asgi_server}{changemakers.join_path()}")
    phone.locator("form button[type=submit]").click()
    expect(phone.locator("#now")).to_be_visible()
    announcer = phone.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    assert phone.evaluate("() => !document.getElementById('announcer').closest('#live')")
    expect(phone.locator("#connection")).to_have_attribute("role", "status")
    for _attempt in range(100):  # the page is drawn before its socket opens
        if sockets:
            break
        phone.wait_for_timeout(100)
    sockets[-1].close(code=1012, reason="server restart")
    expect(announcer).to_contain_text(re.compile("kontakt", re.IGNORECASE))
    # live.js reconnects after 0.5 s and says "back" once the socket stayed up 2 s.
    expect(announcer).to_contain_text("Kontakten är tillbaka", timeout=10_000)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_projector_announces_its_steps(asgi_server, browser, changemakers):
    """WCAG 4.1.3 on the projector: when the facilitator moves the day on, the page's one polite
    live region (outside the swapped #screen) says the new step."""
    show(changemakers, "step")
    room = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    projector = room.new_page()
    projector.goto(f"{asgi_server}{changemakers.projector_path()}")
    announcer = projector.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    assert projector.evaluate("() => !document.getElementById('announcer').closest('#screen')")
    expect(announcer).to_have_text("")

    laptop = browser.new_context(**LAPTOP)
    console = laptop.new_page()
    log_in(console, asgi_server)
    console.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    next_item = console.get_by_role("button", name=re.compile("Nästa punkt"))
    next_item.click()
    expect(projector.locator("#screen h1")).to_have_text("Teoretisk och forskningsbaserad grund")
    expect(announcer).to_have_text("Nu: Teoretisk och forskningsbaserad grund")
    expect(console.locator(".timeline-now")).to_contain_text("Teoretisk och forskningsbaserad")
    next_item.click()  # the workshop item, whose exercise opens with it
    expect(console.locator(".timeline-now")).to_contain_text("Vilken typ av gränsgångare är du?")
    expect(projector.locator("#screen h1")).to_contain_text("Skatta dina förmågor")
    expect(announcer).to_have_text("Nu: Övning 1: Skatta dina förmågor")
    console.locator("#projector-control").get_by_role("button", name="Övning 1").click()
    expect(announcer).to_have_text("Resultat för en övning: Övning 1: Skatta dina förmågor")
    laptop.close()
    room.close()
