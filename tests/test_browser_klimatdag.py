"""The third example day in Chromium, as the half-day test runs the second: the facilitator
uploads workshops/data/klimatdag-exempel.yaml (six roles, a 0–10 scale, three placement rounds,
polls written into both talks, a lunch, tip lists with four categories, a postcard asking every
field, a reflection on three levels), steps through it, phones answer every exercise, the
projector shows each result at 1920×1080 and 1280×720, and the exports hold the day's words."""

import re

import pytest
from playwright.sync_api import expect

from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Rating
from tests.browser_helpers import (
    answer_prompts,
    console_action,
    join_phone,
    next_item,
    place,
    report_pdf_text,
    upload_day,
    workbook_cells,
)
from workshops.loader import DATA_DIR

CLIMATE_DAY = DATA_DIR / "klimatdag-exempel.yaml"
RATINGS = [[10, 0, 3, 7, 5, 6, 9, 1], [0, 10, 8, 2, 4, 4, 3, 10]]  # eight statements, 0–10
ROUNDS = [
    ("idag", ["visionaren", "raknaren"]),
    ("behovs", ["byggaren", "raknaren"]),
    ("r2035", ["sammankallaren", "granskaren"]),
]
POSTCARD = {
    "Vilket år skriver du?": "2035",
    "Vem är du år 2035?": "En busschaufför",
    "Vem skickar du kortet till?": "Kommunstyrelsen",
    "Hur ser en vanlig dag ut?": "Bussarna går i tid och är fulla.",
    "Hur mår kommunen?": "Bättre än väntat.",
    "Vad jobbar du med?": "Jag kör elbuss.",
    "Vad vill du säga till oss i dag?": "Börja med upphandlingen!",
}
LEVELS = [
    "Vad gör du själv nästa vecka?",
    "Vad tar du upp på din arbetsplats?",
    "Vad borde kommunen som helhet göra?",
]


def rate_exactly(page, values: list[int]) -> None:
    """Övning 1 on a 0–10 scale: "1" must not pick "10"."""
    fieldsets = page.locator("fieldset.scale")
    expect(fieldsets).to_have_count(len(values))
    for index, value in enumerate(values):
        steps = fieldsets.nth(index).locator("label.scale-option")
        steps.filter(has_text=re.compile(rf"^{value}$")).click()
    page.get_by_role("button", name="Klar – visa min profil").click()
    expect(page.locator("#profile").get_by_role("heading", name="Din rollprofil")).to_be_visible()


def show_both(projectors, screenshot, name: str) -> None:
    for projector in projectors:
        width = projector.viewport_size["width"]
        assert projector.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(projector, f"klimatdag-projector-{name}-{width}")


