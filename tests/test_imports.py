"""The package's modules import in one direction: no module imports one that imports it back
(directly or through others, at the top or inside a function), and none reaches for another
module's private names."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from indopac.paths import PACKAGE_DIR


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = ("indopac", *path.relative_to(PACKAGE_DIR).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _imports(name: str, path: Path, modules: dict[str, Path]):
    """(module imported, name taken from it or None) for every import of an indopac module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *filter(None, [node.module])])
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                yield (submodule, None) if submodule in modules else (source, alias.name)


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    private = []
    for name, path in modules.items():
        for imported, taken in _imports(name, path, modules):
            if imported not in modules or imported == name:
                continue
            graph[name].add(imported)
            # Dunders such as __version__ are public by convention.
            if taken and taken.startswith("_") and not taken.startswith("__"):
                private.append(f"{name} imports {taken} from {imported}")
    return graph, private


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph, _ = _graph()
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None


def test_no_module_imports_another_modules_private_names() -> None:
    assert _graph()[1] == []
