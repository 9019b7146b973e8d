"""Who may do what, per event: every console, organiser, moderation and editor URL, for each
role, through the test client. A refused action is a 403 and changes nothing."""

import pytest
from django.urls import reverse

from talks.models import Poll
from tests.factories import FacilitatorFactory, PollFactory, QuestionFactory
from workshops.models import Event, Membership

OWNER, FACILITATOR, MODERATOR = "owner", "facilitator", "moderator"
EVERYONE = {OWNER, FACILITATOR, MODERATOR}
RUNNERS = {OWNER, FACILITATOR}


def urls(event: Event) -> list[tuple[str, str, dict, set[str]]]:
    """(method, url, POST data, the roles allowed)."""
    item = event.program.first()
    exercise = event.exercises.get(key="ovning-5")
    question = QuestionFactory(event=event, item=event.program.filter(kind="talk").first())
    poll = PollFactory(event=event, item=item, status=Poll.Status.DRAFT, kind=Poll.Kind.SCALE)
    membership = event.memberships.get(role=OWNER)
    pk = event.pk

    def url(name, *args, app="workshops"):
        return reverse(f"{app}:{name}", args=[pk, *args])

    return [
        ("get", url("console"), {}, EVERYONE),
        ("get", url("console_projector_page"), {}, EVERYONE),
        ("post", url("console_move"), {"item": item.pk}, RUNNERS),
        ("post", url("console_next"), {}, RUNNERS),
        ("post", url("console_projector"), {"view": "join"}, RUNNERS),
        ("post", url("exercise_action", exercise.pk, "open"), {}, RUNNERS),
        ("post", url("moderate", "reflection", 999999, "feature"), {}, EVERYONE),
        ("get", url("moderation", exercise.key), {}, EVERYONE),
        ("post", url("question_action", question.pk, "hide", app="talks"), {}, EVERYONE),
        ("get", url("questions_page", app="talks"), {}, EVERYONE),
        ("post", url("approval", app="talks"), {"require": "1"}, RUNNERS),
        ("post", url("project_questions", app="talks"), {}, EVERYONE),
        ("post", url("poll_create", app="talks"), {"question": "Hur?", "kind": "scale"}, RUNNERS),
        ("post", url("poll_action", poll.pk, "open", app="talks"), {}, RUNNERS),
        ("get", url("organiser_results"), {}, RUNNERS),
        ("get", url("organiser_workbook"), {}, RUNNERS),
        ("get", url("organiser_csv", exercise.key), {}, RUNNERS),
        ("get", url("organiser_report"), {}, RUNNERS),
        ("get", url("organiser_workshop_file"), {}, RUNNERS),
        ("post", url("organiser_share"), {"enabled": "1"}, {OWNER}),
        ("get", url("organiser_delete"), {}, {OWNER}),
        ("post", url("organiser_delete"), {"confirm": "on"}, {OWNER}),
        ("get", url("members"), {}, {OWNER}),
        ("post", url("members"), {"username": "someone", "role": MODERATOR}, {OWNER}),
        ("post", url("member", membership.pk), {"role": OWNER}, {OWNER}),
    ]


@pytest.fixture
def accounts(changemakers):
    owner = FacilitatorFactory(is_superuser=False)
    Membership.objects.create(event=changemakers, user=owner, role=OWNER)
    found = {OWNER: owner}
    for role in (FACILITATOR, MODERATOR):
        found[role] = FacilitatorFactory(is_superuser=False)
        Membership.objects.create(event=changemakers, user=found[role], role=role)
    FacilitatorFactory(username="someone", is_superuser=False)
    return found


@pytest.mark.parametrize("role", [OWNER, FACILITATOR, MODERATOR])
def test_each_role_may_do_its_part_and_gets_403_for_the_rest(client, changemakers, accounts, role):
    client.force_login(accounts[role])
    refused, allowed = [], []
    for method, url, data, roles in urls(changemakers):
        status = getattr(client, method)(url, data).status_code
        assert status < 500, (url, status)
        (allowed if status != 403 else refused).append(url)
        assert (status != 403) == (role in roles), (role, method, url, status)
    assert refused or role == OWNER
    assert allowed


@pytest.mark.parametrize("superuser", [False, True])
def test_a_staff_account_without_a_role_gets_403_unless_administrator(
    client, changemakers, accounts, superuser
):
    client.force_login(FacilitatorFactory(is_superuser=superuser))
    for method, url, data, _roles in urls(changemakers):
        status = getattr(client, method)(url, data).status_code
        assert (status == 403) != superuser, (url, status)


def test_a_refused_action_changes_nothing(client, changemakers, accounts):
    client.force_login(accounts[MODERATOR])
    item = changemakers.program.last()
    response = client.post(
        reverse("workshops:console_move", args=[changemakers.pk]), {"item": item.pk}
    )
    assert response.status_code == 403
    changemakers.refresh_from_db()
    assert changemakers.current_item_id is None
    delete = reverse("workshops:organiser_delete", args=[changemakers.pk])
    client.force_login(accounts[FACILITATOR])
    assert client.post(delete, {"confirm": "on"}).status_code == 403


