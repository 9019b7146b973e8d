"""The facilitator's console: every action, its permission, and what it pushes."""

import asyncio
import re
import secrets

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.urls import reverse

from exercises.models import Exercise
from tests.factories import ParticipantFactory
from workshops import live
from workshops.models import Event
from workshops.presenters import qr_svg


def exercise(event, key):
    return event.exercises.get(key=key)


class Listener:
    """A channel in an event's phones and screens groups, to see what an action pushes."""

    def __init__(self, event):
        self.layer = get_channel_layer()
        # A plain channel name, not new_channel()'s process-specific one: channels-redis buffers
        # those in a queue bound to the event loop of the first receive, and each async_to_sync
        # below runs in a new loop. A plain name is read straight from Redis.
        self.channel = f"listener-{secrets.token_hex(6)}"
        async_to_sync(self.layer.group_add)(live.phones_group(event.pk, "sv"), self.channel)
        async_to_sync(self.layer.group_add)(live.screens_group(event.pk), self.channel)

    def types(self) -> list[str]:
        async def drain():
            received = []
            while True:
                try:
                    message = await asyncio.wait_for(self.layer.receive(self.channel), 0.05)
                except TimeoutError:
                    return received
                received.append(message["type"])

        return async_to_sync(drain)()


@pytest.fixture(autouse=True)
def empty_channel_layer():
    async_to_sync(get_channel_layer().flush)()


def post(client, name, *args, data=None, capture=None, **kwargs):
    with capture(execute=True):
        return client.post(reverse(f"workshops:{name}", args=args), data or {}, **kwargs)


ACTION_URLS = [
    ("console_move", lambda e: [e.pk]),
    ("console_next", lambda e: [e.pk]),
    ("console_projector", lambda e: [e.pk]),
    ("exercise_action", lambda e: [e.pk, e.exercises.first().pk, "open"]),
    ("moderate", lambda e: [e.pk, "postcard", 1, "hide"]),
]


