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
from collections.abc import Iterable

from sqlalchemy import Connection, Date, Table, bindparam

from indopac import schema
from indopac.ingest.checks import Dataset, position_bounds
from indopac.ingest.dates import edtf_bounds
from indopac.ingest.records import (
    AgreementIn,
    CitationIn,
    EventIn,
    ExerciseIn,
    ForumMeetingIn,
    MeetingIn,
    VisitIn,
)

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


_COMPILED: dict[tuple, _CompiledInsert] = {}


def _insert(connection: Connection, table: Table | str, rows: list[dict]) -> None:
    """executemany on the driver with SQLAlchemy's compiled INSERT for this dialect.

    Rows are checked already (pydantic, then the database's own constraints), so SQLAlchemy's
    per-value type processing is skipped: measured, it cost more than the inserts themselves.
    Every row of one call carries the same columns.
    """
    if not rows:
        return
    table = TABLES[table] if isinstance(table, str) else table
    keys = tuple(rows[0])
    key = (table.name, connection.dialect.name, keys)
    if key not in _COMPILED:
        _COMPILED[key] = _CompiledInsert(table, connection, keys)
    insert = _COMPILED[key]
    connection.exec_driver_sql(insert.sql, insert.parameters(rows))


def _plain(value: object) -> object:
    # Dates as ISO text, as SQLAlchemy stores them on SQLite (and PostgreSQL parses them).
    return value.isoformat() if isinstance(value, dt.date) else value


def _dates_as_text(values: tuple, positions: list[int]) -> tuple:
    values = list(values)
    for i in positions:
        if values[i] is not None:
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


def _citation_rows(column: str, record_id: str, cites: Iterable[CitationIn]) -> list[dict]:
    return [
        {
            **_BLANK_CITATION,
            column: record_id,
            "source_id": cite.source,
            "paragraph": cite.paragraph,
            "credibility": cite.credibility,
        }
        for cite in cites
    ]


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


# Tables whose records `indopac load` leaves alone when their ID is already there.
SKIPPABLE = (
    "sources",
    "event_types",
    "subjects",
    "places",
    "organizations",
    "persons",
    "forums",
    "programmes",
    "figures",
    "assessments",
    "events",
)


def _new(ds_items, existing: dict[str, set] | None, table: str):
    if not existing:
        return list(ds_items)
    return [item for item in ds_items if item.id not in existing[table]]


