"""The day in Chromium: a facilitator drives it from the console, three phones answer Övning 1
to 5 through their pages, and the projector shows the group's numbers, live, without a reload.
Every number read on the projector is checked against what the phones submitted and against
the database."""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Rating
from exercises.kinds.tips.models import TipChoice, TipTick
from tests.browser_helpers import (
    answer_prompts,
    hand_in_tips,
    join_phone,
    log_in,
    place,
    rate,
    write_postcard,
)
from workshops.models import Participant

# Övning 1: each phone's 16 ratings, in the handout's order.
RATINGS = [
    [2, 2, 2, 2, 2, 2, 2, 5, 5, 5, 2, 2, 2, 2, 2, 2],  # an entrepreneur
    [4, 4, 4, 4, 4, 4, 4, 1, 1, 1, 3, 3, 3, 1, 1, 1],  # a network builder
    [3, 1, 1, 1, 3, 1, 1, 2, 2, 2, 3, 3, 3, 5, 5, 4],  # an interpreter
]
# Övning 2: (round A, round B) per phone: two move the same way, one stays.
CORNERS = [
    ("natverksbyggaren", "entreprenoren"),
    ("natverksbyggaren", "entreprenoren"),
    ("tolkaren", "tolkaren"),
]
# Övning 3: the list and the tips ticked, per phone.
TIPS = [
    (
        "politiker",
        ["kartläggning av nämndernas alla styrmedel", "instruktion till kommundirektören"],
    ),
    ("politiker", ["kartläggning av nämndernas alla styrmedel", "medborgarna"]),
    ("chefer", ["Samla strategerna i en egen enhet"]),
]
# Övning 4: scenario number and greeting per phone.
POSTCARDS = [(2, "Håll i, det lönar sig!"), (2, "Vi klarade det tillsammans."), (4, "Se upp!")]
LEVELS = ["Hos dig själv?", "I din roll?", "I din organisation?", "I systemet?"]


def decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def role_means(event) -> dict[str, str]:
    """Each role's mean over the participants' role scores (a role score: the mean of that
    participant's ratings of the role's abilities), as the projector prints it."""
    means = {}
    for role in event.roles.prefetch_related("abilities"):
        abilities = [ability.pk for ability in role.abilities.all()]
        scores = []
        for participant in event.participants.all():
            values = list(
                Rating.objects.filter(participant=participant, ability__in=abilities).values_list(
                    "value", flat=True
                )
            )
            if values:
                scores.append(round(sum(values) / len(values), 2))
        means[role.name] = decimal(round(sum(scores) / len(scores), 2))
    return means


def expected_role_means(event) -> dict[str, str]:
    """The same from the phones' inputs alone."""
    abilities = list(event.exercises.get(key="ovning-1").abilities.prefetch_related("roles"))
    means = {}
    for role in event.roles.all():
        scores = []
        for values in RATINGS:
            own = [v for a, v in zip(abilities, values, strict=True) if role in a.roles.all()]
            scores.append(round(sum(own) / len(own), 2))
        means[role.name] = decimal(round(sum(scores) / len(scores), 2))
    return means


def room_counts(event) -> dict[tuple[str, str], int]:
    """(round, role name) → how many stood there, from the database."""
    counts = Counter(
        Placement.objects.filter(participant__event=event).values_list("round__key", "role__name")
    )
    return {
        (key, role.name): counts[(key, role.name)] for key in "AB" for role in event.roles.all()
    }


def room_moves(event) -> Counter:
    rounds: dict[int, dict[str, str]] = {}
    for participant, key, role in Placement.objects.filter(participant__event=event).values_list(
        "participant_id", "round__key", "role__name"
    ):
        rounds.setdefault(participant, {})[key] = role
    return Counter((r["A"], r["B"]) for r in rounds.values() if len(r) == 2)


def tip_times(event, phrase: str) -> int:
    handed_in = TipChoice.objects.filter(exercise__event=event, handed_in_at__isnull=False).values(
        "participant"
    )
    return TipTick.objects.filter(
        tip__key_phrase=phrase, tip__tip_list__exercise__event=event, participant__in=handed_in
    ).count()


def console_action(console, action: str, label: str) -> None:
    console.get_by_role("button", name=f"{action} – {label}").click()


