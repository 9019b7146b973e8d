"""The exercise kinds live in exercises/kinds/, one module each: every kind has all its parts,
and nothing outside the registry branches on an exercise's kind."""

import ast
import re
from pathlib import Path

import pytest
from django.template.loader import get_template

from exercises.forms import AnswerForm
from exercises.kinds import KINDS
from exercises.models import Exercise

ROOT = Path(__file__).resolve().parent.parent
KIND_VALUES = {str(kind) for kind in Exercise.Kind}
KIND_NAMES = {kind.name for kind in Exercise.Kind}


def test_every_kind_has_its_module_with_form_and_templates():
    assert set(KINDS) == KIND_VALUES
    for key, kind in KINDS.items():
        assert kind.key == key
        assert issubclass(kind.form, AnswerForm)
        for name in (
            kind.answers_partial,
            kind.projector_partial,
            kind.text_partial,
            kind.report_template,
        ):
            get_template(name)  # raises if the template or its partial is missing


def python_files():
    for folder in ("changemakers", "exercises", "scenarios", "seating", "talks", "workshops"):
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
            key is not None and is_kind_constant(key) and not isinstance(key, ast.Constant)
            for key in node.keys
        ):
            lines.append(node.lineno)
    return lines


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
    ],
)
def test_the_check_finds_dispatch(source):
    assert dispatches(ast.parse(source))
