"""Changing a day's content in the browser, validated as the workshop file is.

Each change is made to the event's file (workshop_file.workshop_data), the whole file is
checked with the same pydantic models as an uploaded one, and only then is the change written,
in one transaction: an invalid change saves nothing and says what is wrong at its place in the
file (`program[2].title`), which the form shows at its field. Wording reaches phones and
screens at once (live.step_changed). A change that would take answers with it is refused;
a programme item with answers is removed only once the owner confirmed what goes with it.
"""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pydantic import ValidationError

from exercises.kinds.base import AnswersWouldBeLost, KindEditorForm
from exercises.kinds.registry import KINDS, answered_count, kind_of
from exercises.models import Exercise, Role
from seating.models import GroupPlan
from talks.models import Poll
from talks.services import create_poll
from workshops import live, schema
from workshops.loader import load_exercise, load_groups
from workshops.models import Event, ProgramItem
from workshops.workshop_file import workshop_data


class EditInvalid(ValueError):
    """The change does not make a valid day: (place in the file, message) for each error."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("\n".join(f"{place}: {message}" for place, message in errors))
        self.errors = errors


class EditRefused(ValueError):
    """The change would lose answers (or the day's state); the message says which."""


def _checked(event: Event, change: Callable[[dict], None]) -> schema.Workshop:
    data = workshop_data(event)
    change(data)
    try:
        return schema.Workshop.model_validate(data)
    except ValidationError as error:
        raise EditInvalid(schema.error_places(error)) from None


def _changed(event: Event) -> None:
    live.step_changed(event)


# --- The event ---

EVENT_FIELDS = ("title", "subtitle", "date", "place", "introduction", "roles_introduction")


def update_event(*, event: Event, values: dict) -> None:
    """title, subtitle, date (a date), place, introduction, roles_introduction."""
    values = dict(values)
    if isinstance(values.get("date"), datetime.date):
        values["date"] = values["date"].isoformat()
    spec = _checked(event, lambda data: data["event"].update(values)).event
    with transaction.atomic():
        for name in EVENT_FIELDS:
            value = getattr(spec, name)
            setattr(event, name, value if value is not None else "")
        event.save(update_fields=list(EVENT_FIELDS))
        _changed(event)


# --- The day's roles ---


def _role_index(event: Event, role: Role) -> int:
    return list(event.roles.values_list("pk", flat=True)).index(role.pk)


def update_role(*, event: Event, role: Role, name: str, description: str) -> None:
    index = _role_index(event, role)

    def change(data):
        data["roles"][index] |= {"name": name, "description": description}

    spec = _checked(event, change).roles[index]
    with transaction.atomic():
        role.name, role.description = spec.name, spec.description
        role.save(update_fields=["name", "description"])
        _changed(event)


def add_role(*, event: Event, key: str, name: str, description: str) -> Role:
    new = {"key": key, "name": name, "description": description}
    spec = _checked(event, lambda data: data["roles"].append(new)).roles[-1]
    with transaction.atomic():
        order = (event.roles.aggregate(Max("order"))["order__max"] or 0) + 1
        role = Role.objects.create(
            event=event, key=spec.key, order=order, name=spec.name, description=spec.description
        )
        _changed(event)
    return role


# --- The program ---

ITEM_FIELDS = ("part", "part_subtitle", "kind", "title", "description", "notes")


def item_index(event: Event, item: ProgramItem) -> int:
    return list(event.program.values_list("pk", flat=True)).index(item.pk)


def speakers_from_text(text: str) -> list[str]:
    """Speakers as a form writes them: separated by commas or lines."""
    return [name.strip() for line in text.splitlines() for name in line.split(",") if name.strip()]


def update_item(*, event: Event, item: ProgramItem, values: dict) -> None:
    """part, part_subtitle, kind, title, description, notes, speakers (a list), and groups (the
    file's `groups:`, None for none; left as it is when not given)."""
    index = item_index(event, item)

    def change(data):
        data["program"][index] |= values

    spec = _checked(event, change).program[index]
    with transaction.atomic():
        for name in ITEM_FIELDS:
            setattr(item, name, getattr(spec, name) or "")
        item.speakers = ", ".join(spec.speakers)
        item.save(update_fields=[*ITEM_FIELDS, "speakers"])
        if "groups" in values:
            GroupPlan.objects.filter(item=item).delete()
            if spec.groups is not None:
                load_groups(item, spec.groups, {e.key: e for e in event.exercises.all()})
        _changed(event)


def add_item(*, event: Event, kind: str, title: str) -> ProgramItem:
    new = {"kind": kind, "title": title}
    spec = _checked(event, lambda data: data["program"].append(new)).program[-1]
    with transaction.atomic():
        order = (event.program.aggregate(Max("order"))["order__max"] or 0) + 1
        item = ProgramItem.objects.create(
            event=event, order=order, kind=spec.kind, title=spec.title
        )
        _changed(event)
    return item


def move_item_to(*, event: Event, item: ProgramItem, position: int) -> int:
    """To its `position` in the program (1 is first; past either end is that end), the items
    between closing up. Returns the position it has now."""
    with transaction.atomic():
        items = list(event.program.all())
        position = min(max(position, 1), len(items))
        moving = next(other for other in items if other.pk == item.pk)
        ordered = [other for other in items if other.pk != item.pk]
        ordered.insert(position - 1, moving)
        orders = sorted(other.order for other in items)
        moved = [
            (other, order)
            for other, order in zip(ordered, orders, strict=True)
            if other.order != order
        ]
        if not moved:
            return position
        # Through free orders: (event, order) is unique at every step.
        free = orders[-1] + 1
        for offset, (other, _order) in enumerate(moved):
            ProgramItem.objects.filter(pk=other.pk).update(order=free + offset)
        for other, order in moved:
            ProgramItem.objects.filter(pk=other.pk).update(order=order)
        _changed(event)
    return position


class RemovalNeedsConfirmation(EditRefused):
    """Removing the item would take answers with it: `lost` says which, in words, and `receipt`
    names them exactly (the confirming form sends it back: more answers since are asked again).
    Removing an exercise with answers raises it too (remove_exercise)."""

    def __init__(self, lost: list[str], receipt: str):
        super().__init__(
            _("Punkten har %(lost)s, som försvinner om den tas bort.") % {"lost": ", ".join(lost)}
        )
        self.lost, self.receipt = lost, receipt


def _losses(item: ProgramItem) -> list[tuple[str, int, str]]:
    """What removing the item would take with it: (what, how many, in words) for each."""
    losses = []
    if questions := item.questions.count():
        words = ngettext("%(n)s fråga till talaren", "%(n)s frågor till talaren", questions)
        losses.append(("questions", questions, words % {"n": questions}))
    if poll_answers := sum(poll.answers.count() for poll in item.polls.all()):
        words = ngettext("%(n)s svar på omröstningar", "%(n)s svar på omröstningar", poll_answers)
        losses.append(("polls", poll_answers, words % {"n": poll_answers}))
    for exercise in item.exercises.all():
        losses += _exercise_losses(exercise)
    return losses


def _exercise_losses(exercise: Exercise) -> list[tuple[str, int, str]]:
    if not (answered := answered_count(exercise)):
        return []
    words = ngettext(
        "%(n)s deltagares svar på %(label)s", "%(n)s deltagares svar på %(label)s", answered
    )
    return [(f"exercise-{exercise.pk}", answered, words % {"n": answered, "label": exercise.label})]


def _in_words(losses: list[tuple[str, int, str]]) -> tuple[list[str], str]:
    return [words for _what, _count, words in losses], ",".join(f"{w}={n}" for w, n, _ in losses)


def removal_losses(item: ProgramItem) -> tuple[list[str], str]:
    """What removing the item would take with it, in words ([] when nothing), and its receipt."""
    return _in_words(_losses(item))


def remove_item(*, event: Event, item: ProgramItem, confirmed: str = "") -> None:
    """Remove the item; its exercises stay in the day, outside the program. An item with answers
    goes, with those answers (its questions to the speaker, its polls, its exercises' answers),
    only when `confirmed` is the receipt of exactly what it takes (removal_losses): else
    RemovalNeedsConfirmation says what. The item under way is never removed."""
    if event.current_item_id == item.pk:
        raise EditRefused(_("Punkten pågår just nu. Gå vidare till en annan punkt först."))
    with transaction.atomic():
        lost, receipt = removal_losses(item)
        if lost and confirmed != receipt:
            raise RemovalNeedsConfirmation(lost, receipt)
        for exercise in item.exercises.all():
            kind_of(exercise).delete_answers(exercise)
        item.polls.all().delete()
        item.delete()
        _changed(event)


def add_poll(*, event: Event, item: ProgramItem, question: str, kind: str, options: list[str]):
    """A poll written in advance: ready on the console while its item is under way."""
    index = item_index(event, item)
    new = {"question": question, "kind": kind, "options": options}
    spec = _checked(event, lambda data: data["program"][index].setdefault("polls", []).append(new))
    poll = spec.program[index].polls[-1]
    with transaction.atomic():
        create_poll(
            event=event,
            question=poll.question,
            kind=poll.kind,
            options=list(poll.options),
            open_now=False,
            item=item,
        )
        live.state_changed(event.pk)


def remove_poll(*, event: Event, poll: Poll) -> None:
    if poll.status != Poll.Status.DRAFT or poll.answers.exists():
        raise EditRefused(_("Omröstningen har redan ställts och tas inte bort."))
    with transaction.atomic():
        poll.delete()
        live.state_changed(event.pk)


# --- An exercise: its common fields, and its kind's own part (the kind's editor form) ---

EXERCISE_FIELDS = ("title", "minutes", "instruction", "notes")


def update_exercise(*, event: Event, exercise: Exercise, values: dict) -> None:
    """title, minutes, instruction, notes: wording, which a running day can take; and `item`,
    when given, the programme item it is done in (None: outside the program), never while it
    is under way."""
    values = dict(values)
    moved = "item" in values and values["item"] != exercise.program_item
    item = values.pop("item", None)
    index = list(event.exercises.values_list("pk", flat=True)).index(exercise.pk)
    if moved and (exercise.is_open or event.current_exercise_id == exercise.pk):
        under_way = _("Övningen pågår just nu. Stäng den och gå vidare först.")
        raise EditInvalid([(f"exercises[{index}].item", under_way)])
    item_place = item_index(event, item) if moved and item is not None else None

    def change(data):
        data["exercises"][index] |= values
        if moved:
            for other in data["program"]:
                if exercise.key in other.get("exercises", []):
                    other["exercises"].remove(exercise.key)
            if item_place is not None:
                data["program"][item_place].setdefault("exercises", []).append(exercise.key)

    spec = _checked(event, change).exercises[index]
    with transaction.atomic():
        if moved:
            exercise.program_item = item
            exercise.save(update_fields=["program_item"])
        exercise.title = spec.title
        exercise.instruction = spec.instruction or ""
        exercise.notes = spec.notes or ""
        if spec.minutes != exercise.minutes:
            exercise.minutes = spec.minutes
            if not exercise.timer_running and not exercise.timer_elapsed:
                exercise.timer_seconds = (spec.minutes or 0) * 60
        exercise.save(update_fields=[*EXERCISE_FIELDS, "timer_seconds"])
        _changed(event)


class EditNeedsConfirmation(EditRefused):
    """The change would delete answers with what it removes: done only once confirmed."""


def update_exercise_kind(*, event: Event, exercise: Exercise, form) -> None:
    """The kind's own part of the exercise (its valid editor form's `spec()`), checked with the
    whole file and written by the kind, keeping the answers. A removal that takes answers with
    it needs the form's confirmation, and is refused while the exercise is open."""
    index = list(event.exercises.values_list("pk", flat=True)).index(exercise.pk)
    kind_part = form.spec()

    def change(data):
        # A None leaves the key out (the points of a ranking, which has none).
        merged = data["exercises"][index] | kind_part
        data["exercises"][index] = {k: v for k, v in merged.items() if v is not None}

    spec = _checked(event, change).exercises[index]
    if exercise.is_open:  # never confirmed while phones answer it
        form.cleaned_data.pop(form.CONFIRM, None)
    with transaction.atomic():
        try:
            kind_of(exercise).apply_spec(exercise, spec, form)
        except AnswersWouldBeLost as lost:
            if not lost.confirmable:
                raise EditRefused(str(lost)) from None
            if exercise.is_open:
                raise EditRefused(
                    _("%(lost)s Övningen pågår just nu: stäng den först. Inget är ändrat.")
                    % {"lost": lost}
                ) from None
            raise EditNeedsConfirmation(str(lost)) from None
        _changed(event)


# --- A new exercise, and removing one ---


def _new_exercise(event: Event, kind: str, title: str) -> dict:
    """A new exercise's part of the file: its kind's starting part, the next number (the file's
    `number`, "Övning 6"; none for a kind not counted so) and a key from it, or from the title."""
    data = {"kind": kind, "title": title} | KINDS[kind].starter_spec(event)
    numbers = [number for number in event.exercises.values_list("number", flat=True) if number]
    data.setdefault("number", max(numbers, default=0) + 1)
    taken = set(event.exercises.values_list("key", flat=True))
    number = data["number"]
    if number and f"ovning-{number}" not in taken:
        key = f"ovning-{number}"
    else:
        key = KindEditorForm.new_key(title, taken, fallback=kind)
    return {"key": key} | data


def add_exercise(*, event: Event, kind: str, title: str, item: ProgramItem | None) -> Exercise:
    """A new exercise of `kind` (a registered kind's key), last in the day's exercises and in
    `item`'s (phones get it when the day reaches it), with its kind's starting part, which the
    kind's own editor form then changes. Made as the loader makes one from a file."""
    if kind not in KINDS:
        raise EditInvalid([("kind", _("Okänd övningstyp."))])
    new = _new_exercise(event, kind, title)
    index = item_index(event, item) if item is not None else None

    def change(data):
        data["exercises"].append(new)
        if index is not None:
            data["program"][index].setdefault("exercises", []).append(new["key"])

    spec = _checked(event, change).exercises[-1]
    with transaction.atomic():
        order = (event.exercises.aggregate(Max("order"))["order__max"] or 0) + 1
        roles = {role.key: role for role in event.roles.all()}
        exercise = load_exercise(event, spec, order, roles)
        if item is not None:
            exercise.program_item = item
            exercise.save(update_fields=["program_item"])
        _changed(event)
    return exercise


def exercise_removal_losses(exercise: Exercise) -> tuple[list[str], str]:
    """What removing the exercise would take with it, in words ([] when nothing), and its
    receipt (as removal_losses)."""
    return _in_words(_exercise_losses(exercise))


def remove_exercise(*, event: Event, exercise: Exercise, confirmed: str = "") -> None:
    """Remove the exercise from the day, with its parts and its answers: one with answers only
    when `confirmed` is the receipt of them (else RemovalNeedsConfirmation). Never while it is
    open or the day is at it; never what the rest of the file refers to (table groups by its
    rounds' corners: EditInvalid says where)."""
    if exercise.is_open or event.current_exercise_id == exercise.pk:
        raise EditRefused(_("Övningen pågår just nu. Stäng den och gå vidare först."))
    index = list(event.exercises.values_list("pk", flat=True)).index(exercise.pk)

    def change(data):
        del data["exercises"][index]
        for item in data["program"]:
            if exercise.key in item.get("exercises", []):
                item["exercises"].remove(exercise.key)

    _checked(event, change)
    with transaction.atomic():
        lost, receipt = exercise_removal_losses(exercise)
        if lost and confirmed != receipt:
            raise RemovalNeedsConfirmation(lost, receipt)
        kind_of(exercise).delete_answers(exercise)
        exercise.delete()
        _changed(event)
