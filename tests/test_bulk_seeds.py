"""Bulk seed files: any kind of record may come as JSON Lines and reads as its YAML does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from indopac.schema.vocab import RecordKind

from indopac.ingest import SeedValidationError, validate
from indopac.ingest.event_index import EventIndex
from indopac.ingest.seed_files import read_yaml


def _to_jsonl(seeds: Path, name: str) -> list[dict]:
    """Move ``name``.yaml's records to ``name``.jsonl, one per line."""
    records = read_yaml(seeds / f"{name}.yaml")  # dates stay text, as the loader reads them
    (seeds / f"{name}.yaml").unlink()
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    (seeds / f"{name}.jsonl").write_text(lines, encoding="utf-8")
    return records


def test_json_lines_read_as_the_yaml_they_replace(seeds_copy: Path, tmp_path: Path) -> None:
    from_yaml = validate(seeds_copy)
    for name in ("persons", "organizations", "places", "visits", "meetings"):
        _to_jsonl(seeds_copy, name)
    from_jsonl = validate(seeds_copy)
    assert from_jsonl.records == from_yaml.records
    assert from_jsonl.positions == from_yaml.positions
    assert from_jsonl.events == from_yaml.events
    assert from_yaml.records[RecordKind.PERSON] and from_yaml.events


def _errors(seeds: Path) -> list[tuple[str, str | None, str | None, str]]:
    with pytest.raises(SeedValidationError) as caught:
        validate(seeds)
    # Files are named as given; these seeds live in a temporary folder.
    return [(Path(e.file).name, e.record, e.field, e.message) for e in caught.value.errors]


def test_a_bad_line_in_a_reference_jsonl_is_located(seeds_copy: Path) -> None:
    records = _to_jsonl(seeds_copy, "persons")
    bad = dict(records[0], country="XX")
    path = seeds_copy / "persons.jsonl"
    path.write_text(
        path.read_text(encoding="utf-8") + json.dumps(dict(bad, id="someone-new")) + "\n{oops\n",
        encoding="utf-8",
    )
    errors = _errors(seeds_copy)
    assert any(
        file == "persons.jsonl" and record == "someone-new" and field == "country"
        for file, record, field, _ in errors
    ), errors
    assert any(
        file == "persons.jsonl" and record == f"line {len(records) + 2}" and "not JSON" in message
        for file, record, _, message in errors
    ), errors


def test_an_id_in_both_the_yaml_and_the_jsonl_is_a_duplicate(seeds_copy: Path) -> None:
    records = read_yaml(seeds_copy / "persons.yaml")
    (seeds_copy / "persons.jsonl").write_text(json.dumps(records[0]) + "\n", encoding="utf-8")
    errors = _errors(seeds_copy)
    assert (
        "persons.jsonl",
        records[0]["id"],
        "id",
        f"duplicate person ID (already in {seeds_copy / 'persons.yaml'})",
    ) in errors


def test_the_event_index_finds_duplicates_unknown_references_and_cycles() -> None:
    index = EventIndex()
    assert index.add("a", "visits.jsonl") is None
    assert index.add("b", "meetings.jsonl") is None
    assert index.add("a", "meetings.jsonl") == "visits.jsonl"
    assert len(index) == 2 and "a" in index and "z" not in index
    assert list(index) == ["a", "b"]
    index.add_reference("event", "b", "part_of", "a")
    index.add_reference("figure", "f1", "event", "missing")
    assert list(index.unknown_references()) == [("figure", "f1", "event", "missing")]
    index.add("c", "meetings.jsonl")
    index.add_parent("a", "b")
    index.add_parent("b", "a")
    index.add_parent("c", "a")  # points into the cycle, is not in it
    assert index.parents_that_may_cycle() == {"a": "b", "b": "a"}
    index.close()
