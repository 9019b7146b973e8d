"""Övning 1: rate your abilities on the exercise's scale (1–5 on the Changemakers day); each
role's score is the mean of its abilities."""

from dataclasses import asdict, dataclass, field

from django.db.models import Avg
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exercises.kinds.base import (
    AnswersWouldBeLost,
    ExerciseKind,
    Saved,
    present,
    upsert,
    would_be_lost,
)
from exercises.kinds.rating.charts import role_mix_chart
from exercises.kinds.rating.editor import AbilitiesForm
from exercises.kinds.rating.forms import RatingForm
from exercises.kinds.rating.models import Ability, Rating, participant_profile
from exercises.models import Exercise, Role
from exercises.profile import profile_chart
from exercises.tables import Table, person, two_decimals, who


@dataclass
class RoleMix:
    role: Role
    scores: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> float | None:
        # Exact: rounded once, where it is shown (projector, report, workbook).
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def lowest(self) -> float | None:
        return min(self.scores) if self.scores else None

    @property
    def highest(self) -> float | None:
        return max(self.scores) if self.scores else None


def role_mix(exercise: Exercise) -> list[RoleMix]:
    """Each role's scores across the participants who rated (one profile per participant).

    A participant's score for a role is the mean of their ratings of the role's abilities, as
    in role_profile(); here one query averages them, grouped by participant and role."""
    roles = list(exercise.event.roles.all())
    mix = {role.pk: RoleMix(role) for role in roles}
    scores = (
        Rating.objects.filter(ability__exercise=exercise, ability__roles__isnull=False)
        .values("participant_id", "ability__roles")
        .annotate(score=Avg("value"))
        .order_by("participant_id", "ability__roles")
        .values_list("ability__roles", "score")
    )
    for role_id, score in scores:
        if role_id in mix:
            mix[role_id].scores.append(score)
    return [mix[role.pk] for role in roles]


