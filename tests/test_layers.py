"""The import graph goes one way: models ← services ← presenters ← views/consumers, and has
no cycle (imports inside functions count too). Read from the source with `ast`."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("changemakers", "exercises", "scenarios", "seating", "talks", "workshops")

# Layer 0: the models and helpers that know no request and write nothing on their own.
MODELS = {
    "changemakers.security",
    "changemakers.settings",
    "exercises.charts",
    "exercises.models",
    "exercises.profile",
    "exercises.tables",
    "exercises.textlimit",
    "scenarios.models",
    "seating.models",
    "seating.planner",
    "talks.models",
    "workshops.converters",
    "workshops.models",
    "workshops.network",
    "workshops.schema",
}
# Layer 1: validation, the writes (each pushing what it changed), results and files.
SERVICES = {
    "changemakers.layers",
    "exercises.answers",
    "exercises.forms",
    "exercises.kinds",
    "exercises.results",
    "scenarios.forms",
    "seating.services",
    "talks.exports",
    "talks.forms",
    "talks.services",
    "workshops.editing",
    "workshops.exports",
    "workshops.live",
    "workshops.loader",
    "workshops.pdf",
    "workshops.ratelimit",
    "workshops.report",
    "workshops.screens",
    "workshops.services",
    "workshops.workshop_file",
}
# Layer 2: what a screen shows.
PRESENTERS = {"talks.context", "workshops.presenters"}
LAYER_NAMES = ("models", "services", "presenters", "views/consumers")


def modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def layer(name: str) -> int:
    """Views, consumers, URLs, admin, app configs, template tags' callers: the top."""
    for number, members in enumerate((MODELS, SERVICES, PRESENTERS)):
        if any(name == member or name.startswith(member + ".") for member in members):
            return number
    if ".templatetags." in name:
        return 2
    return 3


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


def test_every_module_has_a_layer_and_the_views_are_on_top():
    names = set(modules())
    assert (MODELS | SERVICES | PRESENTERS) - names == set()
    for view in ("exercises.views", "workshops.console", "workshops.consumers", "talks.views"):
        assert layer(view) == 3


def test_views_leave_the_pushes_to_the_services():
    """A view that writes calls a service, which pushes: no view imports the push module."""
    found = modules()
    views = ["exercises.views", "talks.views"] + [
        f"workshops.{name}" for name in ("console", "join", "organiser", "projector")
    ]
    pushing = [view for view in views if "workshops.live" in imports(view, found[view], set(found))]
    assert pushing == []