@pytest.mark.parametrize("name,args", ACTION_URLS)
def test_console_action_anonymous_redirects_to_login(client, changemakers, name, args):
    response = client.post(reverse(f"workshops:{name}", args=args(changemakers)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name,args", ACTION_URLS)
def test_console_action_not_staff_is_forbidden(client, changemakers, name, args):
    user = get_user_model().objects.create_user("guest", password="x")
    client.force_login(user)
    response = client.post(reverse(f"workshops:{name}", args=args(changemakers)))
    assert response.status_code == 403


@pytest.mark.parametrize("name,args", ACTION_URLS)
def test_console_action_get_not_allowed(facilitator_client, changemakers, name, args):
    response = facilitator_client.get(reverse(f"workshops:{name}", args=args(changemakers)))
    assert response.status_code == 405


def test_console_action_without_csrf_token_is_refused(facilitator, changemakers):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    response = client.post(reverse("workshops:console_next", args=[changemakers.pk]))
    assert response.status_code == 403


def test_console_page_shows_program_with_now_marked(facilitator_client, changemakers):
    item = changemakers.program.get(order=2)
    changemakers.move_to(item)
    response = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="step"' in html
    assert "Vilken typ av gränsgångare är du?" in html
    assert response.context["program"][1].pk == item.pk


def test_console_unknown_event_is_404(facilitator_client, db):
    response = facilitator_client.get(reverse("workshops:console", args=[999]))
    assert response.status_code == 404


def test_console_move_to_item_pushes_step_to_phones(
    facilitator_client, changemakers, django_capture_on_commit_callbacks
):
    listener = Listener(changemakers)
    item = changemakers.program.get(order=6)
    response = post(
        facilitator_client,
        "console_move",
        changemakers.pk,
        data={"item": item.pk},
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    changemakers.refresh_from_db()
    assert changemakers.current_item == item
    assert changemakers.current_exercise == exercise(changemakers, "ovning-3")
    assert listener.types() == ["push.html", "state.changed"]


@pytest.mark.parametrize("item", ["", "abc", "999999"])
def test_console_move_unknown_item_is_404(facilitator_client, changemakers, item):
    response = facilitator_client.post(
        reverse("workshops:console_move", args=[changemakers.pk]), {"item": item}
    )
    assert response.status_code == 404


def test_console_move_item_of_other_event_is_404(facilitator_client, changemakers):
    from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file

    other, _created = load_workshop_file(CHANGEMAKERS_FILE, slug="another-day")
    response = facilitator_client.post(
        reverse("workshops:console_move", args=[changemakers.pk]),
        {"item": other.program.first().pk},
    )
    assert response.status_code == 404


def test_console_next_walks_the_program(
    facilitator_client, changemakers, django_capture_on_commit_callbacks
):
    # Item 2 runs Övning 1 and then Övning 2: "Nästa punkt" steps through both.
    for order in (1, 2, 2, 3):
        post(
            facilitator_client,
            "console_next",
            changemakers.pk,
            capture=django_capture_on_commit_callbacks,
        )
        changemakers.refresh_from_db()
        assert changemakers.current_item.order == order


def test_console_next_at_last_item_stays_and_says_so(facilitator_client, changemakers):
    last = changemakers.program.order_by("order").last()
    changemakers.move_to(last)
    response = facilitator_client.post(
        reverse("workshops:console_next", args=[changemakers.pk]), follow=True
    )
    changemakers.refresh_from_db()
    assert changemakers.current_item == last
    assert "sista programpunkten" in response.content.decode()


def test_exercise_open_close_reopen(
    facilitator_client, changemakers, django_capture_on_commit_callbacks
):
    listener = Listener(changemakers)
    ovning = exercise(changemakers, "ovning-2")
    for action, status in [("open", "open"), ("close", "closed"), ("reopen", "open")]:
        post(
            facilitator_client,
            "exercise_action",
            changemakers.pk,
            ovning.pk,
            action,
            capture=django_capture_on_commit_callbacks,
        )
        ovning.refresh_from_db()
        assert ovning.status == status
        assert listener.types() == ["push.html", "state.changed"]
    changemakers.refresh_from_db()
    assert changemakers.current_exercise == ovning


def test_exercise_timer_actions(
    facilitator_client, changemakers, django_capture_on_commit_callbacks
):
    """Phones show the countdown too: each timer action is pushed to them, with a new version."""
    listener = Listener(changemakers)
    ovning = exercise(changemakers, "ovning-1")

    def act(action):
        version = Event.objects.get(pk=changemakers.pk).live_version
        post(
            facilitator_client,
            "exercise_action",
            changemakers.pk,
            ovning.pk,
            action,
            capture=django_capture_on_commit_callbacks,
        )
        ovning.refresh_from_db()
        # Phones show the countdown too: they get the "now" section with the new timer.
        assert listener.types() == ["push.html", "state.changed"]
        assert Event.objects.get(pk=changemakers.pk).live_version == version + 1

    assert ovning.timer_seconds == 600
    act("timer-start")
    assert ovning.timer_running
    act("timer-pause")
    assert not ovning.timer_running
    act("timer-add-minute")
    assert ovning.timer_seconds == 660
    act("timer-reset")
    assert (ovning.timer_seconds, ovning.timer_elapsed) == (600, 0)


def test_exercise_results_show_puts_them_on_the_projector(
    facilitator_client, changemakers, django_capture_on_commit_callbacks
):
    ovning = exercise(changemakers, "ovning-1")
    assert not ovning.results_visible
    post(
        facilitator_client,
        "exercise_action",
        changemakers.pk,
        ovning.pk,
        "results-show",
        capture=django_capture_on_commit_callbacks,
    )
    ovning.refresh_from_db()
    changemakers.refresh_from_db()
    assert ovning.results_visible
    assert (changemakers.projector_view, changemakers.projector_target) == ("results", "ovning-1")
    post(
        facilitator_client,
        "exercise_action",
        changemakers.pk,
        ovning.pk,
        "results-hide",
        capture=django_capture_on_commit_callbacks,
    )
    ovning.refresh_from_db()
    assert not ovning.results_visible


def test_exercise_unknown_action_is_404(facilitator_client, changemakers):
    ovning = exercise(changemakers, "ovning-1")
    url = reverse("workshops:exercise_action", args=[changemakers.pk, ovning.pk, "explode"])
    assert facilitator_client.post(url).status_code == 404


def test_exercise_of_other_event_is_404(facilitator_client, changemakers):
    from workshops.loader import CHANGEMAKERS_FILE, load_workshop_file

    other, _created = load_workshop_file(CHANGEMAKERS_FILE, slug="another-day")
    url = reverse(
        "workshops:exercise_action", args=[changemakers.pk, other.exercises.first().pk, "open"]
    )
    assert facilitator_client.post(url).status_code == 404


@pytest.mark.parametrize(
    "view,target",
    [
        ("join", ""),
        ("step", ""),
        ("results", "ovning-2"),
        ("results", "ovning-3:chefer"),
        ("postcards", ""),
        ("scenarios", ""),
    ],
)
def test_console_projector_sets_view(
    facilitator_client, changemakers, view, target, django_capture_on_commit_callbacks
):
    listener = Listener(changemakers)
    post(
        facilitator_client,
        "console_projector",
        changemakers.pk,
        data={"view": view, "target": target},
        capture=django_capture_on_commit_callbacks,
    )
    changemakers.refresh_from_db()
    assert (changemakers.projector_view, changemakers.projector_target) == (view, target)
    assert listener.types() == ["state.changed"]


def test_console_projector_role(facilitator_client, changemakers):
    facilitator_client.post(
        reverse("workshops:console_projector", args=[changemakers.pk]),
        {"view": "role", "target": "tolkaren"},
    )
    changemakers.refresh_from_db()
    assert changemakers.projector_target == "tolkaren"


@pytest.mark.parametrize(
    "data",
    [
        {"view": "nonsense"},
        {"view": "results", "target": "nope"},
        {"view": "results", "target": "ovning-3:nope"},
        {"view": "results", "target": "ovning-1:chefer"},
        {"view": "role"},
    ],
)
def test_console_projector_bad_choice_changes_nothing(facilitator_client, changemakers, data):
    response = facilitator_client.post(
        reverse("workshops:console_projector", args=[changemakers.pk]), data, follow=True
    )
    changemakers.refresh_from_db()
    assert changemakers.projector_view == Event.ProjectorView.JOIN
    assert response.status_code == 200
    assert 'class="message message-error"' in response.content.decode()


def test_console_htmx_action_returns_live_fragment(facilitator_client, changemakers):
    response = facilitator_client.post(
        reverse("workshops:console_next", args=[changemakers.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="live"')
    assert 'aria-current="step"' in html


def test_exercise_actions_cover_every_status(facilitator_client, changemakers):
    ovning = exercise(changemakers, "ovning-1")
    html = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk])).content
    assert reverse("workshops:exercise_action", args=[changemakers.pk, ovning.pk, "open"]) in (
        html.decode()
    )
    ovning.open()
    html = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk])).content
    assert (
        reverse("workshops:exercise_action", args=[changemakers.pk, ovning.pk, "close"])
        in html.decode()
    )
    assert Exercise.objects.get(pk=ovning.pk).is_open