def load_reference(
    connection: Connection, ds: Dataset, existing: dict[str, set] | None = None
) -> None:
    """Countries, sources, vocabularies, places, organisations, people, forums, programmes.

    With ``existing`` (from ``existing_keys``), records whose ID is already there are left
    as they are, with their citations and (for people) their offices.
    """
    citations: list[dict] = []
    have_countries = existing["countries"] if existing else set()
    _insert(
        connection,
        "countries",
        [
            {"code": code, "alpha3": alpha3, "name": name}
            for code, (alpha3, name) in ds.countries().items()
            if code not in have_countries
        ],
    )
    sources = []
    for source in _new(ds.sources.values(), existing, "sources"):
        earliest, latest = edtf_bounds(source.published)
        sources.append(
            {
                **source.model_dump(exclude={"published"}),
                "published": source.published,
                "published_earliest": earliest,
                "published_latest": latest,
            }
        )
    _insert(connection, "sources", sources)
    _insert(
        connection,
        "event_types",
        [et.model_dump() for et in _new(ds.event_types.values(), existing, "event_types")],
    )
    new_subjects = _new(ds.subjects.values(), existing, "subjects")
    _insert(
        connection,
        "subjects",
        [{"id": x.id, "name": x.name, "kind": x.kind, "summary": x.summary} for x in new_subjects],
    )
    _insert(
        connection,
        "subject_countries",
        [{"subject_id": x.id, "country_code": code} for x in new_subjects for code in x.countries],
    )
    for subject in new_subjects:
        citations += _citation_rows("subject_id", subject.id, subject.citations)

    places = []
    for place in _new(ds.places.values(), existing, "places"):
        latitude, longitude = ds.coordinates.get(place.id, (None, None))
        places.append(
            {
                "id": place.id,
                "name": place.name,
                "kind": place.kind,
                "country_code": place.country,
                "latitude": latitude,
                "longitude": longitude,
                "geo_precision": place.geo_precision,
                "geonames_id": place.geonames_id,
            }
        )
        citations += _citation_rows("place_id", place.id, place.citations)
    _insert(connection, "places", places)

    organizations = []
    new_orgs = {o.id for o in _new(ds.organizations.values(), existing, "organizations")}
    for org_id in _parents_first({k: v.parent for k, v in ds.organizations.items()}):
        if org_id not in new_orgs:
            continue
        org = ds.organizations[org_id]
        organizations.append(
            {
                "id": org.id,
                "name": org.name,
                "kind": org.kind,
                "country_code": org.country,
                "parent_id": org.parent,
            }
        )
        citations += _citation_rows("organization_id", org.id, org.citations)
    _insert(connection, "organizations", organizations)

    persons, positions = [], []
    for person in _new(ds.persons.values(), existing, "persons"):
        persons.append(
            {
                "id": person.id,
                "name": person.name,
                "name_as_cited": person.name_as_cited,
                "country_code": person.country,
            }
        )
        citations += _citation_rows("person_id", person.id, person.citations)
        for position in person.positions:
            start, end = position_bounds(position)
            positions.append(
                {
                    "id": position.id,
                    "person_id": person.id,
                    "office": position.office,
                    "organization_id": position.organization,
                    "start": position.start,
                    "start_earliest": start,
                    "end": position.end,
                    "end_latest": end,
                }
            )
            citations += _citation_rows("position_id", position.id, position.citations)
    _insert(connection, "persons", persons)
    _insert(connection, "positions", positions)

    _insert(
        connection,
        "forums",
        [
            {
                "id": f.id,
                "name": f.name,
                "acronym": f.acronym,
                "kind": f.kind,
                "host_country_code": f.host_country,
            }
            for f in _new(ds.forums.values(), existing, "forums")
        ],
    )
    for forum in _new(ds.forums.values(), existing, "forums"):
        citations += _citation_rows("forum_id", forum.id, forum.citations)
    _insert(
        connection,
        "programmes",
        [
            {
                "id": p.id,
                "name": p.name,
                "acronym": p.acronym,
                "donor_country_code": p.donor_country,
            }
            for p in _new(ds.programmes.values(), existing, "programmes")
        ],
    )
    for programme in _new(ds.programmes.values(), existing, "programmes"):
        citations += _citation_rows("programme_id", programme.id, programme.citations)
    _insert(connection, "citations", citations)
    _insert(
        connection,
        "retired_ids",
        [
            {
                "record_kind": r.kind,
                "id": r.id,
                "replaced_by": r.replaced_by,
                "reason": r.reason,
                "retired_on": dt.date.fromisoformat(r.date),
            }
            for r in ds.retired.values()
            if not existing or (r.kind, r.id) not in existing.get("retired_ids", set())
        ],
    )


def _kind_row(event: EventIn) -> tuple[str, dict] | None:
    if isinstance(event, VisitIn):
        return "visits", {
            "event_id": event.id,
            "destination_country_code": event.destination_country,
        }
    if isinstance(event, MeetingIn):
        return "meetings", {"event_id": event.id, "format": event.format}
    if isinstance(event, ExerciseIn):
        return "exercises", {
            "event_id": event.id,
            "domain": event.domain,
            "exercise_name": event.exercise_name,
        }
    if isinstance(event, AgreementIn):
        return "agreements", {
            "event_id": event.id,
            "stage": event.stage,
            "programme_id": event.programme,
            "subject": event.subject,
        }
    if isinstance(event, ForumMeetingIn):
        return "forum_meetings", {
            "event_id": event.id,
            "forum_id": event.forum,
            "edition": event.edition,
        }
    return None  # statements have no table of their own


