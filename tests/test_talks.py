"""Talks: questions to the speaker with thumbs-up, and polls made on the spot, as phones,
the console, the projector, the report, the exports and Mitt resultat see them."""

import io
import threading
import time

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from talks.models import Poll, PollAnswer, Question, QuestionVote
from tests.participant_helpers import HTMX, join
from workshops import ratelimit
from workshops.loader import CHANGEMAKERS_FILE, load_workshop, read_workshop_file


@pytest.fixture(autouse=True)
def fresh_limits():
    ratelimit.reset()
    yield
    ratelimit.reset()


@pytest.fixture
def talk(changemakers):
    """The day at Eva Hedenfelt's talk."""
    item = changemakers.program.filter(kind="talk").first()
    changemakers.go_to(item)
    return item


def phone(event, name=""):
    client = Client()
    participant = join(client, event, name)
    return client, participant


def ask(client, text, htmx=False, **fields):
    return client.post(reverse("talks:ask"), {"text": text, **fields}, **(HTMX if htmx else {}))


def test_phone_shows_fraga_talaren_during_a_talk_only(changemakers, talk):
    client, _participant = phone(changemakers)
    page = client.get(reverse("workshops:participant_home")).content.decode()
    assert "Fråga talaren" in page
    workshop = changemakers.program.filter(kind="workshop").first()
    changemakers.go_to(workshop)
    page = client.get(reverse("workshops:participant_home")).content.decode()
    assert "Fråga talaren" not in page


def test_questions_are_anonymous_unless_the_name_is_shown(changemakers, talk):
    anna, _p = phone(changemakers, "Anna")
    bo, _p = phone(changemakers, "Zlatan")
    assert ask(anna, "Hur börjar man?", show_name="on").status_code == 302
    assert ask(bo, "Vad kostar det?").status_code == 302
    viewer, _p = phone(changemakers)
    page = viewer.get(reverse("workshops:participant_home")).content.decode()
    assert "Hur börjar man?" in page and "Anna" in page
    assert "Vad kostar det?" in page and "Zlatan" not in page
    assert "Anonym" in page


def test_one_thumb_per_person_and_it_can_be_withdrawn(changemakers, talk):
    asker, _p = phone(changemakers)
    ask(asker, "Fråga ett")
    question = Question.objects.get()
    voter, participant = phone(changemakers)
    url = reverse("talks:vote", args=[question.pk])
    voter.post(url, **HTMX)
    assert QuestionVote.objects.filter(question=question).count() == 1
    response = voter.post(url, **HTMX)  # the second press withdraws it
    assert QuestionVote.objects.filter(question=question).count() == 0
    assert 'aria-pressed="false"' in response.content.decode()
    voter.post(url, **HTMX)
    other, _p = phone(changemakers)
    other.post(url)
    assert QuestionVote.objects.filter(question=question).count() == 2
    assert QuestionVote.objects.filter(question=question, participant=participant).count() == 1


def test_approval_keeps_a_question_from_others_until_approved(
    changemakers, talk, facilitator_client
):
    facilitator_client.post(reverse("talks:approval", args=[changemakers.pk]), {"require": "1"})
    asker, _p = phone(changemakers)
    response = ask(asker, "Väntar jag?", htmx=True)
    assert "när samtalsledaren har godkänt" in response.content.decode()
    question = Question.objects.get()
    assert question.status == Question.Status.PENDING
    viewer, _p = phone(changemakers)
    assert "Väntar jag?" not in viewer.get(reverse("workshops:participant_home")).content.decode()
    console = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk]))
    assert "Väntar jag?" in console.content.decode()
    facilitator_client.post(
        reverse("talks:question_action", args=[changemakers.pk, question.pk, "approve"])
    )
    assert "Väntar jag?" in viewer.get(reverse("workshops:participant_home")).content.decode()


