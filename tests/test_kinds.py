"""The registry of record kinds (indopac/ingest/kinds.py) against the models, the records and
a real build: every list the ingest code uses is derived from it, so it must be complete and
agree with the schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from indopac.schema.vocab import EventKind, RecordKind

from indopac import schema
from indopac.ingest import validate
from indopac.ingest.kinds import EVENT_KINDS, KINDS, SKIPPABLE, TABLE_OF_KIND
from indopac.ingest.records import EventIn, column_name
from indopac.paths import SEEDS_DIR


def test_every_record_kind_and_event_kind_is_declared_once() -> None:
    """A kind missing from the registry would be read, loaded or released by no one."""
    assert sorted(entry.kind for entry in KINDS) == sorted(RecordKind)
    assert sorted(entry.kind for entry in EVENT_KINDS) == sorted(EventKind)
    assert len({entry.seed_file for entry in EVENT_KINDS}) == len(EVENT_KINDS)
    filed = [entry.seed_file for entry in KINDS if entry.seed_file]
    assert len(set(filed)) == len(filed)


@pytest.mark.parametrize("entry", KINDS, ids=lambda entry: entry.kind.value)
def test_record_fields_are_the_columns_of_their_table(entry) -> None:
    """The loader dumps records by their column names instead of mapping them by hand: every
    field that is not a list must name (or alias) a column of the kind's table."""
    columns = set(schema.metadata.tables[entry.table].columns.keys())
    stored = entry.record.field_columns()
    missing = {name: column for name, column in stored.items() if column not in columns}
    assert not missing, f"{entry.record.__name__} fields without a column in {entry.table}"
    # Every list field is a table of its own; the rest are columns, but for a field that is
    # only checked (exclude=True: a source's ``independent``).
    fields = entry.record.model_fields
    checked_only = {name for name, info in fields.items() if info.exclude}
    lists = set(fields) - set(stored) - checked_only
    assert all("list" in repr(entry.record.model_fields[name].annotation) for name in lists), lists


@pytest.mark.parametrize("entry", EVENT_KINDS, ids=lambda entry: entry.kind.value)
def test_event_kind_fields_are_the_columns_of_its_own_table(entry) -> None:
    own = entry.own_fields
    if entry.own_table is None:
        assert own == (), f"{entry.record.__name__} has fields but its model has no table"
        return
    columns = set(entry.own_table.columns.keys())
    assert {column_name(name) for name in own} <= columns
    assert columns - {column_name(name) for name in own} == {"event_id"}, (
        f"{entry.own_table.name} has columns no field of {entry.record.__name__} fills"
    )
    assert issubclass(entry.record, EventIn)


def test_derived_lists() -> None:
    """What `indopac load` may skip and what a release lists are the kinds' tables."""
    assert set(TABLE_OF_KIND) == {kind.value for kind in RecordKind}
    assert set(TABLE_OF_KIND.values()) <= set(schema.metadata.tables)
    # Offices come and go with their person; every other kind can be left alone by load.
    assert set(SKIPPABLE) == set(TABLE_OF_KIND.values()) - {"positions"}


def test_a_build_holds_every_record_of_every_kind(built_db: Path) -> None:
    """Each kind's table holds exactly the records its seed files define."""
    dataset = validate(SEEDS_DIR)
    with sqlite3.connect(f"file:{built_db}?mode=ro", uri=True) as conn:
        for entry in KINDS:
            stored = {row[0] for row in conn.execute(f'SELECT id FROM "{entry.table}"')}
            if entry.kind is RecordKind.EVENT:
                expected = set(dataset.events)
            elif entry.kind is RecordKind.POSITION:
                expected = set(dataset.positions)
            else:
                expected = set(dataset.records[entry.kind])
            assert stored == expected, entry.kind
            assert expected, f"the seeds hold no {entry.kind}: this test would prove nothing"
        for entry in EVENT_KINDS:
            of_kind = {i for i, (kind, _) in dataset.events.items() if kind == entry.kind}
            stored = {
                row[0] for row in conn.execute("SELECT id FROM events WHERE kind = ?", [entry.kind])
            }
            assert stored == of_kind, entry.kind
            if entry.own_table is not None:
                rows = {r[0] for r in conn.execute(f"SELECT event_id FROM {entry.own_table.name}")}
                assert rows == of_kind, entry.own_table.name
