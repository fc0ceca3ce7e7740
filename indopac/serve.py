"""Serve the published database read-only with Datasette."""

from __future__ import annotations

import sys
from pathlib import Path

PLUGINS_DIR = Path(__file__).resolve().parent / "datasette_plugins"

# The same settings for `indopac serve` and for the tests' Datasette app.
SETTINGS = {
    "sql_time_limit_ms": 1000,
    "max_returned_rows": 5000,
    "facet_time_limit_ms": 500,
    "allow_download": True,
}


def datasette_argv(
    database: Path, metadata: Path, host: str, port: int, exports: Path | None = None
) -> list[str]:
    """Command line for Datasette serving ``database`` immutable (opened read-only, no locks).

    ``exports`` is mounted at /exports/: Datasette's own CSV stream stops at max_csv_mb, so
    the complete files are offered beside the database.
    """
    argv = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        str(database),
        "--metadata",
        str(metadata),
        "--host",
        host,
        "--port",
        str(port),
        "--plugins-dir",
        str(PLUGINS_DIR),
    ]
    for name, value in SETTINGS.items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        argv += ["--setting", name, text]
    if exports is not None:
        argv += ["--static", f"exports:{exports}"]
    return argv


def make_app(database: Path, metadata: Path, exports: Path | None = None):
    """A Datasette instance configured exactly as ``indopac serve`` runs it."""
    import yaml
    from datasette.app import Datasette

    return Datasette(
        immutables=[str(database)],
        metadata=yaml.safe_load(metadata.read_text(encoding="utf-8")),
        plugins_dir=str(PLUGINS_DIR),
        static_mounts=[("exports", str(exports))] if exports is not None else None,
        settings=dict(SETTINGS),
    )


def needs_build(database: Path, inputs: list[Path]) -> bool:
    """True when the published file is missing or older than any seed, migration or model."""
    if not database.exists():
        return True
    built = database.stat().st_mtime
    for root in inputs:
        files = [root] if root.is_file() else root.rglob("*")
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts and path.stat().st_mtime > built:
                return True
    return False
