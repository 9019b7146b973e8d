"""The exercise kinds live in exercises/kinds/, one folder each: every kind has all its parts
there, and nothing outside exercises/kinds/ branches on an exercise's kind."""

import ast
import re
from pathlib import Path

import pytest
from django.template.loader import get_template

from exercises.forms import AnswerForm
from exercises.kinds import PACKAGES, choices
from exercises.kinds.registry import KINDS
from workshops.schema import EXERCISE_KINDS

ROOT = Path(__file__).resolve().parent.parent
KIND_VALUES = set(KINDS)
KIND_NAMES = {key.upper() for key in KINDS}


def test_every_kind_has_its_folder_with_form_spec_and_templates():
    assert {key for key, _label in choices()} == KIND_VALUES == EXERCISE_KINDS
    for key, kind in KINDS.items():
        folder = ROOT / "exercises" / "kinds" / kind.package
        assert kind.key == key
        assert kind.package in PACKAGES
        assert type(kind).__module__ == f"exercises.kinds.{kind.package}.kind"
        assert issubclass(kind.form, AnswerForm)
        assert kind.form.__module__.startswith(f"exercises.kinds.{kind.package}.")
        for name in (
            kind.form.template_name,
            kind.answers_partial,
            kind.projector_partial,
            kind.report_template,
        ):
            template = get_template(name)  # raises if the template is missing
            assert Path(template.origin.name).is_relative_to(folder), name


def python_files():
    for folder in ("changemakers", "exercises", "seating", "talks", "workshops"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts or path.is_relative_to(ROOT / "exercises" / "kinds"):
                continue
            yield path


def is_kind_constant(node) -> bool:
    """Exercise.Kind.X (self.Kind.X), or a string that is an exercise kind's value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value in KIND_VALUES
    return (
        isinstance(node, ast.Attribute)
        and node.attr in KIND_NAMES
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "Kind"
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id in {"Exercise", "self"}  # self: inside the Exercise model
    )


def is_kind_attribute(node) -> bool:
    """exercise.kind, or a variable named kind."""
    return (isinstance(node, ast.Attribute) and node.attr == "kind") or (
        isinstance(node, ast.Name) and node.id == "kind"
    )


def dispatches(tree) -> list[int]:
    """Lines that compare an exercise's kind with a kind, or key a table by kind."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            kinds = [
                sub for operand in operands for sub in ast.walk(operand) if is_kind_constant(sub)
            ]
            if kinds and any(is_kind_attribute(operand) for operand in operands):
                lines.append(node.lineno)
        elif isinstance(node, ast.Dict) and any(
            key is not None and is_kind_constant(key) for key in node.keys
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.keyword) and is_kind_lookup(node.arg):
            if any(is_kind_constant(sub) for sub in ast.walk(node.value)):
                lines.append(node.value.lineno)
    return lines


def is_kind_lookup(argument: str | None) -> bool:
    """A keyword that filters or sets a kind: kind=…, exercise__kind__in=…"""
    return "kind" in (argument or "").split("__")


def test_no_kind_dispatch_outside_the_registry():
    found = {}
    for path in python_files():
        lines = dispatches(ast.parse(path.read_text(), str(path)))
        if lines:
            found[str(path.relative_to(ROOT))] = lines
    assert found == {}


def test_no_kind_dispatch_in_templates():
    kinds = "|".join(KIND_VALUES)
    pattern = re.compile(rf"exercise\.kind\s*(==|!=|in)\s*[\"']?({kinds})|\|add:\S*\.kind")
    found = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if pattern.search(path.read_text())
    ]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "if exercise.kind == Exercise.Kind.LUNCH: pass",
        "lunch = exercise.kind == 'lunch'",
        "x = {Exercise.Kind.RATING: f}[exercise.kind]",
        "if kind in {Exercise.Kind.REFLECTION, Exercise.Kind.LUNCH}: pass",
        "cards = exercises.filter(kind=Exercise.Kind.POSTCARD)",
        "cards = exercises.filter(kind='postcard')",
        "Postcard.objects.filter(exercise__kind__in=['postcard', 'lunch'])",
        "VIEWS = {'postcard': wall, 'rating': chart}",
    ],
)
def test_the_check_finds_dispatch(source):
    assert dispatches(ast.parse(source))