@pytest.mark.django_db(transaction=True)
def test_browser_climate_day_from_its_file_runs_end_to_end(asgi_server, browser, screenshot):
    console, event = upload_day(
        browser, asgi_server, CLIMATE_DAY, "klimatdag-2026-05-20", "Klimatomställning på riktigt"
    )

    projectors = [
        browser.new_context(viewport=size, locale="sv-SE").new_page()
        for size in ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720})
    ]
    for projector in projectors:
        projector.goto(f"{asgi_server}{event.projector_path()}")
        expect(projector.locator(".join-code")).to_have_text(event.join_code)
    phones = [join_phone(browser, asgi_server, event, name) for name in ["Amina", ""]]
    # Before the day starts, the phone shows the day's introduction and its roles.
    expect(phones[0].locator(".introduction").first).to_contain_text("Klimatmålen är antagna")
    expect(phones[0].locator(".introduction-role-names li")).to_have_count(6)
    screenshot(phones[0], "klimatdag-phone-waiting-390")
    console.locator("#projector-control").get_by_role("button", name="Aktuellt steg").click()

    # The first talk: its own polls come first, in the file's order.
    next_item(console, "Var står kommunen?")
    expect(console.locator(".talk-poll").first).to_contain_text(
        "Hur väl känner du till kommunens klimatmål?"
    )
    console.locator(".talk-poll").first.get_by_role(
        "button", name="Skicka till telefonerna"
    ).click()
    expect(phones[0].locator("#poll h2")).to_have_text(
        "Hur väl känner du till kommunens klimatmål?"
    )
    screenshot(phones[0], "klimatdag-phone-poll-390")
    console.locator(".talk-poll").first.get_by_role("button", name="Stäng").click()
    console.locator("#projector-control").get_by_role("button", name="Aktuellt steg").click()

    # Övning 1: eight statements on a 0–10 scale, rated "arbetssätt".
    next_item(console, "Roller i omställningen")
    for projector in projectors:
        expect(projector.locator("#screen h1")).to_contain_text("Hur arbetar du?")
    expect(phones[0].locator("#scale-hint")).to_have_text("0 = aldrig, 10 = alltid.")
    expect(phones[0].locator(".status").first).to_contain_text("0 av 8 arbetssätt skattade.")
    screenshot(phones[0], "klimatdag-phone-ovning-1-390")
    for phone, values in zip(phones, RATINGS, strict=True):
        rate_exactly(phone, values)
    console_action(console, "Stäng", "Övning 1")
    console_action(console, "Visa resultat", "Övning 1")
    expect(projectors[0].locator(".chart-mix .mix-tick").first).to_have_text("0")
    expect(projectors[0].locator(".chart-mix .bar-label")).to_have_count(6)
    show_both(projectors, screenshot, "ovning-1")
    assert Rating.objects.filter(ability__exercise__event=event).count() == 16

    # Övning 2: three rounds, the facilitator opens each; the projector shows one at a time.
    next_item(console, "Roller i omställningen")
    expect(phones[0].locator(".role-choice")).to_have_count(6)
    for number, (round_key, corners) in enumerate(ROUNDS):
        if number:
            label = {"behovs": "behövs mest", "r2035": "år 2035"}[round_key]
            console_action(console, f"Öppna nästa runda: {label}", "Övning 2")
        for phone, corner in zip(phones, corners, strict=True):
            place(phone, round_key, corner)
    screenshot(phones[0], "klimatdag-phone-ovning-2-390")
    console_action(console, "Visa resultat", "Övning 2")
    for projector in projectors:
        expect(projector.locator(".chart-legend")).to_contain_text("Runda 3 av 3: ”år 2035”")
        expect(projector.locator(".room-moves-list caption")).to_have_text(
            "Bytte hörn sedan ”behövs mest”"
        )
        # Most first, then in the roles' order.
        expect(projector.locator(".room-moves-list tr")).to_have_text(
            [re.compile(r"Räknaren → Granskaren\s*1"), re.compile(r"Byggaren → Sammankallaren\s*1")]
        )
    show_both(projectors, screenshot, "ovning-2")
    console_action(console, "Stäng", "Övning 2")
    assert Placement.objects.filter(round__exercise__event=event).count() == 6

    # Lunch, then the second talk: its poll is the one offered first.
    next_item(console, "Lunch")
    screenshot(phones[0], "klimatdag-phone-lunch-390")
    next_item(console, "Så gjorde de i Lund")
    expect(console.locator(".talk-poll").first).to_contain_text("Ett ord om hur det känns just nu")

    # Övning 3: a list with four categories.
    next_item(console, "Från plan till handling")
    phone = phones[0]
    phone.locator("#lists-atgarder").get_by_role("button", name="Förvaltningen").click()
    expect(phone.locator(".tip-group legend")).to_have_text(
        ["Resor och transporter", "Mat och måltider", "Energi och lokaler", "Inköp och upphandling"]
    )
    phone.locator("label.tip", has_text="klimatkrav").click()
    phone.get_by_role("button", name="Lämna in").click()
    expect(phone.locator("#status-atgarder")).to_contain_text("Inlämnat!")
    screenshot(phone, "klimatdag-phone-ovning-3-390")
    console_action(console, "Stäng", "Övning 3")
    console_action(console, "Visa resultat", "Övning 3")
    show_both(projectors, screenshot, "ovning-3")

    # Övning 4: every field, by the file's labels; the wall is titled as the exercise.
    console_action(console, "Öppna", "Övning 4")
    phone.locator("label[for='scenario-2']").click()
    for label, text in POSTCARD.items():
        phone.get_by_label(label).fill(text)
    phone.get_by_role("button", name="Spara vykortet").click()
    expect(phone.locator("#postcard-preview .card-postcard-greeting")).to_have_text(
        "Börja med upphandlingen!"
    )
    screenshot(phone, "klimatdag-phone-ovning-4-390")
    console_action(console, "Stäng", "Övning 4")
    console.locator("#projector-control").get_by_role("button", name="Vykortsväggen").click()
    for projector in projectors:
        expect(projector.locator("#screen h1")).to_have_text("Ett vykort från 2035")
        expect(projector.locator(".scenario-axis-y")).to_have_text("Invånarnas engagemang")
    show_both(projectors, screenshot, "vykort")
    assert Postcard.objects.filter(exercise__event=event).count() == 1
    console.locator("#projector-control").get_by_role("button", name="Aktuellt steg").click()

    # Övning 5: three levels.
    next_item(console, "Avrundning")
    answer_prompts(phone, "reflektion", {level: f"{level} svar" for level in LEVELS})
    screenshot(phone, "klimatdag-phone-ovning-5-390")
    assert Reflection.objects.filter(prompt__exercise__event=event).count() == 3

    # The exports: the day's own words.
    console.goto(f"{asgi_server}/facilitator/{event.pk}/resultat/")
    cells = workbook_cells(console)
    for expected in [
        "Skattning (0–10)",
        "Arbetssätt",
        "i dag",
        "behövs mest",
        "år 2035",
        "Vad jobbar du med?",
        "Jag kör elbuss.",
        "Inköp och upphandling",
    ]:
        assert expected in cells, expected
    assert not {"behovs", "r2035"} & cells
    console.get_by_role("link", name="Öppna sammanställningen").click()
    for label in ["i dag", "behövs mest", "år 2035"]:
        expect(console.get_by_role("img", name=f"Rummet: {label}")).to_be_visible()
    screenshot(console, "klimatdag-report-1366")
    text = report_pdf_text(console, asgi_server, event)
    for expected in ["Klimatomställning på riktigt", "Jag kör elbuss.", "Hur mår kommunen?"]:
        assert expected in text, expected
    for page in [console, *projectors, *phones]:
        page.context.close()
