import copy

import pytest
import yaml
from django.core.management import CommandError, call_command

from exercises.kinds.postcard.models import Scenario
from exercises.kinds.rating.models import Ability
from exercises.kinds.tips.models import Tip
from exercises.models import Exercise, Prompt, Role
from workshops.loader import (
    CHANGEMAKERS_FILE,
    WorkshopFileError,
    load_workshop,
    load_workshop_file,
)
from workshops.models import Event, ProgramItem


@pytest.fixture
def data():
    return yaml.safe_load(CHANGEMAKERS_FILE.read_text(encoding="utf-8"))


def test_changemakers_file_loads_the_whole_day(changemakers):
    assert changemakers.title == "Changemakers"
    assert changemakers.subtitle == "För hållbara städer"
    assert str(changemakers.date) == "2025-11-04"
    assert changemakers.place == "Göteborg"
    assert changemakers.introduction.startswith("Behovet av gränsgångare")
    roles = {role.key: role for role in changemakers.roles.all()}
    assert [r.name for r in roles.values()] == [
        "Nätverksbyggaren",
        "Entreprenören",
        "Koordineraren",
        "Tolkaren",
    ]
    counts = {key: role.abilities.count() for key, role in roles.items()}
    assert counts == {"natverksbyggaren": 7, "entreprenoren": 4, "koordineraren": 5, "tolkaren": 4}
    assert Ability.objects.filter(exercise__event=changemakers).count() == 16


def test_changemakers_abilities_keep_the_seed_table(changemakers):
    social = Ability.objects.get(exercise__event=changemakers, name="Social förmåga")
    assert {r.name for r in social.roles.all()} == {"Nätverksbyggaren", "Koordineraren", "Tolkaren"}
    communication = Ability.objects.get(name="Förmåga till kommunikation och gestaltning")
    assert {r.name for r in communication.roles.all()} == {
        "Nätverksbyggaren",
        "Koordineraren",
        "Entreprenören",
    }


def test_changemakers_exercises_and_durations(changemakers):
    exercises = {e.number: e for e in changemakers.exercises.exclude(number=None)}
    assert sorted(exercises) == [1, 2, 3, 4, 5]
    assert [exercises[n].minutes for n in (1, 2, 3)] == [10, 20, 15]
    assert exercises[1].prompts.filter(text="Vad får du syn på?").exists()
    placement = exercises[2]
    for key in ("A", "B"):
        assert placement.rounds.filter(key=key).exists()
        assert placement.prompts.filter(group=f"round-{key}").count() == 5
    lunch = changemakers.exercises.get(kind="lunch")
    assert lunch.prompts.count() == 4
    levels = exercises[5].prompts.filter(group=Prompt.Group.REFLECTION)
    assert [p.key for p in levels] == ["self", "role", "organisation", "system"]
    postcard_fields = exercises[4].prompts.filter(group=Prompt.Group.POSTCARD)
    assert postcard_fields.count() == 8


def test_changemakers_tip_lists_are_grouped(changemakers):
    tips = Tip.objects.filter(tip_list__exercise__event=changemakers)
    assert tips.count() == 50
    expected = {
        "politiker": (5, 9, 5),
        "chefer": (6, 4, 4),
        "samordnare": (8, 5, 4),
    }
    for key, (processes, structures, culture) in expected.items():
        in_list = tips.filter(tip_list__key=key)
        assert in_list.filter(category="processer").count() == processes
        assert in_list.filter(category="strukturer").count() == structures
        assert in_list.filter(category="organisationskultur").count() == culture
    for tip in tips:
        assert tip.key_phrase in tip.text
        assert "**" not in tip.text
        assert "Kontakt:" not in tip.text and "ChangeMaker Gbg" not in tip.text


def test_changemakers_scenarios_sit_on_the_2x2(changemakers):
    placed = {s.name: (s.vertical, s.horizontal) for s in Scenario.objects.all()}
    assert placed == {
        "Det sitter i väggarna!": ("high", "high"),
        "Alltid redo!": ("low", "high"),
        "Luftslottens tid": ("high", "low"),
        "Eldsjälarnas dilemma": ("low", "low"),
    }


def test_changemakers_program_follows_the_day(changemakers):
    items = list(changemakers.program.all())
    parts = [item.part for item in items if item.part]
    assert parts[0] == "Del 1: Du som changemaker"
    kinds = [item.kind for item in items]
    assert kinds.count(ProgramItem.Kind.LUNCH) == 1
    assert kinds.count(ProgramItem.Kind.FIKA) == 2
    assert kinds[-1] == ProgramItem.Kind.CLOSING
    speakers = " ".join(item.speakers for item in items)
    for name in ("Eva Hedenfelt", "Martin Börjesson", "Nina Jacobsson Stålheim", "Gösta Lindmark"):
        assert name in speakers
    ovning_3 = changemakers.exercises.get(number=3)
    assert ovning_3.program_item.kind == ProgramItem.Kind.WORKSHOP


