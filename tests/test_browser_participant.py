"""A participant's whole day on a phone-sized Chromium (390×844), against daphne.

The facilitator drives the day from the console in a second browser context (logged in, POSTs
to the console's endpoints); the phone follows over its WebSocket. Once, the phone's socket is
dropped (close code 1012, "service restart") while the facilitator moves on: htmx reconnects by
itself and the server sends the step the phone missed.
"""

import re

import pytest
import segno
from playwright.sync_api import expect

from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Rating
from exercises.kinds.tips.models import TipChoice, TipTick
from tests.factories import FacilitatorFactory
from workshops.models import Participant


class Day:
    """The facilitator's console, and a handle on the phone's WebSocket."""

    def __init__(self, event, page, browser, server):
        self.event = event
        self.page = page
        self.server = server
        self.sockets = []
        page.route_web_socket(re.compile(r".*/ws/events/\d+/phone/"), self._route)
        user = FacilitatorFactory()
        self.console = browser.new_context(locale="sv-SE")
        login = self.console.new_page()
        login.goto(f"{server}/konto/logga-in/")
        login.locator("input[name=username]").fill(user.username)
        login.locator("input[name=password]").fill("correct horse battery")
        login.get_by_role("button", name="Logga in").click()
        login.wait_for_url(re.compile(r".*/facilitator/.*"))

    offline = False  # while set, the phone's socket reaches nothing (lost Wi-Fi)

    def _route(self, ws):
        if not self.offline:
            ws.connect_to_server()
        self.sockets.append(ws)

    def _post(self, path: str, data: dict | None = None):
        token = next(c["value"] for c in self.console.cookies() if c["name"] == "csrftoken")
        response = self.console.request.post(
            f"{self.server}/facilitator/{self.event.pk}/{path}",
            form=data or {},
            headers={"X-CSRFToken": token, "Referer": self.server},
            max_redirects=0,
        )
        assert response.status in (200, 302), response.status

    def open(self, key: str):
        exercise = self.event.exercises.get(key=key)
        self._post(f"ovning/{exercise.pk}/open/")
        expect(self.page.locator("#exercise-title")).to_have_text(exercise.title, timeout=10_000)

    def move_to(self, item):
        self._post("flytta/", {"item": str(item.pk)})

    def drop_phone_connection(self):
        for _attempt in range(200):  # the phone's socket may still be connecting
            if self.sockets:
                break
            self.page.wait_for_timeout(50)
        while self.sockets:
            self.sockets.pop().close(code=1012, reason="restart")

    def phone_offline(self):
        self.offline = True
        self.drop_phone_connection()
        expect(self.page.locator("#connection")).to_be_visible()

    def phone_back_online(self):
        self.offline = False
        self.drop_phone_connection()

    def close(self):
        self.console.close()


def qr_path(svg_html: str) -> str:
    return re.search(r'<path[^>]*\sd="([^"]+)"', svg_html).group(1)


