"""The phone's first load, measured as bench/page_weight.py does (headers + encoded bodies of
every response, an empty cache): the budget of issue 11 (30 KB, no third-party request)."""

import pytest

from bench.page_weight import LAN_HOST, PHONE, measure

pytestmark = pytest.mark.django_db(transaction=True)


def test_phone_page_first_load_within_budget(browser, asgi_server, changemakers):
    exercise = changemakers.exercises.get(key="ovning-1")
    changemakers.move_to(exercise.program_item)
    changemakers.open_exercise(exercise)
    lan = asgi_server.replace("127.0.0.1", LAN_HOST)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(lan + changemakers.join_path())
    page.locator("form button[type=submit]").click()
    page.wait_for_selector("#now")
    cookies = context.cookies()
    context.close()

    # Behind https, or on the laptop itself: brotli.
    secure = measure(browser, asgi_server, cookies, "/nu/", settle_ms=0)
    # A phone on the venue's network (`make run`: plain http): its browser offers gzip only.
    plain = measure(browser, lan, cookies, "/nu/", settle_ms=0)

    for result in (secure, plain):
        assert result["third_party"] == 0
        assert [row["status"] for row in result["rows"]] == [200, 200, 200], result["rows"]
    assert {row["encoding"] for row in secure["rows"]} == {"br", "gzip"}  # gzip: the HTML
    assert {row["encoding"] for row in plain["rows"]} == {"gzip"}
    assert plain["bytes"] <= 30_000, plain["rows"]
    assert secure["bytes"] <= plain["bytes"], secure["rows"]
