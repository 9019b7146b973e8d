"""Property-based (hypothesis): arbitrary form fields, ids, tokens and workshop files thrown at
the app give no 500, and nothing invalid is stored. Each example runs in its own transaction."""

import copy
import json
from urllib.parse import quote

import yaml
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from exercises.answers import store_batch
from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Rating
from exercises.kinds.tips.models import TipTick
from exercises.models import TEXT_LIMIT, Exercise
from talks.models import PollAnswer
from tests.factories import FacilitatorFactory
from workshops import ratelimit
from workshops.loader import (
    CHANGEMAKERS_FILE,
    WorkshopFileError,
    load_workshop,
    load_workshop_file,
    parse_workshop_bytes,
)
from workshops.models import Event, Participant

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What an attacker would put in a field: any text, numbers of any size, and the classics.
values = st.one_of(
    st.text(max_size=40),
    st.integers().map(str),
    st.sampled_from(["", "\x00", "-1", "0", "1e3", "²", "١٢", str(10**20), str(2**63), "x" * 5000]),
)
segments = st.one_of(
    st.text(min_size=1, max_size=40),
    st.integers().map(str),
    st.sampled_from(["..", "%", "a" * 300, "\x00", str(10**20)]),
)


def field_names(exercise: Exercise) -> list[str]:
    names = ["action", "lista", "ticking", "tips", "scenario", "round-A", "round-B"]
    names += [*Postcard.FIELDS]
    names += [f"ability-{pk}" for pk in exercise.abilities.values_list("pk", flat=True)]
    names += [f"prompt-{pk}" for pk in exercise.prompts.values_list("pk", flat=True)]
    return names


def assert_stored_answers_are_valid(participant: Participant) -> None:
    for rating in Rating.objects.filter(participant=participant).select_related("ability"):
        assert 1 <= rating.value <= 5
        assert rating.ability.exercise.event_id == participant.event_id
    for placement in Placement.objects.filter(participant=participant).select_related("role"):
        assert placement.role.event_id == participant.event_id
    for tick in TipTick.objects.filter(participant=participant).select_related("tip"):
        assert tick.tip.tip_list.exercise.event_id == participant.event_id
    for reflection in Reflection.objects.filter(participant=participant):
        assert reflection.text.strip() and len(reflection.text) <= TEXT_LIMIT
        assert "\x00" not in reflection.text
    for postcard in Postcard.objects.filter(participant=participant):
        assert postcard.year is None or 1900 <= postcard.year <= 9999
        for name in Postcard.FIELDS[1:]:
            text = getattr(postcard, name)
            assert len(text) <= Postcard._meta.get_field(name).max_length
            assert "\x00" not in text


class FuzzRequests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.event, _ = load_workshop_file(CHANGEMAKERS_FILE)
        for exercise in cls.event.exercises.all():
            exercise.open()
        cls.exercises = list(cls.event.exercises.order_by("order"))
        cls.facilitator = FacilitatorFactory()

    @FUZZ
    @given(data=st.data())
    def test_answer_forms(self, data):
        ratelimit.reset()
        phone = Client(raise_request_exception=False)
        assert phone.post(self.event.join_path(), {"name": ""}).status_code == 302
        participant = Participant.objects.get(event=self.event)
        exercise = data.draw(st.sampled_from(self.exercises))
        names = st.one_of(st.sampled_from(field_names(exercise)), st.text(max_size=20))
        form = data.draw(st.dictionaries(names, st.lists(values, max_size=3), max_size=8))
        htmx = data.draw(st.booleans())
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = phone.post(f"/ovning/{exercise.key}/svar/", form, **headers)
        assert response.status_code < 500, (exercise.kind, form)
        assert_stored_answers_are_valid(participant)
        assert Participant.objects.count() == 1

    @FUZZ
    @given(code=values, name=values, by_url=st.booleans())
    def test_join_form(self, code, name, by_url):
        ratelimit.reset()
        phone = Client(raise_request_exception=False)
        if by_url:
            response = phone.post(f"/delta/{quote(code, safe='')}/", {"name": name})
        else:
            response = phone.post("/", {"code": code, "name": name})
        assert response.status_code < 500
        for participant in Participant.objects.all():
            assert participant.event_id == self.event.pk
            assert len(participant.name) <= 60 and "\x00" not in participant.name

    @FUZZ
    @given(first=segments, second=segments, staff=st.booleans(), post=st.booleans())
    def test_ids_and_tokens_in_addresses(self, first, second, staff, post):
        client = Client(raise_request_exception=False)
        if staff:
            client.force_login(self.facilitator)
        a, b = quote(first, safe=""), quote(second, safe="")
        event = self.event.pk
        for path in [
            f"/projektor/{a}/",
            f"/resultat/{a}/",
            f"/delta/{a}/",
            f"/delta/{a}/qr.svg",
            f"/ovning/{a}/",
            f"/facilitator/{a}/",
            f"/facilitator/{a}/resultat/csv/{b}.csv",
            f"/facilitator/{event}/ovning/{a}/{b}/",
            f"/facilitator/{event}/moderera/{b}/{a}/hide/",
            f"/facilitator/{event}/flytta/?item={a}",
        ]:
            response = client.post(path, {"item": first}) if post else client.get(path)
            assert response.status_code < 500, path
        assert Event.objects.count() == 1


