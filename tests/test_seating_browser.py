"""Table groups in Chromium: the console forms them, each phone shows its table and companions,
the projector shows the map (legible with 300 participants), the report lists the lunch answers
per table. Screenshots go to test-artifacts/."""

import random
import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from exercises.kinds.rating.models import Rating
from exercises.kinds.registry import strongest_roles
from tests.a11y import axe_violations, phone_problems, screen_problems
from tests.browser_helpers import PHONE, answer_prompts, join_phone, log_in, place, rate
from tests.test_projector import show
from tests.test_projector_browser import FITS, SMALLEST_TEXT
from workshops.models import Participant


def seat_a_room(event, count: int) -> None:
    """`count` participants who rated Övning 1 (their strongest roles known), fast."""
    last = event.participants.count()
    Participant.objects.bulk_create(
        Participant(event=event, number=last + index + 1, name=random.choice(["Anna", "", "Bo"]))
        for index in range(count)
    )
    abilities = list(event.exercises.get(key="ovning-1").abilities.all())
    rng = random.Random(count)
    Rating.objects.bulk_create(
        Rating(participant=participant, ability=ability, value=rng.randint(1, 5))
        for participant in event.participants.all()
        for ability in abilities
    )


def form_tables(console, base: str, event, rule: str, size: int) -> None:
    """On the console's Bordsgrupper page: the current item, a rule, a size, "Skapa bord"."""
    console.goto(f"{base}/facilitator/{event.pk}/")
    console.get_by_role("link", name="Bordsgrupper").click()
    console.get_by_label(rule).check()
    console.get_by_label("Personer per bord").fill(str(size))
    console.get_by_role("button", name="Skapa bord").click()
    expect(console.get_by_role("heading", name="Förhandsvisning")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_table_map_of_300_is_legible_and_fits(asgi_server, browser, changemakers, screenshot):
    seat_a_room(changemakers, 300)
    lunch = changemakers.program.get(kind="lunch")
    changemakers.go_to(lunch)
    console = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="sv-SE"
    ).new_page()
    log_in(console, asgi_server)
    form_tables(console, asgi_server, changemakers, "Blandade roller", size=5)
    screenshot(console, "console-tables-preview-1440")
    console.get_by_role("button", name="Skicka till telefonerna och projektorn").click()
    expect(console.get_by_role("heading", name="Skickade bord")).to_be_visible()
    show(changemakers, "step")
    page = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE").new_page()
    page.goto(f"{asgi_server}{changemakers.projector_path()}")
    expect(page.locator(".map-tables > li")).to_have_count(60)
    screenshot(page, "projector-tables-300-1920")
    assert page.evaluate(FITS)
    assert page.evaluate(SMALLEST_TEXT) >= 28
    # Read in one step: a push may redraw the map between two locator calls.
    bottom = page.evaluate(
        "() => [...document.querySelectorAll('.map-tables > li')].pop().getBoundingClientRect().bottom"
    )
    assert bottom <= 1080
    page.set_viewport_size({"width": 1280, "height": 720})
    assert page.evaluate(FITS)
    screenshot(page, "projector-tables-300-1280")

    phone = join_phone(browser, asgi_server, changemakers, "Zelda")
    expect(phone.locator("#my-table")).to_be_visible()
    screenshot(phone, "phone-table-390")

    # Without JavaScript: the page itself carries the table (a late joiner is seated at once).
    plain = browser.new_context(**PHONE, java_script_enabled=False).new_page()
    plain.goto(f"{asgi_server}{changemakers.join_path()}")
    plain.get_by_label("Förnamn (frivilligt)").fill("Ylva")
    plain.locator("form button[type=submit]").click()
    expect(plain.locator("#my-table .my-table-name")).to_have_text(re.compile(r"^\d+$"))
    expect(plain.locator("#my-table .my-table-with")).to_contain_text("Vid bordet sitter du med")


NAMES = ["Anna", "Bo", "Cecilia", "", "David", "Eva", "", "Fredrik", "Gun", "", "Hassan", "Ida"]


def ratings_for(event, role) -> list[int]:
    """Övning 1's values that make `role` the strongest: 5 for its abilities, 1 for the rest."""
    abilities = event.exercises.get(key="ovning-1").abilities.prefetch_related("roles")
    return [5 if role in ability.roles.all() else 1 for ability in abilities.order_by("order")]


