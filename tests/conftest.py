"""Shared fixtures: copies of the real seeds to break, and one real build to read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indopac.build import build
from indopac.db import make_engine, sqlite_url
from indopac.paths import MIGRATIONS_DIR, ROOT, SEEDS_DIR


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the real seed files, safe to edit."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real seeds built once, as `indopac build` does, into a temporary dist folder."""
    out = tmp_path_factory.mktemp("dist") / "indopac.db"
    build(SEEDS_DIR, out)
    return out


# pytest-alembic: the project's own migrations against a real SQLite file.
@pytest.fixture
def alembic_config() -> dict:
    return {"file": str(ROOT / "alembic.ini"), "script_location": str(MIGRATIONS_DIR)}


@pytest.fixture
def alembic_engine(tmp_path: Path):
    engine = make_engine(sqlite_url(tmp_path / "alembic.db"))
    yield engine
    engine.dispose()