def test_console_hides_marks_answered_and_projects(changemakers, talk, facilitator_client):
    asker, _p = phone(changemakers)
    for text in ["Första", "Andra", "Tredje"]:
        ask(asker, text)
    first, second, third = Question.objects.order_by("pk")
    voter, _p = phone(changemakers)
    voter.post(reverse("talks:vote", args=[third.pk]))

    def act(question, action):
        url = reverse("talks:question_action", args=[changemakers.pk, question.pk, action])
        return facilitator_client.post(url, **HTMX)

    act(first, "hide")
    act(second, "answered")
    projector = Client().get(changemakers.projector_path())
    changemakers.refresh_from_db()
    facilitator_client.post(reverse("talks:project_questions", args=[changemakers.pk]))
    page = Client().get(changemakers.projector_path()).content.decode()
    assert "Tredje" in page and "Första" not in page
    assert "Andra" not in page  # answered ones leave the projector's list
    assert "1 besvarad" in page
    act(third, "project")
    page = Client().get(changemakers.projector_path()).content.decode()
    assert "question-large" in page and "Tredje" in page
    assert projector.status_code == 200
    phone_page = voter.get(reverse("workshops:participant_home")).content.decode()
    assert "Första" not in phone_page and "Besvarad" in phone_page


def test_a_participant_cannot_flood_the_room(changemakers, talk):
    asker, _p = phone(changemakers)
    for number in range(5):
        assert ask(asker, f"Fråga {number}").status_code == 302
    response = ask(asker, "En för mycket")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Vänta en minut" in page
    assert "En för mycket" in page  # the text is kept in the form
    assert Question.objects.count() == 5
    other, _p = phone(changemakers)
    assert ask(other, "Jag får fråga").status_code == 302


def test_everything_is_escaped(changemakers, talk, facilitator_client):
    asker, _p = phone(changemakers, "<b>Eve</b>")
    ask(asker, "<script>alert(1)</script>", show_name="on")
    page = Client().get(reverse("workshops:participant_home"))
    for response in (
        asker.get(reverse("workshops:participant_home")),
        facilitator_client.get(reverse("workshops:console", args=[changemakers.pk])),
    ):
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert page.status_code == 302


def test_bad_input_gets_a_message_not_an_error(changemakers, talk, facilitator_client):
    asker, _p = phone(changemakers)
    assert ask(asker, "   ").status_code == 400
    assert ask(asker, "x" * 281).status_code == 400
    assert asker.post(reverse("talks:vote", args=[99999])).status_code == 404
    assert asker.post("/fragor/99999999999999999999999/tumme/").status_code in {400, 404}
    poll = make_poll(facilitator_client, changemakers, option_1="A", option_2="B")
    url = reverse("talks:answer_poll", args=[poll.pk])
    assert asker.post(url, {"answer": "9" * 30}).status_code == 400
    assert asker.post(url, {"answer": "x\x00"}).status_code == 400
    poll.delete()
    response = facilitator_client.post(
        reverse("talks:poll_create", args=[changemakers.pk]),
        {"question": "Vilken?", "kind": "choice", "option_1": "Bara en"},
    )
    assert response.status_code == 400
    assert "Skriv minst 2 svarsalternativ" in response.content.decode()
    assert "Vilken?" in response.content.decode()
    assert not Poll.objects.exists()


def make_poll(facilitator_client, event, **fields):
    data = {"question": "Hur känns dagen?", "kind": "choice", **fields}
    response = facilitator_client.post(reverse("talks:poll_create", args=[event.pk]), data)
    assert response.status_code == 302
    return Poll.objects.latest("pk")


