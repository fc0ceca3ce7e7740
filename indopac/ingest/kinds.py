"""Every kind of record, declared once: its seed file, input record, model and load stage.

Every list the ingest code needs (which files to read and in what order, which tables
``indopac load`` may add to, which table holds an ID of a kind, which table holds an event
kind's own columns) is derived from the two tuples below. Adding a kind of record is one
entry here plus its model (schema/), its migration and its input record (records.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from sqlalchemy import Table, inspect

import indopac.ingest.records as records
from indopac import schema
from indopac.schema.vocab import EventKind, RecordKind


def label(kind: str) -> str:
    """A kind as messages name it: "event type" for ``event_type``."""
    return kind.replace("_", " ")


class Stage(IntEnum):
    """When a kind's rows are loaded: each stage's records may point at earlier stages'."""

    REFERENCE = 1  # vocabularies, places, organisations, people: read whole, loaded first
    EVENTS = 2  # streamed, one file after another
    CLAIMS = 3  # figures and assessments point at events, so they follow them


@dataclass(frozen=True)
class Kind:
    """One ID namespace (a ``RecordKind``) and where its records come from and go to."""

    kind: RecordKind
    record: type[records.Record]
    model: type[schema.Base]
    stage: Stage
    # The YAML file of its records; None when they are written inside another kind's records
    # (a person's offices) or, for events, in one file per kind of event (EVENT_KINDS).
    seed_file: str | None
    # Whether a JSON Lines file of the same name may hold more of them (bulk data). Sources
    # are few and written by hand, and must be read before anything cites them.
    bulk: bool = True

    @property
    def table(self) -> str:
        return self.model.__tablename__

    @property
    def label(self) -> str:
        """The kind as error messages name it ("event type")."""
        return label(self.kind)

    @property
    def bulk_file(self) -> str | None:
        return self.seed_file.replace(".yaml", ".jsonl") if self.seed_file and self.bulk else None


@dataclass(frozen=True)
class EventKindEntry:
    """One kind of event: its seed file, its input record and its model.

    The kind's value and the table of its own columns are read from the model's mapper
    (its polymorphic identity and local table), so they are not declared twice.
    """

    record: type[records.EventIn]
    model: type[schema.Event]
    seed_file: str

    @property
    def kind(self) -> EventKind:
        return EventKind(inspect(self.model).polymorphic_identity)

    @property
    def own_table(self) -> Table | None:
        """The table of this kind's own columns; None when it has none (statements)."""
        table = inspect(self.model).local_table
        return None if table.name == schema.Event.__tablename__ else table

    @property
    def own_fields(self) -> tuple[str, ...]:
        """Fields of the record beyond every event's: they go to ``own_table``."""
        common = records.EventIn.model_fields
        return tuple(name for name in self.record.model_fields if name not in common)

    @property
    def bulk_file(self) -> str:
        return self.seed_file.replace(".yaml", ".jsonl")


# In load order, each kind after the kinds its rows point at (a source names its outlet, an
# organisation); reference files are also read in this order, so an ID defined twice is
# reported in the later file. Citations of every kind are written after all of them.
KINDS: tuple[Kind, ...] = (
    Kind(RecordKind.EVENT_TYPE, records.EventTypeIn, schema.EventType, Stage.REFERENCE, "event_types.yaml"),
    Kind(RecordKind.SUBJECT, records.SubjectIn, schema.Subject, Stage.REFERENCE, "subjects.yaml"),
    Kind(RecordKind.PLACE, records.PlaceIn, schema.Place, Stage.REFERENCE, "places.yaml"),
    Kind(RecordKind.ORGANIZATION, records.OrganizationIn, schema.Organization, Stage.REFERENCE, "organizations.yaml"),
    Kind(RecordKind.SOURCE, records.SourceIn, schema.Source, Stage.REFERENCE, "sources.yaml", bulk=False),
    Kind(RecordKind.PERSON, records.PersonIn, schema.Person, Stage.REFERENCE, "persons.yaml"),
    Kind(RecordKind.POSITION, records.PositionIn, schema.Position, Stage.REFERENCE, None),
    Kind(RecordKind.FORUM, records.ForumIn, schema.Forum, Stage.REFERENCE, "forums.yaml"),
    Kind(RecordKind.PROGRAMME, records.ProgrammeIn, schema.Programme, Stage.REFERENCE, "programmes.yaml"),
    Kind(RecordKind.EVENT, records.EventIn, schema.Event, Stage.EVENTS, None),
    Kind(RecordKind.FIGURE, records.FigureIn, schema.Figure, Stage.CLAIMS, "figures.yaml"),
    Kind(RecordKind.ASSESSMENT, records.AssessmentIn, schema.Assessment, Stage.CLAIMS, "assessments.yaml"),
)  # fmt: skip

EVENT_KINDS: tuple[EventKindEntry, ...] = (
    EventKindEntry(records.VisitIn, schema.Visit, "visits.yaml"),
    EventKindEntry(records.MeetingIn, schema.Meeting, "meetings.yaml"),
    EventKindEntry(records.ExerciseIn, schema.Exercise, "exercises.yaml"),
    EventKindEntry(records.AgreementIn, schema.Agreement, "agreements.yaml"),
    EventKindEntry(records.ForumMeetingIn, schema.ForumMeeting, "forum_meetings.yaml"),
    EventKindEntry(records.StatementIn, schema.Statement, "statements.yaml"),
)

BY_KIND: dict[RecordKind, Kind] = {entry.kind: entry for entry in KINDS}
EVENT_KIND: dict[EventKind, EventKindEntry] = {entry.kind: entry for entry in EVENT_KINDS}
# Kinds read from a seed file of their own, in reading order (everything but events).
FILED_KINDS: tuple[Kind, ...] = tuple(k for k in KINDS if k.seed_file is not None)
# The table holding each kind's IDs in a built database.
TABLE_OF_KIND: dict[str, str] = {str(k.kind): k.table for k in KINDS}
# Tables whose records `indopac load` leaves alone when their ID is already there (offices
# come and go with their person).
SKIPPABLE: tuple[str, ...] = tuple(k.table for k in KINDS if k.seed_file or k.stage is Stage.EVENTS)
# Tables of the kinds of events that have columns of their own, in load order.
EVENT_KIND_TABLES: tuple[str, ...] = tuple(
    e.own_table.name for e in EVENT_KINDS if e.own_table is not None
)
