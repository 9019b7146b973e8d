"""Editing a day in the browser (test client): validated as the file is, errors at the field in
Swedish, nothing saved half, wording pushed at once, nothing that has answers removed."""

import html as markup
import re

import pytest
from django.urls import reverse

from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Rating
from exercises.kinds.registry import answered_count
from exercises.kinds.tips.models import TipChoice, TipTick
from talks.models import Poll
from tests.answers import answer_the_day
from tests.factories import FacilitatorFactory, ParticipantFactory, QuestionFactory
from workshops.loader import load_workshop, parse_workshop_bytes
from workshops.models import Event, Membership
from workshops.workshop_file import workshop_data, workshop_yaml

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client, changemakers):
    user = FacilitatorFactory(is_superuser=False)
    Membership.objects.create(event=changemakers, user=user, role="owner")
    client.force_login(user)
    return user


def url(name, event, *args):
    return reverse(f"workshops:{name}", args=[event.pk, *args])


def event_values(event, **changes):
    values = {
        "title": event.title,
        "subtitle": event.subtitle,
        "date": event.date.isoformat(),
        "place": event.place,
        "introduction": event.introduction,
        "roles_introduction": event.roles_introduction,
    }
    return values | changes


def field_error(html: str, message: str) -> bool:
    """The message stands inside a field marked as in error."""
    parts = re.split(r'class="field', html)
    return any(message in markup.unescape(part) for part in parts if "field-error" in part[:40])


def test_the_content_page_shows_every_part(client, owner, changemakers):
    html = client.get(url("content", changemakers)).content.decode()
    for text in ("Evenemanget", "Roller", "Program", "Övningar", "Nätverksbyggaren", "Övning 3"):
        assert text in html
    assert html.count("↑ Upp") == changemakers.program.count()


def test_a_wording_fix_is_saved_and_pushed(client, owner, changemakers):
    version = changemakers.live_version
    response = client.post(
        url("edit_event", changemakers), event_values(changemakers, title="Changemakers 2026")
    )
    assert response.status_code == 302
    changemakers.refresh_from_db()
    assert changemakers.title == "Changemakers 2026"
    assert changemakers.live_version == version + 1  # phones and screens were told