@pytest.mark.django_db(transaction=True)
def test_browser_participant_does_the_whole_day(
    asgi_server, browser, phone, changemakers, screenshot
):
    page = phone
    join_url = f"{asgi_server}{changemakers.join_path()}"

    # The QR on a neighbour's phone encodes the join URL: scan it, i.e. open that URL.
    qr_svg = page.request.get(f"{asgi_server}/delta/{changemakers.join_code}/qr.svg").text()
    assert qr_path(qr_svg) == qr_path(segno.make(join_url, error="m").svg_inline(border=2))
    day = Day(changemakers, page, browser, asgi_server)
    page.goto(join_url)
    screenshot(page, "participant-01-join")
    page.get_by_label("Förnamn (frivilligt)").fill("Ada")
    page.get_by_role("button", name="Delta").click()
    expect(page).to_have_url(f"{asgi_server}/nu/")
    expect(page.get_by_text("Hej Ada! Du är deltagare 1.")).to_be_visible()
    expect(
        page.get_by_text("Dagen har inte börjat ännu. Den här sidan", exact=False)
    ).to_be_visible()
    page.evaluate("window.noReload = true")
    screenshot(page, "participant-02-waiting")

    day.move_to(changemakers.program.get(order=1))
    expect(page.locator(".now-title")).to_have_text("Teoretisk och forskningsbaserad grund")
    screenshot(page, "participant-03-talk")

    # Övning 1
    day.open("ovning-1")
    fieldsets = page.locator("fieldset.scale")
    expect(fieldsets).to_have_count(16)
    for index in range(16):
        value = "5" if index in (7, 8, 9) else "2"
        fieldsets.nth(index).locator("label.scale-option", has_text=value).click()
    expect(page.locator("#status-ovning-1")).to_contain_text("Sparat")
    page.get_by_role("button", name="Klar – visa min profil").click()
    profile = page.locator("#profile")
    expect(profile.get_by_role("heading", name="Din rollprofil")).to_be_visible()
    expect(profile.locator("h4").first).to_contain_text("Entreprenören")
    expect(profile.get_by_text("Vad får du syn på?")).to_be_visible()
    screenshot(page, "participant-04-ovning-1")

    # Övning 2
    day.open("ovning-2")
    page.locator("label[for='round-A-tolkaren']").click()
    expect(page.locator("#questions-A")).to_contain_text("Hur är det att stå här?")
    expect(page.locator("label[for='round-B-entreprenoren']")).to_have_count(0)
    expect(page.locator(".round-waiting")).to_contain_text("Nästa runda kommer")
    exercise = changemakers.exercises.get(key="ovning-2")
    day._post(f"ovning/{exercise.pk}/round-next/")  # the facilitator opens round B
    page.locator("label[for='round-B-entreprenoren']").click()
    expect(page.locator("#questions-B")).to_contain_text("Har du någon strategi")
    screenshot(page, "participant-05-ovning-2")

    # Övning 3: look at one list, switch, tick two, hand in; looking again withdraws nothing
    day.open("ovning-3")
    lists = page.locator("#lists-ovning-3")
    lists.get_by_role("button", name="Tips till politiker").click()
    expect(page.locator("#tips-ovning-3 h3")).to_have_text(
        "Tips till politiker för att stärka omställningsförmågan"
    )
    lists.get_by_role("button", name="Tips till samordnare").click()
    expect(page.locator("#tips-ovning-3 h3")).to_contain_text("Tips till samordnare")
    page.locator("label.tip", has_text="samordnande kraft").click()
    expect(page.locator("#status-ovning-3")).to_contain_text("Sparat")
    page.locator("label.tip", has_text="identifiera kollegor").click()
    page.get_by_role("button", name="Lämna in").click()
    expect(page.locator("#status-ovning-3")).to_contain_text("Inlämnat!")
    expect(lists.get_by_role("button", name="Tips till samordnare")).to_contain_text("inlämnad")
    screenshot(page, "participant-06-ovning-3")
    lists.get_by_role("button", name="Tips till chefer").click()
    expect(page.locator("#tips-ovning-3 h3")).to_contain_text("Tips till chefer")
    expect(page.locator("#handin-ovning-3")).to_contain_text(
        "Du lämnade in Tips till samordnare. Lämnar du in den här listan ersätter den"
    )
    screenshot(page, "participant-06b-ovning-3-other-list")
    lists.get_by_role("button", name="Tips till samordnare").click()
    expect(page.locator("#status-ovning-3")).to_contain_text("Inlämnad kl.")
    expect(page.locator("label.tip", has_text="samordnande kraft").locator("input")).to_be_checked()
    choice = TipChoice.objects.get(participant__event=changemakers)
    assert choice.handed_in_at is not None and choice.tip_list.key == "samordnare"

    # Lunch: the phone's connection drops while the facilitator moves on; it catches up.
    expect(page.locator("#connection")).to_be_hidden()
    day.phone_offline()
    lunch = changemakers.exercises.get(key="lunch")
    day._post(f"ovning/{lunch.pk}/open/")
    expect(page.locator("#exercise-title")).to_contain_text("omställningsförmågan")  # missed
    day.phone_back_online()
    expect(page.locator("#exercise-title")).to_have_text("Lunch", timeout=10_000)
    expect(page.locator("#connection")).to_be_hidden()
    page.get_by_label("Vad är utmanande?").fill("Att hålla i över tid")
    page.get_by_label("Vad är kittlande med rollen?").fill("Att se saker hända")
    expect(page.locator("#status-lunch")).to_contain_text("Sparat")
    screenshot(page, "participant-07-lunch")

    # Övning 4
    day.open("ovning-4")
    year = page.get_by_label("Vilket år är det?")
    year.fill("2045")  # before a scenario: asks for one
    # Leaving the field saves at once (a fill right after the form arrives can come before
    # htmx has bound its input trigger on a loaded machine; a person is never that fast).
    year.press("Tab")
    expect(page.locator("#error-scenario")).to_contain_text("Välj först vilken framtid")
    page.locator("label[for='scenario-2']").click()
    expect(page.locator("#error-scenario")).to_be_empty()
    page.get_by_label("Vem är du som skriver vykortet?").fill("Ett barn")
    page.get_by_label("Vem skriver du vykortet till?").fill("KSO:n")
    page.get_by_label("Hur ser vardagen ut för en ChangeMaker?").fill("Medvind")
    page.get_by_label("Hur känns livet i allmänhet?").fill("Hoppfullt")
    page.get_by_label("Vad gör du i denna framtid?").fill("Fortfarande changemaker")
    page.get_by_label("Vilken hälsning vill du skicka").fill("Håll i, det lönar sig!")
    page.get_by_role("button", name="Spara vykortet").click()
    expect(page.locator("#postcard-preview .card-postcard-greeting")).to_have_text(
        "Håll i, det lönar sig!"
    )
    screenshot(page, "participant-08-ovning-4")

    # Övning 5
    day.open("ovning-5")
    for label, text in [
        ("Hos dig själv?", "Lyssna mer"),
        ("I din roll?", "Be om stöd"),
        ("I din organisation?", "Samla strategerna"),
        ("I systemet?", "Dela data"),
    ]:
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#status-ovning-5")).to_contain_text("Sparat")
    screenshot(page, "participant-09-ovning-5")
    assert page.evaluate("window.noReload") is True  # the whole day without a reload

    # Mitt resultat
    page.get_by_role("link", name="Mitt resultat").click()
    expect(page.get_by_role("heading", name="Mitt resultat")).to_be_visible()
    for text in [
        "Din rollprofil",
        "Tolkaren",
        "samordnande kraft",
        "Att se saker hända",
        "Håll i, det lönar sig!",
        "Samla strategerna",
    ]:
        expect(page.locator("main")).to_contain_text(text)
    screenshot(page, "participant-10-summary")
    page.emulate_media(media="print")
    screenshot(page, "participant-11-summary-print")

    participant = Participant.objects.get(event=changemakers)
    assert Rating.objects.filter(participant=participant).count() == 16
    assert Placement.objects.filter(participant=participant).count() == 2
    assert TipChoice.objects.get(participant=participant).handed_in_at is not None
    assert TipTick.objects.filter(participant=participant).count() == 2
    assert Postcard.objects.get(participant=participant).greeting == "Håll i, det lönar sig!"
    assert Reflection.objects.filter(participant=participant).count() == 6
    day.close()