def test_a_poll_from_the_console_reaches_phones_collects_reveals_and_exports(
    changemakers, talk, facilitator_client
):
    poll = make_poll(
        facilitator_client, changemakers, option_1="Bra", option_2="Sådär", option_3="Trött"
    )
    assert poll.status == Poll.Status.OPEN and poll.item == talk
    changemakers.refresh_from_db()
    assert changemakers.projector_view == "poll"
    good, sosO = poll.options.all()[:2]
    phones = [phone(changemakers, name) for name in ("Ada", "Bea", "Cid")]
    for (client, _p), option in zip(phones, [good, good, sosO], strict=True):
        page = client.get(reverse("workshops:participant_home")).content.decode()
        assert "Hur känns dagen?" in page
        response = client.post(
            reverse("talks:answer_poll", args=[poll.pk]), {"answer": option.pk}, **HTMX
        )
        assert "Ditt svar: " in response.content.decode()
    # Changing one's mind replaces the answer.
    phones[2][0].post(reverse("talks:answer_poll", args=[poll.pk]), {"answer": good.pk})
    assert PollAnswer.objects.filter(poll=poll).count() == 3
    projector = Client().get(changemakers.projector_path()).content.decode()
    assert "Resultaten visas när samtalsledaren visar dem" in projector
    url = reverse("talks:poll_action", args=[changemakers.pk, poll.pk, "results-show"])
    facilitator_client.post(url)
    projector = Client().get(changemakers.projector_path()).content.decode()
    assert '<th scope="row">Bra</th><td>3</td>' in projector
    facilitator_client.post(reverse("talks:poll_action", args=[changemakers.pk, poll.pk, "close"]))
    refused = phones[0][0].post(reverse("talks:answer_poll", args=[poll.pk]), {"answer": good.pk})
    assert refused.status_code == 409
    report = facilitator_client.get(reverse("workshops:organiser_report", args=[changemakers.pk]))
    assert "Hur känns dagen?" in report.content.decode()
    book = load_workbook(
        io.BytesIO(
            facilitator_client.get(
                reverse("workshops:organiser_workbook", args=[changemakers.pk])
            ).content
        )
    )
    rows = list(book["Omröstningar"].iter_rows(values_only=True))
    assert rows[0][:1] == ("Deltagare",)
    assert sorted(row[-1] for row in rows[1:]) == ["Bra", "Bra", "Bra"]
    assert all(row[1] == talk.title for row in rows[1:])
    summary = phones[0][0].get(reverse("exercises:summary")).content.decode()
    assert "Hur känns dagen?" in summary and "Bra" in summary


def test_scale_and_word_polls(changemakers, talk, facilitator_client):
    scale = make_poll(facilitator_client, changemakers, kind="scale")
    client, _p = phone(changemakers)
    url = reverse("talks:answer_poll", args=[scale.pk])
    assert client.post(url, {"answer": "6"}).status_code == 400
    assert client.post(url, {"answer": "4"}).status_code == 302
    words = make_poll(facilitator_client, changemakers, kind="words", question="Ett ord?")
    url = reverse("talks:answer_poll", args=[words.pk])
    client.post(url, {"answer": "  Mod "})
    other, _p = phone(changemakers)
    other.post(url, {"answer": "mod"})
    facilitator_client.post(
        reverse("talks:poll_action", args=[changemakers.pk, words.pk, "results-show"])
    )
    projector = Client().get(changemakers.projector_path()).content.decode()
    assert 'class="word word-5">Mod<span class="visually-hidden"> (2)' in projector


def test_questions_in_the_report_and_the_workbook(changemakers, talk, facilitator_client):
    asker, _p = phone(changemakers, "Anna")
    ask(asker, "Vem betalar?", show_name="on")
    question = Question.objects.get()
    voter, _p = phone(changemakers)
    voter.post(reverse("talks:vote", args=[question.pk]))
    report = facilitator_client.get(
        reverse("workshops:organiser_report", args=[changemakers.pk])
    ).content.decode()
    assert "Vem betalar?" in report and "1 tumme upp" in report
    assert "Anna" not in report  # the report holds no names
    response = facilitator_client.get(
        reverse("workshops:organiser_workbook", args=[changemakers.pk]), {"namn": "1"}
    )
    sheet = load_workbook(io.BytesIO(response.content))["Frågor till talaren"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    row = dict(zip(header, rows[0], strict=True))
    assert row["Fråga"] == "Vem betalar?" and row["Tummar upp"] == 1
    assert row["Föredrag"] == talk.title
    summary = asker.get(reverse("exercises:summary")).content.decode()
    assert "Vem betalar?" in summary


def test_a_poll_written_in_the_workshop_file(db):
    data = read_workshop_file(CHANGEMAKERS_FILE)
    data["event"]["slug"] = "med-omrostning"
    data["program"][1]["polls"] = [
        {"question": "Känner du dig som en changemaker?", "kind": "scale"},
        {"question": "Vad tar du med dig?", "kind": "choice", "options": ["Mod", "Verktyg"]},
    ]
    event, created = load_workshop(data)
    assert created
    polls = list(event.polls.order_by("pk"))
    assert [p.status for p in polls] == ["draft", "draft"]
    assert polls[0].item.title == data["program"][1]["title"]
    assert [o.text for o in polls[1].options.all()] == ["Mod", "Verktyg"]
    data["event"]["slug"] = "fel"
    data["program"][1]["polls"] = [{"question": "Bara ett?", "options": ["Ett"]}]
    from workshops.loader import WorkshopFileError

    with pytest.raises(WorkshopFileError, match="minst 2 svarsalternativ"):
        load_workshop(data)


def test_in_english(changemakers, talk):
    client, _p = phone(changemakers)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("workshops:participant_home"), HTTP_ACCEPT_LANGUAGE="en").content
    assert "Ask the speaker" in page.decode() and "Send the question" in page.decode()