def test_an_invalid_change_is_shown_at_its_field_and_saves_nothing(client, owner, changemakers):
    response = client.post(
        url("edit_event", changemakers),
        event_values(changemakers, title="", place="x" * 201),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert field_error(html, "får inte vara tom")
    assert field_error(html, "högst 200 tecken")
    changemakers.refresh_from_db()
    assert changemakers.title == "Changemakers" and changemakers.place == "Göteborg"


def test_roles_are_renamed_and_added_with_the_files_rules(client, owner, changemakers):
    role = changemakers.roles.first()
    client.post(
        url("edit_role", changemakers, role.pk),
        {f"role{role.pk}-name": "Nätverkaren", f"role{role.pk}-description": "Knyter ihop."},
    )
    role.refresh_from_db()
    assert (role.name, role.description) == ("Nätverkaren", "Knyter ihop.")
    response = client.post(
        url("add_role", changemakers),
        {"new-role-key": "tolkaren", "new-role-name": "Tolk", "new-role-description": "Tolkar."},
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "'tolkaren' finns redan")
    response = client.post(
        url("add_role", changemakers),
        {"new-role-key": "Ny Roll", "new-role-name": "Ny", "new-role-description": "Ny."},
    )
    assert field_error(response.content.decode(), "bara a–z, 0–9 och bindestreck")
    client.post(
        url("add_role", changemakers),
        {
            "new-role-key": "visionaren",
            "new-role-name": "Visionären",
            "new-role-description": "Ser.",
        },
    )
    assert changemakers.roles.last().name == "Visionären"


def test_the_program_is_added_to_reordered_and_removed_from(client, owner, changemakers):
    titles = lambda: list(changemakers.program.values_list("title", flat=True))  # noqa: E731
    before = titles()
    response = client.post(
        url("add_item", changemakers),
        {"new-item-kind": "fika", "new-item-title": "Eftermiddagsfika"},
    )
    assert response.status_code == 302
    assert titles() == [*before, "Eftermiddagsfika"]
    item = changemakers.program.last()
    client.post(url("move_item", changemakers, item.pk), {"direction": "up"})
    assert titles() == [*before[:-1], "Eftermiddagsfika", before[-1]]
    client.post(url("move_item", changemakers, item.pk), {"direction": "down"})
    assert titles()[-1] == "Eftermiddagsfika"
    response = client.post(url("remove_item", changemakers, item.pk), follow=True)
    assert "Programpunkten Eftermiddagsfika är borttagen." in response.content.decode()
    assert titles() == before
    response = client.post(
        url("add_item", changemakers), {"new-item-kind": "fika", "new-item-title": ""}
    )
    assert response.status_code == 400 and field_error(
        response.content.decode(), "får inte vara tom"
    )
    assert titles() == before


def confirmation(response) -> tuple[str, str]:
    """The confirmation page's text and the receipt its destructive button sends."""
    assert response.status_code == 200
    html = markup.unescape(response.content.decode())
    return html, re.search(r'name="confirmed" value="([^"]*)"', html)[1]


def test_removing_an_item_with_answers_asks_then_removes_it_and_them(client, owner, changemakers):
    talk = changemakers.program.filter(kind="talk").first()
    for _number in range(12):
        QuestionFactory(event=changemakers, item=talk)
    html, receipt = confirmation(client.post(url("remove_item", changemakers, talk.pk)))
    assert "12 frågor till talaren" in html and "Ta bort punkten och svaren" in html
    assert changemakers.program.filter(pk=talk.pk).exists()  # asked, nothing removed yet
    assert talk.questions.count() == 12
    QuestionFactory(event=changemakers, item=talk)  # one more while the owner reads
    html, receipt = confirmation(
        client.post(url("remove_item", changemakers, talk.pk), {"confirmed": receipt, "asked": 1})
    )
    assert "Fler svar har kommit in" in html and "13 frågor till talaren" in html
    assert talk.questions.count() == 13
    response = client.post(url("remove_item", changemakers, talk.pk), {"confirmed": receipt})
    assert response.status_code == 302
    assert not changemakers.program.filter(pk=talk.pk).exists()
    assert not changemakers.questions.exists()

    closing = changemakers.exercises.get(key="ovning-5").program_item
    reflection = changemakers.exercises.get(key="ovning-5")
    for participant in ParticipantFactory.create_batch(3, event=changemakers):
        Reflection.objects.create(
            participant=participant, prompt=reflection.prompts.first(), text="Jag"
        )
    html, receipt = confirmation(client.get(url("remove_item", changemakers, closing.pk)))
    assert "3 deltagares svar på Övning 5" in html
    client.post(url("remove_item", changemakers, closing.pk), {"confirmed": receipt})
    assert not changemakers.program.filter(pk=closing.pk).exists()
    assert changemakers.exercises.filter(key="ovning-5").exists()  # the exercise stays
    assert not Reflection.objects.filter(prompt__exercise=reflection).exists()


def test_every_kinds_answers_go_with_their_confirmed_item(client, owner, changemakers):
    day = answer_the_day(changemakers)
    assert day.ratings and day.placements and day.tip_ticks and day.postcards and day.reflections
    for item in changemakers.program.filter(exercises__isnull=False).distinct():
        _html, receipt = confirmation(client.get(url("remove_item", changemakers, item.pk)))
        client.post(url("remove_item", changemakers, item.pk), {"confirmed": receipt})
    assert not changemakers.program.filter(exercises__isnull=False).exists()
    for rows in (Rating, Placement, TipChoice, TipTick, Postcard, Reflection):
        assert not rows.objects.exists(), rows
    assert all(answered_count(exercise) == 0 for exercise in changemakers.exercises.all())


def test_the_item_under_way_is_not_removed_even_when_confirmed(client, owner, changemakers):
    talk = changemakers.program.filter(kind="talk").first()
    QuestionFactory(event=changemakers, item=talk)
    html, receipt = confirmation(client.get(url("remove_item", changemakers, talk.pk)))
    changemakers.go_to(talk)
    response = client.post(
        url("remove_item", changemakers, talk.pk), {"confirmed": receipt}, follow=True
    )
    assert "Punkten pågår just nu." in response.content.decode()
    assert changemakers.program.filter(pk=talk.pk).exists() and talk.questions.count() == 1
    assert "Ta bort punkten och svaren" not in markup.unescape(
        client.get(url("remove_item", changemakers, talk.pk)).content.decode()
    )


def test_an_item_speakers_and_notes_are_edited(client, owner, changemakers):
    talk = changemakers.program.filter(kind="talk").first()
    page = client.get(url("edit_item", changemakers, talk.pk)).content.decode()
    assert talk.speakers in page
    values = {
        "kind": "talk",
        "title": talk.title,
        "part": talk.part,
        "part_subtitle": "",
        "speakers": "Eva Hedenfelt, Anna Berg",
        "description": talk.description,
        "notes": "Presentera Anna först.\nFem minuter frågor.",
    }
    assert client.post(url("edit_item", changemakers, talk.pk), values).status_code == 302
    talk.refresh_from_db()
    assert talk.speakers == "Eva Hedenfelt, Anna Berg"
    assert talk.notes.startswith("Presentera Anna först.")
    changemakers.move_to(talk)
    console = client.get(url("console", changemakers)).content.decode()
    assert "Presentera Anna först." in console and "Dina anteckningar" in console
    projector = client.get(url("console_projector_page", changemakers)).content.decode()
    assert "Presentera Anna" not in projector
    assert "Presentera Anna först." in workshop_yaml(changemakers)
    too_many = values | {"speakers": ", ".join(["Förnamn Efternamnsson"] * 16)}
    response = client.post(url("edit_item", changemakers, talk.pk), too_many)
    assert field_error(response.content.decode(), "högst 300 tecken tillsammans")


def test_polls_written_in_advance(client, owner, changemakers):
    talk = changemakers.program.filter(kind="talk").first()
    add = url("add_poll", changemakers, talk.pk)
    response = client.post(
        add, {"poll-question": "Hur känns det?", "poll-kind": "choice", "poll-options": "Bra"}
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "minst 2 svarsalternativ (högst 6)")
    assert not talk.polls.exists()
    client.post(
        add,
        {
            "poll-question": "Hur känns det?",
            "poll-kind": "choice",
            "poll-options": "Bra\n\nSådär\n",
        },
    )
    poll = talk.polls.get()
    assert poll.status == Poll.Status.DRAFT
    assert list(poll.options.values_list("text", flat=True)) == ["Bra", "Sådär"]
    removed = client.post(url("remove_poll", changemakers, talk.pk, poll.pk), follow=True)
    assert "Omröstningen är borttagen." in removed.content.decode()
    client.post(add, {"poll-question": "Hur mycket?", "poll-kind": "scale", "poll-options": ""})
    poll = talk.polls.get()
    poll.status = Poll.Status.OPEN
    poll.save()
    refused = client.post(url("remove_poll", changemakers, talk.pk, poll.pk), follow=True)
    assert "Omröstningen har redan ställts och tas inte bort." in refused.content.decode()


def test_an_exercise_wording_and_notes(client, owner, changemakers):
    exercise = changemakers.exercises.get(key="ovning-1")
    values = {
        "title": "Skatta dina förmågor nu",
        "minutes": "12",
        "instruction": exercise.instruction,
        "notes": "Påminn om skalan.",
    }
    assert client.post(url("edit_exercise", changemakers, exercise.pk), values).status_code == 302
    exercise.refresh_from_db()
    assert (exercise.title, exercise.minutes, exercise.timer_seconds) == (
        "Skatta dina förmågor nu",
        12,
        720,
    )
    assert "Påminn om skalan." in client.get(url("console", changemakers)).content.decode()
    response = client.post(
        url("edit_exercise", changemakers, exercise.pk), values | {"minutes": "0"}
    )
    assert field_error(response.content.decode(), "minst 1")


def test_an_edited_day_still_loads_back_the_same(client, owner, changemakers):
    talk = changemakers.program.filter(kind="talk").first()
    client.post(
        url("add_poll", changemakers, talk.pk), {"poll-question": "Ord?", "poll-kind": "words"}
    )
    client.post(url("add_item", changemakers), {"new-item-kind": "fika", "new-item-title": "Fika"})
    exported = workshop_yaml(changemakers)
    again, _created = load_workshop(parse_workshop_bytes(exported.encode()), slug="igen")
    data, data_again = workshop_data(changemakers), workshop_data(again)
    data_again["event"]["slug"] = data["event"]["slug"]
    assert data_again == data


def test_only_owners_edit(client, changemakers):
    facilitator = FacilitatorFactory(is_superuser=False)
    Membership.objects.create(event=changemakers, user=facilitator, role="facilitator")
    client.force_login(facilitator)
    item = changemakers.program.first()
    assert client.get(url("content", changemakers)).status_code == 403
    for name, args in [
        ("edit_event", []),
        ("add_item", []),
        ("move_item", [item.pk]),
        ("remove_item", [item.pk]),
        ("edit_item", [item.pk]),
        ("add_poll", [item.pk]),
        ("edit_exercise", [changemakers.exercises.first().pk]),
        ("edit_role", [changemakers.roles.first().pk]),
        ("add_role", []),
    ]:
        assert client.post(url(name, changemakers, *args), {"direction": "up"}).status_code == 403
    assert Event.objects.get().program.first() == item


def levels(exercise) -> list[tuple[str, str]]:
    return list(exercise.prompts.filter(group="reflection").values_list("key", "text"))


def test_reflection_levels_are_edited_with_their_kinds_own_form(client, owner, changemakers):
    exercise = changemakers.exercises.get(key="ovning-5")
    before = levels(exercise)
    page = client.get(url("edit_exercise", changemakers, exercise.pk)).content.decode()
    assert "Nivå 1" in page and "Ny nivå" in page
    values = {f"kind-text-{key}": text for key, text in before}
    first = before[0][0]
    edit = url("edit_exercise_kind", changemakers, exercise.pk)
    version = changemakers.live_version
    response = client.post(
        edit, values | {f"kind-text-{first}": "Vad tar du med dig?", "kind-new": "Och sedan?"}
    )
    assert response.status_code == 302
    assert levels(exercise) == [
        (first, "Vad tar du med dig?"),
        *before[1:],
        (f"niva-{len(before) + 1}", "Och sedan?"),
    ]
    changemakers.refresh_from_db()
    assert changemakers.live_version == version + 1
    # An empty level is refused at its field; nothing is saved.
    response = client.post(edit, values | {f"kind-text-{first}": ""})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "får inte vara tom")
    assert levels(exercise)[0] == (first, "Vad tar du med dig?")