@pytest.fixture
def postcard(changemakers):
    from exercises.kinds.postcard.models import Postcard

    ovning = exercise(changemakers, "ovning-4")
    return Postcard.objects.create(
        participant=ParticipantFactory(event=changemakers),
        exercise=ovning,
        scenario=ovning.scenarios.first(),
        greeting="Hej från framtiden",
    )


@pytest.fixture
def reflection(changemakers):
    from exercises.kinds.prompts.models import Reflection

    level = exercise(changemakers, "ovning-5").prompts.filter(group="reflection").first()
    return Reflection.objects.create(
        participant=ParticipantFactory(event=changemakers), prompt=level, text="Lyssna mer"
    )


@pytest.mark.parametrize("kind", ["postcard", "reflection"])
def test_moderate_hide_feature_show(
    facilitator_client, changemakers, kind, request, django_capture_on_commit_callbacks
):
    item = request.getfixturevalue(kind)
    listener = Listener(changemakers)
    expected = {
        "feature": (False, True),
        "unfeature": (False, False),
        "hide": (True, False),
        "show": (False, False),
    }
    for action, (hidden, featured) in expected.items():
        post(
            facilitator_client,
            "moderate",
            changemakers.pk,
            kind,
            item.pk,
            action,
            capture=django_capture_on_commit_callbacks,
        )
        item.refresh_from_db()
        assert (item.hidden, item.featured) == (hidden, featured), action
        assert listener.types() == ["state.changed"]


