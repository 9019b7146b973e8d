"""The editor's preview of a step: what a phone and the projector would show at a programme item
and each of its exercises, for owners only, without changing the running day or pushing a
thing to the phones."""

import html as markup
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import FacilitatorFactory
from tests.participant_helpers import join
from tests.test_live import receive_html
from tests.test_participant_live import phone_socket, run_async
from workshops.loader import load_workshop_file
from workshops.models import Event, Membership


def preview_urls(event, item, exercise=None) -> dict[str, str]:
    query = f"?ovning={exercise.pk}" if exercise else ""
    return {
        name: reverse(f"workshops:{name}", args=[event.pk, item.pk]) + query
        for name in ("preview", "preview_phone", "preview_projector")
    }


def owner_client(event) -> Client:
    owner = FacilitatorFactory(is_superuser=False)
    Membership.objects.create(event=event, user=owner, role="owner")
    client = Client()
    client.force_login(owner)
    return client


def text(response) -> str:
    assert response.status_code == 200
    return markup.unescape(response.content.decode())


@pytest.mark.django_db(transaction=True)
def test_a_step_is_previewed_as_phone_and_projector_and_the_day_does_not_change(
    client, changemakers
):
    talk = changemakers.program.first()
    changemakers.go_to(talk)
    join(client, changemakers)
    run_async(previewed_while_a_phone_watches(client, changemakers))


async def previewed_while_a_phone_watches(phone_client, changemakers):
    socket = phone_socket(phone_client, changemakers)
    assert (await socket.connect())[0]
    assert "Teoretisk och forskningsbaserad grund" in await receive_html(socket)

    def preview_the_workshop():
        owner = owner_client(changemakers)
        workshop = changemakers.program.get(exercises__key="ovning-1")
        rating, placement = workshop.exercises.all()
        urls = preview_urls(changemakers, workshop)
        page = text(owner.get(urls["preview"]))
        assert "Vilken typ av gränsgångare är du?" in page
        assert 'title="Förhandsvisning på telefonen"' in page
        assert f'src="{urls["preview_phone"]}?ovning={rating.pk}"' in page
        assert "Övning 2" in page  # the item's other step, one click away
        phone = text(owner.get(urls["preview_phone"]))
        assert "Skatta dina förmågor" in phone and "Social förmåga" in phone
        assert "Övningen är inte öppen ännu" not in phone  # shown as going there opens it
        assert "data-socket" not in phone  # a picture: no socket, no pushes
        projector = text(owner.get(urls["preview_projector"]))
        assert "Övning 1: Skatta dina förmågor" in projector
        assert "Skatta hur väl dessa förmågor stämmer in på dig." in projector
        assert "data-socket" not in projector
        urls = preview_urls(changemakers, workshop, placement)
        assert "trivs bäst" in text(owner.get(urls["preview_phone"]))
        assert "Övning 2: Rummet är en fyrfältare" in text(owner.get(urls["preview_projector"]))

    version = changemakers.live_version
    await database_sync_to_async(preview_the_workshop)()
    assert await socket.receive_nothing(timeout=0.5)  # nothing pushed to the phones
    await socket.disconnect()

    def the_day_is_as_it_was():
        day = Event.objects.get(pk=changemakers.pk)
        assert day.current_item == changemakers.program.first()
        assert day.current_exercise is None
        assert day.live_version == version
        assert set(day.exercises.values_list("status", flat=True)) == {"draft"}
        now = text(phone_client.get(reverse("workshops:participant_home")))
        assert "Teoretisk och forskningsbaserad grund" in now
        assert "Skatta dina förmågor" not in now

    await database_sync_to_async(the_day_is_as_it_was)()


@pytest.mark.django_db
def test_only_owners_preview_and_a_phone_never_sees_an_unopened_step(client, changemakers):
    workshop = changemakers.program.get(exercises__key="ovning-1")
    urls = preview_urls(changemakers, workshop)
    join(client, changemakers)
    for url in urls.values():
        response = client.get(url)
        assert response.status_code == 403
        assert "Skatta dina förmågor" not in response.content.decode()
    for role in ("facilitator", "moderator"):
        account = Client()
        user = FacilitatorFactory(is_superuser=False)
        Membership.objects.create(event=changemakers, user=user, role=role)
        account.force_login(user)
        for url in urls.values():
            assert account.get(url).status_code == 403
    assert Client().get(urls["preview_phone"]).status_code == 302  # to the login page


@pytest.mark.django_db
def test_only_the_framed_previews_may_be_framed_and_by_this_site_only(changemakers):
    owner = owner_client(changemakers)
    urls = preview_urls(changemakers, changemakers.program.first())
    for name in ("preview_phone", "preview_projector"):
        response = owner.get(urls[name])
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    page = owner.get(urls["preview"])
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_step_not_in_the_item_is_not_found(changemakers):
    owner = owner_client(changemakers)
    talk = changemakers.program.first()
    rating = changemakers.exercises.get(key="ovning-1")
    for url in preview_urls(changemakers, talk, rating).values():
        assert owner.get(url).status_code == 404
    assert owner.get(preview_urls(changemakers, talk)["preview"] + "?ovning=x²").status_code == 404


@pytest.mark.django_db
def test_the_content_page_offers_a_preview_of_each_item_and_exercise(changemakers):
    owner = owner_client(changemakers)
    html = text(owner.get(reverse("workshops:content", args=[changemakers.pk])))
    assert html.count(">Förhandsvisa<") == changemakers.program.count() + (
        changemakers.exercises.filter(program_item__isnull=False).count()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day", ["changemakers-2025-11-04.yaml", "halvdag-exempel.yaml", "klimatdag-exempel.yaml"]
)
def test_every_step_of_every_day_is_previewed(day):
    event, _created = load_workshop_file(Path(settings.BASE_DIR) / "workshops" / "data" / day)
    owner = owner_client(event)
    event.go_to(event.program.last())  # the day under way elsewhere
    for item in event.program.all():
        for exercise in [*item.exercises.all()] or [None]:
            urls = preview_urls(event, item, exercise)
            phone = text(owner.get(urls["preview_phone"]))
            assert item.title in phone
            if exercise is not None:
                assert exercise.title in phone
            if item.kind == "talk":
                assert "Fråga talaren" in phone
            projector = text(owner.get(urls["preview_projector"]))
            assert (exercise.title if exercise else item.title) in projector