def test_a_level_with_answers_is_not_removed(client, owner, changemakers):
    exercise = changemakers.exercises.get(key="ovning-5")
    before = levels(exercise)
    prompt = exercise.prompts.get(group="reflection", key=before[0][0])
    Reflection.objects.create(
        participant=ParticipantFactory(event=changemakers), prompt=prompt, text="Mod"
    )
    values = {f"kind-text-{key}": text for key, text in before}
    edit = url("edit_exercise_kind", changemakers, exercise.pk)
    response = client.post(
        edit,
        values | {f"kind-remove-{before[0][0]}": "on", f"kind-text-{before[1][0]}": "Ny text"},
    )
    assert response.status_code == 400
    assert f"Ändringen raderar 1 svar på ”{before[0][1][:59]}" in response.content.decode()
    assert levels(exercise) == before
    client.post(edit, values | {f"kind-remove-{before[1][0]}": "on"})
    assert levels(exercise) == [before[0], *before[2:]]


def test_every_kind_has_its_own_editor_form(client, owner, changemakers):
    from exercises.kinds.registry import kind_of

    for exercise in changemakers.exercises.all():
        assert kind_of(exercise).editor_form is not None, exercise.kind
        page = client.get(url("edit_exercise", changemakers, exercise.pk)).content.decode()
        assert "ändras än så länge i workshopfilen" not in page
        assert reverse("workshops:edit_exercise_kind", args=[changemakers.pk, exercise.pk]) in page