def test_moderate_unknown_kind_or_item_is_404(facilitator_client, changemakers, postcard):
    url = reverse("workshops:moderate", args=[changemakers.pk, "poem", postcard.pk, "hide"])
    assert facilitator_client.post(url).status_code == 404
    url = reverse("workshops:moderate", args=[changemakers.pk, "postcard", 999999, "hide"])
    assert facilitator_client.post(url).status_code == 404
    url = reverse("workshops:moderate", args=[changemakers.pk, "postcard", postcard.pk, "burn"])
    assert facilitator_client.post(url).status_code == 404


def test_console_shows_postcards_for_moderation(facilitator_client, changemakers, postcard):
    response = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk]))
    assert "Hej från framtiden" in response.content.decode()


def test_event_list_links_console_and_results(facilitator_client, changemakers):
    from django.urls import reverse

    html = facilitator_client.get(reverse("workshops:event_list")).content.decode()
    assert reverse("workshops:console", args=[changemakers.pk]) in html
    assert reverse("workshops:organiser_results", args=[changemakers.pk]) in html


def test_console_offers_each_tip_list_and_the_reflection_hint(facilitator_client, changemakers):
    html = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk])).content
    html = html.decode()
    for key in ("politiker", "chefer", "samordnare"):
        assert f'name="target" value="ovning-3:{key}"' in html
    assert ">Tips till chefer</button>" in html
    assert "visas på projektorn först när du lyfter fram dem" in html
    assert reverse("workshops:organiser_results", args=[changemakers.pk]) in html


def test_console_names_postcard_writer_only_when_given(facilitator_client, changemakers):
    from exercises.kinds.postcard.models import Postcard

    exercise = changemakers.exercises.get(key="ovning-4")
    Postcard.objects.create(
        participant=ParticipantFactory(event=changemakers),
        exercise=exercise,
        scenario=exercise.scenarios.first(),
        greeting="Hej",
    )
    html = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk])).content
    assert "–" not in html.decode().split('id="moderation"')[1].split("</section>")[0]


def test_next_opens_what_it_makes_current_and_steps_through_an_items_exercises(
    facilitator_client, changemakers
):
    """One click: "Nästa punkt" makes the next exercise current and opens it; the previous one
    stays open (the facilitator closes it when its time is up)."""
    changemakers.move_to(changemakers.program.get(order=1))
    changemakers.refresh_from_db()
    url = reverse("workshops:console_next", args=[changemakers.pk])
    page = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk]))
    assert "Nästa: Övning 1" in page.content.decode()
    facilitator_client.post(url)
    changemakers.refresh_from_db()
    assert changemakers.current_exercise == exercise(changemakers, "ovning-1")
    assert exercise(changemakers, "ovning-1").status == "open"
    page = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk]))
    assert "Nästa: Övning 2" in page.content.decode()
    facilitator_client.post(url)
    changemakers.refresh_from_db()
    assert changemakers.current_exercise == exercise(changemakers, "ovning-2")
    assert exercise(changemakers, "ovning-2").status == "open"
    assert exercise(changemakers, "ovning-1").status == "open"
    closed = exercise(changemakers, "ovning-3")
    closed.close()
    for _item in range(4):  # Fika and two talks, then the item with Övning 3
        facilitator_client.post(url)
    changemakers.refresh_from_db()
    assert changemakers.current_exercise == closed
    assert exercise(changemakers, "ovning-3").status == "closed"  # a closed one stays closed


def test_console_groups_the_projector_choices_and_links_the_projector(
    facilitator_client, changemakers
):
    html = facilitator_client.get(
        reverse("workshops:console", args=[changemakers.pk]), HTTP_HOST="10.0.0.7:8000"
    ).content.decode()
    control = html[html.index('id="projector-control"') : html.index('id="moderation"')]
    day, results_, roles = re.split(r'<h3 id="projector-(?:results|roles)">', control)
    assert "Anslutning" in day or "Aktuellt steg" in day
    assert "Övning 1" in results_ and "Lunchsamtal" in results_ and "Nätverksbyggaren" in roles
    assert "Nätverksbyggaren" not in results_
    url = f"http://10.0.0.7:8000{changemakers.projector_path()}"
    assert f'value="{url}"' in html
    assert qr_svg(url) in html
    assert 'href="#moderation"' in html


def test_results_page_links_back_to_the_console(facilitator_client, changemakers):
    html = facilitator_client.get(
        reverse("workshops:organiser_results", args=[changemakers.pk])
    ).content.decode()
    assert f'href="{reverse("workshops:console", args=[changemakers.pk])}"' in html
    assert "Tillbaka till konsolen" in html
