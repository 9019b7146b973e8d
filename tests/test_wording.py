"""What the pages say matches what happens (issue 10, items 6–9)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.answers import answer_the_day
from tests.participant_helpers import exercise_url, join, open_exercise
from tests.test_projector import projector_html, show
from tests.test_report import report_page

HANDOUT = ["Lägg i Samla-in-högen!", "Tipsen finns även i er mapp", "Ta med vykortet till lunchen"]


def test_projector_says_the_facilitator_shows_the_results(client, changemakers):
    show(changemakers, "results", "ovning-1")
    html = projector_html(client, changemakers)
    assert "Resultaten visas när samtalsledaren visar dem." in html
    assert "när alla har svarat" not in html


def test_join_says_a_first_name_may_be_shown_with_a_featured_answer(client, changemakers):
    html = client.get(changemakers.join_path()).content.decode()
    assert "Skriver du ditt förnamn kan det visas på projektorn med ett svar" in html


def test_phones_get_phone_words_and_the_report_keeps_the_handout(
    client, facilitator_client, changemakers
):
    join(client, changemakers)
    open_exercise(changemakers, "ovning-3")
    tips = client.get(exercise_url("ovning-3") + "?lista=chefer").content.decode()
    open_exercise(changemakers, "ovning-4")
    postcard = client.get(exercise_url("ovning-4")).content.decode()
    for words in HANDOUT:
        assert words not in tips and words not in postcard
    assert "Tryck Lämna in så hamnar din lista i samla-in-högen – här i appen." in tips
    assert "Visa vykortet för de andra vid lunchen" in postcard
    answer_the_day(changemakers, participants=1)
    report = report_page(facilitator_client, changemakers)
    for words in HANDOUT:
        assert words in report


@pytest.mark.django_db(transaction=True)
def test_without_javascript_phones_are_told_to_reload(asgi_server, browser, changemakers):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="sv-SE", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{asgi_server}{changemakers.join_path()}")
    page.locator("form button[type=submit]").click()
    expect(page.get_by_text("Ladda om sidan när samtalsledaren säger till.")).to_be_visible()
    expect(page.get_by_text("dyker upp här av sig själva")).to_be_hidden()
    assert reverse("workshops:participant_home") in page.url
    context.close()
