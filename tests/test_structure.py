"""The package's shape, read from the source with `ast` (nothing is imported): no import
cycles between indopac's modules, no private names borrowed across modules, and no imports of
the old top-level packages `schema` and `seeds`."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indopac.paths import ROOT, SEEDS_DIR

# Folders whose code must not import the old top-level names; schema/ and migrations/ are
# installed as indopac.schema and indopac.migrations, seeds/ holds data only.
CODE_FOLDERS = ("indopac", "schema", "migrations", "tests", "benchmarks")
OLD_TOP_LEVEL_NAMES = {"schema", "seeds"}


@dataclass(frozen=True)
class Import:
    """One import statement's target, as written and resolved."""

    module: str  # the absolute module imported from (``a.b`` for ``from a.b import c``)
    names: tuple[str, ...]  # the names taken from it (empty for ``import a.b``)
    line: int
    relative: bool = False


def package_sources() -> dict[str, Path]:
    """Every module of the installed package, by dotted name, from pyproject.toml's
    [tool.setuptools] packages and package-dir: the folders setuptools installs, so that a
    folder added to the package is checked without changing this test."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    folders = setuptools.get("package-dir", {})
    modules = {}
    for package in setuptools["packages"]:
        # A package without its own entry lies inside its parent's folder (setuptools' rule).
        parts = package.split(".")
        for depth in range(len(parts), 0, -1):
            prefix = ".".join(parts[:depth])
            if prefix in folders:
                folder = ROOT / folders[prefix] / Path(*parts[depth:])
                break
        else:
            folder = ROOT / Path(*parts)
        for path in sorted(folder.glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            modules[name] = path
    return modules


def imports_of(path: Path, module: str) -> Iterator[Import]:
    """Every import in a file, at module level or inside functions and classes, relative
    ones resolved against ``module`` (the file's dotted name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.stem == "__init__"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, (), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # `from . import x` in a package's __init__ is relative to that package; in any
                # other module, to the package holding it.
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names = tuple(alias.name for alias in node.names)
            yield Import(target, names, node.lineno, relative=bool(node.level))


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the package modules it imports (``from a import b`` is an import of the
    module ``a.b`` when there is one, else of ``a``)."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for found in imports_of(path, name):
            for taken in found.names or ("",):
                submodule = f"{found.module}.{taken}"
                target = submodule if submodule in modules else found.module
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm), as
    the list of modules from the group's first name back to it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)

    found = []
    for group in groups:
        start = min(group)
        # The shortest way from start back to itself inside the group, breadth first.
        paths = {start: [start]}
        queue = [start]
        cycle = None
        while queue and cycle is None:
            node = queue.pop(0)
            for target in sorted(graph[node] & group):
                if target == start:
                    cycle = [*paths[node], start]
                    break
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    queue.append(target)
        found.append(cycle)
    return sorted(found)


def test_the_package_is_read_from_every_installed_folder() -> None:
    """Fails when the module list misses a folder pyproject.toml installs, or the graph an
    import inside a function: the checks below would pass without reading them."""
    modules = package_sources()
    assert "indopac.cli" in modules
    assert modules["indopac.schema"] == ROOT / "schema" / "__init__.py"
    assert modules["indopac.migrations.env"] == ROOT / "migrations" / "env.py"
    assert "indopac.ingest.checks" in modules
    assert any(name.startswith("indopac.migrations.versions.") for name in modules)
    # Imports at module level and inside functions (the command line defers most of its own).
    assert {"indopac.paths", "indopac.build"} <= import_graph(modules)["indopac.cli"]


def test_relative_imports_resolve_against_the_importing_module(tmp_path: Path) -> None:
    """Fails when `from . import x` or `from ..y import z` resolve to the wrong module, so a
    cycle through a relative import would go unseen."""
    source = tmp_path / "mod.py"
    source.write_text(
        "from . import sibling\nfrom ..other import thing\ndef f():\n    import indopac.cli\n",
        encoding="utf-8",
    )
    found = {(i.module, i.names) for i in imports_of(source, "indopac.ingest.mod")}
    assert found == {
        ("indopac.ingest", ("sibling",)),
        ("indopac.other", ("thing",)),
        ("indopac.cli", ()),
    }
    package = tmp_path / "__init__.py"
    package.write_text("from .checks import validate\n", encoding="utf-8")
    assert [i.module for i in imports_of(package, "indopac.ingest")] == ["indopac.ingest.checks"]


def test_a_cycle_is_found_and_named() -> None:
    """Fails when the cycle search misses a cycle, or names it other than module by module."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_the_package_modules() -> None:
    """Fails when indopac's modules import each other in a circle (at module level or inside
    a function: a deferred import hides a cycle, it does not remove it). The flow runs one
    way, seeds → validation → database → snapshot → Datasette and exports, and so should
    the imports; each cycle is named module by module."""
    found = cycles(import_graph(package_sources()))
    assert not found, "import cycles:\n" + "\n".join(" → ".join(cycle) for cycle in found)


def test_no_module_imports_a_private_name_from_another() -> None:
    """Fails when a module takes a name starting with one underscore from another module: a
    private name is free to change with its own module; share it under a public name."""
    borrowed = []
    for name, path in package_sources().items():
        for found in imports_of(path, name):
            for taken in found.names:
                if taken.startswith("_") and not taken.startswith("__"):
                    borrowed.append(
                        f"{path.relative_to(ROOT)}:{found.line}: {taken} from {found.module}"
                    )
    assert not borrowed, "private names imported:\n" + "\n".join(borrowed)


def test_no_code_imports_the_old_top_level_schema_or_seeds() -> None:
    """Fails when code imports `schema` or `seeds` as top-level packages: the models install
    as indopac.schema, and seeds/ holds no code (an installed indopac has neither name, and
    on PyPI both belong to other projects)."""
    found = []
    for folder in CODE_FOLDERS:
        files = sorted((ROOT / folder).rglob("*.py"))
        assert files, f"{folder}/ has no Python files: nothing was checked"
        for path in files:
            for imported in imports_of(path, "__main__"):
                # A relative import stays inside its own package: only an absolute one can
                # name a top-level package.
                if not imported.relative and imported.module.split(".")[0] in OLD_TOP_LEVEL_NAMES:
                    found.append(f"{path.relative_to(ROOT)}:{imported.line}: {imported.module}")
    assert not found, "imports of the old top-level packages:\n" + "\n".join(found)


def test_seeds_hold_no_python() -> None:
    """Fails when a .py file is put back into seeds/: it holds YAML and ID lists only, and
    the code that reads them lives in indopac/ingest."""
    assert list(SEEDS_DIR.rglob("*.py")) == []
