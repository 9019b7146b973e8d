"""The participants' share link: read-only results without personal data, on and off."""

from django.urls import reverse

from tests.answers import answer_the_day


def share_url(event) -> str:
    return reverse("workshops:shared_results", args=[event.share_token])


def toggle(client, event, enabled: str):
    return client.post(reverse("workshops:organiser_share", args=[event.pk]), {"enabled": enabled})


def test_share_link_is_off_until_the_organiser_turns_it_on(client, facilitator, changemakers):
    answer_the_day(changemakers)
    assert client.get(share_url(changemakers)).status_code == 404
    client.force_login(facilitator)
    response = toggle(client, changemakers, "1")
    assert response.status_code == 302
    overview = client.get(response["Location"]).content.decode()
    assert "Delningslänken är på." in overview
    # The message is announced by a live region around the list, not a role on the list itself.
    assert '<div role="status" class="messages-region"><ul class="messages">' in overview
    assert f"http://testserver{share_url(changemakers)}" in overview
    client.logout()
    assert client.get(share_url(changemakers)).status_code == 200


def test_share_page_shows_results_without_names(client, changemakers):
    day = answer_the_day(changemakers, participants=4)
    hidden = day.postcards[3]
    hidden.hidden = True
    hidden.save()
    changemakers.share_enabled = True
    changemakers.save()
    response = client.get(share_url(changemakers))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    for postcard in day.postcards[:3]:
        assert postcard.greeting in page
    assert hidden.greeting not in page
    assert "dolda" not in page and "dolt" not in page
    assert day.names and not any(name in page for name in day.names)
    assert "Förnamn" not in page and "Deltagare 1" not in page
    assert reverse("workshops:organiser_results", args=[changemakers.pk]) not in page
    assert "Ladda ned PDF" not in page


def test_share_link_stops_working_when_turned_off(client, facilitator, changemakers):
    changemakers.share_enabled = True
    changemakers.save()
    assert client.get(share_url(changemakers)).status_code == 200
    client.force_login(facilitator)
    toggle(client, changemakers, "0")
    client.logout()
    assert client.get(share_url(changemakers)).status_code == 404
    changemakers.refresh_from_db()
    assert changemakers.share_enabled is False


def test_share_toggle_refuses_a_bad_value_and_get(facilitator_client, changemakers):
    assert toggle(facilitator_client, changemakers, "maybe").status_code == 400
    url = reverse("workshops:organiser_share", args=[changemakers.pk])
    assert facilitator_client.get(url).status_code == 405
    changemakers.refresh_from_db()
    assert changemakers.share_enabled is False


def test_share_page_of_an_unknown_token_is_not_found(client, changemakers):
    changemakers.share_enabled = True
    changemakers.save()
    assert client.get(reverse("workshops:shared_results", args=["nope"])).status_code == 404
    projector = reverse("workshops:shared_results", args=[changemakers.projector_token])
    assert client.get(projector).status_code == 404