# --- Every form and endpoint, and the socket ---

# Numbers as people and attackers type them: superscripts, full-width and Arabic-Indic digits
# (str.isdigit() is true for them, int() takes some), signs, huge ones; and any text at all.
odd_digits = st.text(
    alphabet=st.sampled_from("0123456789²³¹⁰⁴⁵⁶⁷⁸⁹₀₁₂０１２３٠١٢٣٤۴۵०१২৩๑〇一½ⅫⅧ-+_. "),
    min_size=1,
    max_size=6,
)
unicode_values = st.one_of(
    st.text(max_size=40),
    odd_digits,
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=4),
    st.sampled_from(["", "-1", "0", "1", "3", "²", "¹²", "٣", "３", str(10**20), "x" * 3000]),
)


class FuzzEveryEndpoint(TestCase):
    """Arbitrary Unicode in every field of every form a phone or the console posts, in the query
    strings they read, and in the phone's socket messages: a form error, 400, 404 or 429, never a
    500, and nothing invalid stored."""

    @classmethod
    def setUpTestData(cls):
        from talks import services as talks

        cls.event, _ = load_workshop_file(CHANGEMAKERS_FILE)
        cls.event.go_to(cls.event.program.filter(kind="talk").first())
        cls.facilitator = FacilitatorFactory()
        cls.polls = [
            talks.create_poll(event=cls.event, question="Hur?", kind=kind, options=["A", "B"])
            for kind in ("choice", "scale", "words")
        ]
        cls.exercises = list(cls.event.exercises.order_by("order"))
        for exercise in cls.exercises:
            exercise.open()

    def endpoints(self, question_id: int) -> list[tuple[str, str, list[str]]]:
        event = self.event.pk
        options = [f"option_{number}" for number in range(1, 7)]
        phone = [
            ("post", "/fragor/stall/", ["text", "show_name"]),
            ("post", f"/fragor/{question_id}/tumme/", []),
            *[("post", f"/omrostning/{poll.pk}/svar/", ["answer"]) for poll in self.polls],
            ("get", "/fragor/", ["del"]),
            *[("get", f"/ovning/{exercise.key}/", ["lista"]) for exercise in self.exercises],
            ("post", "/i18n/setlang/", ["language", "next"]),
        ]
        staff = [
            ("post", f"/facilitator/{event}/flytta/", ["item"]),
            ("post", f"/facilitator/{event}/visa/", ["view", "target"]),
            ("post", f"/facilitator/{event}/omrostning/ny/", ["question", "kind", *options]),
            ("post", f"/facilitator/{event}/fragor/godkannande/", ["require"]),
            ("post", f"/facilitator/{event}/resultat/dela/", ["enabled"]),
            ("get", f"/facilitator/{event}/resultat/arbetsbok.xlsx", ["names"]),
            ("post", "/konto/logga-in/", ["username", "password", "code"]),
        ]
        return [("phone", *e) for e in phone] + [("staff", *e) for e in staff]

    @FUZZ
    @given(data=st.data())
    def test_every_form_and_query(self, data):
        ratelimit.reset()
        phone, staff = Client(raise_request_exception=False), Client(raise_request_exception=False)
        assert phone.post(self.event.join_path(), {"name": ""}).status_code == 302
        staff.force_login(self.facilitator)
        participant = Participant.objects.get(event=self.event)
        question = self.event.questions.create(
            item=self.event.current_item, participant=participant, text="Fråga"
        )
        ids = [str(pk) for pk in [question.pk, *(p.pk for p in self.polls)]]
        ids += [str(pk) for pk in self.event.program.values_list("pk", flat=True)[:3]]
        field_values = st.lists(st.one_of(unicode_values, st.sampled_from(ids)), max_size=2)
        for who, method, path, names in self.endpoints(question.pk):
            client = phone if who == "phone" else staff
            form = data.draw(st.fixed_dictionaries({name: field_values for name in names}))
            headers = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans()) else {}
            response = getattr(client, method)(path, form, **headers)
            assert response.status_code < 500, (path, form)
        for answer in PollAnswer.objects.all():
            assert answer.value is None or 1 <= answer.value <= 5
            assert answer.option is None or answer.option.poll_id == answer.poll_id
        assert Participant.objects.count() == 1 and Event.objects.count() == 1

    @FUZZ
    @given(data=st.data())
    def test_socket_messages(self, data):
        """What PhoneConsumer.receive hands on (its batch, as the consumer stores it)."""
        participant = Participant.objects.create(event=self.event, number=1)
        exercise = data.draw(st.sampled_from(self.exercises))
        names = st.one_of(st.sampled_from(field_names(exercise)), st.text(max_size=20))
        json_values = st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | unicode_values,
            lambda children: (
                st.lists(children, max_size=3)
                | st.dictionaries(st.text(max_size=8), children, max_size=3)
            ),
            max_leaves=6,
        )
        fields = st.one_of(
            st.lists(st.tuples(names, st.one_of(unicode_values, json_values)), max_size=6),
            json_values,
        )
        message = st.fixed_dictionaries(
            {
                "answer": st.one_of(st.text(max_size=10), json_values),
                "exercise": st.just(exercise.key),
            },
            optional={"fields": fields, "action": unicode_values},
        )
        texts = st.one_of(
            message.map(json.dumps), json_values.map(json.dumps), st.text(max_size=60)
        )
        batch = [(participant.pk, "sv", data.draw(texts)) for _number in range(3)]
        replies = store_batch(batch)
        assert len(replies) == 3
        for (_pk, _language, text), reply in zip(batch, replies, strict=True):
            if reply is not None:
                assert "ack" in json.loads(reply), text
        assert_stored_answers_are_valid(participant)