def test_loading_twice_changes_nothing(changemakers):
    before = (Event.objects.count(), Role.objects.count(), Tip.objects.count())
    call_command("load_workshop", str(CHANGEMAKERS_FILE))
    assert (Event.objects.count(), Role.objects.count(), Tip.objects.count()) == before


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda d: d["event"].pop("title"), "event.title: saknas"),
        (
            lambda d: d["exercises"][0]["abilities"][3]["roles"].append("kungen"),
            "exercises[0].abilities[3].roles[1]: okänd roll 'kungen'",
        ),
        (
            lambda d: d["exercises"][2]["lists"][0]["tips"][1].update(category="annat"),
            "exercises[2].lists[0].tips[1].category: okänd kategori 'annat' (listans categories: processer, strukturer, organisationskultur)",
        ),
        (
            lambda d: d["exercises"][4]["scenarios"][1].update(vertical="high", horizontal="high"),
            "exercises[4].scenarios[1]: två scenarier på samma plats",
        ),
        (lambda d: d["exercises"][0].update(minutes="tio"), "exercises[0].minutes: fel typ"),
        (
            lambda d: d["program"][0].update(exercises=["ovning-9"]),
            "program[0].exercises[0]: okänd övning 'ovning-9'",
        ),
        (
            lambda d: d["exercises"][2]["lists"][1]["tips"][0].update(key_phrase="saknas här"),
            "exercises[2].lists[1].tips[0]: key_phrase 'saknas här' står inte i text",
        ),
        (lambda d: d.update(roles=d["roles"][:1]), "roles: minst 2 behövs"),
        (
            lambda d: d["exercises"][0].update(scale={"min": 3, "max": 3}),
            "exercises[0].scale.max: måste vara större än min (3)",
        ),
        (
            lambda d: d["exercises"][1].update(corners=["tolkaren", "kungen"]),
            "exercises[1].corners[1]: okänd roll 'kungen'",
        ),
        (
            lambda d: d["exercises"][1]["rounds"][1].update(key="A"),
            "exercises[1].rounds[1].key: 'A' finns redan",
        ),
        (
            lambda d: d["exercises"][2]["lists"][0]["categories"].pop(),
            "okänd kategori 'organisationskultur' (listans categories: processer, strukturer)",
        ),
        (
            lambda d: d["exercises"][4]["fields"][1].update(key="age"),
            "exercises[4].fields[1].key: 'age' är inte ett av",
        ),
        (
            lambda d: d["exercises"][4].update(fields=d["exercises"][4]["fields"][1:]),
            "exercises[4].fields: fältet 'scenario' behövs",
        ),
        (
            lambda d: d["exercises"][4]["axes"]["vertical"].pop("low"),
            "exercises[4].axes.vertical.low: saknas",
        ),
    ],
)
def test_malformed_file_is_refused_and_nothing_stays(db, data, break_it, message):
    broken = copy.deepcopy(data)
    break_it(broken)
    with pytest.raises(WorkshopFileError) as error:
        load_workshop(broken)
    assert message in str(error.value)
    assert Event.objects.count() == 0
    assert Role.objects.count() == 0 and Exercise.objects.count() == 0


def test_command_reports_a_bad_file(db, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("event: [unclosed", encoding="utf-8")
    with pytest.raises(CommandError, match="Ogiltig YAML"):
        call_command("load_workshop", str(path))


HALF_DAY_FILE = CHANGEMAKERS_FILE.parent / "halvdag-exempel.yaml"


def test_the_half_day_loads_with_its_own_shape(db):
    event, created = load_workshop_file(HALF_DAY_FILE)
    assert created and event.title == "Samverkan som bär"
    assert [role.name for role in event.roles.all()] == ["Pådrivaren", "Brobyggaren", "Förvaltaren"]
    rating = event.exercises.get(key="ovning-1")
    assert (rating.scale.min, rating.scale.max, rating.scale.high) == (1, 4, "stämmer mycket bra")
    placement = event.exercises.get(key="ovning-2")
    assert [r.key for r in placement.rounds.all()] == ["1"]
    assert placement.next_round() is None
    assert len(placement.corner_roles()) == 3
    tip_lists = event.exercises.get(key="ovning-3").tip_lists.all()
    assert [name for _key, name in tip_lists[1].categories] == ["Mandat", "Tid och resurser"]
    postcard = event.exercises.get(key="ovning-4")
    assert [p.key for p in postcard.prompts_in("postcard")] == [
        "scenario",
        "recipient",
        "greeting",
        "year",
    ]
    reflection = event.exercises.get(key="ovning-5")
    assert [p.key for p in reflection.prompts_in("reflection")] == ["jag", "arbetsplatsen"]
    assert not event.exercises.filter(kind="lunch").exists()
