"""Per-record history: the records each release kept, and record_changes made by the build."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from indopac.build import build
from indopac.describe.changes import BLOCK, frozen_for_release, summary
from indopac.describe.readme import begin_marker, end_marker
from indopac.ingest import history
from indopac.ingest.errors import SeedValidationError
from indopac.ingest.seed_files import read_yaml
from indopac.ingest.stable_ids import read_published_ids
from indopac.paths import SEEDS_DIR


def _changes(database: Path, *where: str) -> list[tuple]:
    sql = (
        "SELECT release, record_kind, record_id, change, field, old_value, new_value, "
        "replaced_by FROM record_changes"
    )
    with sqlite3.connect(database) as conn:
        return conn.execute(sql + (" WHERE " + " AND ".join(where) if where else "")).fetchall()


def test_the_kept_0_1_0_release_holds_exactly_the_ids_0_1_0_published() -> None:
    # seeds/releases/0.1.0.jsonl was made from the release's commit; published-ids.txt was
    # written by that release and has not changed since: the two must name the same records.
    kept = set(history.read_release(SEEDS_DIR / history.RELEASES_DIR / "0.1.0.jsonl"))
    assert kept == {
        (str(kind), record_id)
        for kind, record_id in read_published_ids(SEEDS_DIR / "published-ids.txt")
    }


def test_the_real_build_records_the_retired_event_with_its_replacement(built_db: Path) -> None:
    (retired,) = [e for e in read_yaml(SEEDS_DIR / "retired_ids.yaml") if e["kind"] == "event"]
    rows = _changes(built_db, f"record_id = '{retired['id']}'")
    assert rows == [
        ("0.1.0", "event", retired["id"], "added", None, None, None, None),
        ("unreleased", "event", retired["id"], "removed", None, None, None, retired["replaced_by"]),
    ]


def test_a_changed_field_an_added_and_a_removed_record_are_each_recorded(
    seeds_copy: Path, tmp_path: Path
) -> None:
    history.keep_release(seeds_copy, "0.1.0")
    visits = seeds_copy / "visits.yaml"
    text = visits.read_text(encoding="utf-8")
    first = read_yaml(visits)[0]
    old_status = first["status"]
    new_status = "planned" if old_status != "planned" else "occurred"
    # Change one field of the first visit, as a curator would in the file.
    marker = f"- id: {first['id']}\n"
    head, rest = text.split(marker, 1)
    rest = rest.replace(f"  status: {old_status}\n", f"  status: {new_status}\n", 1)
    visits.write_text(head + marker + rest, encoding="utf-8")
    database = tmp_path / "indopac.db"
    build(seeds_copy, database)
    assert _changes(database, "release = 'unreleased'") == [
        ("unreleased", "event", first["id"], "changed", "status", old_status, new_status, None)
    ]
    # Every record of the release appears once as added in it, nothing else.
    added = _changes(database, "release = '0.1.0'")
    assert {row[3] for row in added} == {"added"}
    assert len(added) == len(history.seed_records(seeds_copy))


def test_without_a_kept_release_there_is_no_history(seeds_copy: Path, tmp_path: Path) -> None:
    database = tmp_path / "indopac.db"
    build(seeds_copy, database)
    assert _changes(database) == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("0.1.0.jsonl", '{"kind": "event", "id": "x", "fields": {"a": "b"}}\n{oops\n', "line 2"),
        ("0.1.0.jsonl", '{"kind": "gadget", "id": "x", "fields": {}}\n', "'kind'"),
        ("0.1.0.jsonl", '{"kind": "event", "id": "x", "fields": {"a": 1}}\n', "'fields'"),
        ("latest.jsonl", "", "is not a release file"),
    ],
    ids=["not-json", "unknown-kind", "value-not-text", "not-a-version"],
)
def test_a_malformed_release_file_is_refused_by_name_and_nothing_is_written(
    seeds_copy: Path, tmp_path: Path, name: str, content: str, expected: str
) -> None:
    (seeds_copy / history.RELEASES_DIR).mkdir()
    (seeds_copy / history.RELEASES_DIR / name).write_text(content, encoding="utf-8")
    database = tmp_path / "indopac.db"
    with pytest.raises(SeedValidationError) as raised:
        build(seeds_copy, database)
    assert f"seeds/{history.RELEASES_DIR}/{name}" in str(raised.value)
    assert expected in str(raised.value)
    assert not database.exists()


def test_the_release_summary_replaces_the_block_of_its_own_section_only(
    seeds_copy: Path, tmp_path: Path
) -> None:
    history.keep_release(seeds_copy, "0.1.0")
    (seeds_copy / "retired_ids.yaml").write_text("[]\n", encoding="utf-8")
    database = tmp_path / "indopac.db"
    build(seeds_copy, database)
    with sqlite3.connect(database) as conn:  # as a release labels its own changes
        conn.execute("UPDATE record_changes SET release = '0.2.0' WHERE release = 'unreleased'")
    block = f"{begin_marker(BLOCK)}\nold\n{end_marker(BLOCK)}"
    text = f"# Changelog\n\n## 0.2.0 (2026-12-31)\n\n{block}\n\n## 0.1.0 (2026-11-29)\n\n- first\n"
    frozen = frozen_for_release(text, "0.2.0", database)
    assert begin_marker(BLOCK) not in frozen and "old" not in frozen
    assert summary(database, "0.2.0") in frozen + "\n"
    assert frozen.endswith("## 0.1.0 (2026-11-29)\n\n- first\n")
    # Another version's section has no block: nothing changes.
    assert frozen_for_release(text, "0.1.0", database) == text
