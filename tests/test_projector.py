"""The projector page: who may open it, and that each view shows the database's numbers."""

import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises import results
from exercises.models import Placement, Rating, Reflection, TipChoice, TipTick
from scenarios.models import Postcard
from workshops.models import add_participant

NAMES = ["Anna", "", "Bo", "Cecilia", "", "David", "Eva", "", "Fredrik", "Gun", "", "Hassan"]


def seed_answers(event, count: int = 12) -> None:
    """Participants who answered every exercise, deterministically."""
    ex = {e.key: e for e in event.exercises.all()}
    abilities = list(ex["ovning-1"].abilities.all())
    rounds = {r.key: r for r in ex["ovning-2"].rounds.all()}
    roles = list(event.roles.all())
    lists = list(ex["ovning-3"].tip_lists.prefetch_related("tips"))
    scenarios = list(ex["ovning-4"].scenarios.all())
    levels = list(ex["ovning-5"].prompts.filter(group="reflection"))
    for index in range(count):
        rng = random.Random(index)
        participant = add_participant(event, NAMES[index % len(NAMES)])
        Rating.objects.bulk_create(
            Rating(participant=participant, ability=a, value=rng.randint(1, 5)) for a in abilities
        )
        for key, placement_round in rounds.items():
            role = roles[index % 4] if key == "A" else roles[(index * 3 + 1) % 4]
            Placement.objects.create(participant=participant, round=placement_round, role=role)
        tip_list = lists[index % len(lists)]
        TipChoice.objects.create(
            participant=participant,
            exercise=ex["ovning-3"],
            tip_list=tip_list,
            handed_in_at=timezone.now(),
        )
        for tip in tip_list.tips.all():
            if rng.random() < 0.5:
                TipTick.objects.create(participant=participant, tip=tip)
        Postcard.objects.create(
            participant=participant,
            exercise=ex["ovning-4"],
            scenario=scenarios[index % 4],
            year=2040 + index,
            writer=rng.choice(["Ett barn", "Kungen", "Jag själv", "Moder jord"]),
            recipient=rng.choice(["KSO:n", "Mig själv", "Statsministern"]),
            greeting=f"Hälsning nummer {index + 1}: håll i, det går att vända!",
        )
        Reflection.objects.create(
            participant=participant,
            prompt=levels[index % 4],
            text=f"Reflektion {index + 1}: jag vill bjuda in fler till samtalet.",
            featured=index < 4,
        )


def projector_html(client, event) -> str:
    response = client.get(reverse("workshops:projector", args=[event.projector_token]))
    assert response.status_code == 200
    return response.content.decode()


def show(event, view, target=""):
    event.projector_view, event.projector_target = view, target
    event.save()


def test_projector_by_token_shows_join_screen(client, changemakers):
    html = projector_html(client, changemakers)
    assert changemakers.join_code in html
    assert f"http://testserver{changemakers.join_path()}" in html
    assert "<svg" in html


def test_projector_wrong_token_is_404(client, changemakers):
    response = client.get(reverse("workshops:projector", args=["not-the-token"]))
    assert response.status_code == 404


def test_projector_for_facilitator_needs_login(client, changemakers):
    url = reverse("workshops:console_projector_page", args=[changemakers.pk])
    assert client.get(url).status_code == 302


def test_projector_for_facilitator_connects_without_token(facilitator_client, changemakers):
    url = reverse("workshops:console_projector_page", args=[changemakers.pk])
    html = facilitator_client.get(url).content.decode()
    assert f'ws-connect="/ws/events/{changemakers.pk}/screen/projector/"' in html
    assert changemakers.projector_token not in html


def test_projector_site_url_goes_into_the_join_url(client, changemakers, settings):
    settings.SITE_URL = "https://workshop.example.org"
    html = projector_html(client, changemakers)
    assert f"https://workshop.example.org{changemakers.join_path()}" in html


def test_projector_join_screen_counts_participants(client, changemakers):
    seed_answers(changemakers, 5)
    html = projector_html(client, changemakers)
    assert '<strong data-counter="joined">5</strong>' in html


def test_projector_step_shows_exercise_and_timer(client, changemakers):
    ovning = changemakers.exercises.get(key="ovning-2")
    changemakers.open_exercise(ovning)
    show(changemakers, "step")
    html = projector_html(client, changemakers)
    assert "Rummet är en fyrfältare" in html
    assert 'data-remaining="1200"' in html and ">20:00<" in html


