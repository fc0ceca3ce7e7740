"""Datasette metadata: generated from the models, complete, and what the server shows."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indopac.describe.metadata import LABEL_COLUMNS, configuration, descriptive
from indopac.paths import METADATA_FILE
from indopac.serve import make_app
from tests.helpers import read_only

pytestmark = pytest.mark.anyio


def _published_tables(path: Path) -> dict[str, list[str]]:
    with read_only(path) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' "
                "AND name <> 'alembic_version'"
            )
        ]
        return {
            name: [row[1] for row in conn.execute(f"PRAGMA table_info({name})")] for name in names
        }


def test_every_table_view_and_column_is_described(built_db: Path) -> None:
    described = descriptive()["databases"]["indopac"]["tables"]
    missing = []
    for table, columns in _published_tables(built_db).items():
        entry = described.get(table, {})
        if not (entry.get("description") or "").strip() or entry.get("description") == "None":
            missing.append(table)
        for column in columns:
            text = entry.get("columns", {}).get(column) or ""
            if not text.strip() or text == "None":
                missing.append(f"{table}.{column}")
    assert missing == []


def test_reference_tables_have_label_columns_and_internal_tables_are_hidden(
    built_db: Path,
) -> None:
    tables = configuration()["databases"]["indopac"]["tables"]
    columns = _published_tables(built_db)
    for table, label in LABEL_COLUMNS.items():
        assert tables[table]["label_column"] == label
        assert label in columns[table]
    for internal in ("alembic_version", "events_fts", "assessments_fts_data", "sqlite_stat1"):
        assert tables[internal]["hidden"] is True


async def test_the_server_shows_descriptions_labels_and_hides_internals(built_db: Path) -> None:
    datasette = make_app(built_db, METADATA_FILE)
    page = await datasette.client.get("/indopac/timeline")
    assert page.status_code == 200
    assert "One row per event of any kind" in page.text
    database = await datasette.client.get("/indopac.json")
    visible = {t["name"] for t in database.json()["tables"] if not t["hidden"]}
    assert "events" in visible and "alembic_version" not in visible
    assert not any("_fts" in name for name in visible)
    # A foreign key shows the label of the row it points at.
    visits = await datasette.client.get("/indopac/visits.json?_labels=on&_shape=array")
    assert {"value": "CN", "label": "China"} in [
        row["destination_country_code"] for row in visits.json()
    ]


async def test_unknown_routes_answer_404_with_all_plugins_loaded(built_db: Path) -> None:
    datasette = make_app(built_db, METADATA_FILE)
    for path in ("/indopac/nope", "/-/nope", "/indopac/events/nope"):
        assert (await datasette.client.get(path)).status_code == 404


def test_metadata_file_is_valid_yaml_with_separable_parts() -> None:
    loaded = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    assert loaded["license"] == "CC BY 4.0"
    assert set(configuration()) == {"databases", "plugins"}
    assert "plugins" not in descriptive()
