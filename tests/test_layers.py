"""The import graph goes one way: models ← services ← presenters ← views/consumers, and has
no cycle (imports inside functions count too). Read from the source with `ast`."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("changemakers", "exercises", "seating", "talks", "workshops")

# Every module is placed in exactly one layer; a pattern's "*" is one dotted part (an exercise
# kind's folder). A module in none fails test_every_module_has_a_layer.
# Layer 0: the models and helpers that know no request and write nothing on their own.
MODELS = {
    "changemakers.security",
    "changemakers.settings",
    "changemakers.sqlite.base",
    "exercises.charts",
    "exercises.kinds",
    "exercises.kinds.*",
    "exercises.kinds.*.charts",
    "exercises.kinds.*.models",
    "exercises.kinds.*.spec",
    "exercises.kinds.spec",
    "exercises.models",
    "exercises.profile",
    "exercises.tables",
    "exercises.textlimit",
    "seating.models",
    "seating.planner",
    "talks.models",
    "workshops.converters",
    "workshops.models",
    "workshops.network",
    "workshops.schema",
}
# Layer 1: validation, the writes (each pushing what it changed), results and files, in tiers
# that import only the same tier or those before: the kinds validate and write but never push;
# the pushes know no kind; the services write and push; the files read what all of them made.
SERVICE_TIERS = (
    {
        "exercises.forms",
        "exercises.kinds.base",
        "exercises.kinds.*.editor",
        "exercises.kinds.*.forms",
        "exercises.kinds.*.kind",
        "exercises.kinds.registry",
    },
    {
        "changemakers.layers",
        "workshops.live",
        "workshops.live.*",
        "workshops.ratelimit",
        "workshops.screens",
        "workshops.writes",
    },
    {
        "exercises.answers",
        "seating.forms",
        "seating.services",
        "talks.forms",
        "talks.services",
        "workshops.loader",
        "workshops.services",
    },
    {
        "talks.exports",
        "workshops.exports",
        "workshops.pdf",
        "workshops.report",
        "workshops.workshop_file",
    },
    # Edits to the day's content, checked against the day's file as it stands.
    {"workshops.editing"},
)
SERVICES = set().union(*SERVICE_TIERS)
# Layer 2: what a screen shows.
PRESENTERS = {"talks.context", "workshops.presenters", "*.templatetags.*"}
# Layer 3: what answers a request or a socket, and what Django and the command line start.
VIEWS = {
    "changemakers.asgi",
    "changemakers.bundles",
    "changemakers.compact",
    "changemakers.busy",
    "changemakers.http",
    "changemakers.routing",
    "changemakers.urls",
    "exercises.admin",
    "exercises.apps",
    "exercises.kinds.*.admin",
    "exercises.kinds.*.apps",
    "exercises.urls",
    "exercises.views",
    "seating.apps",
    "seating.urls",
    "seating.views",
    "talks.admin",
    "talks.apps",
    "talks.urls",
    "talks.views",
    "workshops.access",
    "workshops.admin",
    "workshops.apps",
    "workshops.console",
    "workshops.consumers",
    "workshops.editor",
    "workshops.join",
    "workshops.management.commands.*",
    "workshops.organiser",
    "workshops.preview",
    "workshops.projector",
    "workshops.urls",
}
LAYERS = (MODELS, SERVICES, PRESENTERS, VIEWS)
LAYER_NAMES = ("models", "services", "presenters", "views/consumers")


def matches(name: str, pattern: str) -> bool:
    parts, wanted = name.split("."), pattern.split(".")
    return len(parts) == len(wanted) and all(
        w in ("*", p) for p, w in zip(parts, wanted, strict=True)
    )


def placed(name: str, groups) -> int | None:
    """The index of the group whose matching pattern is the most specific (fewest "*": a
    module's own name before its kind folder's wildcard), or None."""
    found = [
        (pattern.count("*"), number)
        for number, patterns in enumerate(groups)
        for pattern in patterns
        if matches(name, pattern)
    ]
    return min(found)[1] if found else None


def modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            if path.name == "__init__.py" and not ast.parse(path.read_text()).body:
                continue  # an empty package: no layer of its own
            found[name.removesuffix(".__init__")] = path
    return found


def layer(name: str) -> int:
    number = placed(name, LAYERS)
    assert number is not None, f"{name} is in no layer of tests/test_layers.py"
    return number


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            # An app's package (empty __init__) is no layer of its own.
            if target and target != name and target not in APPS and target.split(".")[0] in APPS:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def test_imports_go_one_way():
    upward = sorted(
        f"{name} ({LAYER_NAMES[layer(name)]}) imports {target} ({LAYER_NAMES[layer(target)]})"
        for name, targets in graph().items()
        for target in targets
        if layer(target) > layer(name)
    )
    assert upward == []


def test_no_import_cycle():
    edges = graph()
    # A module's package __init__ runs before it: not a cycle of ours.
    edges = {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in edges.items()
    }
    cycles = []
    state: dict[str, int] = {}

    def visit(node, path):
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_every_module_has_a_layer():
    assert sorted(name for name in modules() if placed(name, LAYERS) is None) == []


def test_every_layer_pattern_places_a_module():
    names = modules()
    patterns = [pattern for patterns in LAYERS for pattern in patterns]
    assert [p for p in patterns if not any(matches(name, p) for name in names)] == []


def test_services_import_their_own_tier_or_those_before():
    upward = sorted(
        f"{name} (tier {placed(name, SERVICE_TIERS)}) imports {target} "
        f"(tier {placed(target, SERVICE_TIERS)})"
        for name, targets in graph().items()
        if name in SERVICES or placed(name, SERVICE_TIERS) is not None
        for target in targets
        if placed(name, SERVICE_TIERS) is not None
        and placed(target, SERVICE_TIERS) is not None
        and placed(target, SERVICE_TIERS) > placed(name, SERVICE_TIERS)
    )
    assert upward == []


def test_views_leave_the_pushes_to_the_services():
    """A view that writes calls a service, which pushes: no view imports the push module."""
    found = modules()
    views = ["exercises.views", "talks.views"] + [
        f"workshops.{name}" for name in ("console", "join", "organiser", "projector")
    ]
    pushing = [
        view
        for view in views
        if any(
            target == "workshops.live" or target.startswith("workshops.live.")
            for target in imports(view, found[view], set(found))
        )
    ]
    assert pushing == []