def test_staff_see_only_their_events_and_administrators_all(client, changemakers, accounts):
    other = Event.objects.create(slug="en-annan-dag", title="En annan dag", date="2026-01-01")
    page = reverse("workshops:event_list")
    client.force_login(accounts[MODERATOR])
    text = client.get(page).content.decode()
    assert "Changemakers" in text and "En annan dag" not in text
    assert "Du är moderator" in text
    assert reverse("workshops:organiser_results", args=[changemakers.pk]) not in text
    client.force_login(FacilitatorFactory())  # an administrator
    text = client.get(page).content.decode()
    assert "Changemakers" in text and "En annan dag" in text
    assert other.pk


def test_an_account_with_no_event_and_no_staff_rights_gets_403(client, changemakers):
    client.force_login(FacilitatorFactory(is_staff=False))
    assert client.get(reverse("workshops:event_list")).status_code == 403
    assert client.get(reverse("workshops:console", args=[changemakers.pk])).status_code == 403


def test_the_creator_of_an_event_owns_it(client, db):
    creator = FacilitatorFactory(is_superuser=False)
    client.force_login(creator)
    response = client.post(
        reverse("workshops:event_create"), {"workshop_file": "halvdag-exempel.yaml"}
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.memberships.get().user == creator
    assert event.memberships.get().role == OWNER
    assert client.get(reverse("workshops:members", args=[event.pk])).status_code == 200


def test_an_owner_invites_an_account_with_a_role(client, changemakers, accounts):
    client.force_login(accounts[OWNER])
    page = reverse("workshops:members", args=[changemakers.pk])
    response = client.post(page, {"username": "someone", "role": MODERATOR}, follow=True)
    assert "someone är nu moderator." in response.content.decode()
    someone = changemakers.memberships.get(user__username="someone")
    assert someone.role == MODERATOR
    client.force_login(someone.user)
    assert client.get(reverse("workshops:console", args=[changemakers.pk])).status_code == 200
    results = reverse("workshops:organiser_results", args=[changemakers.pk])
    assert client.get(results).status_code == 403


def test_inviting_an_unknown_account_says_so_at_the_field(client, changemakers, accounts):
    client.force_login(accounts[OWNER])
    page = reverse("workshops:members", args=[changemakers.pk])
    response = client.post(page, {"username": "finns-inte", "role": MODERATOR})
    assert response.status_code == 400
    assert "Det finns inget konto med användarnamnet finns-inte." in response.content.decode()


def test_the_last_owner_cannot_leave(client, changemakers, accounts):
    client.force_login(accounts[OWNER])
    mine = changemakers.memberships.get(user=accounts[OWNER])
    url = reverse("workshops:member", args=[changemakers.pk, mine.pk])
    response = client.post(url, {"remove": "1"}, follow=True)
    assert "Evenemanget behöver minst en ägare." in response.content.decode()
    response = client.post(url, {f"m{mine.pk}-role": MODERATOR}, follow=True)
    assert "Evenemanget behöver minst en ägare." in response.content.decode()
    assert changemakers.memberships.get(pk=mine.pk).role == OWNER


def test_existing_events_get_every_staff_account_as_owner(db):
    from importlib import import_module

    from django.apps import apps as real_apps
    from django.contrib.auth import get_user_model

    migration = import_module("workshops.migrations.0006_existing_events_owned_by_staff")
    staff = FacilitatorFactory(is_superuser=False)
    get_user_model().objects.create(username="participant-ish", is_staff=False)
    event = Event.objects.create(slug="gammal", title="Gammal dag", date="2025-01-01")
    migration.staff_own_existing_events(real_apps, None)
    assert list(event.memberships.values_list("user", "role")) == [(staff.pk, OWNER)]


def test_the_console_shows_each_role_only_the_controls_it_may_use(client, changemakers, accounts):
    from workshops.consumers import render_screen

    talk = changemakers.program.filter(kind="talk").first()
    changemakers.go_to(talk)
    QuestionFactory(event=changemakers, item=talk, text="Hur börjar vi?")
    console = reverse("workshops:console", args=[changemakers.pk])
    for role, runs in [(OWNER, True), (FACILITATOR, True), (MODERATOR, False)]:
        client.force_login(accounts[role])
        html = client.get(console).content.decode()
        pushed = "".join(render_screen(changemakers.pk, "facilitator", "", "sv", role).values())
        for page in (html, pushed):
            assert ("Nästa punkt" in page) == runs, role
            assert ("Projektorn visar" in page) == runs, role
            assert ("Kräv godkännande" in page) == runs, role
            assert ('action="timer-start"' in page or "Starta" in page) == runs, role
            assert "Hur börjar vi?" in page and ">Dölj<" in page.replace("\n", "").replace(" ", "")


def test_an_administrator_sees_an_events_members_in_the_admin(client, changemakers, accounts):
    client.force_login(FacilitatorFactory())
    page = client.get(reverse("admin:workshops_event_change", args=[changemakers.pk]))
    assert page.status_code == 200
    assert "Medlemmar" in page.content.decode()
