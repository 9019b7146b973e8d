"""The writes that drive the day, each announced to phones and screens in the same call, so no
view has to remember to push: `live.step_changed` for what phones follow (the day's step, an
exercise opening or closing, its rounds and timer), `live.state_changed` for what only screens
show (join counts, projector, results, moderation). Keyword-only; the views only parse requests.
Answers are written by exercises.answers.save_answer, talks by talks.services."""

from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from django.db.models.deletion import Collector
from django.utils.text import capfirst

from exercises.kinds import registry
from exercises.models import Exercise
from seating.services import seat_on_joining
from workshops import live
from workshops.models import Event, Membership, Participant, ProgramItem, add_participant


def join_event(*, event: Event, name: str) -> Participant:
    participant = add_participant(event, name)
    seat_on_joining(participant=participant)  # tables shown now: a seat at once
    live.state_changed(event.pk)  # the projector's and console's join counts
    return participant


def go_to(*, event: Event, item: ProgramItem, exercise: Exercise | None = None) -> None:
    event.go_to(item, exercise)
    live.step_changed(event)


def go_next(*, event: Event) -> bool:
    """Move to the item after the current one; False when the day is at its last item."""
    step = event.next_step()
    if step is None:
        return False
    item, exercise = step
    go_to(event=event, item=item, exercise=exercise)
    return True


def show_results(event: Event, exercise: Exercise, visible: bool) -> None:
    """Revealing results also puts them on the projector: that is why one reveals them."""
    exercise.results_visible = visible
    exercise.save(update_fields=["results_visible"])
    if visible:
        event.projector_view = Event.ProjectorView.RESULTS
        event.projector_target = exercise.key
        event.save(update_fields=["projector_view", "projector_target"])


EXERCISE_ACTIONS: dict[str, tuple[Callable[[Event, Exercise], None], bool]] = {
    # action: (what it does, whether phones follow it: their step, countdown or results)
    "open": (lambda event, exercise: event.open_exercise(exercise), True),
    "reopen": (lambda event, exercise: event.open_exercise(exercise), True),
    "close": (lambda event, exercise: exercise.close(), True),
    "round-next": (lambda event, exercise: exercise.open_next_round(), True),
    "timer-start": (lambda event, exercise: exercise.start_timer(), True),
    "timer-pause": (lambda event, exercise: exercise.pause_timer(), True),
    "timer-add-minute": (lambda event, exercise: exercise.add_minute(), True),
    "timer-reset": (lambda event, exercise: exercise.reset_timer(), True),
    "results-show": (lambda event, exercise: show_results(event, exercise, True), True),
    "results-hide": (lambda event, exercise: show_results(event, exercise, False), True),
}


def exercise_action(*, event: Event, exercise: Exercise, action: str) -> None:
    do, phones_follow = EXERCISE_ACTIONS[action]
    do(event, exercise)
    if phones_follow:
        live.step_changed(event)
    else:
        live.state_changed(event.pk)


def set_projector(*, event: Event, view: str, target: str) -> None:
    event.projector_view = view
    event.projector_target = target
    event.save(update_fields=["projector_view", "projector_target"])
    live.state_changed(event.pk)


MODERATION_ACTIONS = {
    "hide": {"hidden": True, "featured": False},
    "show": {"hidden": False},
    "feature": {"featured": True, "hidden": False},
    "unfeature": {"featured": False},
}


def moderated_item(*, event: Event, kind: str, pk: int):
    """The event's postcard or reflection (`kind`: the moderated model's name), or None."""
    moderated = registry.moderated().get(kind)
    if moderated is None:
        return None
    return moderated.model.objects.filter(pk=pk, **{moderated.event_path: event}).first()


def moderate(*, event: Event, item, action: str) -> None:
    """Hide a postcard or reflection from the projector, show it again, feature it or not."""
    changes = MODERATION_ACTIONS[action]
    for name, value in changes.items():
        setattr(item, name, value)
    item.save(update_fields=list(changes))
    live.state_changed(event.pk)


def participants_deletion(*, event: Event) -> list[tuple[str, int]]:
    """What deleting the event's participants removes, as Django's own collector finds it
    (every table that cascades from a participant, now and after any new one is added):
    (the rows' name, how many), participants first. Looking deletes nothing."""
    participants = event.participants.all()
    collector = Collector(using=participants.db, origin=participants)
    collector.collect(participants)
    # A row can be reached on two paths (a thumbs-up through its voter and its question).
    rows: defaultdict[type, set] = defaultdict(set)
    for model, instances in collector.data.items():
        rows[model].update(instance.pk for instance in instances)
    for queryset in collector.fast_deletes:
        rows[queryset.model].update(queryset.values_list("pk", flat=True))
    ordered = sorted(rows, key=lambda model: (model is not Participant, model._meta.label))
    return [
        (capfirst(model._meta.verbose_name_plural), len(rows[model]))
        for model in ordered
        if rows[model]
    ]


def delete_participants(*, event: Event) -> None:
    """Every answer belongs to a participant and goes with them (on_delete CASCADE)."""
    with transaction.atomic():
        event.participants.all().delete()
        live.state_changed(event.pk)
        live.participants_deleted(event.pk)


# --- Who may do what with an event (workshops/access.py reads it) ---


class LastOwnerError(ValueError):
    """An event keeps at least one owner: someone must be able to change and delete it."""


def set_member(*, event: Event, user, role: str) -> Membership:
    """Give an account a role on the event (a new member, or another role)."""
    with transaction.atomic():
        current = event.memberships.select_for_update().filter(user=user).first()
        if current and current.role == Membership.Role.OWNER and role != Membership.Role.OWNER:
            _keep_an_owner(event=event, leaving=current)
        membership, _created = Membership.objects.update_or_create(
            event=event, user=user, defaults={"role": role}
        )
    return membership


def remove_member(*, event: Event, membership: Membership) -> None:
    with transaction.atomic():
        if membership.role == Membership.Role.OWNER:
            _keep_an_owner(event=event, leaving=membership)
        membership.delete()


def _keep_an_owner(*, event: Event, leaving: Membership) -> None:
    owners = event.memberships.select_for_update().filter(role=Membership.Role.OWNER)
    if not owners.exclude(pk=leaving.pk).exists():
        raise LastOwnerError
