"""Shared fixtures: copies of the real seeds to break, and one real build to read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from indopac.build import build
from indopac.db import make_engine, sqlite_url
from indopac.paths import MIGRATIONS_DIR, ROOT, SEEDS_DIR
from tests.helpers import FIXTURE_SEEDS, copy_seeds, read_only, sha256


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture seed files (tests/fixtures/seeds), safe to edit."""
    return copy_seeds(tmp_path)


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real seeds built once, as `indopac build` does, into a temporary dist folder.

    Every test that serves or reads it shares this one file; after the whole session its
    SHA-256 must be unchanged: nothing served can write.
    """
    out = tmp_path_factory.mktemp("dist") / "indopac.db"
    build(SEEDS_DIR, out)
    before = sha256(out)
    yield out
    assert sha256(out) == before, "the published database changed during the test session"


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture seeds (tests/fixtures/seeds) built once: what the views and questions are
    tested on where a test pins the values a record holds."""
    out = tmp_path_factory.mktemp("fixture-dist") / "indopac.db"
    build(FIXTURE_SEEDS, out)
    return out


@pytest.fixture
def fixture_conn(fixture_db: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the fixture build."""
    with read_only(fixture_db) as connection:
        yield connection


@pytest.fixture
def conn(built_db: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the shared build, read-only: nothing a test runs may change it."""
    with read_only(built_db) as connection:
        yield connection


@pytest.fixture(scope="session")
def served(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Datasette process started with `indopac serve`'s command line, on a loopback port."""
    from indopac.export import export_all
    from tests.serving import serve_process

    exports = tmp_path_factory.mktemp("served") / "exports"
    export_all(built_db, exports)
    with serve_process(built_db, exports) as (base, _pid):
        yield base


@pytest.fixture
def anyio_backend() -> str:
    # Datasette's test client runs on asyncio; the async tests are marked `anyio`.
    return "asyncio"


@pytest.fixture
def populated_working_db(tmp_path: Path) -> tuple[Path, str]:
    """A working SQLite file migrated to head and loaded with the fixture seeds: (path, url)."""
    from indopac import migrate
    from indopac.ingest.load import load_seeds

    path = tmp_path / "working.db"
    url = sqlite_url(path)
    migrate.upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        load_seeds(connection, FIXTURE_SEEDS).close()
    engine.dispose()
    return path, url


# pytest-alembic: the project's own migrations against a real SQLite file.
@pytest.fixture
def alembic_config() -> dict:
    return {"file": str(ROOT / "alembic.ini"), "script_location": str(MIGRATIONS_DIR)}


@pytest.fixture
def alembic_engine(tmp_path: Path):
    engine = make_engine(sqlite_url(tmp_path / "alembic.db"))
    yield engine
    engine.dispose()
