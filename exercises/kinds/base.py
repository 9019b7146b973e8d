"""What an exercise kind is: everything the rest of the app asks about one kind of exercise."""

from dataclasses import dataclass, field

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from exercises.forms import AnswerForm
from exercises.models import Exercise, Prompt
from exercises.tables import Table


def upsert(model, rows: list[dict], *, unique: tuple[str, ...], update: tuple[str, ...]) -> None:
    """Insert each row, or update `update` on the row that has the same `unique` fields: one
    statement (INSERT … ON CONFLICT DO UPDATE, on SQLite and PostgreSQL alike), atomic in the
    database. A double tap, a resend from the phone's outbox or the same answer arriving through
    two server processes at once edits the one row, never duplicates it, never fails on the
    constraint, and the later write wins per field."""
    if not rows:
        return
    now = timezone.now()
    stamps = {name: now for name in ("created_at", "updated_at") if hasattr(model, name)}
    model.objects.bulk_create(
        [model(**row, **stamps) for row in rows],
        update_conflicts=True,
        unique_fields=list(unique),
        update_fields=[*update, *(("updated_at",) if "updated_at" in stamps else ())],
    )


@dataclass(frozen=True)
class Moderated:
    """Written answers the console moderates (hide, show, feature): the model, its path to
    the event, and what a row needs to be drawn without a query per row."""

    model: type
    event_path: str
    related: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.model._meta.model_name


class AnswersWouldBeLost(ValueError):
    """An edit that would remove something participants have answered; the message says what.
    `confirmable`: the organiser may confirm it (the editor form's `confirmed`), and the answers
    go with what is removed; otherwise it is refused outright."""

    def __init__(self, message: str, *, confirmable: bool = False):
        super().__init__(message)
        self.confirmable = confirmable


def would_be_lost(lost: list[str], *, form) -> None:
    """Raise the confirmable AnswersWouldBeLost for `lost` (each in words, "3 deltagares
    placeringar i runda 2") unless the editor form confirmed it."""
    if lost and not form.confirmed:
        raise AnswersWouldBeLost(
            gettext_lazy("Ändringen raderar %(lost)s.") % {"lost": ", ".join(lost)},
            confirmable=True,
        )


@dataclass
class FieldGroup:
    """Some of a form's fields under a legend: what editor/_fields.html iterates over."""

    legend: str
    fields: list
    non_field_errors: str = ""

    def __iter__(self):
        return iter(self.fields)


class KindEditorForm(forms.Form):
    """What every kind's editor form shares: the confirmation that answers may go with what is
    removed (a checkbox shown only once the change has been refused for it)."""

    CONFIRM = "confirm_loss"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections: list[tuple[int, str]] = []

    def start_section(self, legend, at: int | None = None) -> None:
        """The fields added from here on (or from the `at`th) are shown together under
        `legend` (a round, a list)."""
        self.sections.append((len(self.fields) if at is None else at, legend))

    def groups(self) -> list["FieldGroup"]:
        """The form's fields in their sections, the confirmation last on its own."""
        names = [name for name in self.fields if name != self.CONFIRM]
        sections = self.sections or [(0, "")]
        if sections[0][0]:
            sections = [(0, ""), *sections]
        ends = [start for start, _legend in sections[1:]] + [len(names)]
        groups = [
            FieldGroup(legend, [self[name] for name in names[start:end]])
            for (start, legend), end in zip(sections, ends, strict=True)
        ]
        if self.CONFIRM in self.fields:
            groups.append(FieldGroup(gettext_lazy("Bekräfta"), [self[self.CONFIRM]]))
        return [group for group in groups if group.fields]

    def full_clean(self):
        if self.add_prefix(self.CONFIRM) in self.data:  # last, below the form's own fields
            self.ask_confirmation()
        super().full_clean()

    def ask_confirmation(self, message: str = "") -> None:
        """Show the confirmation checkbox (with what would be lost, as its error)."""
        if self.CONFIRM not in self.fields:
            self.fields[self.CONFIRM] = forms.BooleanField(
                label=gettext_lazy("Ja, ta bort och radera svaren"), required=False
            )
        if message:
            self.add_error(self.CONFIRM, message)

    def refuse(self, message: str) -> None:
        """Refused outright: no confirmation offered."""
        self.fields.pop(self.CONFIRM, None)
        self.add_error(None, message)

    @property
    def confirmed(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get(self.CONFIRM))

    @staticmethod
    def new_key(text: str, taken, fallback: str = "ny") -> str:
        """A key for the file from a new entry's words, unlike those `taken`."""
        base = slugify(text)[:30].strip("-_") or fallback
        key, number = base, 2
        while key in taken:
            key, number = f"{base}-{number}", number + 1
        return key

    def field_at(self, place: str) -> str | None:
        """The field of an error's place below the exercise (`rounds[1].instruction`): the
        longest of `self.places` that the place starts with."""
        found = [
            prefix
            for prefix in self.places
            if place == prefix or place.startswith((prefix + ".", prefix + "["))
        ]
        return self.places[max(found, key=len)] if found else None


@dataclass
class Saved:
    """What storing an answer says: the phone's message, and what the write learnt that the
    page shows (merged into its context)."""

    form: AnswerForm
    message: str = ""
    context: dict = field(default_factory=dict)


