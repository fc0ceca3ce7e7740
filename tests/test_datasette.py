"""The published database through a real Datasette app, configured as `indopac serve` runs it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from indopac.paths import METADATA_FILE
from indopac.serve import make_app
from tests.helpers import sha256, user_tables_and_views

pytestmark = pytest.mark.anyio


@pytest.fixture
def datasette(built_db: Path):
    return make_app(built_db, METADATA_FILE)


async def test_database_is_served_immutable(datasette) -> None:
    response = await datasette.client.get("/-/databases.json")
    assert response.status_code == 200
    [database] = response.json()
    assert database["name"] == "indopac"
    assert database["is_mutable"] is False


async def test_every_table_and_both_views_are_served(datasette, built_db: Path) -> None:
    names = user_tables_and_views(built_db)
    assert {"timeline", "event_participants", "events", "visits", "citations"} <= set(names)
    for name in names:
        response = await datasette.client.get(f"/indopac/{name}.json?_shape=objects")
        assert response.status_code == 200, name
        assert "rows" in response.json(), name


async def test_events_are_searchable_from_the_table_page(datasette, built_db: Path) -> None:
    response = await datasette.client.get("/indopac/events.json?_search=Laotian&_shape=objects")
    assert response.status_code == 200
    found = sorted(row["id"] for row in response.json()["rows"])
    # Exactly the events whose title or summary has the word, whatever the data holds.
    with sqlite3.connect(f"file:{built_db}?mode=ro", uri=True) as conn:
        expected = sorted(
            event_id
            for (event_id,) in conn.execute(
                "SELECT id FROM events WHERE title LIKE '%Laotian%' OR summary LIKE '%Laotian%'"
            )
        )
    assert "kamikawa-wang-yi-vientiane-2024-07-26" in found
    assert found == expected


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM events",
        "UPDATE events SET title = 'x'",
        "INSERT INTO countries (code, alpha3, name) VALUES ('XX', 'XXX', 'x')",
        "DROP TABLE events",
        "CREATE TABLE t (x)",
        "ATTACH DATABASE '/tmp/x.db' AS x",
        "PRAGMA user_version = 5",
        "PRAGMA journal_mode = WAL",
        "WITH doomed AS (SELECT id FROM events) DELETE FROM events WHERE id IN doomed",
        "WITH x AS (SELECT 1) INSERT INTO countries (code, alpha3, name) SELECT 'XX', 'XXX', 'x'",
        "SELECT load_extension('/tmp/evil')",
        "VACUUM",
        "REINDEX",
        "ANALYZE",
        "SELECT 1; DELETE FROM events",
    ],
)
async def test_writing_sql_is_refused(datasette, built_db: Path, sql: str) -> None:
    before = sha256(built_db)
    response = await datasette.client.get("/indopac.json", params={"sql": sql})
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert sha256(built_db) == before


async def test_a_write_request_is_refused(datasette, built_db: Path) -> None:
    before = sha256(built_db)
    response = await datasette.client.post("/indopac/events/-/insert", json={"row": {"id": "x"}})
    assert response.status_code >= 400
    assert sha256(built_db) == before


async def test_select_sql_is_answered(datasette) -> None:
    response = await datasette.client.get(
        "/indopac.json",
        params={"sql": "select count(*) as n from timeline", "_shape": "array"},
    )
    assert response.status_code == 200
    assert response.json()[0]["n"] > 0


async def test_unknown_routes_answer_404(datasette) -> None:
    for path in ("/indopac/no_such_table", "/no_such_database", "/indopac/events/no-such-row"):
        response = await datasette.client.get(path)
        assert response.status_code == 404, path


async def test_sql_time_limit_is_set(datasette) -> None:
    response = await datasette.client.get("/-/settings.json")
    assert response.json()["sql_time_limit_ms"] == 1000