class RatingKind(ExerciseKind):
    key = "rating"
    form = RatingForm

    def strongest_roles(self, exercise: Exercise) -> dict[int, int]:
        """The role with the highest score in each participant's profile (the mean of its
        abilities' ratings, as role_mix); a tie goes to the role first in the file."""
        order = {role.pk: role.order for role in exercise.event.roles.all()}
        scores = (
            Rating.objects.filter(ability__exercise=exercise, ability__roles__isnull=False)
            .values("participant_id", "ability__roles")
            .annotate(score=Avg("value"))
            .values_list("participant_id", "ability__roles", "score")
        )
        best: dict[int, tuple[float, int, int]] = {}
        for participant_id, role_id, score in scores:
            candidate = (score, -order.get(role_id, 0), role_id)
            if participant_id not in best or candidate > best[participant_id]:
                best[participant_id] = candidate
        return {participant_id: role_id for participant_id, (*_, role_id) in best.items()}

    def save(self, *, form):
        rows = [
            {
                "participant": form.participant,
                "ability_id": int(name.removeprefix("ability-")),
                "value": form.cleaned_data[name],
            }
            for name in form.saveable()
            if form.cleaned_data[name] not in ("", None)
        ]
        upsert(Rating, rows, unique=("participant", "ability"), update=("value",))
        if form.action == "done":
            message = "" if form.errors else _("Klart! Här är din rollprofil.")
            return Saved(form, message, {"rated_count": len(form.rated)})
        rated_count = Rating.objects.filter(
            participant=form.participant, ability__in=form.abilities
        ).count()
        message = _("Sparat ✓ %(rated)d av %(total)d %(things)s skattade.") % {
            "rated": rated_count,
            "total": len(form.abilities),
            "things": form.exercise.rated_words["many"],
        }
        return Saved(form, message, {"rated_count": rated_count})

    def page_context(self, *, form, query, saved=None):
        if saved is not None:
            rated_count = saved.context["rated_count"]
        else:
            rated_count = Rating.objects.filter(
                participant=form.participant, ability__in=form.abilities
            ).count()
        complete = rated_count == len(form.abilities)
        profile = participant_profile(form.participant) if complete else None
        return {
            "rated_count": rated_count,
            "rated_left": len(form.abilities) - rated_count,
            "ability_count": len(form.abilities),
            "rated": form.exercise.rated_words,
            "profile": profile,
            "chart": profile_chart(profile, form.scale) if profile else None,
            # Shown under the profile only: not queried on every autosave before it.
            "closing_questions": form.exercise.phone_questions() if complete else [],
        }

    def answered(self, exercise):
        return Rating.objects.filter(ability__exercise=exercise)

    def projector_results(self, exercise, part=""):
        mix = role_mix(exercise)
        scale = exercise.scale
        return {
            "role_mix": mix,
            "mix_chart": role_mix_chart(mix, scale=scale),
            "scale": scale,
        }

    def report_results(self, exercise):
        mix = role_mix(exercise)
        scale = exercise.scale
        chart = role_mix_chart(
            mix,
            _("Gruppens rollmix: varje deltagares poäng per roll (%(min)s–%(max)s)")
            % {"min": scale.min, "max": scale.max},
            scale,
        )
        return {"mix": mix, "chart": chart, "scale": scale, "rated": exercise.rated_words}

    def export_table(self, exercise, include_names):
        scale = exercise.scale
        table = Table(
            str(exercise),
            who(include_names)
            + [_("Nr"), exercise.rated_words["one"].capitalize(), _("Roller")]
            + [_("Skattning (%(min)s–%(max)s)") % {"min": scale.min, "max": scale.max}],
            wide={1},
        )
        ratings = (
            Rating.objects.filter(ability__exercise=exercise)
            .select_related("participant", "ability")
            .prefetch_related("ability__roles")
            .order_by("participant__number", "ability__order")
        )
        for rating in ratings:
            roles = ", ".join(role.name for role in rating.ability.roles.all())
            table.rows.append(
                person(rating.participant, include_names)
                + [rating.ability.order, rating.ability.name, roles, rating.value]
            )
        return table

    def summary_tables(self, exercise):
        rows = [
            [m.role.name, m.count, two_decimals(m.mean), two_decimals(m.lowest)]
            + [two_decimals(m.highest)]
            for m in role_mix(exercise)
        ]
        columns = [_("Roll"), _("Antal"), _("Medel"), _("Lägst"), _("Högst")]
        title = _("%(label)s: gruppens rollmix") % {"label": exercise.label}
        return [Table(title, columns, rows)]

    def load(self, exercise, spec, roles):
        exercise.config = {**exercise.config, "scale": spec.scale.model_dump()}
        if spec.rated is not None:
            exercise.config["rated"] = spec.rated.model_dump()
        exercise.save(update_fields=["config"])
        for order, ability_spec in enumerate(spec.abilities, start=1):
            ability = Ability.objects.create(exercise=exercise, order=order, name=ability_spec.name)
            for key in ability_spec.roles:  # one by one: the links keep the file's order
                ability.roles.add(roles[key])

    editor_form = AbilitiesForm

    def apply_spec(self, exercise, spec, form):
        """The abilities the form kept, in its order, renamed and with their roles; the scale
        and words. A removed ability takes its ratings with it once the form has confirmed it;
        refused when a rating falls outside the new scale."""
        current = {ability.pk: ability for ability in exercise.abilities.all()}
        gone = [pk for pk in current if pk not in form.kept]
        lost = []
        for pk in gone:
            if count := Rating.objects.filter(ability=pk).count():
                lost.append(
                    ngettext(
                        "%(count)s skattning av ”%(ability)s”",
                        "%(count)s skattningar av ”%(ability)s”",
                        count,
                    )
                    % {"count": count, "ability": current[pk].name}
                )
        outside = Rating.objects.filter(ability__exercise=exercise).exclude(
            value__gte=spec.scale.min, value__lte=spec.scale.max
        )
        if count := outside.count():
            raise AnswersWouldBeLost(
                _("%(count)s skattningar ligger utanför den nya skalan. Inget är ändrat.")
                % {"count": count}
            )
        would_be_lost(lost, form=form)
        Ability.objects.filter(pk__in=gone).delete()
        # Out of the way first: (exercise, order) is unique at every step.
        for pk in current:
            Ability.objects.filter(pk=pk).update(order=1000 + pk % 1000)
        roles = {role.key: role for role in exercise.event.roles.all()}
        for order, (pk, ability_spec) in enumerate(zip(form.kept, spec.abilities, strict=True), 1):
            if pk is None:
                ability = Ability.objects.create(
                    exercise=exercise, order=order, name=ability_spec.name
                )
            else:
                ability = current[pk]
                Ability.objects.filter(pk=pk).update(order=order, name=ability_spec.name)
                ability.roles.clear()
            for key in ability_spec.roles:  # one by one: the links keep the file's order
                ability.roles.add(roles[key])
        exercise.config = {**(exercise.config or {}), "scale": spec.scale.model_dump()}
        exercise.config.pop("rated", None)
        if spec.rated is not None:
            exercise.config["rated"] = spec.rated.model_dump()
        exercise.save(update_fields=["config"])

    def starter_spec(self, event):
        roles = [role.key for role in event.roles.all()]
        return {"abilities": [{"name": _("Första påståendet: skriv om det"), "roles": roles}]}

    def spec(self, exercise):
        # An ability's roles in the file's order: the order they were added in.
        links = Ability.roles.through.objects.filter(ability__exercise=exercise).order_by("pk")
        role_keys: dict[int, list[str]] = {}
        for ability_id, key in links.values_list("ability_id", "role__key"):
            role_keys.setdefault(ability_id, []).append(key)
        return present(
            {
                "scale": asdict(exercise.scale),
                "rated": (exercise.config or {}).get("rated"),
                "abilities": [
                    {"name": ability.name, "roles": role_keys.get(ability.pk, [])}
                    for ability in exercise.abilities.all()
                ],
            }
        )


KIND = RatingKind()
KINDS = (KIND,)