def test_the_lunch_prompts_are_edited_with_their_kinds_own_form(client, owner, changemakers):
    exercise = changemakers.exercises.get(kind="lunch")
    before = list(exercise.prompts.filter(group="questions").values_list("key", "text"))
    values = {f"kind-text-{key}": text for key, text in before}
    edit = url("edit_exercise_kind", changemakers, exercise.pk)
    response = client.post(
        edit, values | {f"kind-remove-{before[0][0]}": "on", "kind-new": "Vad åt ni?"}
    )
    assert response.status_code == 302
    after = list(exercise.prompts.filter(group="questions").values_list("text", flat=True))
    assert after == [text for _key, text in before[1:]] + ["Vad åt ni?"]
    data = workshop_data(changemakers)
    lunch = next(e for e in data["exercises"] if e["key"] == exercise.key)
    assert lunch["questions"] == after


def rating_values(exercise) -> dict:
    scale = exercise.scale
    values = {
        "kind-scale_min": scale.min,
        "kind-scale_max": scale.max,
        "kind-scale_low": scale.low,
        "kind-scale_high": scale.high,
        "kind-rated_one": "förmåga",
        "kind-rated_many": "förmågor",
    }
    for ability in exercise.abilities.all():
        values[f"kind-name-{ability.pk}"] = ability.name
        values[f"kind-roles-{ability.pk}"] = [role.key for role in ability.roles.all()]
    return values