@pytest.mark.django_db(transaction=True)
def test_browser_day_phones_answer_and_projector_shows_their_numbers(
    asgi_server, browser, changemakers, screenshot
):
    event = changemakers
    console = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="sv-SE"
    ).new_page()
    log_in(console, asgi_server)
    console.get_by_role("link", name="Öppna konsolen").first.click()
    expect(console.locator("#counters")).to_be_visible()

    room = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    projector = room.new_page()
    projector.goto(f"{asgi_server}{event.projector_path()}")
    expect(projector.locator(".join-code")).to_have_text(event.join_code)
    projector.evaluate("window.noReload = true")

    # Joins reach the console's counters and the projector's join screen without a reload.
    phones = [join_phone(browser, asgi_server, event, name) for name in ["Anna", "Bo", ""]]
    expect(console.locator('[data-counter="joined"]')).to_have_text("3")
    expect(console.locator('[data-counter="connected"]')).to_have_text("3")
    expect(projector.locator('[data-counter="joined"]')).to_have_text("3")
    screenshot(console, "day-console-01-joined-1366")

    # The facilitator moves the day on; phones and projector follow.
    console.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(console.locator(".timeline-now")).to_contain_text("Teoretisk och forskningsbaserad")
    console.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(console.locator(".timeline-now")).to_contain_text("Vilken typ av gränsgångare är du?")
    for phone in phones:
        expect(phone.locator("#now")).to_contain_text("Vilken typ av gränsgångare är du?")
    console.locator("#projector-control").get_by_role("button", name="Aktuellt steg").click()
    expect(projector.locator("#screen h1")).to_contain_text("Skatta dina förmågor")

    # Övning 1 opened with "Nästa punkt" (one click); start its timer (the projector counts
    # down from 10:00), everyone rates.
    card = console.locator(".exercise-card", has_text="Övning 1")
    expect(card.locator(".status-open")).to_be_visible()
    expect(console.locator(".next-step")).to_contain_text("Nästa: Övning 2")
    console_action(console, "Starta", "Övning 1")
    expect(projector.locator(".timer")).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
    expect(card.get_by_role("button", name="Pausa – Övning 1")).to_be_visible()
    for phone, values in zip(phones, RATINGS, strict=True):
        rate(phone, values)
    expect(console.locator('[data-counter="answered-ovning-1"]')).to_have_text("3")
    screenshot(console, "day-console-02-ovning-1-1366")
    console_action(console, "Stäng", "Övning 1")
    console_action(console, "Visa resultat", "Övning 1")
    expect(projector.locator('[data-counter="answered"]')).to_have_text("3")
    means = expected_role_means(event)
    for name, mean in means.items():
        row = projector.locator(".chart-mix g", has=projector.locator(".bar-label", has_text=name))
        expect(row.locator(".bar-value")).to_have_text(mean)
    assert role_means(event) == means
    for participant, values in zip(event.participants.order_by("number"), RATINGS, strict=True):
        ratings = Rating.objects.filter(participant=participant).order_by("ability__order")
        assert list(ratings.values_list("value", flat=True)) == values
    screenshot(projector, "day-projector-ovning-1-1920")

    # Övning 2 ("Nästa punkt" again): round A, results up; then round B, and the projector
    # follows live.
    console.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(console.locator(".exercise-current")).to_contain_text("Övning 2")
    for phone, (corner_a, _b) in zip(phones, CORNERS, strict=True):
        expect(phone.locator("#exercise-title")).to_have_text("Rummet är en fyrfältare")
        place(phone, "A", corner_a)
    console_action(console, "Visa resultat", "Övning 2")
    roles = {role.key: role.name for role in event.roles.all()}

    def corner_counts(name):
        corner = projector.locator(
            ".chart-room g", has=projector.locator(".room-label", has_text=name)
        )
        return corner.locator(".room-count")

    placed_a = Counter(a for a, _b in CORNERS)
    for key, name in roles.items():
        expect(corner_counts(name)).to_have_text([str(placed_a[key])])
    expect(projector.locator(".room-move-count")).to_have_count(0)
    for phone in phones:  # round B is not on the phones until the facilitator opens it
        expect(phone.locator("#questions-A .questions")).to_be_visible()
        expect(phone.locator("#questions-B")).to_have_count(0)
    console_action(console, "Öppna nästa runda: mest utmanande", "Övning 2")
    for phone, (_a, corner_b) in zip(phones, CORNERS, strict=True):
        place(phone, "B", corner_b)
    placed_b = Counter(b for _a, b in CORNERS)
    for key, name in roles.items():
        # One round at a time: round B's counts, with the moves into it.
        expect(corner_counts(name)).to_have_text([str(placed_b[key])])
    # Two moved from Nätverksbyggaren to Entreprenören; one stayed with Tolkaren.
    expect(projector.locator(".room-move-count")).to_have_text(["2"])
    expect(projector.locator("figure:has(.chart-room) figcaption")).to_contain_text(
        "Nätverksbyggaren → Entreprenören"
    )
    tolkaren = projector.locator(
        ".chart-room g", has=projector.locator(".room-label", has_text="Tolkaren")
    )
    expect(tolkaren.locator(".room-stayed")).to_have_text("1 stannade")
    expect(projector.locator('[data-counter="answered"]')).to_have_text("3")
    assert room_counts(event) == {
        (key, roles[role]): counts[role]
        for key, counts in (("A", placed_a), ("B", placed_b))
        for role in roles
    }
    assert room_moves(event) == Counter(
        {("Nätverksbyggaren", "Entreprenören"): 2, ("Tolkaren", "Tolkaren"): 1}
    )
    screenshot(projector, "day-projector-ovning-2-1920")
    console_action(console, "Stäng", "Övning 2")

    # Övning 3: two hand in the politicians' list, one the managers'.
    console_action(console, "Öppna", "Övning 3")
    for phone, (list_key, tips) in zip(phones, TIPS, strict=True):
        expect(phone.locator("#exercise-title")).to_contain_text("omställningsförmågan")
        hand_in_tips(phone, list_key, tips)
    console_action(console, "Stäng", "Övning 3")
    console_action(console, "Visa resultat", "Övning 3")
    politicians = projector.locator(".tip-tally", has_text="Tips till politiker")
    managers = projector.locator(".tip-tally", has_text="Tips till chefer")
    expect(politicians.locator(".tally-count")).to_have_text("2 inlämnade")
    expect(managers.locator(".tally-count")).to_have_text("1 inlämnad")
    for tally, phrase, times in [
        (politicians, "kartläggning av nämndernas alla styrmedel", 2),
        (politicians, "instruktion till kommundirektören", 1),
        (politicians, "medborgarna", 1),
        (managers, "enhet", 1),
    ]:
        row = tally.locator(
            "li", has=projector.locator(".tip-phrase", has_text=re.compile(f"^{phrase}$"))
        )
        expect(row.locator(".tip-times")).to_have_text(str(times))
        assert tip_times(event, phrase) == times
    assert (
        TipChoice.objects.filter(tip_list__key="politiker", handed_in_at__isnull=False).count() == 2
    )
    screenshot(projector, "day-projector-ovning-3-1920")

    # Övning 4: postcards on two scenarios; they land on the wall by scenario.
    console_action(console, "Öppna", "Övning 4")
    for index, (phone, (scenario, greeting)) in enumerate(zip(phones, POSTCARDS, strict=True)):
        expect(phone.locator("#exercise-title")).to_contain_text("Vykort från framtiden")
        write_postcard(
            phone, scenario, year=str(2040 + index), writer="Ett barn", greeting=greeting
        )
    screenshot(console, "day-console-03-ovning-4-1366")
    console_action(console, "Visa resultat", "Övning 4")
    by_scenario = Counter(scenario for scenario, _greeting in POSTCARDS)
    for scenario in event.exercises.get(key="ovning-4").scenarios.all():
        quadrant = projector.locator(".scenario-quadrant", has_text=scenario.name)
        # The wall shows the newest first.
        greetings = [g for number, g in reversed(POSTCARDS) if number == scenario.number]
        expect(quadrant.locator(".postcard-greeting")).to_have_text(greetings)
        if greetings:
            expect(quadrant.locator(".scenario-count")).to_have_text(f"{len(greetings)} vykort")
        assert Postcard.objects.filter(scenario=scenario).count() == by_scenario[scenario.number]
    screenshot(projector, "day-projector-ovning-4-1920")

    # Övning 5: everyone reflects; the facilitator lifts three and then hides one of them.
    console_action(console, "Stäng", "Övning 4")
    console_action(console, "Öppna", "Övning 5")
    for number, phone in enumerate(phones, start=1):
        expect(phone.locator("#exercise-title")).to_contain_text("Avslutande reflektion")
        answer_prompts(phone, "ovning-5", {level: f"{level} svar {number}" for level in LEVELS})
    expect(console.locator('[data-counter="answered-ovning-5"]')).to_have_text("3")
    console_action(console, "Visa resultat", "Övning 5")
    # The console shows each exercise's four newest answers and counts them all; "Visa fler"
    # opens every answer (a page of its own, plain forms), where the facilitator lifts three.
    group = console.locator(".moderation-group", has_text="Övning 5")
    expect(group.locator(".moderation-counts")).to_contain_text("12 svar")
    expect(group.locator(".moderation-item")).to_have_count(4)
    screenshot(console, "day-console-04-ovning-5-1366")
    group.get_by_role("link", name=re.compile("Visa fler")).click()
    moderation = console.locator(".moderation-all")
    expect(moderation.locator(".moderation-item")).to_have_count(12)
    for text in ["Hos dig själv? svar 1", "I systemet? svar 3", "I din roll? svar 2"]:
        item = moderation.locator(".moderation-item", has_text=text)
        item.get_by_role("button", name="Lyft fram").click()
        expect(item.get_by_role("button", name="Ta bort framlyftning")).to_be_visible()
    hidden = moderation.locator(".moderation-item", has_text="I din roll? svar 2")
    hidden.get_by_role("button", name="Dölj").click()
    expect(hidden.get_by_role("button", name="Visa igen")).to_be_visible()
    expect(moderation.locator(".moderation-counts")).to_contain_text("2 framlyfta · 1 dold")
    screenshot(console, "day-moderation-ovning-5-1366")
    console.get_by_role("link", name=re.compile("Till konsolen")).click()
    featured = {
        "Hos dig själv?": ["svar 1"],
        "I din roll?": [],
        "I din organisation?": [],
        "I systemet?": ["svar 3"],
    }
    for level, answers in featured.items():
        quotes = projector.locator(".level", has=projector.get_by_role("heading", name=level))
        expect(quotes.locator(".featured-quote")).to_have_text(
            [re.compile(f"^{re.escape(level)} {answer}") for answer in answers]
        )
        on_wall = Reflection.objects.filter(prompt__text=level, featured=True, hidden=False)
        assert [r.text for r in on_wall] == [f"{level} {answer}" for answer in answers]
    expect(projector.locator(".featured-quote").first).to_contain_text("– Anna")
    assert Reflection.objects.filter(prompt__exercise__event=event).count() == 12
    screenshot(projector, "day-projector-ovning-5-1920")

    # Any item by one click.
    console.locator(".timeline-item", has_text="Vykort från framtiden").get_by_role(
        "button"
    ).click()
    for phone in phones:
        expect(phone.locator("#now")).to_contain_text("Vykort från framtiden")
    assert projector.evaluate("window.noReload") is True  # the whole day without a reload
    assert Participant.objects.filter(event=event).count() == 3
    for page in [console, projector, *phones]:
        page.context.close()