class EventWriter:
    """Buffers event rows and writes them a batch at a time."""

    ORDER = (
        "events",
        "visits",
        "meetings",
        "exercises",
        "agreements",
        "forum_meetings",
        "participants",
        "event_subjects",
        "citations",
    )

    def __init__(self, connection: Connection, batch: int = BATCH_EVENTS) -> None:
        self.connection = connection
        self.batch = batch
        self.rows: dict[str, list[dict]] = {name: [] for name in self.ORDER}
        self.part_of: list[dict] = []
        self.links: list[dict] = []
        self.count = 0

    def add(self, kind: str, event: EventIn) -> None:
        start, end = event.bounds
        rows = self.rows
        rows["events"].append(
            {
                "id": event.id,
                "kind": kind,
                "title": event.title,
                "date": event.date,
                "start_date": start,
                "end_date": end,
                "status": event.status,
                "level": event.level,
                "place_id": event.place,
                "part_of_id": None,  # set in finish(): the event it points at may come later
                "summary": event.summary,
                "type_id": event.type,
                "first_since": event.first_since,
                "first_in_years": event.first_in_years,
                "first_ever": event.first_ever,
            }
        )
        if event.part_of is not None:
            self.part_of.append({"event": event.id, "parent": event.part_of})
        kind_row = _kind_row(event)
        if kind_row is not None:
            rows[kind_row[0]].append(kind_row[1])
        rows["participants"] += [
            {
                "event_id": event.id,
                "country_code": p.country,
                "person_id": p.person,
                "organization_id": p.organization,
                "role": p.role,
                "position_id": p.position,
            }
            for p in event.participants
        ]
        rows["event_subjects"] += [{"event_id": event.id, "subject_id": x} for x in event.subjects]
        rows["citations"] += _citation_rows("event_id", event.id, event.citations)
        self.links += [
            {
                "event_id": event.id,
                "relation": link.relation,
                "related_event_id": link.event,
                "source_id": link.source,
                "paragraph": link.paragraph,
            }
            for link in event.links
        ]
        self.count += 1
        if len(rows["events"]) >= self.batch:
            self.flush()

    def flush(self) -> None:
        for name in self.ORDER:
            _insert(self.connection, name, self.rows[name])
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
        _insert(self.connection, "event_links", self.links)


def load_claims(
    connection: Connection, ds: Dataset, existing: dict[str, set] | None = None
) -> None:
    """Figures and assessments, which point at events: after the events are in."""
    figures = _new(ds.figures.values(), existing, "figures")
    assessments = _new(ds.assessments.values(), existing, "assessments")
    _insert(
        connection,
        "figures",
        [
            {
                "id": f.id,
                "measure": f.measure,
                "value_low": f.value_low,
                "value_high": f.value_high,
                "unit": f.unit,
                "period": f.period,
                "country_code": f.country,
                "organization_id": f.organization,
                "event_id": f.event,
                "attributed_to": f.attributed_to,
                "source_id": f.source,
                "paragraph": f.paragraph,
            }
            for f in figures
        ],
    )
    _insert(
        connection,
        "assessments",
        [
            {
                "id": a.id,
                "kind": a.kind,
                "attributed_to": a.attributed_to,
                "statement": a.statement,
                "source_id": a.source,
                "paragraph": a.paragraph,
            }
            for a in assessments
        ],
    )
    for column, table, attribute in (
        ("event_id", "assessment_events", "events"),
        ("country_code", "assessment_countries", "countries"),
        ("subject_id", "assessment_subjects", "subjects"),
    ):
        _insert(
            connection,
            table,
            [
                {"assessment_id": a.id, column: value}
                for a in assessments
                for value in getattr(a, attribute)
            ],
        )


def load_dataset(connection: Connection, ds: Dataset) -> None:
    """Insert a whole validated Dataset (events included) through ``connection``."""
    load_reference(connection, ds)
    writer = EventWriter(connection)
    for kind, event in ds.events.values():
        writer.add(kind, event)
    writer.finish()
    load_claims(connection, ds)