def test_abilities_and_scale_are_edited_with_the_ratings_own_form(client, owner, changemakers):
    exercise = changemakers.exercises.get(kind="rating")
    abilities = list(exercise.abilities.all())
    first, second = abilities[0], abilities[1]
    edit = url("edit_exercise_kind", changemakers, exercise.pk)
    values = rating_values(exercise) | {
        f"kind-name-{first.pk}": "Jag bygger nätverk",
        f"kind-roles-{first.pk}": ["tolkaren"],
        f"kind-remove-{second.pk}": "on",
        "kind-new_name": "Jag ser helheten",
        "kind-new_roles": ["koordineraren", "natverksbyggaren"],
        "kind-scale_high": "stämmer precis",
    }
    response = client.post(edit, values)
    assert response.status_code == 302, response.content.decode()[-2000:]
    names = list(exercise.abilities.values_list("name", flat=True))
    assert names[0] == "Jag bygger nätverk" and abilities[1].name not in names
    assert names[-1] == "Jag ser helheten" and len(names) == len(abilities)
    data = next(e for e in workshop_data(changemakers)["exercises"] if e["key"] == exercise.key)
    assert data["abilities"][0]["roles"] == ["tolkaren"]
    assert data["abilities"][-1]["roles"] == ["koordineraren", "natverksbyggaren"]
    assert data["scale"]["high"] == "stämmer precis"
    # An ability without roles is refused at its field.
    response = client.post(edit, rating_values(exercise) | {f"kind-roles-{first.pk}": []})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "minst 1 behövs")


def test_ratings_are_not_lost_to_an_edit(client, owner, changemakers):
    from exercises.kinds.rating.models import Rating

    exercise = changemakers.exercises.get(kind="rating")
    first = exercise.abilities.first()
    Rating.objects.create(
        participant=ParticipantFactory(event=changemakers), ability=first, value=5
    )
    edit = url("edit_exercise_kind", changemakers, exercise.pk)
    before = workshop_data(changemakers)
    response = client.post(edit, rating_values(exercise) | {f"kind-remove-{first.pk}": "on"})
    assert f"Ändringen raderar 1 skattning av ”{first.name}”." in response.content.decode()
    response = client.post(edit, rating_values(exercise) | {"kind-scale_max": "4"})
    assert "1 skattningar ligger utanför den nya skalan. Inget är ändrat." in (
        response.content.decode()
    )
    assert workshop_data(changemakers) == before


