"""Issue 23's "done when", in Chromium: an organiser who never saw a YAML file makes a new day
from a template in the browser, changes its content, runs it with a co-facilitator who can only
moderate, copies it for next month, and downloads a file that loads back to the same day."""

import re

import pytest
from playwright.sync_api import expect

from talks.models import Question
from tests.browser_helpers import join_phone
from tests.factories import FacilitatorFactory
from workshops.loader import load_workshop, parse_workshop_bytes
from workshops.models import Event
from workshops.workshop_file import workshop_data

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "sv-SE"}


def log_in(browser, base: str, username: str):
    page = browser.new_context(**LAPTOP).new_page()
    page.goto(f"{base}/facilitator/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("correct horse battery")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Evenemang", exact=True)).to_be_visible()
    return page


def content_of(event: Event) -> dict:
    data = workshop_data(event)
    return {key: value for key, value in data.items() if key != "event"}


@pytest.mark.django_db(transaction=True)
def test_a_day_made_changed_run_with_a_moderator_copied_and_downloaded(asgi_server, browser):
    FacilitatorFactory(username="agare", is_superuser=False)
    FacilitatorFactory(username="medhjalpare", is_superuser=False)
    organiser = log_in(browser, asgi_server, "agare")

    # A new day from the half-day template.
    organiser.get_by_role("link", name="Ny dag från en mall").click()
    organiser.get_by_label("Börja från").select_option("halvdag-exempel.yaml")
    organiser.get_by_label("Titel").fill("Samverkan i Umeå")
    organiser.get_by_label("Datum").fill("2026-04-16")
    organiser.get_by_label("Plats").fill("Umeå")
    organiser.get_by_role("button", name="Skapa dagen").click()
    expect(
        organiser.get_by_text("Evenemanget Samverkan i Umeå 2026-04-16 är skapat.")
    ).to_be_visible()
    event = Event.objects.get(title="Samverkan i Umeå")

    # Its content, changed in the browser: a talk's speakers and notes, a poll, a new item.
    organiser.get_by_role("link", name="Dagens innehåll").click()
    organiser.get_by_role("link", name=re.compile("^Ändra ?: Välkommen och inledning")).click()
    organiser.get_by_label("Talare").fill("Karin Lövgren, Nils Ek")
    organiser.get_by_label("Dina anteckningar").fill("Hälsa Nils välkommen först.")
    organiser.get_by_role("button", name="Spara programpunkten").click()
    expect(organiser.get_by_text("Sparat. Telefonerna och projektorn")).to_be_visible()
    organiser.get_by_role("link", name=re.compile("^Ändra ?: Välkommen och inledning")).click()
    organiser.get_by_label("Fråga", exact=True).fill("Hur väl samverkar ni i dag?")
    organiser.get_by_label("Svar", exact=True).select_option("scale")
    organiser.get_by_role("button", name="Spara omröstningen").click()
    expect(organiser.get_by_text("Omröstningen är sparad.")).to_be_visible()
    organiser.get_by_role("link", name="Dagens innehåll").first.click()
    new_item = organiser.locator("form", has_text="Ny programpunkt")
    new_item.get_by_label("Typ").select_option("fika")
    new_item.get_by_label("Titel").fill("Eftermiddagsfika")
    new_item.get_by_role("button", name="Lägg till sist i programmet").click()
    # Moved one place up with the keyboard alone.
    organiser.get_by_role("button", name=re.compile("^↑ Upp ?: Eftermiddagsfika")).focus()
    organiser.keyboard.press("Enter")
    expect(organiser.locator(".editor-program li").nth(4)).to_contain_text("Eftermiddagsfika")
    # The list moved at once; the server has it once the page says so.
    expect(organiser.locator("#announcer")).to_contain_text("Eftermiddagsfika är nu punkt 5 av")
    titles = list(event.program.values_list("title", flat=True))
    assert titles[-2:] == ["Eftermiddagsfika", "Avslutning"]

    # A co-facilitator invited to moderate only.
    organiser.get_by_role("link", name="Vem får göra vad").click()
    organiser.get_by_label("Användarnamn").fill("medhjalpare")
    organiser.get_by_label("Roll").last.select_option("moderator")
    organiser.get_by_role("button", name="Bjud in").click()
    expect(organiser.get_by_text("medhjalpare är nu moderator.")).to_be_visible()

    # The day runs: the talk, a phone's question, the moderator hides it.
    organiser.goto(f"{asgi_server}/facilitator/{event.pk}/")
    organiser.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(organiser.locator(".timeline-now")).to_contain_text("Välkommen och inledning")
    expect(organiser.locator(".presenter-notes")).to_contain_text("Hälsa Nils välkommen först.")
    expect(organiser.locator("#talks")).to_contain_text("Hur väl samverkar ni i dag?")
    phone = join_phone(browser, asgi_server, event, "Ada")
    phone.get_by_label("Din fråga").fill("Hur når vi politikerna?")
    phone.get_by_role("button", name="Skicka frågan").click()
    expect(phone.locator("#questions")).to_contain_text("Hur når vi politikerna?")

    moderator = log_in(browser, asgi_server, "medhjalpare")
    expect(moderator.locator(".event-list li")).to_have_count(1)
    expect(moderator.locator(".event-list")).to_contain_text("Du är moderator")
    moderator.get_by_role("link", name="Öppna konsolen").click()
    question = Question.objects.get(text="Hur når vi politikerna?")
    row = moderator.locator(f"#question-{question.pk}")
    expect(row).to_be_visible()
    expect(moderator.get_by_role("button", name=re.compile("Nästa punkt"))).to_have_count(0)
    expect(moderator.get_by_role("heading", name="Projektorn visar")).to_have_count(0)
    row.get_by_role("button", name="Dölj").click()
    expect(moderator.locator(f"#question-{question.pk}")).to_contain_text("Visa igen")
    question.refresh_from_db()
    assert question.status == Question.Status.HIDDEN
    # Whatever the moderator's browser sends to run the day is refused.
    token = next(c["value"] for c in moderator.context.cookies() if c["name"] == "csrftoken")
    refused = moderator.request.post(
        f"{asgi_server}/facilitator/{event.pk}/nasta/", headers={"X-CSRFToken": token}
    )
    assert refused.status == 403
    for page in ("innehall/", "resultat/", "medlemmar/"):
        assert moderator.request.get(f"{asgi_server}/facilitator/{event.pk}/{page}").status == 403
    event.refresh_from_db()
    assert event.current_item.title == "Välkommen och inledning"

    # Copied for next month: the content, not the answers.
    organiser.goto(f"{asgi_server}/facilitator/")
    organiser.locator(".event-row", has_text="Samverkan i Umeå").get_by_role(
        "link", name="Kopiera till ny dag"
    ).click()
    organiser.get_by_label("Datum").fill("2026-05-14")
    organiser.get_by_role("button", name="Kopiera").click()
    expect(
        organiser.get_by_text("Evenemanget Samverkan i Umeå 2026-05-14 är skapat.")
    ).to_be_visible()
    copy = Event.objects.get(date="2026-05-14")
    assert content_of(copy) == content_of(event)
    assert not copy.participants.exists() and not copy.questions.exists()

    # The file downloaded from the results page loads back to the same day.
    organiser.goto(f"{asgi_server}/facilitator/{event.pk}/resultat/")
    with organiser.expect_download() as download:
        organiser.get_by_role("link", name="Ladda ned workshopfilen").click()
    assert download.value.suggested_filename == f"{event.slug}.yaml"
    content = download.value.path().read_bytes()
    loaded, _created = load_workshop(parse_workshop_bytes(content), slug="tillbaka")
    assert content_of(loaded) == content_of(event)
    assert "Hälsa Nils välkommen först." in content.decode()
