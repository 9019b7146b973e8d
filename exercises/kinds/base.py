"""What an exercise kind is: everything the rest of the app asks about one kind of exercise."""

from django.db.models import QuerySet

from exercises.forms import AnswerForm
from exercises.models import Exercise, Prompt
from exercises.tables import Table


class ExerciseKind:
    key: str = ""
    form: type[AnswerForm]
    # The prompts participants answer in writing (a Reflection row each), if any.
    answer_group: str | None = None

    @property
    def answers_partial(self) -> str:
        """Read-only answers: a closed exercise and "Mitt resultat"."""
        return f"exercises/answers.html#{self.key}"

    @property
    def projector_partial(self) -> str:
        return f"workshops/projector.html#results-{self.key}"

    @property
    def report_template(self) -> str:
        return f"organiser/report/{self.key}.html"

    def answered(self, exercise: Exercise) -> QuerySet:
        """The rows whose participants count as having answered."""
        raise NotImplementedError

    def answered_count(self, exercise: Exercise) -> int:
        return self.answered(exercise).values("participant_id").distinct().count()

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