class ExerciseKind:
    key: str = ""
    form: type[AnswerForm]
    # The prompts participants answer in writing (a Reflection row each), if any.
    answer_group: str | None = None
    # The written answers the console moderates, if any.
    moderated: Moderated | None = None
    # Whether the projector's postcard wall and 2×2 views show this kind's answers.
    has_wall: bool = False

    @property
    def package(self) -> str:
        """Its folder's name: exercises/kinds/<package>/, its templates under kinds/<package>/."""
        return type(self).__module__.split(".")[2]

    @property
    def answers_partial(self) -> str:
        """Read-only answers: a closed exercise and "Mitt resultat"."""
        return f"kinds/{self.package}/answers.html"

    @property
    def projector_partial(self) -> str:
        return f"kinds/{self.package}/projector.html"

    @property
    def text_partial(self) -> str:
        """Its projector results as headings, lists and tables, for a phone's screen reader
        (`projector_results`' context)."""
        return f"kinds/{self.package}/text.html"

    @property
    def report_template(self) -> str:
        return f"kinds/{self.package}/report.html"

    def save(self, *, form: AnswerForm) -> Saved:
        """Store what is valid and present in the validated form (a field missing from the POST
        is left as it is); one upsert per answer row."""
        raise NotImplementedError

    def page_context(self, *, form: AnswerForm, query, saved: Saved | None = None) -> dict:
        """What the exercise's page shows beside its form; `query`: the page's address
        parameters (request.GET)."""
        return {}

    def redirect_query(self, *, form: AnswerForm) -> str:
        """Address parameters for the page a plain POST redirects to."""
        return ""

    def answered(self, exercise: Exercise) -> QuerySet:
        """The rows whose participants count as having answered."""
        raise NotImplementedError

    def answered_count(self, exercise: Exercise) -> int:
        return self.answered(exercise).values("participant_id").distinct().count()

    def delete_answers(self, exercise: Exercise) -> None:
        """Every answer to the exercise goes (its programme item was removed with its answers,
        as the owner confirmed); a kind that keeps more than `answered` deletes that too."""
        self.answered(exercise).delete()

    def projector_results(self, exercise: Exercise, part: str = "") -> dict:
        return {}

    def report_results(self, exercise: Exercise) -> dict:
        return {}

    def export_table(self, exercise: Exercise, include_names: bool) -> Table:
        raise NotImplementedError

    def summary_tables(self, exercise: Exercise) -> list[Table]:
        return []

    def load(self, exercise: Exercise, spec, roles: dict) -> None:
        """What the workshop file says beyond the common fields (schema.<Kind>Spec)."""

    # The kind's own editor: a form (in its folder) for its part of the file, or None (then
    # the file is the only way to change it).
    editor_form: type | None = None

    def apply_spec(self, exercise: Exercise, spec, form) -> None:
        """Write the kind's part of an edited, already validated file (schema.<Kind>Spec) over
        what the exercise has, in place where it can, keeping its answers (`form`: its
        `editor_form`, which knows what was kept, moved or added); raises AnswersWouldBeLost,
        before writing anything, for a change that would drop answers."""
        raise NotImplementedError

    def starter_spec(self, event) -> dict:
        """The least a new exercise of this kind needs in the file beyond its key, number, kind
        and title (the editor's "Ny övning" starts from it; its own form changes it after):
        placeholders to rewrite, made from the day (`event`: its roles). `"number": None` for a
        kind that is not counted as an "Övning"."""
        raise NotImplementedError

    def spec(self, exercise: Exercise) -> dict:
        """The reverse of `load`: the kind's part of the workshop file, as the file says it
        (keys of schema.<Kind>Spec beyond the common fields; empty optional values left out)."""
        return {}

    def wall(self, exercise: Exercise, *, cards: bool) -> dict:
        """For a kind with `has_wall`: the projector's wall (with the newest answers when
        `cards`, else only its frame, the 2×2)."""
        raise NotImplementedError

    def wall_page(self, exercise: Exercise, number: int, start: int) -> list:
        """For a kind with `has_wall`: the wall's next answers of one part, from `start`."""
        raise NotImplementedError

    def strongest_roles(self, exercise: Exercise) -> dict[int, int] | None:
        """Each answering participant's strongest role (participant id → role id), for kinds
        that tell it (table groups mixed by role); None for the others."""
        return None

    def written_answers(self, exercise: Exercise) -> list[tuple[int, Prompt, str]] | None:
        """Every answer the report shows, as (participant id, prompt, text), in the prompts'
        order, for kinds whose answers are texts (the report groups them by table where the
        exercise was done at tables); None for the others."""
        return None


def present(mapping: dict) -> dict:
    """The mapping without its empty values: what a workshop file leaves out."""
    return {key: value for key, value in mapping.items() if value not in (None, "", [], {})}


def add_prompts(exercise: Exercise, group: str, texts: list[str], keys=None, hints=None) -> None:
    for order, text in enumerate(texts, start=1):
        Prompt.objects.create(
            exercise=exercise,
            group=group,
            key=keys[order - 1] if keys else str(order),
            order=order,
            text=text,
            hint=hints[order - 1] if hints else "",
        )
