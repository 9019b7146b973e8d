"""The phone's outbox (static/js/phone.js) as a phone on venue Wi-Fi uses it (Playwright,
system Chromium, against daphne; the socket and the answer POSTs cut as in
tests/test_browser_offline.py): a saved value is not sent again; the tabs of one phone share
one outbox; answers that land after the phone has left their page are still confirmed."""

from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import expect

from exercises.kinds.postcard.models import Postcard
from exercises.kinds.rating.models import Rating
from tests.test_browser_offline import UNSENT, Console, Network, join, rate

pytestmark = pytest.mark.django_db(transaction=True)
LANDED = "Dina svar är sparade ✓"


def sent_values(network, name: str) -> list[str]:
    """The values of one field the phone sent (over its socket, or POSTed form-encoded)."""
    answers = [unquote_plus(answer) for answer in network.answers]
    return [answer for answer in answers if answer.startswith(f"{name}=")]


def phone_in_a_day(browser, server, event, *opened: str):
    """The facilitator opens exercises; then a phone joins (its network cut on demand)."""
    console = Console(browser, server, event)
    for key in opened:
        console.exercise(key, "open")
    return (console, *join(browser, server, event))


def test_a_saved_text_is_not_sent_again_on_leaving_it_or_when_the_day_moves_on(
    asgi_server, browser, changemakers
):
    console, context, page, network = phone_in_a_day(browser, asgi_server, changemakers, "ovning-5")
    own = page.get_by_label("Hos dig själv?")
    name = own.get_attribute("name")
    own.fill("Lyssna mer")
    expect(page.locator("#status-ovning-5")).to_contain_text("Sparat", timeout=10_000)
    assert sent_values(network, name) == [f"{name}=Lyssna mer"]

    page.get_by_label("I din roll?").focus()  # leaving the field fires `change`
    own.focus()
    own.press("End")  # the same text, focused while the day moves on (its node goes)
    console.exercise("ovning-4", "open")
    expect(page.locator("#exercise-title")).to_have_text("Vykort från framtiden", timeout=10_000)
    page.wait_for_timeout(1500)  # longer than the typing delay
    assert sent_values(network, name) == [f"{name}=Lyssna mer"]
    assert page.evaluate("localStorage.getItem('changemakers-outbox')") == "[]"
    context.close()
    console.context.close()


def test_two_tabs_share_one_outbox_and_an_edit_in_a_closed_tab_still_arrives(
    asgi_server, browser, changemakers, screenshot
):
    console, context, first, first_network = phone_in_a_day(
        browser, asgi_server, changemakers, "ovning-1", "ovning-4"
    )
    first.goto(f"{asgi_server}/ovning/ovning-1/")
    second = context.new_page()
    second_network = Network(second)
    second.goto(f"{asgi_server}/ovning/ovning-4/")
    second.locator("label[for='scenario-2']").click()
    expect(second.locator("#status-ovning-4")).to_contain_text("Sparat", timeout=10_000)

    first_network.cut()
    second_network.cut()
    # Offline, in the second tab: the postcard's greeting; then in the first: a rating, in a
    # page loaded before the second tab queued its edit.
    greeting = "Vilken hälsning vill du skicka till mottagaren i nutiden?"
    second.get_by_label(greeting).fill("Hälsningar från 2045")
    expect(second.locator("#status-ovning-4")).to_have_text(UNSENT, timeout=10_000)
    rate(first, 0, 4)
    expect(first.locator("#status-ovning-1")).to_have_text(UNSENT, timeout=10_000)
    # A third tab, still offline, finds both waiting in the phone's one outbox.
    third = context.new_page()
    Network(third).cut()
    third.goto(f"{asgi_server}/ovning/ovning-4/")
    expect(third.get_by_label(greeting)).to_have_value("Hälsningar från 2045")
    expect(third.locator("#status-ovning-4")).to_have_text(UNSENT, timeout=10_000)
    screenshot(third, "outbox-01-third-tab-offline")
    third.close()
    second.close()  # the postcard's tab is gone before the network returns

    first_network.restore()
    first.evaluate("window.dispatchEvent(new Event('online'))")
    expect(first.locator("#status-ovning-1")).to_contain_text("Sparat", timeout=10_000)
    first.wait_for_function("localStorage.getItem('changemakers-outbox') === '[]'")
    assert Postcard.objects.get().greeting == "Hälsningar från 2045"
    assert Rating.objects.get().value == 4
    context.close()
    console.context.close()


def test_answers_given_offline_are_confirmed_on_the_page_the_phone_shows_when_they_land(
    asgi_server, browser, changemakers, screenshot
):
    console, context, page, network = phone_in_a_day(browser, asgi_server, changemakers, "ovning-1")
    expect(page.locator("#exercise-title")).to_have_text("Skatta dina förmågor", timeout=10_000)
    network.cut()
    rate(page, 0, 3)
    rate(page, 1, 5)
    expect(page.locator("#status-ovning-1")).to_have_text(UNSENT, timeout=10_000)
    # Meanwhile the phone goes to Mitt resultat, and the day moves on.
    page.goto(f"{asgi_server}/mitt-resultat/")
    console.exercise("ovning-2", "open")
    landed = page.locator("#landed")
    expect(landed).to_be_hidden()

    network.restore()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(landed).to_have_text(LANDED, timeout=10_000)
    expect(landed).to_be_visible()
    screenshot(page, "outbox-02-landed")
    assert sorted(Rating.objects.values_list("value", flat=True)) == [3, 5]
    context.close()
    console.context.close()
