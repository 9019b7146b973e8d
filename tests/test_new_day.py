"""A new day from a template (a shipped day or an empty one), and a copy of an event for its next
date: the content comes along, never the answers; the account that makes it owns it."""

import datetime

import pytest
from django.urls import reverse

from talks.models import Poll
from tests.factories import FacilitatorFactory, ParticipantFactory, PollFactory
from workshops.loader import DATA_DIR, load_workshop, read_workshop_file
from workshops.models import Event, Membership
from workshops.workshop_file import workshop_data

pytestmark = pytest.mark.django_db


def content(event: Event) -> dict:
    """The event's content without the event's own fields."""
    return {key: value for key, value in workshop_data(event).items() if key != "event"}


@pytest.fixture
def organiser(client):
    user = FacilitatorFactory(is_superuser=False)
    client.force_login(user)
    return user


@pytest.mark.parametrize("template", sorted(p.name for p in DATA_DIR.glob("*.yaml")))
def test_a_new_day_from_a_shipped_day_has_its_content(client, organiser, template):
    response = client.post(
        reverse("workshops:new_day"),
        {"template": template, "title": "Nästa gång", "date": "2027-02-03", "place": "Umeå"},
    )
    event = Event.objects.get(title="Nästa gång")
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:console", args=[event.pk])
    assert (event.date, event.place, event.slug) == (
        datetime.date(2027, 2, 3),
        "Umeå",
        "nasta-gang-2027-02-03",
    )
    assert event.memberships.get().user == organiser
    shipped, _created = load_workshop(read_workshop_file(DATA_DIR / template), slug="forlaga")
    assert content(event) == content(shipped)


def test_an_empty_day_has_two_roles_to_rename_and_nothing_else(client, organiser):
    page = client.get(reverse("workshops:new_day")).content.decode()
    assert "Tom dag" in page and "Changemakers" in page
    client.post(
        reverse("workshops:new_day"), {"template": "tom", "title": "Ny dag", "date": "2027-01-01"}
    )
    event = Event.objects.get()
    assert [role.name for role in event.roles.all()] == ["Roll 1", "Roll 2"]
    assert not event.program.exists() and not event.exercises.exists()


def test_the_same_title_and_date_twice_gets_a_new_slug(client, organiser):
    data = {"template": "tom", "title": "Ny dag", "date": "2027-01-01"}
    client.post(reverse("workshops:new_day"), data)
    client.post(reverse("workshops:new_day"), data)
    assert sorted(Event.objects.values_list("slug", flat=True)) == [
        "ny-dag-2027-01-01",
        "ny-dag-2027-01-01-2",
    ]


def test_bad_input_is_shown_at_its_field_and_saves_nothing(client, organiser):
    response = client.post(
        reverse("workshops:new_day"),
        {"template": "okand.yaml", "title": "", "date": "2027-02-30"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in text
    assert "Detta fält måste fyllas i." in text
    assert "Välj ett giltigt alternativ." in text
    assert not Event.objects.exists()


def test_a_copy_has_the_content_but_no_participants_answers_or_state(client, changemakers):
    owner = FacilitatorFactory(is_superuser=False)
    Membership.objects.create(event=changemakers, user=owner, role="owner")
    participant = ParticipantFactory(event=changemakers)
    poll = PollFactory(event=changemakers, item=changemakers.program.first(), kind="scale")
    poll.answers.create(participant=participant, value=3)
    changemakers.move_to(changemakers.program.last())
    client.force_login(owner)
    url = reverse("workshops:duplicate", args=[changemakers.pk])
    assert 'value="Changemakers"' in client.get(url).content.decode()
    response = client.post(url, {"title": "Changemakers", "date": "2026-11-03"})
    copy = Event.objects.get(date="2026-11-03")
    assert response.status_code == 302
    assert content(copy) == content(changemakers)
    assert copy.slug == "changemakers-2026-11-03" and copy.join_code != changemakers.join_code
    assert not copy.participants.exists() and copy.current_item is None
    assert set(copy.polls.values_list("status", flat=True)) == {Poll.Status.DRAFT}
    assert copy.memberships.get().user == owner
    assert changemakers.participants.count() == 1  # the original keeps its answers


def test_only_owners_copy_and_only_staff_make_days(client, changemakers):
    facilitator = FacilitatorFactory(is_superuser=False)
    Membership.objects.create(event=changemakers, user=facilitator, role="facilitator")
    client.force_login(facilitator)
    url = reverse("workshops:duplicate", args=[changemakers.pk])
    assert client.post(url, {"title": "Kopia", "date": "2026-11-03"}).status_code == 403
    client.force_login(FacilitatorFactory(is_staff=False))
    new_day = reverse("workshops:new_day")
    assert (
        client.post(new_day, {"template": "tom", "title": "X", "date": "2027-01-01"}).status_code
        == 403
    )
    assert Event.objects.count() == 1