@pytest.mark.django_db(transaction=True)
def test_twelve_phones_at_mixed_role_tables_of_four(asgi_server, browser, changemakers, screenshot):
    """The issue's "done when": 12 phones that did Övning 1 and 2, mixed-role tables of 4 formed
    on the console, each phone shows its table and companions, the projector the map, and the
    report the lunch answers per table."""
    event = changemakers
    roles = list(event.roles.all())
    console = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="sv-SE"
    ).new_page()
    log_in(console, asgi_server)
    console.goto(f"{asgi_server}/facilitator/{event.pk}/")
    projector = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="sv-SE"
    ).new_page()
    projector.goto(f"{asgi_server}{event.projector_path()}")
    phones = [join_phone(browser, asgi_server, event, name) for name in NAMES]

    # Övning 1: three phones of each role; Övning 2, round A: each in their role's corner.
    console.locator(".timeline-button", has_text="Vilken typ av gränsgångare är du?").click()
    for index, phone in enumerate(phones):
        rate(phone, ratings_for(event, roles[index % 4]))
    console.get_by_role("button", name=re.compile("Nästa punkt")).click()
    expect(console.locator(".exercise-current")).to_contain_text("Övning 2")
    for index, phone in enumerate(phones):
        place(phone, "A", roles[index % 4].key)
    strongest = strongest_roles(event)
    assert sorted(Counter(strongest.values()).values()) == [3, 3, 3, 3]

    # Lunch: the facilitator forms mixed-role tables of 4 and sends them.
    console.locator(".timeline-button", has_text="Lunch").click()
    expect(console.locator(".timeline-now")).to_contain_text("Lunch")
    for phone in phones:
        expect(phone.locator("#now h1")).to_have_text("Lunch")
    console.locator("#projector-control").get_by_role("button", name="Aktuellt steg").click()
    console.get_by_role("link", name="Bordsgrupper").click()
    expect(console.get_by_label("Blandade roller")).to_be_checked()  # the file's groups
    console.get_by_label("Personer per bord").fill("4")
    console.get_by_role("button", name="Skapa bord").click()
    expect(console.locator(".seating-table")).to_have_count(3)
    expect(projector.locator(".map-tables > li")).to_have_count(0)  # a preview is not shown
    screenshot(console, "tables-console-preview-1440")
    assert screen_problems(console) == []
    console.get_by_role("button", name="Skicka till telefonerna och projektorn").click()
    expect(console.get_by_role("heading", name="Skickade bord")).to_be_visible()

    seating = event.seatings.get()
    by_table = {}
    for seat in seating.seats.select_related("participant", "table"):
        by_table.setdefault(seat.table, []).append(seat.participant)
    assert sorted(len(people) for people in by_table.values()) == [4, 4, 4]
    for people in by_table.values():  # as mixed as can be: every role at every table
        assert sorted(strongest[person.pk] for person in people) == sorted(r.pk for r in roles)

    # Each phone, without a reload, shows its table, its companions and the table's roles.
    participants = list(event.participants.order_by("number"))
    for phone, participant in zip(phones, participants, strict=True):
        table = next(table for table, people in by_table.items() if participant in people)
        card = phone.locator("#my-table")
        expect(card.locator(".my-table-name")).to_have_text(str(table.number))
        others = sorted(by_table[table], key=lambda p: p.number)
        named = [p.name for p in others if p != participant and p.name]
        if named:
            expect(card.locator(".my-table-names")).to_have_text(", ".join(named))
        expect(card.locator(".table-mix .mix")).to_have_text([f"1 {role.name}" for role in roles])
    screenshot(phones[0], "tables-phone-390")
    assert phone_problems(phones[0]) == []

    # The projector's step shows the map: three tables of four, each with all four roles.
    expect(projector.locator(".map-tables > li")).to_have_count(3)
    expect(projector.locator(".map-tables small")).to_have_text(["4 pers."] * 3)
    expect(projector.locator(".map-tables > li").first.locator("i")).to_have_text(["1"] * 4)
    expect(projector.locator(".step-questions li").first).to_have_text(
        "Dela och fördjupa era insikter från dagen."
    )
    screenshot(projector, "tables-projector-1920")
    assert axe_violations(projector) == []

    # Lunch answers from every phone; the report lists them per table.
    for phone, participant in zip(phones, participants, strict=True):
        answer_prompts(
            phone,
            "lunch",
            {"Dela och fördjupa era insikter från dagen.": f"Insikt {participant.number}"},
        )
    console.goto(f"{asgi_server}/facilitator/{event.pk}/resultat/sammanstallning/")
    sections = console.locator(".report-seated")
    expect(sections).to_have_count(3)
    for index, table in enumerate(sorted(by_table, key=lambda table: table.number)):
        section = sections.nth(index)
        expect(section.locator("h4")).to_contain_text(f"Bord {table.number}")
        expected = sorted(f"Insikt {person.number}" for person in by_table[table])
        assert sorted(section.locator(".reflections li").all_inner_texts()) == expected
    screenshot(console, "tables-report-1440")
