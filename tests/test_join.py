import re

import pytest
from django.urls import reverse

from workshops import ratelimit
from workshops.models import JOIN_CODE_ALPHABET, Event, Participant
from workshops.presenters import SESSION_PARTICIPANT


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    ratelimit.reset()
    yield
    ratelimit.reset()


def test_join_code_has_no_look_alikes(changemakers):
    assert re.fullmatch(r"[A-Z0-9]{6}", changemakers.join_code)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)
    assert set(changemakers.join_code) <= set(JOIN_CODE_ALPHABET)


def test_join_page_by_code_asks_only_for_a_first_name(client, changemakers):
    response = client.get(changemakers.join_path())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="name"' in html
    assert "Förnamn (frivilligt)" in html
    assert 'name="code"' not in html


def test_join_by_url_creates_participant_and_redirects_without_code(client, changemakers):
    client.get(changemakers.join_path())
    old_key = client.session.session_key
    response = client.post(changemakers.join_path(), {"name": "Ada"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:participant_home")
    assert changemakers.join_code not in response["Location"]
    participant = Participant.objects.get(event=changemakers)
    assert participant.name == "Ada"
    assert client.session[SESSION_PARTICIPANT] == participant.pk
    assert client.session.session_key != old_key


def test_join_anonymous_without_name(client, changemakers):
    client.post(changemakers.join_path(), {"name": ""})
    participant = Participant.objects.get(event=changemakers)
    assert participant.name == ""
    page = client.get(reverse("workshops:participant_home")).content.decode()
    assert f"Du är deltagare {participant.number}." in page


def test_join_from_home_form_with_lowercase_code(client, changemakers):
    code = changemakers.join_code.lower()
    response = client.post(reverse("workshops:home"), {"code": f" {code} ", "name": ""})
    assert response.status_code == 302
    assert Participant.objects.filter(event=changemakers).count() == 1


def test_join_again_on_same_phone_returns_same_participant(client, changemakers):
    client.post(changemakers.join_path(), {"name": "Ada"})
    client.post(reverse("workshops:home"), {"code": changemakers.join_code, "name": ""})
    response = client.get(changemakers.join_path())
    assert response.status_code == 302
    assert Participant.objects.filter(event=changemakers).count() == 1


def test_join_two_phones_are_two_participants(client, changemakers):
    from django.test import Client

    client.post(changemakers.join_path(), {"name": ""})
    Client().post(changemakers.join_path(), {"name": ""})
    numbers = sorted(Participant.objects.values_list("number", flat=True))
    assert numbers == [1, 2]


def test_join_wrong_code_gets_clear_message(client, changemakers):
    response = client.post(reverse("workshops:home"), {"code": "XXXXXX", "name": ""})
    assert response.status_code == 200
    assert "Det finns ingen workshop med koden XXXXXX" in response.content.decode()
    assert not Participant.objects.exists()


def test_join_wrong_code_in_url_gets_clear_message(client, changemakers):
    response = client.get("/delta/QQQQQQ/")
    assert response.status_code == 404
    assert "Det finns ingen workshop med koden QQQQQQ" in response.content.decode()


def test_join_empty_code_asks_for_it(client, changemakers):
    response = client.post(reverse("workshops:home"), {"code": "", "name": ""})
    assert "Skriv koden du har fått." in response.content.decode()


def test_join_closed_code_gets_clear_message(client, changemakers):
    Event.objects.filter(pk=changemakers.pk).update(join_open=False)
    response = client.post(changemakers.join_path(), {"name": ""})
    assert "tar inte emot fler deltagare" in response.content.decode()
    assert not Participant.objects.exists()


def test_join_name_too_long_is_refused_with_message(client, changemakers):
    response = client.post(changemakers.join_path(), {"name": "A" * 61})
    assert response.status_code == 200
    assert "Högst 60 tecken." in response.content.decode()
    assert not Participant.objects.exists()


def test_join_repeated_wrong_codes_are_slowed_with_retry_after(client, changemakers):
    for _ in range(5):
        assert client.post("/", {"code": "XXXXXX"}).status_code == 200
    response = client.post("/", {"code": "XXXXXX"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Vänta" in response.content.decode()


def test_join_right_code_and_qr_link_go_through_while_refused(client, changemakers):
    for _ in range(6):
        client.post("/", {"code": "XXXXXX"})
    assert client.post("/", {"code": "XXXXXX"}).status_code == 429
    assert client.get(changemakers.join_path()).status_code == 200  # the QR link
    response = client.post("/", {"code": changemakers.join_code, "name": "Ada"})
    assert response.status_code == 302
    assert Participant.objects.get(event=changemakers).name == "Ada"


def test_join_refused_wrong_code_echoes_nothing(client, changemakers):
    for _ in range(5):
        client.post("/", {"code": "XXXXXX"})
    for response in (
        client.post("/", {"code": "QQQQQQ", "name": "Ada"}),
        client.get("/delta/WWWWWW/"),
    ):
        assert response.status_code == 429
        html = response.content.decode()
        assert "Det finns ingen workshop" not in html and "QQQQQQ" not in html
        assert "Du har skrivit fel kod för många gånger." in html
    assert not Participant.objects.exists()


def test_join_one_address_guessing_never_locks_out_the_room(changemakers):
    """200 wrong codes from one address (new cookies each time, as a script would)."""
    from django.test import Client

    refused = sum(Client().post("/", {"code": "XXXXXX"}).status_code == 429 for _ in range(200))
    assert refused == 200 - ratelimit.WRONG_CODES_PER_ADDRESS.amount
    # Every phone behind the same address still joins, with the code or the QR link.
    assert Client().post("/", {"code": changemakers.join_code}).status_code == 302
    assert Client().get(changemakers.join_path()).status_code == 200
    assert Client().post(changemakers.join_path(), {"name": ""}).status_code == 302
    assert Participant.objects.filter(event=changemakers).count() == 2


def test_join_tries_while_refused_do_not_extend_the_wait(client, changemakers, monkeypatch):
    from django.test import Client

    clock = [1_000_000.0]
    monkeypatch.setattr("time.time", lambda: clock[0])
    for _ in range(ratelimit.WRONG_CODES_PER_ADDRESS.amount):
        Client().post("/", {"code": "XXXXXX"})
    for _ in range(100):
        clock[0] += 0.5
        assert Client().post("/", {"code": "XXXXXX"}).status_code == 429
    clock[0] += 11  # 61 s after the last counted try: the window has passed
    assert Client().post("/", {"code": "XXXXXX"}).status_code == 200


def test_join_counts_per_client_behind_a_trusted_proxy(changemakers, settings):
    from django.test import Client

    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    guesser = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.7"}
    for _ in range(ratelimit.WRONG_CODES_PER_ADDRESS.amount):
        Client(**guesser).post("/", {"code": "XXXXXX"})
    assert Client(**guesser).post("/", {"code": "XXXXXX"}).status_code == 429
    # Another phone behind the same proxy may still get a code wrong (and is told so).
    other = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.8")
    response = other.post("/", {"code": "XXXXXX"})
    assert response.status_code == 200
    assert "Det finns ingen workshop" in response.content.decode()


def test_join_forwarded_for_from_an_untrusted_client_is_ignored(changemakers, settings):
    from django.test import Client

    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(ratelimit.WRONG_CODES_PER_ADDRESS.amount):
        forged = {"REMOTE_ADDR": "192.0.2.9", "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}
        Client(**forged).post("/", {"code": "XXXXXX"})
    forged = {"REMOTE_ADDR": "192.0.2.9", "HTTP_X_FORWARDED_FOR": "198.51.100.200"}
    assert Client(**forged).post("/", {"code": "XXXXXX"}).status_code == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("192.0.2.1", "", "192.0.2.1"),
        ("192.0.2.1", "203.0.113.5", "192.0.2.1"),  # not a proxy: its header is ignored
        ("10.0.0.1", "203.0.113.5", "203.0.113.5"),
        ("10.0.0.1", "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the client wrote the 1st
        ("10.0.0.1", "203.0.113.5, 10.0.0.2", "203.0.113.5"),  # two trusted hops
        ("10.0.0.1", "not-an-address", "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_client_address(rf, settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_address(request) == expected


def test_join_right_codes_do_not_count_against_the_limit(changemakers):
    from django.test import Client

    for _ in range(8):
        assert Client().post(changemakers.join_path(), {"name": ""}).status_code == 302


def test_participant_home_without_session_goes_to_join(client, changemakers):
    response = client.get(reverse("workshops:participant_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:home")


def test_join_qr_svg_encodes_absolute_join_url(client, changemakers):
    response = client.get(reverse("workshops:join_qr", args=[changemakers.join_code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


def test_join_qr_unknown_code_is_404(client, changemakers):
    assert client.get("/delta/QQQQQQ/qr.svg").status_code == 404


def test_participant_home_offers_qr_for_a_neighbour(client, changemakers):
    client.post(changemakers.join_path(), {"name": ""})
    home = client.get(reverse("workshops:participant_home")).content.decode()
    assert "Visa QR-kod för en granne" in home
    # The QR code comes when "Visa QR-kod" is opened (htmx), or on its own page: not in /nu/.
    share = reverse("workshops:share")
    assert f'<a href="{share}">Visa QR-koden</a>' in home
    assert changemakers.join_code not in home.replace(f"/ws/events/{changemakers.pk}/", "")
    html = client.get(share).content.decode()
    # An image of its own (tested above), loaded lazily.
    qr = reverse("workshops:join_qr", args=[changemakers.join_code])
    assert f'<img class="qr" src="{qr}" alt="QR-kod för att delta"' in html
    assert 'loading="lazy"' in html
    assert f"http://testserver/delta/{changemakers.join_code}/" in html
