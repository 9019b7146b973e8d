"""Round trip: an event downloaded as a workshop file loads back to the same event."""

import pytest
from django.core.management import call_command

from tests.factories import FacilitatorFactory
from workshops import schema
from workshops.loader import DATA_DIR, load_workshop, parse_workshop_bytes, read_workshop_file
from workshops.models import Event
from workshops.workshop_file import workshop_data, workshop_yaml

SHIPPED = sorted(path.name for path in DATA_DIR.glob("*.yaml"))


def content(workshop: schema.Workshop):
    """The day's content; an empty text and a missing one say the same (both load as "")."""

    def same(value):
        if isinstance(value, dict):
            return {key: same(item) for key, item in value.items()}
        if isinstance(value, list):
            return [same(item) for item in value]
        return None if value == "" else value

    return same(workshop.model_dump(warnings=False))


def loaded_again(text: str, slug: str) -> Event:
    event, created = load_workshop(parse_workshop_bytes(text.encode()), slug=slug)
    assert created
    return event


@pytest.mark.django_db
@pytest.mark.parametrize("name", SHIPPED)
def test_an_exported_day_loads_back_to_the_same_day(name):
    original = read_workshop_file(DATA_DIR / name)
    event, _created = load_workshop(original)
    exported = workshop_yaml(event)

    # The file says what the shipped file says, field for field (defaults filled in).
    exported_day = schema.Workshop.model_validate(parse_workshop_bytes(exported.encode()))
    assert content(exported_day) == content(schema.Workshop.model_validate(original))
    # And the event it loads into exports to the same file again.
    again = loaded_again(exported, slug="kopia")
    assert workshop_yaml(again) == exported.replace(event.slug, "kopia", 1)
    assert again.exercises.count() == event.exercises.count()


@pytest.mark.django_db
def test_export_leaves_out_answers_and_state(changemakers):
    data = workshop_data(changemakers)
    assert set(data) == {"event", "roles", "program", "exercises"}
    assert "join_code" not in data["event"]
    assert data["event"]["slug"] == changemakers.slug


@pytest.mark.django_db
def test_export_workshop_command_writes_the_file(changemakers, tmp_path, capsys):
    call_command("export_workshop", changemakers.slug)
    assert capsys.readouterr().out == workshop_yaml(changemakers)
    target = tmp_path / "dag.yaml"
    call_command("export_workshop", changemakers.slug, "--output", str(target))
    assert target.read_text(encoding="utf-8") == workshop_yaml(changemakers)


@pytest.mark.django_db
def test_export_workshop_command_names_an_unknown_slug(changemakers):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="finns inget evenemang"):
        call_command("export_workshop", "finns-inte")


@pytest.mark.django_db
def test_organiser_downloads_the_workshop_file(client, changemakers):
    client.force_login(FacilitatorFactory(is_superuser=True))
    response = client.get(f"/facilitator/{changemakers.pk}/workshopfil.yaml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert f'filename="{changemakers.slug}.yaml"' in response["Content-Disposition"]
    assert response.content.decode() == workshop_yaml(changemakers)
    page = client.get(f"/facilitator/{changemakers.pk}/resultat/")
    assert f"/facilitator/{changemakers.pk}/workshopfil.yaml" in page.content.decode()
