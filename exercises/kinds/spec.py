"""What every part of the workshop file is built from (workshops/schema.py, and each
exercise kind's `spec.py`): strict models, text that can be stored, keys, errors placed in
the file's terms, and the fields every exercise has."""

import datetime
import re
from collections import Counter
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
LONG_TEXT = 20_000


def error(message: str, *at: str | int) -> PydanticCustomError:
    """An error whose place is `at` below the model that raises it."""
    return PydanticCustomError("workshop", "{message}", {"message": message, "at": at})


def _storable(value: str) -> str:
    if "\x00" in value:
        raise error(_("innehåller ett NUL-tecken"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise error(_("innehåller ogiltiga tecken")) from None
    return value


def _text(max_length: int, required: bool = True):
    text = Annotated[
        StrictStr,
        StringConstraints(strip_whitespace=True, min_length=int(required), max_length=max_length),
        AfterValidator(_storable),
    ]
    return text if required else text | None


def _iso_date(value: str) -> datetime.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise error(_("'%(value)s' är inget datum (ÅÅÅÅ-MM-DD)") % {"value": value[:40]}) from None


Slug = Annotated[StrictStr, StringConstraints(max_length=80, pattern=SLUG_PATTERN)]
Key = Annotated[StrictStr, StringConstraints(max_length=40, pattern=SLUG_PATTERN)]
IsoDate = Annotated[
    StrictStr,
    AfterValidator(_iso_date),
    # A file read with PyYAML's own safe_load has dates already (ours keeps them text).
    BeforeValidator(lambda v: v.isoformat() if type(v) is datetime.date else v),
    WithJsonSchema({"type": "string", "format": "date"}),
]


class Spec(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _unique(values: list, *place: str | int, field: str | None) -> None:
    """Refuses the second of two equal values; `place` is the list's place below the model."""
    seen = Counter()
    for index, value in enumerate(values):
        seen[value] += 1
        if seen[value] == 2:
            at = (*place, index, field) if field else (*place, index)
            raise error(_("'%(value)s' finns redan") % {"value": value}, *at)


Questions = Annotated[list[_text(LONG_TEXT)], Field(max_length=50)]


class ExerciseSpec(Spec):
    key: Key
    number: Annotated[StrictInt, Field(ge=1, le=999)] | None = None
    title: _text(300)
    minutes: Annotated[StrictInt, Field(ge=1, le=600)] | None = None
    instruction: _text(LONG_TEXT, required=False) = None
    questions: Questions = []
    # What a phone shows instead of the handout's closing words (which speak of paper).
    phone_questions: Questions = []
    # The presenter's own notes for the exercise: shown on the console only.
    notes: _text(LONG_TEXT, required=False) = None
