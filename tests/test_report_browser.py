"""The organiser's pages in Chromium on a 1366×768 laptop."""

import io

import pytest
from openpyxl import load_workbook

from tests.answers import answer_the_day
from tests.factories import FacilitatorFactory


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    yield context.new_page()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_organiser_reads_the_report_on_a_laptop(asgi_server, laptop, changemakers, screenshot):
    day = answer_the_day(changemakers, participants=4)
    organiser = FacilitatorFactory()
    laptop.goto(f"{asgi_server}/facilitator/{changemakers.pk}/resultat/")
    laptop.get_by_label("Användarnamn").fill(organiser.username)
    laptop.get_by_label("Lösenord").fill("correct horse battery")
    laptop.get_by_role("button", name="Logga in").click()
    laptop.wait_for_url(f"**/facilitator/{changemakers.pk}/resultat/")
    assert laptop.get_by_role("heading", name="Ladda ned svaren").is_visible()
    assert laptop.get_by_role("button", name="CSV: Övning 4").is_visible()
    screenshot(laptop, "organiser-results-laptop")
    laptop.get_by_label("Ta med förnamn").check()
    with laptop.expect_download() as download:
        laptop.get_by_role("button", name="Arbetsbok (XLSX)").click()
    assert download.value.suggested_filename == "changemakers-2025-11-04-resultat.xlsx"
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    names = {row[1] for row in book["Övning 5"].iter_rows(min_row=2, values_only=True)}
    assert names == {"Märta", None, "Örjan 🌲", "@Zlatan"}
    with laptop.expect_download() as download:
        laptop.get_by_role("button", name="CSV: Övning 4").click()
    assert download.value.suggested_filename == "changemakers-2025-11-04-ovning-4.csv"

    laptop.get_by_role("link", name="Öppna sammanställningen").click()
    assert laptop.get_by_role("heading", name="Övning 4: Vykort från framtiden").is_visible()
    assert laptop.get_by_text(day.postcards[0].greeting).is_visible()
    assert laptop.get_by_role(
        "img", name="Gruppens rollmix: varje deltagares poäng per roll (1–5)"
    ).is_visible()
    assert laptop.get_by_role("img", name="Rummet: trivs bäst").is_visible()
    assert laptop.get_by_role("img", name="Rummet: mest utmanande").is_visible()
    assert laptop.evaluate("document.documentElement.scrollWidth") <= 1366
    screenshot(laptop, "organiser-report-laptop")

    laptop.goto(f"{asgi_server}/facilitator/{changemakers.pk}/resultat/")
    laptop.get_by_role("button", name="Slå på delningslänken").click()
    share_link = laptop.locator(".share-link a")
    share_url = share_link.get_attribute("href")
    assert laptop.get_by_text("Delningslänken är på.").is_visible()

    laptop.get_by_role("link", name="Radera svar och deltagare…").click()
    assert laptop.get_by_role("row", name="Vykort 4").is_visible()
    screenshot(laptop, "organiser-delete-laptop")

    participant = laptop.context.browser.new_context(
        viewport={"width": 390, "height": 844}, locale="sv-SE"
    )
    phone = participant.new_page()
    phone.goto(share_url)
    assert phone.get_by_role("heading", name="Changemakers").is_visible()
    assert phone.get_by_text(day.postcards[1].greeting).is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "shared-results-phone")
    participant.close()
