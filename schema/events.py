"""Events and their provenance.

Every event is one row of ``events`` (the columns all kinds share) plus one row of its kind's
table (joined-table inheritance): a query over all events needs no UNION, and each kind's own
columns can be NOT NULL where they must be.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import EDTF_LENGTH, Base, Slug
from schema.vocab import (
    AgreementStage,
    Credibility,
    EventKind,
    EventStatus,
    ExerciseDomain,
    Level,
    MeetingFormat,
    Role,
    vocabulary,
)


class Event(Base):
    """Anything that happened or is planned: the columns every kind of event shares."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR start_date <= end_date",
            name="end_not_before_start",
        ),
        CheckConstraint("part_of_id IS NULL OR part_of_id <> id", name="not_part_of_itself"),
        Index("ix_events_start_date_kind", "start_date", "kind"),
        {"comment": "All events; kind-specific columns live in the table named by kind."},
    )

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    kind: Mapped[EventKind] = mapped_column(
        vocabulary(EventKind, "event_kind"), index=True, comment="Which kind table holds the rest."
    )
    title: Mapped[str] = mapped_column(String(300), comment="Short descriptive title.")
    date: Mapped[str] = mapped_column(
        String(EDTF_LENGTH), comment="Date as an EDTF string, exactly as precise as the source."
    )
    start_date: Mapped[date | None] = mapped_column(
        Date, comment="Earliest ISO date the EDTF date allows; NULL when open."
    )
    end_date: Mapped[date | None] = mapped_column(
        Date, comment="Latest ISO date the EDTF date allows; NULL when open."
    )
    status: Mapped[EventStatus] = mapped_column(
        vocabulary(EventStatus, "event_status"),
        index=True,
        comment="Occurred, planned, announced, cancelled or postponed, as of the source's date.",
    )
    level: Mapped[Level | None] = mapped_column(
        vocabulary(Level, "level"), comment="Rank of the participants, when the source says."
    )
    place_id: Mapped[str | None] = mapped_column(
        ForeignKey("places.id"), index=True, comment="Where it happened, when the source says."
    )
    part_of_id: Mapped[str | None] = mapped_column(
        ForeignKey("events.id"),
        index=True,
        comment="Event this one took place during (talks during a visit).",
    )
    summary: Mapped[str] = mapped_column(Text, comment="What happened, in the editors' words.")

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_abstract": True}


class Visit(Event):
    """A trip by a delegation or official to another country."""

    __tablename__ = "visits"
    __table_args__ = ({"comment": "Visits: who went where; talks during a visit are meetings."},)

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, comment="The event."
    )
    destination_country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="Country visited."
    )

    __mapper_args__ = {"polymorphic_identity": EventKind.VISIT}


class Meeting(Event):
    """Talks between sides: during a visit, on the sidelines of a forum, or on their own."""

    __tablename__ = "meetings"
    __table_args__ = ({"comment": "Bilateral and other talks outside a forum's own sessions."},)

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, comment="The event."
    )
    format: Mapped[MeetingFormat] = mapped_column(
        vocabulary(MeetingFormat, "meeting_format"), comment="Bilateral, trilateral, multilateral."
    )

    __mapper_args__ = {"polymorphic_identity": EventKind.MEETING}


class Exercise(Event):
    """A joint military, coast-guard or other security exercise."""

    __tablename__ = "exercises"
    __table_args__ = ({"comment": "Joint exercises."},)

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, comment="The event."
    )
    domain: Mapped[ExerciseDomain | None] = mapped_column(
        vocabulary(ExerciseDomain, "exercise_domain"), comment="Maritime, land, air, medical..."
    )
    exercise_name: Mapped[str | None] = mapped_column(
        String(200), comment="Code name of the exercise, when the source gives one."
    )

    __mapper_args__ = {"polymorphic_identity": EventKind.EXERCISE}


