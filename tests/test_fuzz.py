"""Property-based (hypothesis): arbitrary form fields, ids, tokens and workshop files thrown at
the app give no 500, and nothing invalid is stored. Each example runs in its own transaction."""

import copy
from urllib.parse import quote

import yaml
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from exercises.models import TEXT_LIMIT, Exercise, Placement, Rating, Reflection, TipTick
from scenarios.models import Postcard
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


class FuzzRequests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.event, _ = load_workshop_file(CHANGEMAKERS_FILE)
        for exercise in cls.event.exercises.all():
            exercise.open()
        cls.exercises = list(cls.event.exercises.order_by("order"))
        cls.facilitator = FacilitatorFactory()

    def field_names(self, exercise: Exercise) -> list[str]:
        names = ["action", "lista", "ticking", "tips", "scenario", "round-A", "round-B"]
        names += [*Postcard.FIELDS]
        names += [f"ability-{pk}" for pk in exercise.abilities.values_list("pk", flat=True)]
        names += [f"prompt-{pk}" for pk in exercise.prompts.values_list("pk", flat=True)]
        return names

    def assert_stored_answers_are_valid(self, participant: Participant) -> None:
        for rating in Rating.objects.filter(participant=participant).select_related("ability"):
            assert 1 <= rating.value <= 5
            assert rating.ability.exercise.event_id == self.event.pk
        for placement in Placement.objects.filter(participant=participant).select_related("role"):
            assert placement.role.event_id == self.event.pk
        for tick in TipTick.objects.filter(participant=participant).select_related("tip"):
            assert tick.tip.tip_list.exercise.event_id == self.event.pk
        for reflection in Reflection.objects.filter(participant=participant):
            assert reflection.text.strip() and len(reflection.text) <= TEXT_LIMIT
            assert "\x00" not in reflection.text
        for postcard in Postcard.objects.filter(participant=participant):
            assert postcard.year is None or 1900 <= postcard.year <= 9999
            for name in Postcard.FIELDS[1:]:
                text = getattr(postcard, name)
                assert len(text) <= Postcard._meta.get_field(name).max_length
                assert "\x00" not in text

    @FUZZ
    @given(data=st.data())
    def test_answer_forms(self, data):
        ratelimit.reset()
        phone = Client(raise_request_exception=False)
        assert phone.post(self.event.join_path(), {"name": ""}).status_code == 302
        participant = Participant.objects.get(event=self.event)
        exercise = data.draw(st.sampled_from(self.exercises))
        names = st.one_of(st.sampled_from(self.field_names(exercise)), st.text(max_size=20))
        form = data.draw(st.dictionaries(names, st.lists(values, max_size=3), max_size=8))
        htmx = data.draw(st.booleans())
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = phone.post(f"/ovning/{exercise.key}/svar/", form, **headers)
        assert response.status_code < 500, (exercise.kind, form)
        self.assert_stored_answers_are_valid(participant)
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
