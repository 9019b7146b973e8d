"""Who reaches the organiser pages, and what the results overview offers."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.answers import answer_the_day


def organiser_urls(event) -> list[tuple[str, str]]:
    """(method, url) of every organiser page of an event."""
    get = [
        reverse(f"workshops:{name}", args=[event.pk])
        for name in (
            "organiser_results",
            "organiser_workbook",
            "organiser_report",
            "organiser_report_pdf",
            "organiser_delete",
        )
    ]
    get.append(reverse("workshops:organiser_csv", args=[event.pk, "ovning-1"]))
    post = [
        reverse("workshops:organiser_share", args=[event.pk]),
        reverse("workshops:organiser_delete", args=[event.pk]),
    ]
    return [("get", url) for url in get] + [("post", url) for url in post]


def test_organiser_pages_send_anonymous_visitors_to_login(client, changemakers):
    for method, url in organiser_urls(changemakers):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_organiser_pages_refuse_a_participant_session(client, changemakers):
    answer_the_day(changemakers, participants=1)
    client.post(reverse("workshops:home"), {"code": changemakers.join_code, "name": ""})
    assert client.get(reverse("workshops:participant_home")).status_code == 200
    for method, url in organiser_urls(changemakers):
        assert getattr(client, method)(url).status_code == 403, url
    assert changemakers.participants.count() == 2  # nothing was deleted


def test_organiser_pages_refuse_a_logged_in_user_who_is_not_staff(client, changemakers):
    user = get_user_model().objects.create_user("guest", password="correct horse battery")
    client.force_login(user)
    for method, url in organiser_urls(changemakers):
        assert getattr(client, method)(url).status_code == 403, url


def test_organiser_pages_of_an_unknown_event_are_not_found(facilitator_client, changemakers):
    changemakers.pk = 999_999
    for method, url in organiser_urls(changemakers):
        assert getattr(facilitator_client, method)(url).status_code == 404, url


@pytest.mark.parametrize("key", ["ingen-sadan", "ovning-9"])
def test_csv_of_an_unknown_exercise_is_not_found(facilitator_client, changemakers, key):
    url = reverse("workshops:organiser_csv", args=[changemakers.pk, key])
    assert facilitator_client.get(url).status_code == 404


def test_results_overview_lists_downloads_with_answer_counts(facilitator_client, changemakers):
    answer_the_day(changemakers, participants=3)
    response = facilitator_client.get(
        reverse("workshops:organiser_results", args=[changemakers.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 deltagare" in page
    assert reverse("workshops:organiser_workbook", args=[changemakers.pk]) in page
    for key in ("ovning-1", "ovning-2", "ovning-3", "lunch", "ovning-4", "ovning-5"):
        assert reverse("workshops:organiser_csv", args=[changemakers.pk, key]) in page
    assert reverse("workshops:organiser_report_pdf", args=[changemakers.pk]) in page
    assert 'name="names" value="1"' in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_results_overview_speaks_english_when_asked(facilitator_client, changemakers):
    url = reverse("workshops:organiser_results", args=[changemakers.pk])
    page = facilitator_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Download the answers" in page and "Turn the share link on" in page
    assert "Ladda ned svaren" not in page