@pytest.mark.django_db(transaction=True)
def test_browser_participant_without_javascript(asgi_server, browser, changemakers, screenshot):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="sv-SE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{asgi_server}/")
        page.get_by_label("Kod").fill(changemakers.join_code.lower())
        page.get_by_role("button", name="Delta").click()
        expect(page).to_have_url(f"{asgi_server}/nu/")

        changemakers.open_exercise(changemakers.exercises.get(key="ovning-2"))
        page.reload()
        expect(page.locator("#exercise-title")).to_have_text("Rummet är en fyrfältare")
        page.locator("label[for='round-A-natverksbyggaren']").click()
        page.get_by_role("button", name="Spara").click()
        expect(page.locator("#questions-A")).to_contain_text("Hur är det att stå här?")
        screenshot(page, "participant-nojs-ovning-2")

        changemakers.open_exercise(changemakers.exercises.get(key="ovning-3"))
        page.reload()
        page.get_by_role("button", name="Tips till politiker").click()
        page.locator("label.tip").first.click()
        page.get_by_role("button", name="Lämna in").click()
        expect(page.locator(".message")).to_contain_text("Inlämnat!")
        page.get_by_role("button", name="Tips till chefer").click()
        expect(page.locator("#tips-ovning-3 h3")).to_contain_text("Tips till chefer")
        expect(page.locator("#handin-ovning-3")).to_contain_text(
            "Du lämnade in Tips till politiker"
        )
        screenshot(page, "participant-nojs-ovning-3")
        choice = TipChoice.objects.get()
        assert choice.tip_list.key == "politiker" and choice.handed_in_at is not None

        changemakers.open_exercise(changemakers.exercises.get(key="ovning-4"))
        page.reload()
        page.get_by_label("Vilken hälsning vill du skicka").fill("Utan JavaScript")
        page.get_by_role("button", name="Spara vykortet").click()
        expect(page.locator("#error-scenario")).to_contain_text("Välj först vilken framtid")
        expect(page.get_by_label("Vilken hälsning vill du skicka")).to_have_value("Utan JavaScript")
        page.locator("label[for='scenario-4']").click()
        page.get_by_role("button", name="Spara vykortet").click()
        expect(page.locator(".message")).to_contain_text("Vykortet är sparat")
        expect(page.locator("#postcard-preview")).to_contain_text("Eldsjälarnas dilemma")
        screenshot(page, "participant-nojs-ovning-4")

        page.get_by_role("link", name="Mitt resultat").click()
        expect(page.get_by_text("Utan JavaScript")).to_be_visible()
        assert Postcard.objects.count() == 1 and Placement.objects.count() == 1
    finally:
        context.close()