def test_the_rounds_words_are_edited_with_the_placements_own_form(client, owner, changemakers):
    from exercises.kinds.placement.models import Placement

    exercise = changemakers.exercises.get(kind="placement")
    first = exercise.rounds.first()
    Placement.objects.create(
        participant=ParticipantFactory(event=changemakers),
        round=first,
        role=changemakers.roles.first(),
    )
    page = client.get(url("edit_exercise", changemakers, exercise.pk)).content.decode()
    assert "Runda 1: instruktion" in page
    values = {}
    for placement_round in exercise.rounds.all():
        pk = placement_round.pk
        values |= {
            f"kind-short-{pk}": placement_round.short,
            f"kind-instruction-{pk}": placement_round.instruction,
            f"kind-discussion-{pk}": placement_round.discussion,
            f"kind-questions-{pk}": "\n".join(q.text for q in placement_round.questions()),
        }
    values["kind-corners"] = [role.key for role in changemakers.roles.all()]
    edit = url("edit_exercise_kind", changemakers, exercise.pk)
    changed = {
        f"kind-short-{first.pk}": "där du trivs",
        f"kind-questions-{first.pk}": "Varför?\nHur?",
    }
    assert client.post(edit, values | changed).status_code == 302
    first.refresh_from_db()
    assert first.short == "där du trivs"
    assert [q.text for q in first.questions()] == ["Varför?", "Hur?"]
    assert first.placements.count() == 1  # the placements stay with their round
    response = client.post(edit, values | {f"kind-instruction-{first.pk}": ""})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "får inte vara tom")


def test_the_postcards_words_are_edited_with_its_own_form(client, owner, changemakers):
    exercise = changemakers.exercises.get(kind="postcard")
    page = client.get(url("edit_exercise", changemakers, exercise.pk))
    form = page.context["kind_form"]
    values = {f"kind-{name}": value for name, value in form.initial.items()}
    values |= {f"kind-{name}": field.initial or "" for name, field in form.fields.items()}
    first = exercise.scenarios.first()
    edit = url("edit_exercise_kind", changemakers, exercise.pk)
    changed = {f"kind-name-{first.pk}": "Gröna staden", "kind-vertical_high": "Mycket mod"}
    assert client.post(edit, values | changed).status_code == 302
    first.refresh_from_db()
    assert first.name == "Gröna staden"
    data = next(e for e in workshop_data(changemakers)["exercises"] if e["key"] == exercise.key)
    assert data["axes"]["vertical"]["high"] == "Mycket mod"
    assert [s["number"] for s in data["scenarios"]] == [1, 2, 3, 4]
    response = client.post(edit, values | {f"kind-text-{first.pk}": ""})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "får inte vara tom")


def test_the_tips_words_are_edited_with_its_own_form(client, owner, changemakers):
    exercise = changemakers.exercises.get(kind="tips")
    form = client.get(url("edit_exercise", changemakers, exercise.pk)).context["kind_form"]
    values = {f"kind-{name}": field.initial or "" for name, field in form.fields.items()}
    tip = form.lists[0].tips.first()
    edit = url("edit_exercise_kind", changemakers, exercise.pk)
    changed = {
        f"kind-phrase-{tip.pk}": "en ny fras",
        f"kind-text-{tip.pk}": "Prova en ny fras i dag.",
    }
    assert client.post(edit, values | changed).status_code == 302
    tip.refresh_from_db()
    assert (tip.key_phrase, tip.text) == ("en ny fras", "Prova en ny fras i dag.")
    response = client.post(edit, values | {f"kind-phrase-{tip.pk}": "saknas här"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "key_phrase 'saknas här' står inte i text")
    tip.refresh_from_db()
    assert tip.key_phrase == "en ny fras"
