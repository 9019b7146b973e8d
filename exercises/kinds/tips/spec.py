"""Its part of the workshop file (see workshops/schema.py)."""

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import (
    Field,
    model_validator,
)

from exercises.kinds.spec import LONG_TEXT, ExerciseSpec, Key, Spec, _text, _unique, error


class TipSpec(Spec):
    category: Key  # one of its list's categories
    key_phrase: _text(200)
    text: _text(LONG_TEXT)

    @model_validator(mode="after")
    def _phrase_in_text(self):
        if self.key_phrase not in self.text:
            raise error(
                _("key_phrase '%(phrase)s' står inte i text") % {"phrase": self.key_phrase[:60]}
            )
        return self


class CategorySpec(Spec):
    key: Key
    name: _text(100)


class TipListSpec(Spec):
    key: Key
    title: _text(200)
    short_title: _text(100)
    categories: Annotated[list[CategorySpec], Field(min_length=1, max_length=20)]
    tips: Annotated[list[TipSpec], Field(max_length=200)]

    @model_validator(mode="after")
    def _known_categories(self):
        _unique([category.key for category in self.categories], "categories", field="key")
        keys = {category.key for category in self.categories}
        for index, tip in enumerate(self.tips):
            if tip.category not in keys:
                raise error(
                    _("okänd kategori '%(key)s' (listans categories: %(keys)s)")
                    % {"key": tip.category, "keys": ", ".join(c.key for c in self.categories)},
                    "tips",
                    index,
                    "category",
                )
        return self


class TipsSpec(ExerciseSpec):
    kind: Literal["tips"]
    lists: Annotated[list[TipListSpec], Field(min_length=1, max_length=20)]

    @model_validator(mode="after")
    def _unique_lists(self):
        _unique([tip_list.key for tip_list in self.lists], "lists", field="key")
        return self


SPECS = (TipsSpec,)
