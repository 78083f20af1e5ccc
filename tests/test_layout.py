"""The package's shape: file -> nof -> importing -> models -> presentation -> web. Nothing
upstream imports from downstream, no import cycle, no module over 400 lines, none named after a
standard library module, and only `actions` and the importer write."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "leaguetables"
MAX_LINES = 400

# Each module's layer: it may import its own layer and those below, never above.
LAYERS = (
    ("leaguetables.nof", 0),
    ("leaguetables.demo", 1),  # fictional data from the rules: nof only
    ("leaguetables.models", 2),
    ("leaguetables.importing", 3),
    ("leaguetables.queries", 3),
    ("leaguetables.actions", 4),
    ("leaguetables.presentation", 4),
    ("leaguetables.web", 5),
    ("leaguetables.admin", 5),
    ("leaguetables.management", 6),
    ("leaguetables.urls", 6),
    ("leaguetables.settings", 6),
    ("leaguetables.wsgi", 6),
    ("leaguetables.apps", 6),
    ("leaguetables", 6),
)
# Where rows are written: every write passes through actions (and the importer it calls).
WRITERS = ("leaguetables.actions", "leaguetables.importing", "leaguetables.migrations")
WRITE_CALLS = {"save", "create", "bulk_create", "bulk_update", "update", "delete",
               "get_or_create", "update_or_create"}  # fmt: skip


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def layer(name: str) -> int:
    return next(
        level for prefix, level in LAYERS if name == prefix or name.startswith(prefix + ".")
    )


def imports(path: Path, known: set[str]) -> set[str]:
    """The package's modules this file imports, leaving out `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text())
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # from . import x
                package = path.parent.relative_to(PACKAGE.parent).parts
                base = ".".join(package[: len(package) - node.level + 1]) + (
                    f".{base}" if base else ""
                )
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {name for name in found if name in known}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(path, set(found)) - {name} for name, path in found.items()}


def test_no_module_is_over_400_lines():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text().splitlines())) > MAX_LINES}  # fmt: skip
    assert not long, f"split these along a seam they have: {long}"


def test_no_module_is_named_after_a_standard_library_module():
    clashes = [name for name in modules() if name.rsplit(".", 1)[-1] in sys.stdlib_module_names]
    assert not clashes


def test_nothing_upstream_imports_from_downstream():
    wrong = [
        f"{name} imports {target}"
        for name, targets in graph().items()
        for target in targets
        if layer(target) > layer(name) and not target.startswith(name + ".")
    ]
    assert not wrong


def test_there_is_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join(stack[stack.index(target) :] + [target]))
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles


def test_the_rules_are_pure_python():
    for name, path in modules().items():
        if layer(name) <= 1:
            assert "django" not in {i.split(".")[0] for i in _all_imports(path)}, name


def _all_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def reads_the_database(name: str) -> bool:
    """Whether a module can reach rows at all: it imports the models or Django's ORM."""
    imported = _all_imports(modules()[name])
    return any(
        i.startswith(("leaguetables.models", "django.db", "django.contrib")) for i in imported
    )


@pytest.mark.parametrize(
    "name", [n for n in modules() if not n.startswith(WRITERS) and reads_the_database(n)]
)
def test_only_actions_and_the_importer_write_rows(name):
    tree = ast.parse(modules()[name].read_text())
    calls = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WRITE_CALLS
        # A dict's or a set's own update, or our actions, are not row writes.
        and not ast.unparse(node.func.value).startswith(("actions", "super()"))
        and not ast.unparse(node.func.value).endswith((".globals", ".filters"))
        and not isinstance(node.func.value, ast.Name | ast.Subscript)
    ]
    assert not calls, f"{name} writes rows outside actions: {calls}"