@pytest.mark.django_db(transaction=True)
def test_browser_projector_reconnects_and_catches_up(asgi_server, browser, changemakers):
    """The server closes the projector's socket; meanwhile the facilitator moves the day on;
    the screen reconnects by itself and shows the new step."""
    room = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    projector = room.new_page()
    sockets = []

    def relay(ws):
        server = ws.connect_to_server()
        sockets.append((ws, server))

    projector.route_web_socket(re.compile(r".*/ws/events/.*"), relay)
    changemakers.projector_view = "step"
    changemakers.save()
    projector.goto(f"{asgi_server}{changemakers.projector_path()}")
    expect(projector.locator("#screen h1")).to_have_text("Changemakers")
    assert len(sockets) == 1

    laptop = browser.new_context(locale="sv-SE")
    console = laptop.new_page()
    log_in(console, asgi_server)
    sockets[0][0].close(code=1012, reason="server restart")  # the server went away
    console.goto(f"{asgi_server}/facilitator/{changemakers.pk}/")
    console.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(console.locator(".timeline-now")).to_contain_text("Teoretisk och forskningsbaserad")

    expect(projector.locator("#screen h1")).to_contain_text("Teoretisk och forskningsbaserad")
    assert len(sockets) >= 2  # it reconnected
    room.close()
    laptop.close()
