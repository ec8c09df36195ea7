"""The three layers hold: the core never prints through or imports the command line, rich or a renderer; no cycles.

Reads the imports of every module of the package (module level and inside functions alike) with ``ast``:
``saa.cli*`` wires options to the core and picks a renderer; ``saa.render*`` draws results; everything else
is the core, which computes and returns data.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "saa"
FORBIDDEN_IN_CORE = ("typer", "click", "rich", "saa.render", "saa.cli")


def module_name(path: Path, root: Path = PACKAGE.parent) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path, root: Path = PACKAGE.parent) -> set[str]:
    """Every module ``path`` imports, with relative imports resolved; ``from x import y`` also counts ``x.y``."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            for a in node.names:
                found.add(f"{target}.{a.name}")
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_core(name: str) -> bool:
    return not (name in ("saa.cli", "saa.render", "saa.__main__") or name.startswith(("saa.cli.", "saa.render.")))


def saa_imports(name: str) -> set[str]:
    return {m for m in imports_of(MODULES[name]) if m in MODULES and m != name}


def test_the_layers_are_known():
    core = [m for m in MODULES if is_core(m)]
    assert "saa.value" in core and "saa.network" in core and "saa.render.report" not in core
    assert len(core) > 20


@pytest.mark.parametrize("name", [m for m in MODULES if is_core(m)])
def test_core_module_imports_no_command_line_rich_or_renderer(name):
    bad = sorted(m for m in imports_of(MODULES[name])
                 if any(m == f or m.startswith(f + ".") for f in FORBIDDEN_IN_CORE))
    assert not bad, f"{name} is core but imports {bad}"


def test_renderers_do_not_import_the_command_line():
    for name in MODULES:
        if name.startswith("saa.render"):
            bad = sorted(m for m in imports_of(MODULES[name]) if m == "saa.cli" or m.startswith("saa.cli."))
            assert not bad, f"{name} imports {bad}"


def test_no_import_cycles():
    graph = {m: saa_imports(m) for m in MODULES}
    # a package's __init__ importing its own submodules is how a package lists them, not a cycle
    for m, deps in graph.items():
        if MODULES[m].name == "__init__.py":
            graph[m] = {d for d in deps if not d.startswith(m + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycle = stack[stack.index(d):] + [d]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_a_known_violation_is_caught(tmp_path):
    """The reader sees imports inside functions and relative ones: the test above can fail."""
    p = PACKAGE / "value.py"
    found = imports_of(p)
    assert "saa.formula" in found and "saa.plan" in found
    fake = tmp_path / "saa" / "x.py"
    fake.parent.mkdir()
    fake.write_text("def f():\n    from .render import terminal\n    import rich.table\n", encoding="utf-8")
    assert {"saa.render", "saa.render.terminal", "rich.table"} <= imports_of(fake, tmp_path)
