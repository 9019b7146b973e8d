"""Playwright helpers shared by the browser tests: a facilitator logging in, phones joining
and answering each exercise through their UI, as a participant would."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import FacilitatorFactory

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "sv-SE"}


def log_in(page, base: str, username: str = "leda") -> None:
    """Log a new facilitator in on the console's login page."""
    FacilitatorFactory(username=username)
    page.goto(f"{base}/facilitator/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("correct horse battery")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Evenemang", exact=True)).to_be_visible()


def join_phone(browser, base: str, event, name: str = ""):
    """A new phone opens the QR code's URL and joins, with or without a first name."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{base}{event.join_path()}")
    page.get_by_label("Förnamn (frivilligt)").fill(name)
    page.locator("form button[type=submit]").click()
    expect(page.locator("#now")).to_be_visible()
    return page


def rate(page, values: list[int]) -> None:
    """Övning 1: one value 1–5 per ability, in order, then "Klar" for the profile."""
    fieldsets = page.locator("fieldset.scale")
    expect(fieldsets).to_have_count(len(values))
    for index, value in enumerate(values):
        fieldsets.nth(index).locator("label.scale-option", has_text=str(value)).click()
    page.get_by_role("button", name="Klar – visa min profil").click()
    expect(page.locator("#profile").get_by_role("heading", name="Din rollprofil")).to_be_visible()


def place(page, round_key: str, role_key: str) -> None:
    """Övning 2: stand in a role's corner in round A or B; the round's questions appear."""
    page.locator(f"label[for='round-{round_key}-{role_key}']").click()
    expect(page.locator(f"#questions-{round_key} .questions")).to_be_visible()


def hand_in_tips(page, list_key: str, tips: list[str]) -> None:
    """Övning 3: choose a list, tick tips (by a phrase of their text), hand it in."""
    page.locator("#lists-ovning-3").get_by_role("button", name=f"Tips till {list_key}").click()
    expect(page.locator("#tips-ovning-3 h3")).to_contain_text(f"Tips till {list_key}")
    expect(page.locator("input[name=ticking]")).to_have_value(list_key)
    for phrase in tips:
        page.locator("label.tip", has_text=phrase).click()
    page.get_by_role("button", name="Lämna in").click()
    expect(page.locator("#status-ovning-3")).to_contain_text("Inlämnat!")


POSTCARD_LABELS = {
    "year": "Vilket år är det?",
    "writer": "Vem är du som skriver vykortet?",
    "recipient": "Vem skriver du vykortet till?",
    "everyday": "Hur ser vardagen ut för en ChangeMaker?",
    "feeling": "Hur känns livet i allmänhet?",
    "doing": "Vad gör du i denna framtid?",
    "greeting": "Vilken hälsning vill du skicka",
}


def write_postcard(page, scenario: int, **fields: str) -> None:
    """Övning 4: pick a scenario, fill the postcard's fields, save it."""
    page.locator(f"label[for='scenario-{scenario}']").click()
    for name, text in fields.items():
        page.get_by_label(POSTCARD_LABELS[name]).fill(text)
    page.get_by_role("button", name="Spara vykortet").click()
    if "greeting" in fields:
        expect(page.locator("#postcard-preview .card-postcard-greeting")).to_have_text(
            fields["greeting"]
        )


def answer_prompts(page, exercise_key: str, answers: dict[str, str]) -> None:
    """Lunch and Övning 5: a text per question (by its label), then "Spara"."""
    for label, text in answers.items():
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(f"#status-{exercise_key}")).to_contain_text("Sparat")


def console_action(console, action: str, label: str) -> None:
    """A button of an exercise's card on the console, e.g. "Stäng – Övning 1"."""
    console.get_by_role("button", name=f"{action} – {label}").click()


def next_item(console, title: str) -> None:
    console.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(console.locator(".timeline-now")).to_contain_text(title)


def workbook_cells(console) -> set[str]:
    """Every cell of the workbook the results page downloads, as text."""
    with console.expect_download() as download:
        console.get_by_role("button", name="Arbetsbok (XLSX)").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    return {
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }


def report_pdf_text(page, base: str, event) -> str:
    response = page.request.get(f"{base}/facilitator/{event.pk}/resultat/sammanstallning.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)


def upload_day(browser, base: str, path, slug: str, title: str):
    """A facilitator logs in, uploads a day's file and opens its console: (console, event)."""
    from workshops.models import Event

    console = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="sv-SE"
    ).new_page()
    log_in(console, base)
    console.get_by_label("…eller ladda upp en workshopfil (YAML)").set_input_files(str(path))
    console.get_by_role("button", name="Skapa evenemang").click()
    expect(console.get_by_text(f"Evenemanget {title}")).to_be_visible()
    event = Event.objects.get(slug=slug)
    console.goto(f"{base}/facilitator/{event.pk}/")
    expect(console.locator("#counters")).to_be_visible()
    return console, event