class Agreement(Event):
    """An agreement, or one step of an assistance programme (interest, conclusion, delivery)."""

    __tablename__ = "agreements"
    __table_args__ = ({"comment": "Agreements and assistance-programme steps."},)

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, comment="The event."
    )
    stage: Mapped[AgreementStage] = mapped_column(
        vocabulary(AgreementStage, "agreement_stage"),
        index=True,
        comment="Interest expressed, proposed, under negotiation, concluded, delivered, withdrawn.",
    )
    programme_id: Mapped[str | None] = mapped_column(
        ForeignKey("programmes.id"), index=True, comment="Programme this is a step of."
    )
    subject: Mapped[str | None] = mapped_column(
        String(300), comment="What is supplied or agreed, e.g. patrol boats."
    )

    __mapper_args__ = {"polymorphic_identity": EventKind.AGREEMENT}


class ForumMeeting(Event):
    """One edition of a forum."""

    __tablename__ = "forum_meetings"
    __table_args__ = (
        CheckConstraint("edition IS NULL OR edition >= 1", name="edition_positive"),
        {"comment": "Editions of forums: dates, place and level are on the event."},
    )

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, comment="The event."
    )
    forum_id: Mapped[str] = mapped_column(
        ForeignKey("forums.id"), index=True, comment="The forum this is an edition of."
    )
    edition: Mapped[int | None] = mapped_column(
        Integer, comment="Ordinal of the edition (10 for the 10th), when the source says."
    )

    __mapper_args__ = {"polymorphic_identity": EventKind.FORUM_MEETING}


class Participant(Base):
    """One country, person or organisation taking part in an event, in one role."""

    __tablename__ = "participants"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN country_code IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="exactly_one_participant",
        ),
        CheckConstraint(
            "position_id IS NULL OR person_id IS NOT NULL", name="position_only_for_person"
        ),
        # The office must belong to the person named in the same row.
        ForeignKeyConstraint(
            ["position_id", "person_id"],
            ["positions.id", "positions.person_id"],
            name="fk_participants_position_id_person_id_positions",
        ),
        {"comment": "Who took part in which event, in what role and office."},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Row number.")
    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True, comment="The event."
    )
    country_code: Mapped[str | None] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="A country taking part as a state."
    )
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("persons.id"), index=True, comment="A person taking part."
    )
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id"), index=True, comment="An organisation taking part."
    )
    role: Mapped[Role] = mapped_column(
        vocabulary(Role, "role"), comment="Visitor, host, counterpart, participant, party..."
    )
    position_id: Mapped[str | None] = mapped_column(
        Slug, index=True, comment="Office the person held at the time of the event."
    )


class Citation(Base):
    """Where a record is stated: a source and a paragraph in it.

    One table serves every cited kind of record through one nullable foreign key per kind
    (an exclusive arc), so that every citation keeps a real foreign key.
    """

    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint("paragraph >= 1", name="paragraph_positive"),
        CheckConstraint(
            "(CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN position_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN place_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN forum_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN programme_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="exactly_one_record",
        ),
        {"comment": "Source and paragraph for every event and reference record."},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Row number.")
    source_id: Mapped[str] = mapped_column(
        ForeignKey("sources.id"), index=True, comment="The source."
    )
    paragraph: Mapped[int] = mapped_column(Integer, comment="Paragraph number (¶) in the source.")
    credibility: Mapped[Credibility | None] = mapped_column(
        vocabulary(Credibility, "credibility"),
        comment="NATO/Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged).",
    )
    event_id: Mapped[str | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True, comment="Cited event."
    )
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("persons.id"), index=True, comment="Cited person."
    )
    position_id: Mapped[str | None] = mapped_column(
        ForeignKey("positions.id"), index=True, comment="Cited position."
    )
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id"), index=True, comment="Cited organisation."
    )
    place_id: Mapped[str | None] = mapped_column(
        ForeignKey("places.id"), index=True, comment="Cited place."
    )
    forum_id: Mapped[str | None] = mapped_column(
        ForeignKey("forums.id"), index=True, comment="Cited forum."
    )
    programme_id: Mapped[str | None] = mapped_column(
        ForeignKey("programmes.id"), index=True, comment="Cited programme."
    )


CITED_RECORD_COLUMNS = (
    "event_id",
    "person_id",
    "position_id",
    "organization_id",
    "place_id",
    "forum_id",
    "programme_id",
)