def test_a_deeply_nested_socket_message_is_ignored_and_the_batch_stored(changemakers):
    """A few kilobytes of brackets make json.loads recurse too deep: that one message is ignored,
    the others in its batch are stored and acknowledged."""
    participant = Participant.objects.create(event=changemakers, number=1)
    exercise = changemakers.exercises.get(key="ovning-1")
    changemakers.open_exercise(exercise)
    ability = exercise.abilities.order_by("order").first()
    answer = {"answer": "a-1", "exercise": "ovning-1", "fields": [[f"ability-{ability.pk}", "4"]]}
    replies = store_batch(
        [(participant.pk, "sv", "[" * 30_000), (participant.pk, "sv", json.dumps(answer))]
    )
    assert replies[0] is None
    assert json.loads(replies[1])["ack"] == "a-1"
    assert participant.ratings.get().value == 4


# --- Workshop files ---

GOOD = parse_workshop_bytes(CHANGEMAKERS_FILE.read_bytes())


def _places(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _places(value, (*prefix, index))


PLACES = list(_places(GOOD))[1:]
yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.dates().map(str),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)
edits = st.lists(
    st.tuples(st.sampled_from(PLACES), st.sampled_from(["set", "delete", "copy"]), yaml_values),
    min_size=1,
    max_size=3,
)


def _edit(data, place, how, value):
    *parents, last = place
    node = data
    try:
        for key in parents:
            node = node[key]
        if how == "set":
            node[last] = value
        elif how == "delete":
            del node[last]
        elif isinstance(node, list):  # copy: a duplicate key, number or scenario
            node.append(copy.deepcopy(node[last]))
        else:
            node[last] = copy.deepcopy(node[last])
    except (KeyError, IndexError, TypeError):
        pass  # an earlier edit removed or replaced this place


class FuzzWorkshopFiles(TestCase):
    def assert_loaded_or_refused(self, content: bytes) -> None:
        try:
            event, created = load_workshop(parse_workshop_bytes(content))
        except WorkshopFileError as error:
            assert str(error).strip()
            assert Event.objects.count() == 0 and Exercise.objects.count() == 0
        else:
            assert created
            data = yaml.safe_load(content)
            assert event.exercises.count() == len(data["exercises"])
            assert event.roles.count() == len(data["roles"])
            assert event.program.count() == len(data["program"])

    @FUZZ
    @given(edits=edits)
    def test_edited_changemakers_file(self, edits):
        data = copy.deepcopy(GOOD)
        for place, how, value in edits:
            _edit(data, place, how, value)
        content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
        self.assert_loaded_or_refused(content)

    @FUZZ
    @given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
    def test_arbitrary_bytes(self, content):
        self.assert_loaded_or_refused(content)

    @FUZZ
    @given(content=st.binary(max_size=200))
    def test_arbitrary_upload(self, content):
        client = Client(raise_request_exception=False)
        client.force_login(FacilitatorFactory())
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("dag.yaml", content)
        response = client.post("/facilitator/nytt/", {"upload": upload})
        assert response.status_code in (302, 400)
