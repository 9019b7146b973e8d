"""The programme in the editor: an item's table groups (the file's `groups:`) and moving an
item to a place (drag and drop posts the place; the buttons move it by one)."""

import html as markup
import re

import pytest
import yaml
from django.urls import reverse

from seating.models import GroupPlan
from tests.test_editor import owner, url  # noqa: F401 (owner: a fixture)
from workshops.workshop_file import workshop_yaml

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("owner")]


def item_values(item, **groups) -> dict:
    values = {
        "kind": item.kind,
        "title": item.title,
        "part": item.part,
        "part_subtitle": item.part_subtitle,
        "speakers": item.speakers,
        "description": item.description,
        "notes": item.notes,
        "groups-rule": "",
        "groups-size": "",
        "groups-tables": "",
        "groups-names": "",
        "groups-round": "",
    }
    return values | {f"groups-{name}": value for name, value in groups.items()}


def error_at(html: str, field_id: str, message: str) -> bool:
    """The message stands at the field with that id, marked as in error."""
    parts = re.split(r'class="field', html)
    return any(
        f'id="{field_id}"' in part and message in part
        for part in parts
        if "field-error" in part[:40]
    )


def file_groups(event, item) -> dict | None:
    program = yaml.safe_load(workshop_yaml(event))["program"]
    return program[list(event.program.values_list("pk", flat=True)).index(item.pk)].get("groups")


def test_table_groups_set_in_the_browser_are_in_the_file_and_on_the_seating_console(
    client, changemakers
):
    postcard = changemakers.program.get(exercises__key="ovning-4")
    page = client.get(url("edit_item", changemakers, postcard.pk)).content.decode()
    assert "Bordsgrupper" in page and "Övning 2: trivs bäst" in page
    groups = {
        "rule": "same-corner",
        "tables": "6",
        "names": "Eken\nLinden\n",
        "round": "ovning-2:A",
    }
    response = client.post(
        url("edit_item", changemakers, postcard.pk), item_values(postcard, **groups)
    )
    assert response.status_code == 302
    assert file_groups(changemakers, postcard) == {
        "rule": "same-corner",
        "tables": 6,
        "names": ["Eken", "Linden"],
        "round": "A",
        "exercise": "ovning-2",
    }
    page = client.get(url("edit_item", changemakers, postcard.pk)).content.decode()
    assert re.search(r'<option value="same-corner" selected>', page)
    assert 'value="6"' in page and "Eken\nLinden</textarea>" in page

    changemakers.go_to(postcard)
    console = client.get(reverse("seating:console", args=[changemakers.pk])).content.decode()
    assert re.search(r'value="same-corner"[^>]*checked', console)
    assert re.search(r'name="tables" value="6"', console)
    placement_round = GroupPlan.objects.get(item=postcard).placement_round
    assert re.search(rf'<option value="{placement_round.pk}" selected>', console)


def test_wrong_table_groups_are_shown_at_their_field_and_save_nothing(client, changemakers):
    lunch = changemakers.program.get(kind="lunch")
    before = file_groups(changemakers, lunch)
    assert before == {"rule": "mixed-roles", "size": 5}
    page = client.get(url("edit_item", changemakers, lunch.pk)).content.decode()
    assert '<option value="mixed-roles" selected>' in page and 'value="5"' in page
    for groups, field, message in [
        ({"rule": "mixed-roles", "size": "5", "tables": "4"}, "tables", "antingen personer"),
        ({"rule": "mixed-corners"}, "round", "Välj vilken runda av hörnen som gäller."),
        ({"rule": "random", "size": "5²"}, "size", "Skriv ett heltal från 2 till 50."),
        ({"rule": "random", "names": "Eken\nEken"}, "names", "'Eken' finns redan"),
        ({"size": "4"}, "rule", "Välj en regel, eller töm fälten för bordsgrupper."),
    ]:
        values = item_values(lunch, **groups) | {"title": "Lunch i solen"}
        response = client.post(url("edit_item", changemakers, lunch.pk), values)
        assert response.status_code == 400
        html = markup.unescape(response.content.decode())
        assert error_at(html, f"id_groups-{field}", message), (groups, message)
    lunch.refresh_from_db()
    assert lunch.title == "Lunch" and file_groups(changemakers, lunch) == before  # nothing half

    response = client.post(url("edit_item", changemakers, lunch.pk), item_values(lunch))
    assert response.status_code == 302
    assert file_groups(changemakers, lunch) is None and not GroupPlan.objects.exists()


def titles(event) -> list[str]:
    return list(event.program.values_list("title", flat=True))


def test_an_item_is_moved_to_a_place_and_the_script_is_told_where(client, changemakers):
    before = titles(changemakers)
    first = changemakers.program.first()
    move = url("move_item", changemakers, first.pk)
    response = client.post(move, {"position": "4"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode() == f"{first.title} är nu punkt 4 av 13."
    assert titles(changemakers) == [*before[1:4], before[0], *before[4:]]
    response = client.post(move, {"position": "1"}, follow=True)  # without JavaScript
    assert f"{first.title} är nu punkt 1 av 13." in response.content.decode()
    assert titles(changemakers) == before
    for wrong in ("0", "14", "x", "²", "", "-1"):
        assert client.post(move, {"position": wrong}).status_code == 400
    assert client.post(move, {"direction": "up"}).status_code == 302  # at the top already
    assert titles(changemakers) == before
    last = changemakers.program.last()
    client.post(url("move_item", changemakers, last.pk), {"direction": "up"})
    assert titles(changemakers) == [*before[:-2], before[-1], before[-2]]
