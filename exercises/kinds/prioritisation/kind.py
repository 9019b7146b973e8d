"""Prioritera: spread the exercise's points over its items (Mentimeter's 100 points, on the
scale of a phone: 2 to 10), or put them in order. The room's result is each item's total (in a
ranking, an item gets as many points as there are items for a first place, one fewer for a
second …) and its spread: how many gave it anything."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exercises.kinds.base import AnswersWouldBeLost, ExerciseKind, Saved, upsert, would_be_lost
from exercises.kinds.prioritisation.charts import priority_chart
from exercises.kinds.prioritisation.editor import ItemsForm
from exercises.kinds.prioritisation.forms import PrioritisationForm
from exercises.kinds.prioritisation.models import (
    POINTS,
    RANK,
    Priority,
    PriorityItem,
    mode_of,
    points_of,
)
from exercises.models import Exercise
from exercises.tables import Table, person, who


@dataclass
class ItemTotal:
    item: PriorityItem
    total: int
    spread: int  # how many participants gave it points, or a place


def item_totals(exercise: Exercise) -> list[ItemTotal]:
    """Each item's total and spread, highest total first (then the file's order): two queries."""
    items = list(exercise.priority_items.order_by("order"))
    rows = Priority.objects.filter(item__exercise=exercise, value__gt=0).values("item")
    if mode_of(exercise) == RANK:
        # A place p of n items is worth n + 1 - p points.
        worth = len(items) + 1
        rows = rows.annotate(
            places=Sum("value"), spread=Count("participant", distinct=True)
        ).values_list("item", "places", "spread")
        found = {item: (worth * spread - places, spread) for item, places, spread in rows}
    else:
        rows = rows.annotate(total=Sum("value"), spread=Count("participant", distinct=True))
        found = {
            item: (total, spread)
            for item, total, spread in rows.values_list("item", "total", "spread")
        }
    totals = [ItemTotal(item, *found.get(item.pk, (0, 0))) for item in items]
    return sorted(totals, key=lambda row: -row.total)


class PrioritisationKind(ExerciseKind):
    key = "prioritisation"
    form = PrioritisationForm

    def save(self, *, form):
        names = form.saveable()
        if form.mode == RANK:
            moved = self._place(form, names)
        else:
            rows = [
                {
                    "participant": form.participant,
                    "item_id": int(name.removeprefix("item-")),
                    "value": form.cleaned_data[name] or 0,
                }
                for name in names
            ]
            upsert(Priority, rows, unique=("participant", "item"), update=("value",))
            moved = set()
        return Saved(form, self._status(form), {"moved": moved, **self._counts(form)})

    def _place(self, form, names) -> set[int]:
        """Store the places sent; an item that had a place taken gets the place the moved one
        left (or none): one thumb reorders without clearing first. The ids of the items whose
        place changed without being sent."""
        with transaction.atomic():
            places = {
                int(name.removeprefix("item-")): value for name, value in form.current().items()
            }
            sent = {int(name.removeprefix("item-")): form.cleaned_data[name] for name in names}
            moved = set()
            for item_id, place in sent.items():
                before = places.get(item_id)
                for other, other_place in list(places.items()):
                    if other != item_id and other not in sent and place and other_place == place:
                        places[other] = before
                        moved.add(other)
                places[item_id] = place
            keep = {item: place for item, place in places.items() if place}
            gone = [item for item, place in places.items() if not place]
            Priority.objects.filter(participant=form.participant, item_id__in=gone).delete()
            upsert(
                Priority,
                [
                    {"participant": form.participant, "item_id": item, "value": place}
                    for item, place in keep.items()
                    if item in sent or item in moved
                ],
                unique=("participant", "item"),
                update=("value",),
            )
        return moved

    def _counts(self, form) -> dict:
        given = form.current()
        return {
            "points_left": max(form.points - sum(given.values()), 0),
            "ranked": sum(1 for value in given.values() if value),
            "item_count": len(form.items),
        }

    def _status(self, form) -> str:
        counts = self._counts(form)
        if form.mode == RANK:
            return _("Sparat ✓ %(ranked)s av %(total)s punkter har en plats.") % {
                "ranked": counts["ranked"],
                "total": counts["item_count"],
            }
        return _("Sparat ✓ %(left)s poäng kvar att ge.") % {"left": counts["points_left"]}

    def page_context(self, *, form, query, saved=None):
        counts = saved.context if saved is not None else self._counts(form)
        return {"rank": form.mode == RANK, "points": form.points, **counts}

    def answered(self, exercise):
        return Priority.objects.filter(item__exercise=exercise, value__gt=0)

    def delete_answers(self, exercise):
        Priority.objects.filter(item__exercise=exercise).delete()

    def projector_results(self, exercise, part=""):
        chart = priority_chart(exercise.title, item_totals(exercise))
        return {"rank": mode_of(exercise) == RANK, "totals_chart": chart}

    def report_results(self, exercise):
        totals = item_totals(exercise)
        return {
            "rank": mode_of(exercise) == RANK,
            "points": points_of(exercise),
            "totals": totals,
            "chart": priority_chart(exercise.title, totals),
        }

    def export_table(self, exercise, include_names):
        heading = _("Plats") if mode_of(exercise) == RANK else _("Poäng")
        table = Table(str(exercise), who(include_names) + [_("Nr"), _("Punkt"), heading], wide={1})
        priorities = (
            Priority.objects.filter(item__exercise=exercise)
            .select_related("participant", "item")
            .order_by("participant__number", "item__order")
        )
        for priority in priorities:
            table.rows.append(
                person(priority.participant, include_names)
                + [priority.item.order, priority.item.text, priority.value]
            )
        return table

    def summary_tables(self, exercise):
        rank = mode_of(exercise) == RANK
        columns = [
            _("Punkt"),
            _("Rangpoäng") if rank else _("Poäng totalt"),
            _("Antal som gav en plats") if rank else _("Antal som gav poäng"),
        ]
        rows = [[row.item.text, row.total, row.spread] for row in item_totals(exercise)]
        title = _("%(label)s: gruppens prioritering") % {"label": exercise.label}
        return [Table(title, columns, rows)]

    editor_form = ItemsForm

    def apply_spec(self, exercise, spec, form):
        """The items the form kept, in its order, with their words, and the new one; the mode
        and points. A removed item takes its priorities with it, and a new mode everyone's,
        once the form has confirmed it; fewer points than someone has given is refused."""
        current = {item.pk: item for item in exercise.priority_items.all()}
        gone = [item for pk, item in current.items() if pk not in form.kept]
        answers = Priority.objects.filter(item__exercise=exercise)
        lost = []
        for item in gone:
            if count := item.priorities.filter(value__gt=0).count():
                lost.append(
                    ngettext(
                        "%(count)s deltagares prioritering av ”%(item)s”",
                        "%(count)s deltagares prioriteringar av ”%(item)s”",
                        count,
                    )
                    % {"count": count, "item": item.text}
                )
        new_mode = spec.mode != mode_of(exercise)
        if new_mode and (count := answers.values("participant").distinct().count()):
            lost.append(
                ngettext(
                    "%(count)s deltagares prioriteringar (sättet att prioritera byts)",
                    "%(count)s deltagares prioriteringar (sättet att prioritera byts)",
                    count,
                )
                % {"count": count}
            )
        if spec.mode == POINTS and not new_mode:
            spent = answers.exclude(item__in=gone).values("participant").annotate(s=Sum("value"))
            if over := spent.filter(s__gt=spec.points).count():
                raise AnswersWouldBeLost(
                    ngettext(
                        "%(count)s deltagare har redan gett fler än %(points)s poäng. Inget är "
                        "ändrat.",
                        "%(count)s deltagare har redan gett fler än %(points)s poäng. Inget är "
                        "ändrat.",
                        over,
                    )
                    % {"count": over, "points": spec.points}
                )
        would_be_lost(lost, form=form)
        if new_mode:
            answers.delete()
        PriorityItem.objects.filter(pk__in=[item.pk for item in gone]).delete()
        for order, (pk, item_spec) in enumerate(zip(form.kept, spec.items, strict=True), 1):
            if pk is None:
                PriorityItem.objects.create(
                    exercise=exercise, key=item_spec.key, order=order, text=item_spec.text
                )
            else:
                PriorityItem.objects.filter(pk=pk).update(order=order, text=item_spec.text)
        exercise.config = {**(exercise.config or {}), "mode": spec.mode, "points": spec.points}
        exercise.save(update_fields=["config"])

    def starter_spec(self, event):
        return {
            "items": [
                {"key": "punkt-1", "text": _("Första punkten")},
                {"key": "punkt-2", "text": _("Andra punkten")},
            ]
        }

    def spec(self, exercise):
        spec = {"mode": mode_of(exercise)}
        if spec["mode"] != RANK:
            spec["points"] = points_of(exercise)
        items = exercise.priority_items.order_by("order")
        return spec | {"items": [{"key": item.key, "text": item.text} for item in items]}

    def load(self, exercise, spec, roles):
        exercise.config = {**exercise.config, "mode": spec.mode, "points": spec.points}
        exercise.save(update_fields=["config"])
        PriorityItem.objects.bulk_create(
            PriorityItem(exercise=exercise, key=item.key, order=order, text=item.text)
            for order, item in enumerate(spec.items, start=1)
        )


KIND = PrioritisationKind()
KINDS = (KIND,)
