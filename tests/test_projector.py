"""The projector page: who may open it, and that each view shows the database's numbers."""

import random
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from exercises import charts
from exercises.kinds.placement.charts import room_chart
from exercises.kinds.placement.kind import room_moves, room_spread
from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.kind import WALL_CARDS
from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.kind import role_mix
from exercises.kinds.rating.models import Rating
from exercises.kinds.tips.kind import tip_tallies
from exercises.kinds.tips.models import TipChoice, TipTick
from tests.participant_helpers import join
from workshops import network
from workshops.models import add_participant
from workshops.presenters import qr_svg

NAMES = ["Anna", "", "Bo", "Cecilia", "", "David", "Eva", "", "Fredrik", "Gun", "", "Hassan"]


def seed_answers(event, count: int = 12) -> None:
    """Participants who answered every exercise, deterministically."""
    ex = {e.key: e for e in event.exercises.all()}
    ex["ovning-2"].open_next_round()
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
    assert f"http://testserver{changemakers.join_path()}" in html.replace("<wbr>", "")
    assert "<svg" in html


def test_projector_wrong_token_is_404(client, changemakers):
    response = client.get(reverse("workshops:projector", args=["not-the-token"]))
    assert response.status_code == 404


def test_projector_for_facilitator_needs_login(client, changemakers):
    """Copied to the projector's computer, the console's link asks for a login: the page says
    where the address that needs none is."""
    url = reverse("workshops:console_projector_page", args=[changemakers.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[0][1] == 302
    html = response.content.decode()
    assert "Logga in som facilitator" in html
    assert "Öppna då projektorns egen adress" in html
    console = reverse("workshops:console", args=[changemakers.pk])
    assert (
        "Öppna då projektorns egen adress" not in client.get(console, follow=True).content.decode()
    )


def test_projector_for_facilitator_connects_without_token(facilitator_client, changemakers):
    url = reverse("workshops:console_projector_page", args=[changemakers.pk])
    html = facilitator_client.get(url).content.decode()
    assert f'ws-connect="/ws/events/{changemakers.pk}/screen/projector/"' in html
    assert changemakers.projector_token not in html


def test_projector_site_url_goes_into_the_join_url(client, changemakers, settings):
    settings.SITE_URL = "https://workshop.example.org"
    html = projector_html(client, changemakers)
    assert f"https://workshop.example.org{changemakers.join_path()}" in html.replace("<wbr>", "")


def test_projector_join_url_wraps_after_slashes_only(client, changemakers, settings):
    settings.SITE_URL = "https://workshop.changemakers-goteborg.example.org"
    html = projector_html(client, changemakers)
    shown = re.search(r'<p class="join-url[^"]*">(.*?)</p>', html).group(1)
    assert shown.split("<wbr>") == [
        "https://workshop.changemakers-goteborg.example.org/",
        "delta/",
        f"{changemakers.join_code}/",
        "",
    ]
    css = (settings.BASE_DIR / "static/css/screens.css").read_text()
    assert "break-all" not in css[css.index(".join-url") :].split("}")[0]


@pytest.fixture
def lan(monkeypatch):
    """The laptop's LAN address, whatever machine runs the tests."""
    monkeypatch.setattr(network, "_cache", {})
    monkeypatch.setattr(network, "lan_address", lambda: "192.168.1.23")


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000"])
def test_projector_opened_on_loopback_shows_lan_join_url(client, changemakers, lan, host):
    response = client.get(changemakers.projector_path(), HTTP_HOST=host)
    html = response.content.decode()
    url = f"http://192.168.1.23:8000{changemakers.join_path()}"
    assert url in html.replace("<wbr>", "")
    assert "localhost" not in html and "127.0.0.1" not in html
    assert qr_svg(url) in html


def test_projector_opened_on_lan_address_keeps_it(client, changemakers, lan):
    response = client.get(changemakers.projector_path(), HTTP_HOST="10.0.0.5:8811")
    assert f"http://10.0.0.5:8811{changemakers.join_path()}" in response.content.decode().replace(
        "<wbr>", ""
    )


def test_projector_on_loopback_without_network_keeps_loopback(client, changemakers, monkeypatch):
    monkeypatch.setattr(network, "_cache", {})
    monkeypatch.setattr(network, "lan_address", lambda: "localhost")
    response = client.get(changemakers.projector_path(), HTTP_HOST="localhost:8000")
    assert f"http://localhost:8000{changemakers.join_path()}" in response.content.decode().replace(
        "<wbr>", ""
    )


def test_projector_site_url_wins_over_lan_address(client, changemakers, lan, settings):
    settings.SITE_URL = "https://workshop.example.org"
    response = client.get(changemakers.projector_path(), HTTP_HOST="localhost:8000")
    assert (
        f"https://workshop.example.org{changemakers.join_path()}"
        in response.content.decode().replace("<wbr>", "")
    )


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
    assert "inte startad" in html and "pausad" not in html


def test_projector_and_phone_say_when_the_timer_stands_still(client, changemakers):
    """A paused clock must not look like a running one: it says "pausad"; a running one
    carries its deadline and no such word."""
    ovning = changemakers.exercises.get(key="ovning-2")
    changemakers.open_exercise(ovning)
    show(changemakers, "step")
    ovning.start_timer(now=timezone.now() - timedelta(seconds=90))
    running = projector_html(client, changemakers)
    assert "data-deadline=" in running
    assert "pausad" not in running and "inte startad" not in running
    ovning.pause_timer()
    paused = projector_html(client, changemakers)
    assert 'data-remaining="1110"' in paused and "pausad</span>" in paused
    join(client, changemakers)
    phone = client.get(reverse("workshops:participant_home")).content.decode()
    assert "pausad</span>" in phone


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
    for mix in role_mix(ovning):
        mean, low, high = (floatformat(value, 1) for value in (mix.mean, mix.lowest, mix.highest))
        row = f'<th scope="row">{mix.role.name}</th><td>{mean}</td><td>{low}</td><td>{high}</td>'
        assert row in html
        counts = re.findall(rf'mix-dot bar-{mix.role.order} [^"]*"[^>]*data-count="(\d+)"', html)
        assert sum(map(int, counts)) == mix.count == 12


def test_projector_room_equals_database(client, changemakers):
    seed_answers(changemakers, 12)
    ovning = changemakers.exercises.get(key="ovning-2")
    ovning.results_visible = True
    ovning.save()
    show(changemakers, "results", "ovning-2")
    html = projector_html(client, changemakers)
    spread = {s.key: dict((r.name, c) for r, c in s.counts) for s in room_spread(ovning)}
    for role in changemakers.roles.all():
        # One round at a time: the last one opened.
        assert f"<td>mest utmanande: {spread['B'][role.name]}</td>" in html
        assert "<td>trivs bäst:" not in html
    for source, target, count in room_moves(ovning):
        if source != target:
            assert f"{source.name} → {target.name}</th><td>{count}</td>" in html


def tips_projector(client, event, target="ovning-3") -> str:
    event.exercises.filter(key="ovning-3").update(results_visible=True)
    show(event, "results", target)
    return projector_html(client, event)


def ranked_items(html: str) -> list[tuple[int, str, str]]:
    """(times, category, text) of each ranked tip on the screen, tags stripped."""
    items = re.findall(
        r'<span class="tip-times">(\d+)</span> <span class="tip-body">'
        r'<span class="tip-category">(.*?)</span> <span class="tip-text">(.*?)</span></span>',
        html,
    )
    return [(int(t), c, re.sub(r"<.*?>", "", text)) for t, c, text in items]


def test_projector_tips_show_top_five_per_list_in_context(client, changemakers):
    seed_answers(changemakers, 12)
    html = tips_projector(client, changemakers)
    ovning = changemakers.exercises.get(key="ovning-3")
    assert (
        "Vad skulle kunna göras redan i dag i er organisation för att stärka omställningsförmågan?"
        in html
    )
    shown = ranked_items(html)
    expected = []
    for tally in tip_tallies(ovning):
        assert f"{tally.handed_in} inlämnade" in html
        ticked = [(tip, times) for tip, times in tally.ranked if times]
        expected += ticked[:5]
        if len(ticked) > 5:
            assert f"{len(ticked) - 5} tips till, se sammanställningen" in html
    assert [(times, tip.category_name) for tip, times in expected] == [
        (times, category) for times, category, _text in shown
    ]
    for (tip, _times), (_t, _c, text) in zip(expected, shown, strict=True):
        assert tip.key_phrase in text and len(text) > len(tip.key_phrase) + 20


def test_projector_tips_with_same_key_phrase_can_be_told_apart(client, changemakers):
    seed_answers(changemakers, 12)
    chefer = changemakers.exercises.get(key="ovning-3").tip_lists.get(key="chefer")
    same = list(chefer.tips.filter(key_phrase="organisationskultur"))
    assert len(same) == 2
    for participant in changemakers.participants.all():
        for tip in same:
            TipTick.objects.get_or_create(participant=participant, tip=tip)
    texts = [
        text
        for _t, _c, text in ranked_items(tips_projector(client, changemakers, "ovning-3:chefer"))
    ]
    culture = [text for text in texts if "organisationskultur" in text]
    assert len(culture) == 2 and culture[0] != culture[1]


def test_projector_tips_one_list_chosen(client, changemakers):
    seed_answers(changemakers, 12)
    html = tips_projector(client, changemakers, "ovning-3:chefer")
    assert "Tips till chefer" in html
    assert "Tips till politiker" not in html and "Tips till samordnare" not in html
    assert len(ranked_items(html)) == 8


def test_projector_tips_only_lists_with_answers(client, changemakers):
    seed_answers(changemakers, 12)
    TipChoice.objects.filter(tip_list__key="samordnare").update(handed_in_at=None)
    html = tips_projector(client, changemakers)
    assert "Tips till politiker" in html and "Tips till chefer" in html
    assert "Tips till samordnare" not in html


def test_projector_postcard_wall_leaves_out_hidden(client, changemakers):
    seed_answers(changemakers, 8)
    hidden = Postcard.objects.first()
    hidden.hidden = True
    hidden.save()
    show(changemakers, "postcards")
    html = projector_html(client, changemakers)
    assert hidden.greeting not in html
    assert html.count('<li class="postcard') == 7


LONG_GREETING = "Kära du i nutiden! " + "Vi klarade det för att ni vågade börja i tid. " * 12


def seed_wall(event, count: int = 13) -> list[Postcard]:
    """`count` postcards in scenario 2 (Alltid redo!), some anonymous, one very long."""
    exercise = event.exercises.get(key="ovning-4")
    scenario = exercise.scenarios.get(number=2)
    cards = []
    for index in range(count):
        participant = add_participant(event, "")
        cards.append(
            Postcard.objects.create(
                participant=participant,
                exercise=exercise,
                scenario=scenario,
                year=2045 if index % 3 else None,
                writer="" if index % 2 else "Ett barn",
                recipient="" if index % 4 == 1 else "KSO:n",
                greeting=LONG_GREETING if index == 5 else f"Vykort {index + 1}: vi lyckades!",
            )
        )
    return cards


def test_projector_postcard_wall_counts_every_visible_postcard_and_shows_the_newest(
    client, changemakers
):
    """The wall's frame does not grow with the room: each quadrant counts its postcards and
    carries the newest few (featured first), issue 19."""
    cards = seed_wall(changemakers)
    cards[0].hidden = True
    cards[0].save()
    show(changemakers, "postcards")
    html = projector_html(client, changemakers)
    assert "12 vykort" in html
    assert html.count('<li class="postcard') == WALL_CARDS == 6
    for card in cards[-6:]:
        assert card.greeting[:250] in html
    assert "Vykort 1:" not in html


def test_projector_postcard_wall_names_only_what_was_given(client, changemakers):
    seed_wall(changemakers, 4)
    show(changemakers, "postcards")
    html = projector_html(client, changemakers)
    froms = [
        re.sub(r"<.*?>|\s+", " ", line).split()
        for line in re.findall(r'<p class="postcard-from">(.*?)</p>', html, re.S)
    ]
    # Newest first: cards 4, 3, 2, 1. Card 2 has only a year; no card shows a dash or arrow.
    assert froms == [
        ["Till", "KSO:n"],
        ["2045", "Från", "Ett", "barn", "till", "KSO:n"],
        ["2045"],
        ["Från", "Ett", "barn", "till", "KSO:n"],
    ]
    wall = html.split('class="postcards"')[1].split("</section>")[0]
    assert "→" not in wall and "–" not in wall


def test_projector_postcard_wall_featured_first_then_newest(client, changemakers):
    cards = seed_wall(changemakers, 5)
    cards[2].featured = True
    cards[2].save()
    show(changemakers, "postcards")
    html = projector_html(client, changemakers)
    order = [int(n) for n in re.findall(r"Vykort (\d+): vi lyckades!", html)]
    assert order == [3, 5, 4, 2, 1]


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


def test_projector_reflection_level_without_featured_shows_prompt_and_count(client, changemakers):
    seed_answers(changemakers, 8)
    ovning = changemakers.exercises.get(key="ovning-5")
    ovning.results_visible = True
    ovning.save()
    Reflection.objects.filter(prompt__key="role").update(featured=False)
    Reflection.objects.filter(prompt__key="system").update(featured=False)
    Reflection.objects.filter(prompt__key="system").first().delete()
    show(changemakers, "results", "ovning-5")
    html = projector_html(client, changemakers)
    sections = re.findall(r'<section class="level[^"]*">(.*?)</section>', html, re.S)
    shown = {re.search(r"<h2>(.*?)</h2>", s).group(1): s for s in sections}
    assert list(shown) == ["Hos dig själv?", "I din roll?", "I din organisation?", "I systemet?"]
    assert '<p class="level-count">2 svar</p>' in shown["I din roll?"]
    assert '<p class="level-count">1 svar</p>' in shown["I systemet?"]
    assert "featured-quote" not in shown["I din roll?"]
    assert "featured-quote" in shown["Hos dig själv?"]


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


@pytest.mark.parametrize(
    ("value", "shown"), [(2.65, "2,7"), (2.75, "2,8"), (3.0, "3,0"), (3.2857, "3,3"), (1.75, "1,8")]
)
def test_projector_means_round_half_up_with_one_decimal(value, shown):
    assert charts.one_decimal(value) == shown == floatformat(value, 1)


def test_projector_role_mix_table_has_one_precision(client, changemakers):
    seed_answers(changemakers, 7)
    changemakers.exercises.filter(key="ovning-1").update(results_visible=True)
    show(changemakers, "results", "ovning-1")
    html = projector_html(client, changemakers)
    table = html[html.index("<caption>") : html.index("</table>")]
    cells = re.findall(r"<td>(\d+,\d+)</td>", table)
    assert len(cells) == 12
    assert all(len(cell.split(",")[1]) == 1 for cell in cells), cells


class FakeRole:
    def __init__(self, pk: int, name: str):
        self.pk, self.name = pk, name

    def __str__(self) -> str:
        return self.name


def boxes_overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def segment_hits(move, box) -> bool:
    """Whether the arrow (with its stroke and arrowhead) passes through box (x0, y0, x1, y1)."""
    pad = move.stroke / 2 + 4
    steps = 200
    for step in range(steps + 1):
        x = move.x1 + (move.x2 - move.x1) * step / steps
        y = move.y1 + (move.y2 - move.y1) * step / steps
        if boxes_overlap((x - pad, y - pad, x + pad, y + pad), box):
            return True
    return False


def text_box(x, y, anchor, width, ascent, descent=8):
    left = x if anchor == "start" else x - width
    return (left, y - ascent, left + width, y + descent)


def test_room_chart_arrows_and_counts_clear_of_the_texts():
    names = ["Nätverksbyggaren", "Entreprenören", "Koordineraren", "Tolkaren"]
    roles = [FakeRole(pk, name) for pk, name in enumerate(names, 1)]
    spread = [
        SimpleNamespace(key=key, label=key, counts=[(role, 12) for role in roles])
        for key in ("A", "B")
    ]
    moves = [(a, b, 1 + (a.pk * 3 + b.pk) % 12) for a in roles for b in roles]
    chart = room_chart(spread, roles, moves)
    texts = []
    for c in chart.corners:
        x = c.x + c.text_x
        title_y = c.label_line_ys[0][1]
        texts.append(text_box(x, c.y + title_y, c.text_anchor, len(c.label) * 0.62 * 40, 32))
        counts_width = 2 * (0.65 * 34 + 0.3 * 34 + 2 * 0.62 * 72) + 36
        texts.append(text_box(x, c.y + c.counts_y, c.text_anchor, counts_width, 56))
        texts.append(text_box(x, c.y + c.stayed_y, c.text_anchor, 12 * 0.6 * 28, 22))
    assert len(chart.moves) == 12
    for move in chart.moves:
        for box in texts:
            assert not segment_hits(move, box), (move.source, move.target, box)
        label = (move.label_x - 22, move.label_y - 36, move.label_x + 22, move.label_y + 4)
        # Clear of its own arrow and of the one going back.
        for other in chart.moves:
            if {other.source, other.target} == {move.source, move.target}:
                assert not segment_hits(other, label), (move.source, move.target)


@pytest.mark.parametrize("seed", range(40))
def test_room_chart_count_labels_never_touch_each_other(seed):
    """Any set of moves: no two counts close enough to read as one number ("2" "1" → "21")."""
    names = ["Nätverksbyggaren", "Entreprenören", "Koordineraren", "Tolkaren"]
    roles = [FakeRole(pk, name) for pk, name in enumerate(names, 1)]
    spread = [
        SimpleNamespace(key=key, label=key, counts=[(role, 12) for role in roles])
        for key in ("A", "B")
    ]
    rng = random.Random(seed)
    moves = [(a, b, rng.randint(1, 12)) for a in roles for b in roles if rng.random() < 0.6]
    chart = room_chart(spread, roles, sorted(moves, key=lambda m: -m[2]))
    labels = [(m.label_x, m.label_y) for m in chart.moves]
    for index, (x, y) in enumerate(labels):
        for other_x, other_y in labels[index + 1 :]:
            assert abs(x - other_x) >= 70 or abs(y - other_y) >= 56, (seed, labels)


def test_room_chart_arrows_into_a_corner_end_before_arrows_out_of_it_start():
    names = ["Nätverksbyggaren", "Entreprenören", "Koordineraren", "Tolkaren"]
    roles = [FakeRole(pk, name) for pk, name in enumerate(names, 1)]
    spread = [
        SimpleNamespace(key=key, label=key, counts=[(role, 3) for role in roles])
        for key in ("A", "B")
    ]
    n, e, _k, t = roles
    chart = room_chart(spread, roles, [(t, n, 2), (n, e, 1)])
    into_n = next(m for m in chart.moves if m.target == "Nätverksbyggaren")
    out_of_n = next(m for m in chart.moves if m.source == "Nätverksbyggaren")
    gap = ((into_n.x2 - out_of_n.x1) ** 2 + (into_n.y2 - out_of_n.y1) ** 2) ** 0.5
    assert gap > 60, gap
