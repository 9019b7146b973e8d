"""Crafted ids and tokens never reach the database: a 404 or a form error, never a 500.

NUL bytes make PostgreSQL refuse the query; ids beyond 64 bits overflow SQLite's integers."""

import pytest
from django.test import Client

from exercises.kinds.tips.models import Tip
from workshops import ratelimit
from workshops.models import Event, Participant

HUGE = str(10**20)
NUL = "%00"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    ratelimit.reset()
    yield
    ratelimit.reset()


@pytest.fixture
def phone(changemakers) -> Client:
    client = Client(raise_request_exception=False)
    client.post(changemakers.join_path(), {"name": ""})
    return client


@pytest.fixture
def staff(facilitator) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(facilitator)
    return client


@pytest.mark.parametrize(
    "path",
    [
        f"/projektor/{NUL}/",
        f"/projektor/abc{NUL}def/",
        f"/resultat/{NUL}/",
        f"/resultat/x{NUL}/",
        f"/delta/{NUL}/",
        f"/delta/ABC{NUL}/",
        f"/delta/{NUL}/qr.svg",
        f"/ovning/{NUL}/",
        f"/?code={NUL}",
    ],
)
def test_nul_bytes_in_the_address_are_a_bad_request(changemakers, path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 400
    assert "Ogiltiga tecken i förfrågan." in response.content.decode()


def test_nul_bytes_in_a_cookie_are_a_bad_request(changemakers):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        f"/projektor/{'a' * 65}/",
        "/projektor/%C3%A5%C3%A4%C3%B6/",
        "/resultat/..%2F..%2Fetc/",
        f"/delta/{'A' * 5000}/qr.svg",
        "/delta/%E2%80%AE/",
    ],
)
def test_crafted_tokens_in_the_address_are_not_found(changemakers, path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        f"/facilitator/{HUGE}/",
        f"/facilitator/{HUGE}/resultat/",
        f"/facilitator/{HUGE}/resultat/arbetsbok.xlsx",
        f"/facilitator/{HUGE}/projektor/",
    ],
)
def test_huge_ids_in_the_address_are_not_found(changemakers, staff, path):
    assert staff.get(path).status_code == 404


def test_huge_ids_in_console_actions_are_not_found(changemakers, staff):
    event = changemakers.pk
    exercise = changemakers.exercises.first().pk
    for path, data in [
        (f"/facilitator/{event}/flytta/", {"item": HUGE}),
        (f"/facilitator/{event}/ovning/{HUGE}/open/", {}),
        (f"/facilitator/{HUGE}/ovning/{exercise}/open/", {}),
        (f"/facilitator/{event}/moderera/postcard/{HUGE}/hide/", {}),
        (f"/facilitator/{event}/moderera/reflection/{HUGE}/hide/", {}),
    ]:
        assert staff.post(path, data).status_code == 404, path


def test_huge_tip_id_is_a_form_error(changemakers, phone):
    exercise = changemakers.exercises.get(kind="tips")
    changemakers.open_exercise(exercise)
    tip_list = exercise.tip_lists.first()
    for tips in ([HUGE], ["-1"], ["1e3"], ["²"], ["١٢"], [str(2**63)]):
        response = phone.post(
            f"/ovning/{exercise.key}/svar/", {"ticking": tip_list.key, "tips": tips}
        )
        assert response.status_code in (200, 302), tips
    assert not Participant.objects.get().tip_ticks.exists()


def test_crafted_choices_are_form_errors_or_bad_requests(changemakers, phone):
    exercises = {e.kind: e for e in changemakers.exercises.all()}
    posts = [
        (exercises["tips"], {"ticking": "\x00", "tips": []}, 400),
        (exercises["placement"], {"round-A": "\x00"}, 400),
        (exercises["placement"], {"round-A": "x" * 10_000}, 200),
        (exercises["postcard"], {"scenario": "\x00", "year": "\x00"}, 400),
        (exercises["postcard"], {"scenario": HUGE, "year": HUGE}, 200),
        (exercises["reflection"], {"prompt-1": "\x00"}, 400),
        (exercises["rating"], {f"ability-{HUGE}": "3"}, 200),
    ]
    for exercise, data, status in posts:
        changemakers.open_exercise(exercise)
        response = phone.post(f"/ovning/{exercise.key}/svar/", data)
        assert response.status_code in (status, 302), (exercise.kind, data)
    participant = Participant.objects.get()
    assert not participant.placements.exists() and not participant.ratings.exists()


def test_join_code_with_nul_is_a_bad_request(changemakers):
    client = Client(raise_request_exception=False)
    response = client.post("/", {"code": "AB\x00CD", "name": "\x00"})
    assert response.status_code == 400
    assert not Participant.objects.exists()


def test_tokens_of_a_real_event_still_work(changemakers, staff):
    Event.objects.filter(pk=changemakers.pk).update(share_enabled=True)
    event = Event.objects.get()
    assert Client().get(event.projector_path()).status_code == 200
    assert Client().get(f"/resultat/{event.share_token}/").status_code == 200
    assert Client().get(f"/delta/{event.join_code.lower()}/qr.svg").status_code == 200
    assert Tip.objects.exists()


# Digits that str.isdigit() or int() take and the database does not: superscripts, full-width,
# Arabic-Indic, and int()'s own leniency (a sign, underscores, a decimal point).
ODD_NUMBERS = ["²", "¹²", "３", "١٢", "٣", "+3", "3_0", "3.0", "-1", "0", HUGE]


def test_odd_digits_in_a_poll_answer_are_a_form_error(changemakers, phone, staff):
    changemakers.go_to(changemakers.program.filter(kind="talk").first())
    for kind in ("scale", "choice"):
        fields = {"question": "Hur?", "kind": kind, "option_1": "A", "option_2": "B"}
        assert staff.post(f"/facilitator/{changemakers.pk}/omrostning/ny/", fields).status_code
        poll = changemakers.polls.latest("pk")
        for answer in ODD_NUMBERS:
            response = phone.post(f"/omrostning/{poll.pk}/svar/", {"answer": answer})
            assert response.status_code == 400, (kind, answer)
            assert "Välj ett svar." in response.content.decode()
        assert not poll.answers.exists()
        first = poll.options.first().pk if kind == "choice" else 3
        assert phone.post(f"/omrostning/{poll.pk}/svar/", {"answer": str(first)}).status_code == 302


def test_odd_digits_in_the_consoles_move_are_not_found(changemakers, staff):
    before = changemakers.current_item_id
    for item in ODD_NUMBERS:
        response = staff.post(f"/facilitator/{changemakers.pk}/flytta/", {"item": item})
        assert response.status_code == 404, item
    changemakers.refresh_from_db()
    assert changemakers.current_item_id == before


def test_odd_digits_in_a_postcard_year_are_a_form_error(changemakers, phone):
    exercise = changemakers.exercises.get(kind="postcard")
    changemakers.open_exercise(exercise)
    for year in ["٢٠٤٥", "２０４５", "2045²", "2_045"]:
        response = phone.post(f"/ovning/{exercise.key}/svar/", {"scenario": "1", "year": year})
        assert response.status_code == 200, year
        assert "Skriv ett årtal med siffror" in response.content.decode()
    assert phone.post(f"/ovning/{exercise.key}/svar/", {"scenario": "1", "year": "2045"})
    assert Participant.objects.get().postcards.get().year == 2045