PAGES = ["ovning-1", "ovning-2", "ovning-3", "lunch", "ovning-4", "ovning-5"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("width", "height", "label"), [(360, 740, "360px"), (180, 370, "360px-zoom200")]
)
def test_browser_participant_pages_fit_narrow_phones(
    asgi_server, browser, changemakers, screenshot, width, height, label
):
    """360 px wide, and the same phone at 200% zoom (180 CSS px): nothing scrolls sideways."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    try:
        page.goto(f"{asgi_server}{changemakers.join_path()}")
        page.get_by_role("button", name="Delta").click()
        for exercise in changemakers.exercises.all():
            exercise.open()
        overflowing = {}
        for key in [*PAGES, "../mitt-resultat"]:
            page.goto(f"{asgi_server}/ovning/{key}/")
            if key == "ovning-3":
                page.get_by_role("button", name="Tips till politiker").click()
                expect(page.locator("#tips-ovning-3 h3")).to_be_visible()
            width_used = page.evaluate("document.documentElement.scrollWidth")
            if width_used > width:
                overflowing[key] = page.evaluate(
                    "w => Array.from(document.querySelectorAll('body *'))"
                    ".filter(e => e.getBoundingClientRect().right > w + 1)"
                    ".slice(0, 3).map(e => e.tagName + '.' + e.className)",
                    width,
                )
            screenshot(page, f"participant-{label}-{key.strip('./')}")
        assert overflowing == {}
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_browser_participant_save_hint_is_true_with_and_without_javascript(
    asgi_server, browser, changemakers, javascript
):
    """With JavaScript answers save as they are typed; without, only the Spara button saves."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="sv-SE", java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(f"{asgi_server}{changemakers.join_path()}")
        page.get_by_role("button", name="Delta").click()
        for exercise in changemakers.exercises.all():
            exercise.open()
        pages = [
            ("lunch", "Svaren sparas medan du skriver.", "Tryck Spara för att spara."),
            ("ovning-5", "Svaren sparas medan du skriver.", "Tryck Spara för att spara."),
            (
                "ovning-4",
                "Vykortet sparas medan du skriver.",
                "Tryck Spara vykortet för att spara.",
            ),
        ]
        for key, autosave, by_button in pages:
            page.goto(f"{asgi_server}/ovning/{key}/")
            status = page.locator(f"#status-{key}")
            shown, hidden = (autosave, by_button) if javascript else (by_button, autosave)
            expect(status.get_by_text(shown)).to_be_visible()
            expect(status.get_by_text(hidden)).to_be_hidden()
            name = f"participant-save-hint-{key}-{'js' if javascript else 'nojs'}"
            status.scroll_into_view_if_needed()
            page.screenshot(path=f"test-artifacts/{name}.png")
    finally:
        context.close()
