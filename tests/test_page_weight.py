"""Every phone page's first load, measured as bench/page_weight.py does (headers + encoded bodies
of every response, an empty cache): the budget of issues 11 and 25, 30,000 B on plain http, no
third-party request."""

import pytest
from playwright.sync_api import expect

from bench.page_weight import (
    LAN_HOST,
    PHONE_STATES,
    each_phone_page,
    join_cookies,
    measure,
    prepare,
)
from tests.browser_helpers import join_phone

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = 30_000


def test_every_phone_page_first_load_within_budget(browser, asgi_server, changemakers):
    lan = asgi_server.replace("127.0.0.1", LAN_HOST)
    pages = each_phone_page(browser, lan, changemakers.join_path(), prepare)

    measured = {(result["state"], result["page"]) for result in pages}
    assert len(measured) == sum(len(paths) for _state, paths in PHONE_STATES)
    for result in pages:
        assert result["third_party"] == 0, result["rows"]
        assert {row["encoding"] for row in result["rows"] if row["status"] == 200} == {"gzip"}
    read_by_swap_js = {
        "hx-get",
        "hx-post",
        "hx-target",
        "hx-select",
        "hx-headers",
        "hx-trigger=load",
        "hx-trigger=every 10s",
        "hx-trigger=toggle from:closest details once",
        "hx-swap=innerHTML",
        "hx-swap=outerHTML",
        "hx-swap=none",
        "hx-swap-oob=true",
    }
    unread = {
        (result["page"], hx) for result in pages for hx in result["hx"] if hx not in read_by_swap_js
    }
    assert unread == set(), "static/js/swap.js does not read these (htmx is not on the phone)"
    over = [
        f"{result['page']} ({result['state']}): {result['bytes']} B"
        for result in pages
        if result["bytes"] > BUDGET
    ]
    assert over == [], pages_summary(pages)


def test_a_secure_phone_gets_brotli_and_fewer_bytes(browser, asgi_server, changemakers):
    """Behind https, or on the laptop itself, the browser offers brotli: the static files come
    that way (the HTML stays gzip), and the page weighs less than on plain http."""
    lan = asgi_server.replace("127.0.0.1", LAN_HOST)
    cookies = join_cookies(browser, lan, changemakers.join_path())
    secure = measure(browser, asgi_server, cookies, "/nu/", settle_ms=0)
    plain = measure(browser, lan, cookies, "/nu/", settle_ms=0)
    assert [row["status"] for row in secure["rows"]] == [200, 200, 200], secure["rows"]
    assert {row["encoding"] for row in secure["rows"]} == {"br", "gzip"}  # gzip: the HTML
    assert {row["encoding"] for row in plain["rows"]} == {"gzip"}
    assert secure["bytes"] <= plain["bytes"], secure["rows"]


def pages_summary(pages: list[dict]) -> str:
    return "\n".join(f"{r['page']} ({r['state']}): {r['bytes']} B" for r in pages)


def test_the_phone_loads_no_htmx_and_its_pages_still_swap(browser, asgi_server, changemakers):
    """htmx was 16.5 KB of the phone's 21 KB script: the phone's pages read their few hx-*
    attributes with static/js/swap.js instead (the screens keep htmx). A question asked during
    a talk comes back as the panel's fragment, swapped in place (hx-post, hx-target), and the
    neighbour's QR code is fetched into the page when its <details> opens (hx-trigger,
    hx-select)."""
    changemakers.go_to(changemakers.program.filter(kind="talk").first())
    page = join_phone(browser, asgi_server, changemakers)
    scripts = []
    page.on("request", lambda request: scripts.append(request.url))
    page.reload()
    expect(page.locator("#now")).to_be_visible()
    assert page.evaluate("typeof window.htmx") == "undefined"
    assert [url for url in scripts if "htmx" in url] == []
    assert page.evaluate("typeof window.swap") == "function"

    page.get_by_label("Din fråga").fill("Hur når vi fler?")
    page.get_by_role("button", name="Skicka frågan").click()
    expect(page.locator("#ask .message-success")).to_have_text("Tack! Din fråga är skickad.")
    expect(page.locator("#questions")).to_contain_text("Hur når vi fler?")
    assert page.url.endswith("/nu/")  # swapped in place, not a new page
    expect(page.get_by_label("Din fråga")).to_have_value("")

    page.locator("summary", has_text="Visa QR-kod för en granne").click()
    expect(page.locator(".share .join-code")).to_have_text(changemakers.join_code)
    expect(page.locator(".share h1")).to_have_count(0)  # only the code (hx-select), not the page
    page.context.close()