def test_opening_a_poll_is_a_new_step_for_phones(changemakers, talk, facilitator_client):
    """phone.js skips a pushed step whose data-state it already shows: a poll opening, its
    results shown and its closing each change that state, and the pushed step fetches the
    phone's own panel."""
    from workshops.live.render import render_phone_now

    def state():
        changemakers.refresh_from_db()
        html = render_phone_now(changemakers, "sv")
        return html.split('data-state="')[1].split('"')[0], html

    before, _html = state()
    poll = make_poll(facilitator_client, changemakers, option_1="A", option_2="B")
    opened, html = state()
    assert opened != before and 'hx-get="/fragor/"' in html
    facilitator_client.post(
        reverse("talks:poll_action", args=[changemakers.pk, poll.pk, "results-show"])
    )
    revealed, _html = state()
    facilitator_client.post(reverse("talks:poll_action", args=[changemakers.pk, poll.pk, "close"]))
    closed, _html = state()
    assert revealed not in {before, opened} and closed == before


# --- Throttles count atomically, and a person stays one participant ---


@pytest.fixture
def storage_over_a_network(monkeypatch):
    """The limits' storage answering as Redis does from another machine: a few milliseconds
    per call, so that requests arriving together overlap in it as they do across processes."""
    storage = ratelimit.limiter().shared.storage
    for name in ("get_moving_window", "acquire_entry"):
        call = getattr(storage, name)

        def slow(*args, _call=call, **kwargs):
            time.sleep(0.02)
            return _call(*args, **kwargs)

        monkeypatch.setattr(storage, name, slow)


@pytest.mark.django_db(transaction=True)
def test_questions_sent_at_once_are_limited_as_one_by_one(
    changemakers, talk, storage_over_a_network
):
    phone = Client()
    join(phone, changemakers)
    session = phone.cookies["sessionid"].value
    together = threading.Barrier(20)
    statuses = []

    def ask(number: int):
        client = Client()
        client.cookies["sessionid"] = session
        together.wait()
        response = client.post(reverse("talks:ask"), {"text": f"Fråga {number}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=ask, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] * 5 + [429] * 15
    assert Question.objects.count() == 5


def test_joining_again_on_the_same_phone_is_the_same_participant(changemakers, talk):
    asker = Client()
    join(asker, changemakers)
    asker.post(reverse("talks:ask"), {"text": "Vad händer sen?"})
    question = Question.objects.get()

    phone = Client()
    participant = join(phone, changemakers, "Kim")
    assert phone.post(reverse("talks:vote", args=[question.pk])).status_code == 302
    # The session is lost (cookie cleared, expired, another event joined in between)…
    del phone.cookies["sessionid"]
    assert "Vad händer sen?" not in phone.get("/nu/", follow=True).content.decode()
    # …and the phone joins again with the code: the same participant, thumb already given.
    assert join(phone, changemakers) == participant
    page = phone.get(reverse("workshops:participant_home")).content.decode()
    assert 'aria-pressed="true"' in page
    assert QuestionVote.objects.filter(question=question).count() == 1
    assert changemakers.participants.count() == 2

    # Through the typed code on the start page as well, and its limits stay its own.
    del phone.cookies["sessionid"]
    phone.post("/", {"code": changemakers.join_code, "name": ""})
    assert phone.session["participant_id"] == participant.pk
    for number in range(5):
        assert phone.post(reverse("talks:ask"), {"text": f"Fråga {number}"}).status_code == 302
    del phone.cookies["sessionid"]
    join(phone, changemakers)
    assert phone.post(reverse("talks:ask"), {"text": "En till"}).status_code == 429


def test_a_forged_device_cookie_is_a_new_participant(changemakers, talk):
    first = Client()
    participant = join(first, changemakers)
    stranger = Client()
    stranger.cookies["deltagare"] = f"{changemakers.pk}:{participant.pk}"
    assert join(stranger, changemakers) != participant
