"""A second day, not the Changemakers one, in Chromium: the facilitator uploads
workshops/data/halvdag-exempel.yaml (three roles, a 1–4 scale, one placement round, tip lists
with their own categories, a postcard asking four fields, a two-level reflection), steps
through it, two phones answer every exercise, the projector shows each result, and the
organiser's exports hold the answers."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Rating
from exercises.kinds.tips.models import TipChoice
from tests.browser_helpers import (
    answer_prompts,
    console_action,
    join_phone,
    next_item,
    place,
    rate,
    report_pdf_text,
    upload_day,
    workbook_cells,
)
from workshops.loader import DATA_DIR

HALF_DAY = DATA_DIR / "halvdag-exempel.yaml"
RATINGS = [[4, 3, 2, 2, 1, 1], [1, 2, 4, 4, 3, 3]]  # six abilities, 1–4
CORNERS = ["padrivaren", "brobyggaren"]
TIPS = [
    ("Arbetslaget", ["en fast punkt om samverkan", "sammanfatta besluten"]),
    ("Ledningen", ["avsatt tid"]),
]
POSTCARDS = [
    (1, "min chef", "Tack för att du gav oss tid!", "2030"),
    (3, "mig själv", "Boka in det!", "2031"),
]
LEVELS = ["Vad tar du med dig själv?", "Vad tar du med till din arbetsplats?"]


def role_mean(values_per_phone, indexes) -> str:
    scores = [sum(values[i] for i in indexes) / len(indexes) for values in values_per_phone]
    return f"{sum(scores) / len(scores):.1f}".replace(".", ",")


@pytest.mark.django_db(transaction=True)
def test_browser_half_day_from_its_file_runs_end_to_end(asgi_server, browser, screenshot):
    # The organiser uploads the day's file.
    console, event = upload_day(
        browser, asgi_server, HALF_DAY, "samverkan-halvdag-2026-03-12", "Samverkan som bär"
    )

    projector = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="sv-SE"
    ).new_page()
    projector.goto(f"{asgi_server}{event.projector_path()}")
    expect(projector.locator(".join-code")).to_have_text(event.join_code)
    phones = [join_phone(browser, asgi_server, event, name) for name in ["Siri", ""]]
    expect(projector.locator('[data-counter="joined"]')).to_have_text("2")
    console.locator("#projector-control").get_by_role("button", name="Aktuellt steg").click()

    # Övning 1: six abilities on a 1–4 scale.
    next_item(console, "Välkommen och inledning")
    next_item(console, "Vilken roll tar du?")
    expect(projector.locator("#screen h1")).to_contain_text("Hur arbetar du?")
    phone = phones[0]
    expect(phone.locator("#scale-hint")).to_have_text("1 = stämmer dåligt, 4 = stämmer mycket bra.")
    expect(phone.locator("fieldset.scale").first.locator("label.scale-option")).to_have_text(
        ["1", "2", "3", "4"]
    )
    screenshot(phone, "halfday-phone-ovning-1-390")
    for phone, values in zip(phones, RATINGS, strict=True):
        rate(phone, values)
    expect(phones[0].locator(".profile-chart")).to_contain_text("Pådrivaren")
    console_action(console, "Stäng", "Övning 1")
    console_action(console, "Visa resultat", "Övning 1")
    expect(projector.locator('[data-counter="answered"]')).to_have_text("2")
    expect(projector.locator(".chart-legend")).to_contain_text("medel, skala 1–4")
    # Pådrivaren: abilities 1–2; Brobyggaren: 3, 4 and 6; Förvaltaren: 5 and 6.
    for name, indexes in [
        ("Pådrivaren", [0, 1]),
        ("Brobyggaren", [2, 3, 5]),
        ("Förvaltaren", [4, 5]),
    ]:
        row = projector.locator(".chart-mix g", has=projector.locator(".bar-label", has_text=name))
        expect(row.locator(".bar-value")).to_have_text(role_mean(RATINGS, indexes))
    expect(projector.locator(".chart-mix .mix-tick")).to_have_text(["1", "2", "3", "4"])
    screenshot(projector, "halfday-projector-ovning-1-1920")
    assert Rating.objects.filter(ability__exercise__event=event).count() == 12

    # Övning 2: one round, three corners; the console offers no next round.
    next_item(console, "Vilken roll tar du?")
    expect(console.locator(".exercise-current")).to_contain_text("Övning 2")
    expect(console.get_by_role("button", name=re.compile("Öppna runda"))).to_have_count(0)
    expect(phones[0].locator(".role-choice")).to_have_count(3)
    screenshot(phones[0], "halfday-phone-ovning-2-390")
    for phone, corner in zip(phones, CORNERS, strict=True):
        place(phone, "1", corner)
    expect(phones[0].locator(".round-waiting")).to_have_count(0)
    console_action(console, "Visa resultat", "Övning 2")
    for name, count in [("Pådrivaren", "1"), ("Brobyggaren", "1"), ("Förvaltaren", "0")]:
        corner = projector.locator(
            ".chart-room g", has=projector.locator(".room-label", has_text=name)
        )
        expect(corner.locator(".room-count")).to_have_text([count])
    expect(projector.locator(".chart-room .room-corner")).to_have_count(3)
    expect(projector.locator(".chart-legend")).to_have_text("Siffran: hur många som stod i hörnet")
    screenshot(projector, "halfday-projector-ovning-2-1920")
    console_action(console, "Stäng", "Övning 2")
    assert Placement.objects.filter(round__exercise__event=event).count() == 2

    # Övning 3: two lists, each with its own categories.
    next_item(console, "Fika")
    next_item(console, "Vad kan vi börja med?")
    expect(console.locator(".exercise-current")).to_contain_text("Övning 3")
    for phone, (list_name, phrases) in zip(phones, TIPS, strict=True):
        phone.locator("#lists-ovning-3").get_by_role("button", name=list_name).click()
        expect(phone.locator("#tips-ovning-3 h3")).to_contain_text(f"Tips till {list_name.lower()}")
        for phrase in phrases:
            phone.locator("label.tip", has_text=phrase).click()
        if list_name == "Arbetslaget":
            expect(phone.locator(".tip-group legend")).to_have_text(
                ["Möten och samtal", "Vanor och rutiner"]
            )
            expect(phone.locator(".hint", has_text="en av de två")).to_be_visible()
            screenshot(phone, "halfday-phone-ovning-3-390")
        phone.get_by_role("button", name="Lämna in").click()
        expect(phone.locator("#status-ovning-3")).to_contain_text("Inlämnat!")
    console_action(console, "Stäng", "Övning 3")
    console_action(console, "Visa resultat", "Övning 3")
    team = projector.locator(".tip-tally", has_text="Arbetslaget")
    expect(team.locator(".tally-count")).to_have_text("1 inlämnad")
    expect(team.locator(".tip-category")).to_have_text(["Möten och samtal", "Vanor och rutiner"])
    screenshot(projector, "halfday-projector-ovning-3-1920")
    assert TipChoice.objects.filter(exercise__event=event, handed_in_at__isnull=False).count() == 2

    # Övning 4: the postcard asks four fields, in the file's order.
    console_action(console, "Öppna", "Övning 4")
    phone = phones[0]
    expect(phone.locator(".postcard-form .field label")).to_have_text(
        ["Vem skriver du till?", "Vad vill du säga till mottagaren?", "Vilket år är det?"]
    )
    expect(phone.locator(".axis-row").first).to_have_text("Starkt stöd")
    for phone, (scenario, recipient, greeting, year) in zip(phones, POSTCARDS, strict=True):
        phone.locator(f"label[for='scenario-{scenario}']").click()
        phone.get_by_label("Vem skriver du till?").fill(recipient)
        phone.get_by_label("Vad vill du säga till mottagaren?").fill(greeting)
        phone.get_by_label("Vilket år är det?").fill(year)
        phone.get_by_role("button", name="Spara vykortet").click()
        expect(phone.locator("#postcard-preview .card-postcard-greeting")).to_have_text(greeting)
    screenshot(phones[0], "halfday-phone-ovning-4-390")
    console_action(console, "Stäng", "Övning 4")
    console_action(console, "Visa resultat", "Övning 4")
    for scenario, _recipient, greeting, _year in POSTCARDS:
        quadrant = projector.locator(f".scenario-quadrant.scenario-{scenario}")
        expect(quadrant.locator(".postcard-greeting")).to_have_text([greeting])
    expect(projector.locator(".scenario-axis-y")).to_have_text("Ledningens stöd")
    screenshot(projector, "halfday-projector-ovning-4-1920")
    assert Postcard.objects.filter(exercise__event=event).count() == 2

    # Övning 5: two levels; the facilitator lifts one answer onto the projector.
    next_item(console, "Avslutning")
    for number, phone in enumerate(phones, start=1):
        expect(phone.locator("#exercise-title")).to_contain_text("Det här tar jag med mig")
        answer_prompts(phone, "ovning-5", {level: f"{level} svar {number}" for level in LEVELS})
    screenshot(phones[0], "halfday-phone-ovning-5-390")
    console_action(console, "Visa resultat", "Övning 5")
    item = console.locator("#moderation .moderation-item", has_text=f"{LEVELS[1]} svar 2")
    item.get_by_role("button", name="Lyft fram").click()
    level = projector.locator(".level", has=projector.get_by_role("heading", name=LEVELS[1]))
    expect(level.locator(".featured-quote")).to_contain_text(f"{LEVELS[1]} svar 2")
    expect(projector.locator(".level h2")).to_have_text(LEVELS)
    screenshot(projector, "halfday-projector-ovning-5-1920")
    assert Reflection.objects.filter(prompt__exercise__event=event).count() == 4

    # The exports: the workbook, a CSV, the report and its PDF.
    console.goto(f"{asgi_server}/facilitator/{event.pk}/resultat/")
    console.get_by_label("Ta med förnamn").check()
    cells = workbook_cells(console)
    for expected in [
        "Siri",
        "Skattning (1–4)",
        "Pådrivaren",
        "Arbetslaget",
        "Möten och samtal",
        "Tack för att du gav oss tid!",
        "mig själv",
        f"{LEVELS[0]} svar 1",
        "oftast",  # the round, by its words
    ]:
        assert expected in cells, expected
    with console.expect_download() as download:
        console.get_by_role("button", name="CSV: Övning 4").click()
    rows = list(
        csv.reader(
            io.StringIO(download.value.path().read_text(encoding="utf-8-sig")), delimiter=";"
        )
    )
    # The postcard's columns are the fields it asked, in its order, by the file's labels.
    assert rows[0][-5:] == [
        "Vem skriver du till?",
        "Vad vill du säga till mottagaren?",
        "Vilket år är det?",
        "Dold på projektorn",
        "Framlyft",
    ]
    assert "Boka in det!" in {cell for row in rows for cell in row}

    console.get_by_role("link", name="Öppna sammanställningen").click()
    expect(console.get_by_role("img", name="Rummet: oftast")).to_be_visible()
    expect(
        console.get_by_role("img", name="Gruppens rollmix: varje deltagares poäng per roll (1–4)")
    ).to_be_visible()
    expect(console.get_by_text("Tack för att du gav oss tid!")).to_be_visible()
    screenshot(console, "halfday-report-1366")
    text = report_pdf_text(console, asgi_server, event)
    for expected in ["Samverkan som bär", "Boka in det!", f"{LEVELS[1]} svar 2"]:
        assert expected in text, expected
    for page in [console, projector, *phones]:
        page.context.close()
