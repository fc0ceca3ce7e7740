"""Write checked seed records into a database that is already migrated to head.

Rows go in with SQLAlchemy Core ``executemany`` in the caller's transaction, one statement per
table per batch; no ORM object per row. Events arrive one at a time (``EventWriter``) and are
written in batches, so a large seed folder never sits in memory. References between events
(``part_of``, links) are applied after all events are in, so the order of records in the seed
files does not matter and foreign keys stay enforced throughout.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Date, Table, bindparam

from indopac import schema
from indopac.ingest import history
from indopac.ingest.checks import Checks, check_seeds, position_bounds
from indopac.ingest.dates import edtf_bounds
from indopac.ingest.kinds import (
    EVENT_KIND,
    EVENT_KIND_TABLES,
    FILED_KINDS,
    KINDS,
    SKIPPABLE,
    Stage,
)
from indopac.ingest.read import Dataset
from indopac.ingest.records import EventIn, LocatedIn, Record
from indopac.schema.vocab import EventKind, RecordKind

BATCH_EVENTS = 5000
TABLES = schema.metadata.tables
_BLANK_CITATION = dict.fromkeys(schema.CITED_RECORD_COLUMNS)


class _CompiledInsert:
    """An INSERT compiled once per table and dialect, with how to turn rows into parameters."""

    def __init__(self, table: Table, connection: Connection, keys: tuple[str, ...]) -> None:
        compiled = table.insert().compile(dialect=connection.dialect, column_keys=list(keys))
        self.sql = str(compiled)
        self.names = tuple(compiled.positiontup) if compiled.positional else None
        self.getter = operator.itemgetter(*self.names) if self.names else None
        columns = self.names or tuple(c.name for c in table.columns)
        self.date_positions = [
            i for i, name in enumerate(columns) if isinstance(table.c[name].type, Date)
        ]

    def parameters(self, rows: list[dict]) -> list:
        if self.getter is None:
            return [{name: _plain(value) for name, value in row.items()} for row in rows]
        if len(self.names) == 1:
            params = [(self.getter(row),) for row in rows]
        else:
            params = [self.getter(row) for row in rows]
        if self.date_positions:
            params = [_dates_as_text(p, self.date_positions) for p in params]
        return params


class BulkInserter:
    """executemany on the driver with SQLAlchemy's compiled INSERT for the dialect.

    Rows are checked already (pydantic, then the database's own constraints), so SQLAlchemy's
    per-value type processing is skipped: measured, it cost more than the inserts themselves.
    Every row of one call carries the same columns. The benchmarks subclass it to time the
    inserts and record what was sent.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._compiled: dict[tuple, _CompiledInsert] = {}

    def prepared(self, table: Table | str, rows: list[dict]) -> tuple[str, list]:
        """The SQL and the driver's parameters for ``rows`` of ``table``."""
        table = TABLES[table] if isinstance(table, str) else table
        keys = tuple(rows[0])
        key = (table.name, keys)
        if key not in self._compiled:
            self._compiled[key] = _CompiledInsert(table, self.connection, keys)
        insert = self._compiled[key]
        return insert.sql, insert.parameters(rows)

    def insert(self, table: Table | str, rows: list[dict]) -> None:
        if rows:
            self.connection.exec_driver_sql(*self.prepared(table, rows))


def _plain(value: object) -> object:
    # Dates as ISO text, as SQLAlchemy stores them on SQLite (and PostgreSQL parses them).
    return value.isoformat() if isinstance(value, dt.date) else value


def _dates_as_text(values: tuple, positions: list[int]) -> tuple:
    values = list(values)
    for i in positions:
        if isinstance(values[i], dt.date):
            values[i] = values[i].isoformat()
    return tuple(values)


def _parents_first(items: dict[str, str | None]) -> list[str]:
    """IDs ordered so that each comes after the one it points to (foreign keys stay valid)."""
    ordered: list[str] = []
    placed: set[str] = set()

    def place(item: str) -> None:
        if item in placed:
            return
        parent = items.get(item)
        if parent is not None and parent in items:
            place(parent)
        placed.add(item)
        ordered.append(item)

    for item in sorted(items):
        place(item)
    return ordered


def _citation_rows(kind: RecordKind, record_id: str, cites: Iterable[LocatedIn]) -> list[dict]:
    """Rows of citations (or of disagreements: the same exclusive arc of owners)."""
    owner = {f"{kind}_id": record_id}
    return [{**_BLANK_CITATION, **cite.row(), **owner} for cite in cites]


def existing_keys(connection: Connection) -> dict[str, set]:
    """The primary keys already in a database, per table that ``load`` may add to."""
    keys: dict[str, set] = {}
    for name in ("countries", *SKIPPABLE):
        table = TABLES[name]
        column = table.primary_key.columns.values()[0]
        keys[name] = set(connection.execute(table.select().with_only_columns(column)).scalars())
    retired = TABLES["retired_ids"]
    keys["retired_ids"] = {
        (kind, record_id)
        for kind, record_id in connection.execute(
            retired.select().with_only_columns(retired.c.record_kind, retired.c.id)
        )
    }
    return keys


class _Rows:
    """Rows per table, written in the order their tables were first given rows (the order
    decides nothing in the database but the layout of its pages: it is kept the same from one
    build to the next, so the published file is too)."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict]] = {}

    def add(self, table: str, rows: Iterable[dict]) -> None:
        self.tables.setdefault(table, []).extend(rows)

    def write(self, inserter: BulkInserter) -> None:
        for table, rows in self.tables.items():
            inserter.insert(table, rows)
        self.tables = {}


def _new(records: Iterable[Record], existing: dict[str, set] | None, table: str) -> list:
    if not existing:
        return list(records)
    return [record for record in records if record.id not in existing[table]]


# Per kind, the extra columns a row derives from its record (EDTF bounds, coordinates), and
# the rows of other tables a record's list fields become. Kinds not named here are stored
# as their fields are.
def _source_rows(record, ds: Dataset, rows: _Rows) -> None:
    earliest, latest = edtf_bounds(record.published)
    rating: dict = {"reliability_from_outlet": record.reliability is None}
    if record.reliability is None:
        # The row holds the rating that applies, so a query needs no join to the outlet.
        outlet = ds.records[RecordKind.ORGANIZATION][record.outlet]
        rating |= {
            "reliability": outlet.reliability,
            "reliability_rationale": outlet.reliability_rationale,
        }
    rows.add(
        "sources",
        [record.row(published_earliest=earliest, published_latest=latest, **rating)],
    )


def _subject_rows(record, ds: Dataset, rows: _Rows) -> None:
    rows.add("subjects", [record.row()])
    rows.add(
        "subject_countries",
        [{"subject_id": record.id, "country_code": code} for code in record.countries],
    )


def _place_rows(record, ds: Dataset, rows: _Rows) -> None:
    # Coordinates as checked: GeoNames' for a place that names its GeoNames ID.
    latitude, longitude = ds.coordinates.get(record.id, (None, None))
    rows.add(
        "places",
        [record.row(latitude=latitude, longitude=longitude)],
    )


def _organization_rows(record, ds: Dataset, rows: _Rows) -> None:
    rows.add("organizations", [record.row()])
    rows.add(
        "outlet_domains",
        [{"organization_id": record.id, "domain": domain} for domain in record.domains],
    )


def _person_rows(record, ds: Dataset, rows: _Rows) -> None:
    rows.add("persons", [record.row()])
    for position in record.positions:
        start, end = position_bounds(position)
        rows.add(
            "positions",
            [
                position.row(
                    person_id=record.id,
                    start_earliest=start,
                    end_latest=end,
                )
            ],
        )


_ROWS_OF_KIND = {
    RecordKind.SOURCE: _source_rows,
    RecordKind.SUBJECT: _subject_rows,
    RecordKind.PLACE: _place_rows,
    RecordKind.ORGANIZATION: _organization_rows,
    RecordKind.PERSON: _person_rows,
}


_KIND_OF_RECORD = {entry.record: entry.kind for entry in KINDS}
# Kinds whose records may point at another of the same kind: the field that does.
_PARENT_FIELD = {RecordKind.ORGANIZATION: "parent", RecordKind.SOURCE: "re_reports"}


def _cited(record) -> list[tuple[RecordKind, str, Record]]:
    """A record and the records nested in it that carry citations and claims, with their
    kind and ID."""
    cited = []
    if "citations" in type(record).model_fields:
        cited.append((_KIND_OF_RECORD[type(record)], record.id, record))
    for position in getattr(record, "positions", ()):
        cited.append((RecordKind.POSITION, position.id, position))
    return cited


def load_reference(
    connection: Connection,
    ds: Dataset,
    existing: dict[str, set] | None = None,
    inserter: BulkInserter | None = None,
) -> None:
    """Countries and every kind loaded before the events, in the registry's order.

    With ``existing`` (from ``existing_keys``), records whose ID is already there are left
    as they are, with their citations and (for people) their offices.
    """
    inserter = inserter or BulkInserter(connection)
    have_countries = existing["countries"] if existing else set()
    inserter.insert(
        "countries",
        [
            {"code": code, "alpha3": alpha3, "name": name}
            for code, (alpha3, name) in ds.countries().items()
            if code not in have_countries
        ],
    )
    rows = _Rows()
    citations: list[dict] = []
    claims: list[dict] = []
    for kind in FILED_KINDS:
        if kind.stage is not Stage.REFERENCE:
            continue
        records = ds.records[kind.kind]
        new = _new(records.values(), existing, kind.table)
        parent_field = _PARENT_FIELD.get(kind.kind)
        if parent_field is not None:
            # Parents before their children, so each row's parent_id (a source's
            # re_reports_id) finds its row.
            order = {
                record_id: i
                for i, record_id in enumerate(
                    _parents_first({k: getattr(v, parent_field) for k, v in records.items()})
                )
            }
            new.sort(key=lambda record: order[record.id])
        rows_of = _ROWS_OF_KIND.get(kind.kind)
        rows.add(kind.table, [])
        for record in new:
            if rows_of is None:
                rows.add(kind.table, [record.row()])
            else:
                rows_of(record, ds, rows)
            for owner_kind, owner, cited in _cited(record):
                citations += _citation_rows(owner_kind, owner, cited.citations)
                claims += _citation_rows(owner_kind, owner, cited.claims)
    rows.write(inserter)
    inserter.insert("citations", citations)
    inserter.insert("disagreements", claims)
    inserter.insert(
        "retired_ids",
        [
            r.row()
            for r in ds.retired.values()
            if not existing or (r.kind, r.id) not in existing.get("retired_ids", set())
        ],
    )


class EventWriter:
    """Buffers event rows and writes them a batch at a time."""

    ORDER = (
        "events",
        *EVENT_KIND_TABLES,
        "participants",
        "event_subjects",
        "citations",
        "disagreements",
        "event_statuses",
    )

    def __init__(
        self,
        connection: Connection,
        batch: int = BATCH_EVENTS,
        inserter: BulkInserter | None = None,
    ) -> None:
        self.inserter = inserter or BulkInserter(connection)
        self.connection = connection
        self.batch = batch
        self.rows: dict[str, list[dict]] = {name: [] for name in self.ORDER}
        self.part_of: list[dict] = []
        self.links: list[dict] = []
        self.count = 0

    def add(self, kind: EventKind, event: EventIn) -> None:
        start, end = event.bounds
        rows = self.rows
        entry = EVENT_KIND[kind]
        own = entry.own_fields
        rows["events"].append(
            event.row(
                exclude=own,
                kind=kind,
                start_date=start,
                end_date=end,
                # Set in finish(): the event it points at may come later.
                part_of_id=None,
            )
        )
        if event.part_of is not None:
            self.part_of.append({"event": event.id, "parent": event.part_of})
        if entry.own_table is not None:
            rows[entry.own_table.name].append(
                {"event_id": event.id, **event.model_dump(by_alias=True, include=set(own))}
            )
        rows["participants"] += [p.row(event_id=event.id) for p in event.participants]
        rows["event_subjects"] += [{"event_id": event.id, "subject_id": x} for x in event.subjects]
        rows["citations"] += _citation_rows(RecordKind.EVENT, event.id, event.citations)
        rows["disagreements"] += _citation_rows(RecordKind.EVENT, event.id, event.claims)
        for report in event.status_history:
            earliest, latest = edtf_bounds(report.as_of)
            rows["event_statuses"].append(
                report.row(event_id=event.id, as_of_earliest=earliest, as_of_latest=latest)
            )
        self.links += [link.row(event_id=event.id) for link in event.links]
        self.count += 1
        if len(rows["events"]) >= self.batch:
            self.flush()

    def flush(self) -> None:
        for name in self.ORDER:
            self.inserter.insert(name, self.rows[name])
            self.rows[name] = []

    def finish(self) -> None:
        self.flush()
        if self.part_of:
            events = TABLES["events"]
            self.connection.execute(
                events.update()
                .where(events.c.id == bindparam("event"))
                .values(part_of_id=bindparam("parent")),
                self.part_of,
            )
        self.inserter.insert("event_links", self.links)


# List fields of an assessment -> the table of its rows and their column (database_seeds
# reads them back by the same declaration).
ASSESSMENT_LISTS = {
    "events": ("assessment_events", "event_id"),
    "countries": ("assessment_countries", "country_code"),
    "subjects": ("assessment_subjects", "subject_id"),
}


def load_claims(
    connection: Connection,
    ds: Dataset,
    existing: dict[str, set] | None = None,
    inserter: BulkInserter | None = None,
) -> None:
    """Figures and assessments, which point at events: after the events are in."""
    inserter = inserter or BulkInserter(connection)
    figures = _new(ds.records[RecordKind.FIGURE].values(), existing, "figures")
    assessments = _new(ds.records[RecordKind.ASSESSMENT].values(), existing, "assessments")
    inserter.insert("figures", [f.row() for f in figures])
    inserter.insert("assessments", [a.row() for a in assessments])
    for attribute, (table, column) in ASSESSMENT_LISTS.items():
        inserter.insert(
            table,
            [
                {"assessment_id": a.id, column: value}
                for a in assessments
                for value in getattr(a, attribute)
            ],
        )


@dataclass
class Loaded:
    """What ``load_seeds`` read and wrote."""

    dataset: Dataset  # the reference data (events are not kept)
    checks: Checks  # holds the event index (every event's ID) until ``close()``
    added: int  # events written

    @property
    def event_count(self) -> int:
        return len(self.checks.events)

    def close(self) -> None:
        self.checks.events.close()


def load_seeds(
    connection: Connection,
    seeds_dir: Path,
    existing: dict[str, set] | None = None,
    on_existing_event: Callable[[EventIn], None] | None = None,
    before_reference: Callable[[Dataset], None] | None = None,
    inserter: BulkInserter | None = None,
) -> Loaded:
    """Check ``seeds_dir`` and load it through ``connection`` in one pass: the one way seeds
    enter a database (``build``, ``load``, ``validate --load`` and the tests).

    Reference data is loaded once it has passed its checks, events as they are read, claims
    at the end; a problem anywhere raises SeedValidationError, and the caller's transaction
    rolls back. With ``existing`` (from ``existing_keys``), records already there are left
    alone; an event among them goes to ``on_existing_event`` instead (to compare it), and
    ``before_reference`` sees the checked reference data before any of it is written.
    """
    inserter = inserter or BulkInserter(connection)
    writer = EventWriter(connection, inserter=inserter)

    def on_event(kind: EventKind, event: EventIn) -> None:
        if existing and event.id in existing["events"]:
            if on_existing_event is not None:
                on_existing_event(event)
        else:
            writer.add(kind, event)

    def on_reference(dataset: Dataset) -> None:
        if before_reference is not None:
            before_reference(dataset)
        load_reference(connection, dataset, existing, inserter)

    dataset, checks = check_seeds(seeds_dir, on_event=on_event, on_reference=on_reference)
    writer.finish()
    load_claims(connection, dataset, existing, inserter)
    load_history(connection, seeds_dir, dataset, existing is not None, inserter)
    return Loaded(dataset, checks, writer.count)


def load_history(
    connection: Connection,
    seeds_dir: Path,
    dataset: Dataset,
    replace: bool,
    inserter: BulkInserter,
) -> None:
    """Each record's history (history.record_changes), made again from the seeds on every
    load: it is derived, so a load into an existing database replaces it whole."""
    if replace:
        connection.execute(TABLES["record_changes"].delete())
    replaced_by = {key: entry.replaced_by for key, entry in dataset.retired.items()}
    changes = history.record_changes(seeds_dir, replaced_by)
    inserter.insert("record_changes", [c.row(n) for n, c in enumerate(changes, 1)])
