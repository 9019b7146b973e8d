"""The organiser's pages in Chromium on a 1366×768 laptop."""

import pytest

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

    laptop.get_by_role("link", name="Öppna sammanställningen").click()
    assert laptop.get_by_role("heading", name="Övning 4: Vykort från framtiden").is_visible()
    assert laptop.get_by_text(day.postcards[0].greeting).is_visible()
    assert laptop.get_by_role(
        "img", name="Gruppens rollmix: varje deltagares poäng per roll (1–5)"
    ).is_visible()
    assert laptop.get_by_role("img", name="Rummet: runda A och B").is_visible()
    screenshot(laptop, "organiser-report-laptop")

    laptop.goto(f"{asgi_server}/facilitator/{changemakers.pk}/resultat/")
    laptop.get_by_role("button", name="Slå på delningslänken").click()
    share_link = laptop.locator(".share-link a")
    share_url = share_link.get_attribute("href")
    assert laptop.get_by_text("Delningslänken är på.").is_visible()

    laptop.get_by_role("link", name="Radera svar och deltagare…").click()
    assert laptop.get_by_role("row", name="Vykort 4").is_visible()
    screenshot(laptop, "organiser-delete-laptop")

    participant = laptop.context.browser.new_context(viewport={"width": 390, "height": 844})
    phone = participant.new_page()
    phone.goto(share_url)
    assert phone.get_by_role("heading", name="Changemakers").is_visible()
    assert phone.get_by_text(day.postcards[1].greeting).is_visible()
    screenshot(phone, "shared-results-phone")
    participant.close()