def test_projector_results_hidden_until_revealed(client, changemakers):
    seed_answers(changemakers, 6)
    show(changemakers, "results", "ovning-1")
    html = projector_html(client, changemakers)
    assert '<strong data-counter="answered">6</strong>' in html
    assert "chart-mix" not in html
    changemakers.exercises.filter(key="ovning-1").update(results_visible=True)
    html = projector_html(client, changemakers)
    assert "chart-mix" in html


def test_projector_role_mix_equals_database(client, changemakers):
    seed_answers(changemakers, 12)
    ovning = changemakers.exercises.get(key="ovning-1")
    ovning.results_visible = True
    ovning.save()
    show(changemakers, "results", "ovning-1")
    html = projector_html(client, changemakers)
    for mix in results.role_mix(ovning):
        mean = f"{mix.mean:.1f}".replace(".", ",")
        assert f'<th scope="row">{mix.role.name}</th><td>{mean}</td>' in html
        counts = re.findall(rf'mix-dot bar-{mix.role.order} [^"]*"[^>]*data-count="(\d+)"', html)
        assert sum(map(int, counts)) == mix.count == 12


def test_projector_room_equals_database(client, changemakers):
    seed_answers(changemakers, 12)
    ovning = changemakers.exercises.get(key="ovning-2")
    ovning.results_visible = True
    ovning.save()
    show(changemakers, "results", "ovning-2")
    html = projector_html(client, changemakers)
    spread = {s.key: dict((r.name, c) for r, c in s.counts) for s in results.room_spread(ovning)}
    for role in changemakers.roles.all():
        a, b = spread["A"][role.name], spread["B"][role.name]
        assert f"<td>Runda A: {a}</td><td>Runda B: {b}</td>" in html
    for source, target, count in results.room_moves(ovning):
        if source != target:
            assert f"{source.name} → {target.name}</th><td>{count}</td>" in html


def test_projector_tips_equal_database(client, changemakers):
    seed_answers(changemakers, 12)
    ovning = changemakers.exercises.get(key="ovning-3")
    ovning.results_visible = True
    ovning.save()
    show(changemakers, "results", "ovning-3")
    html = projector_html(client, changemakers)
    for tally in results.tip_tallies(ovning):
        assert f"{tally.handed_in} inlämnade" in html
        for _label, pairs in tally.categories:
            for tip, times in pairs[:3]:
                assert f'<span class="tip-times">{times}</span> <span class="tip-phrase">' in html
                assert tip.key_phrase in html


def test_projector_postcard_wall_leaves_out_hidden(client, changemakers):
    seed_answers(changemakers, 8)
    hidden = Postcard.objects.first()
    hidden.hidden = True
    hidden.save()
    show(changemakers, "postcards")
    html = projector_html(client, changemakers)
    assert hidden.greeting not in html
    assert html.count('<li class="postcard') == 7


def test_projector_scenarios_map_has_no_postcards(client, changemakers):
    seed_answers(changemakers, 4)
    show(changemakers, "scenarios")
    html = projector_html(client, changemakers)
    assert "Det sitter i väggarna!" in html
    assert '<li class="postcard' not in html


def test_projector_reflection_shows_only_featured(client, changemakers):
    seed_answers(changemakers, 8)
    ovning = changemakers.exercises.get(key="ovning-5")
    ovning.results_visible = True
    ovning.save()
    show(changemakers, "results", "ovning-5")
    html = projector_html(client, changemakers)
    assert html.count('class="featured-quote"') == 4
    assert "Reflektion 1:" in html and "Reflektion 5:" not in html


def test_projector_lunch_shows_prompts(client, changemakers):
    ovning = changemakers.exercises.get(key="lunch")
    ovning.results_visible = True
    ovning.save()
    show(changemakers, "results", "lunch")
    html = projector_html(client, changemakers)
    assert "Vad är kittlande med rollen?" in html


def test_projector_role_description(client, changemakers):
    show(changemakers, "role", "tolkaren")
    html = projector_html(client, changemakers)
    assert "Tolkaren är duktig på" in html


@pytest.mark.parametrize("view", ["results", "role"])
def test_projector_stale_target_shows_title_only(client, changemakers, view):
    show(changemakers, view, "gone")
    html = projector_html(client, changemakers)
    assert "Changemakers" in html
