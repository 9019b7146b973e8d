"""Password guessing is slowed per client address and username; the right person is never
locked out. Written as an attacker on the venue's Wi-Fi would send the requests."""

import pytest
from django.test import Client
from django.urls import reverse

from workshops import ratelimit

PASSWORD = "correct horse battery"
ATTACKER = {"REMOTE_ADDR": "192.0.2.66"}
FACILITATOR = {"REMOTE_ADDR": "192.0.2.10"}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    ratelimit.reset()
    yield
    ratelimit.reset()


def login(client: Client, username: str, password: str, url: str = "/konto/logga-in/"):
    return client.post(url, {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", ["/konto/logga-in/", "/admin/login/"])
def test_guesses_are_slowed_then_refused_without_checking_the_password(db, facilitator, url):
    attacker = Client(**ATTACKER)
    for _ in range(5):
        response = login(attacker, facilitator.username, "wrong", url)
        assert response.status_code == 200 and not logged_in(attacker)
    response = login(attacker, facilitator.username, PASSWORD, url)
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert not logged_in(attacker)


@pytest.mark.parametrize("url", ["/konto/logga-in/", "/admin/login/"])
def test_the_right_password_from_another_client_goes_through(db, facilitator, url):
    attacker = Client(**ATTACKER)
    for _ in range(25):  # on both login pages
        login(attacker, facilitator.username, "wrong", "/konto/logga-in/")
        login(attacker, facilitator.username, "wrong", "/admin/login/")
    client = Client(**FACILITATOR)
    response = login(client, facilitator.username, PASSWORD, url)
    assert response.status_code == 302
    assert logged_in(client)


def test_admin_login_shares_the_console_login_throttle(db, facilitator):
    attacker = Client(**ATTACKER)
    for _ in range(5):
        login(attacker, facilitator.username, "wrong")
    response = login(attacker, facilitator.username, PASSWORD, "/admin/login/")
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert not logged_in(attacker)


def test_the_delay_grows(db, facilitator, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr("time.time", lambda: clock[0])
    attacker = Client(**ATTACKER)

    def waits_after(failures: int) -> int:
        for _ in range(failures):
            clock[0] += 1
            login(attacker, facilitator.username, "wrong")
        return ratelimit.login_wait(attacker_request(), facilitator.username)

    def attacker_request():
        from django.test import RequestFactory

        return RequestFactory().get("/", **ATTACKER)

    first = waits_after(5)
    assert 0 < first <= 60
    clock[0] += 61
    second = waits_after(5)
    assert second > 60 * 5  # ten in ten minutes: minutes, not seconds
    clock[0] += 601
    waits_after(5)
    clock[0] += 61
    third = waits_after(5)  # twenty in an hour
    assert third > 60 * 30


def test_refused_tries_do_not_extend_the_wait(db, facilitator, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr("time.time", lambda: clock[0])
    attacker = Client(**ATTACKER)
    for _ in range(5):
        login(attacker, facilitator.username, "wrong")
    for _ in range(50):
        clock[0] += 1
        login(attacker, facilitator.username, "wrong")
    clock[0] += 11  # a minute after the 5th counted failure
    login(attacker, facilitator.username, PASSWORD)
    assert logged_in(attacker)


def test_behind_a_trusted_proxy_clients_are_told_apart(db, facilitator, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.66")
    for _ in range(10):
        login(attacker, facilitator.username, "wrong")
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert login(client, facilitator.username, PASSWORD).status_code == 302


def test_login_page_still_shows_the_form(client, db):
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.parametrize("url", ["/konto/logga-in/", "/admin/login/"])
def test_the_facilitators_own_browser_gets_in_behind_the_attackers_address(db, facilitator, url):
    """Same address (a venue's NAT, no trusted proxy): the browser the facilitator logged in
    with before is told apart by its signed cookie."""
    browser = Client(**ATTACKER)
    assert login(browser, facilitator.username, PASSWORD).status_code == 302
    browser.post(reverse("logout"))
    attacker = Client(**ATTACKER)
    for _ in range(25):
        login(attacker, facilitator.username, "wrong")
    assert "För många" in login(attacker, facilitator.username, PASSWORD).content.decode()
    response = login(browser, facilitator.username, PASSWORD, url)
    assert response.status_code == 302 and logged_in(browser)


def test_a_forged_or_foreign_device_cookie_does_not_help(db, facilitator):
    attacker = Client(**ATTACKER)
    attacker.cookies[ratelimit.LOGIN_DEVICE_COOKIE] = f"{facilitator.username}:forged"
    for _ in range(5):
        login(attacker, facilitator.username, "wrong")
    assert "För många" in login(attacker, facilitator.username, PASSWORD).content.decode()
    # A real cookie of another account counts under the address as well.
    other = Client(**ATTACKER)
    from tests.factories import FacilitatorFactory

    someone = FacilitatorFactory()
    login(other, someone.username, PASSWORD)
    assert "För många" in login(other, facilitator.username, PASSWORD).content.decode()
    assert not logged_in(attacker)


def printed_login_code(username: str) -> str:
    """What `make run` prints (manage.py prepare_day) for the account."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("prepare_day", port="8000", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if f"som {username}:" in line)
    return line.split(f"som {username}: ", 1)[1].split()[0]


@pytest.mark.parametrize("url", ["/konto/logga-in/", "/admin/login/"])
def test_a_guesser_cannot_lock_the_facilitator_out_of_a_new_browser(db, facilitator, url):
    """Same address, a browser that never logged in (no cookies): the right password and the
    reserve code `make run` printed always get in; the code alone, or with a wrong password,
    does not."""
    attacker = Client(**ATTACKER)
    for _ in range(25):
        login(attacker, facilitator.username, "wrong")
    fresh = Client(**ATTACKER)
    refused = login(fresh, facilitator.username, PASSWORD, "/konto/logga-in/").content.decode()
    assert "För många" in refused and "Reservkod" in refused and 'name="code"' in refused
    code = printed_login_code(facilitator.username)
    for password, typed in [("wrong", code), (PASSWORD, "abcd-efgh-jkmn"), (PASSWORD, "")]:
        data = {"username": facilitator.username, "password": password, "code": typed}
        assert attacker.post(url, data).status_code == 200 and not logged_in(attacker)
    data = {"username": facilitator.username, "password": PASSWORD, "code": code.upper()}
    response = fresh.post(url, data)
    assert response.status_code == 302 and logged_in(fresh)
    # Getting in with the code gives the guesser no fresh tries.
    assert "För många" in login(attacker, facilitator.username, "wrong").content.decode()


def test_the_facilitators_own_logins_never_add_up(db, facilitator):
    """Each try counts before its password is checked, but a right one clears the count: the
    console, the projector's laptop and a colleague's, all behind the venue's one address."""
    for _browser in range(8):
        client = Client(**FACILITATOR)
        assert login(client, facilitator.username, PASSWORD).status_code == 302


def test_a_new_password_makes_a_new_reserve_code(db, facilitator):
    before = ratelimit.login_code(facilitator)
    facilitator.set_password("another password 123")
    facilitator.save()
    assert ratelimit.login_code(facilitator) != before
    assert ratelimit.is_login_code(facilitator, ratelimit.login_code(facilitator).replace("-", " "))
