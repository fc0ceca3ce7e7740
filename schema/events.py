"""Events and their provenance.

Every event is one row of ``events`` (the columns all kinds share) plus one row of its kind's
table (joined-table inheritance): a query over all events needs no UNION, and each kind's own
columns can be NOT NULL where they must be.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
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
from sqlalchemy.sql.expression import false

from .base import EDTF_LENGTH, Base, Located, Slug, exactly_one_of
from .vocab import (
    AgreementStage,
    Credibility,
    EventKind,
    EventStatus,
    ExerciseDomain,
    Level,
    LinkRelation,
    MeetingFormat,
    Role,
    Stance,
    SubjectKind,
    vocabulary,
)


class EventType(Base):
    """Controlled vocabulary of event types, mapped to CAMEO and PLOVER."""

    __tablename__ = "event_types"
    __table_args__ = (
        CheckConstraint("length(cameo_code) BETWEEN 2 AND 4", name="cameo_code_length"),
        {"comment": "Event types with their CAMEO code and PLOVER category, mode and context."},
    )

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    label: Mapped[str] = mapped_column(String(200), comment="What the type means here.")
    cameo_code: Mapped[str] = mapped_column(
        String(4), comment="CAMEO event code (text: leading zeros matter), e.g. 042."
    )
    cameo_label: Mapped[str] = mapped_column(String(200), comment="CAMEO's name for the code.")
    plover_category: Mapped[str] = mapped_column(
        String(40), comment="PLOVER event category, e.g. CONSULT."
    )
    plover_mode: Mapped[str | None] = mapped_column(
        String(40), comment="PLOVER mode, e.g. visit or third-party."
    )
    plover_context: Mapped[str | None] = mapped_column(
        String(40), comment="PLOVER context, e.g. military or diplomatic."
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
        CheckConstraint("first_in_years IS NULL OR first_in_years >= 1", name="first_in_years"),
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
    type_id: Mapped[str] = mapped_column(
        ForeignKey("event_types.id"), index=True, comment="Event type (CAMEO and PLOVER)."
    )
    first_since: Mapped[str | None] = mapped_column(
        String(EDTF_LENGTH),
        comment="EDTF date since which this is the first such event, as the source says: none "
        "took place between that date and this event (it does not say one took place on that "
        "date).",
    )
    first_in_years: Mapped[int | None] = mapped_column(
        Integer, comment="The first such event in this many years, as the source says."
    )
    first_ever: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="first_ever"),
        default=False,
        server_default=false(),
        comment="The source calls it the first time ever.",
    )

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
        comment=(
            "Interest expressed, proposed, pledged, under negotiation, concluded, ratified, "
            "in force, delivered, withdrawn."
        ),
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


class Statement(Event):
    """A public position: a denunciation, a confirmation, an expressed intent.

    Statements have no columns of their own, so they need no table of their own.
    """

    __mapper_args__ = {"polymorphic_identity": EventKind.STATEMENT}


class Subject(Base):
    """A disputed issue, a concern or a topic of talks."""

    __tablename__ = "subjects"
    __table_args__ = ({"comment": "Disputes, concerns and topics that events are about."},)

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    name: Mapped[str] = mapped_column(String(300), comment="Short name.")
    kind: Mapped[SubjectKind] = mapped_column(
        vocabulary(SubjectKind, "subject_kind"), comment="Dispute, concern or topic."
    )
    summary: Mapped[str] = mapped_column(Text, comment="What it is, in the editors' words.")


class EventSubject(Base):
    __tablename__ = "event_subjects"
    __table_args__ = ({"comment": "Which subjects each event concerns."},)

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, comment="The event."
    )
    subject_id: Mapped[str] = mapped_column(
        ForeignKey("subjects.id"), primary_key=True, index=True, comment="The subject."
    )


class SubjectCountry(Base):
    __tablename__ = "subject_countries"
    __table_args__ = ({"comment": "Which countries each subject concerns."},)

    subject_id: Mapped[str] = mapped_column(
        ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True, comment="The subject."
    )
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code"), primary_key=True, index=True, comment="The country."
    )


class EventLink(Located, Base):
    """One event leading to or producing another, as a source says: an attributed assertion
    of that source (the published event_characterisations view names it), not a fact."""

    __tablename__ = "event_links"
    __table_args__ = (
        CheckConstraint("event_id <> related_event_id", name="not_linked_to_itself"),
        CheckConstraint("paragraph >= 1", name="paragraph_positive"),
        {"comment": "Events the source links: what led to what, what produced what."},
    )

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, comment="Earlier event."
    )
    relation: Mapped[LinkRelation] = mapped_column(
        vocabulary(LinkRelation, "link_relation"), primary_key=True, comment="led_to or produced."
    )
    related_event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
        comment="Later event.",
    )
    source_id: Mapped[str] = mapped_column(
        ForeignKey("sources.id"), index=True, comment="Source that links them."
    )


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


# The kinds of record a citation, a disagreement and a status can belong to: one nullable
# foreign key column per kind (an exclusive arc), so that every row keeps a real foreign key.
CITED_RECORD_COLUMNS = (
    "event_id",
    "person_id",
    "position_id",
    "organization_id",
    "place_id",
    "forum_id",
    "programme_id",
    "subject_id",
)


class Citation(Located, Base):
    """Where a record, or one field of it, is stated: a source and a place in it.

    One table serves every cited kind of record through one nullable foreign key per kind
    (an exclusive arc), so that every citation keeps a real foreign key.
    """

    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint("paragraph >= 1", name="paragraph_positive"),
        CheckConstraint(exactly_one_of(CITED_RECORD_COLUMNS), name="exactly_one_record"),
        CheckConstraint(
            "(credibility IS NULL) = (credibility_reason IS NULL)",
            name="override_with_reason",
        ),
        {"comment": "Sources supporting every event and reference record, with a locator."},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Row number.")
    source_id: Mapped[str] = mapped_column(
        ForeignKey("sources.id"), index=True, comment="The source."
    )
    # Declared here, not left to Located, so that the columns stand in the order migrations
    # 0001 and 0002 made them (the exports and the data package list them in this order).
    paragraph: Mapped[int | None] = mapped_column(
        Integer, comment="Paragraph number (¶) in the source; NULL when not cited by paragraph."
    )
    credibility: Mapped[Credibility | None] = mapped_column(
        vocabulary(Credibility, "credibility"),
        comment="A curator's override of the derived NATO/Admiralty information credibility "
        "(1 confirmed .. 6 cannot be judged); NULL when derived (record_credibility).",
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
    subject_id: Mapped[str | None] = mapped_column(
        ForeignKey("subjects.id"), index=True, comment="Cited subject."
    )
    credibility_reason: Mapped[str | None] = mapped_column(
        Text, comment="Why the curator overrode the derived credibility."
    )
    field: Mapped[str | None] = mapped_column(
        String(60),
        comment="The one field of the record the source states (e.g. first_in_years); NULL "
        "when it supports the record as a whole.",
    )


class Disagreement(Located, Base):
    """One source's differing or qualifying version of one field of a record.

    The record holds the dataset's conclusion; every other version stays as a row here, with
    the source that gives it and why the record concludes otherwise. A value the record held
    before new evidence changed it stays here too: nothing is overwritten silently.
    """

    __tablename__ = "disagreements"
    __table_args__ = (
        CheckConstraint("paragraph >= 1", name="paragraph_positive"),
        CheckConstraint(exactly_one_of(CITED_RECORD_COLUMNS), name="exactly_one_record"),
        {"comment": "Sources' versions of a field that differ from the record's value."},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Row number.")
    field: Mapped[str] = mapped_column(
        String(60), comment="The field of the record the source differs on, e.g. date."
    )
    value: Mapped[str] = mapped_column(Text, comment="The source's version, as text.")
    source_id: Mapped[str] = mapped_column(
        ForeignKey("sources.id"), index=True, comment="The source that gives it."
    )
    stance: Mapped[Stance] = mapped_column(
        vocabulary(Stance, "stance"),
        comment="contradicts (another value) or qualifies (narrows, widens or hedges it).",
    )
    note: Mapped[str] = mapped_column(
        Text, comment="Why the record concludes otherwise, in the editors' words."
    )
    event_id: Mapped[str | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True, comment="Event it is about."
    )
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("persons.id"), index=True, comment="Person it is about."
    )
    position_id: Mapped[str | None] = mapped_column(
        ForeignKey("positions.id"), index=True, comment="Position it is about."
    )
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id"), index=True, comment="Organisation it is about."
    )
    place_id: Mapped[str | None] = mapped_column(
        ForeignKey("places.id"), index=True, comment="Place it is about."
    )
    forum_id: Mapped[str | None] = mapped_column(
        ForeignKey("forums.id"), index=True, comment="Forum it is about."
    )
    programme_id: Mapped[str | None] = mapped_column(
        ForeignKey("programmes.id"), index=True, comment="Programme it is about."
    )
    subject_id: Mapped[str | None] = mapped_column(
        ForeignKey("subjects.id"), index=True, comment="Subject it is about."
    )


class EventStatusReport(Located, Base):
    """An event's status as of a date, as one source reports it: the history of planned,
    announced, occurred. The event's own status is the latest of these."""

    __tablename__ = "event_statuses"
    __table_args__ = (
        CheckConstraint("paragraph >= 1", name="paragraph_positive"),
        CheckConstraint(
            "as_of_earliest IS NULL OR as_of_latest IS NULL OR as_of_earliest <= as_of_latest",
            name="as_of_in_order",
        ),
        {"comment": "Each event's status through time, one row per source and date."},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Row number.")
    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True, comment="The event."
    )
    status: Mapped[EventStatus] = mapped_column(
        vocabulary(EventStatus, "event_status"), comment="Status as of the date."
    )
    as_of: Mapped[str] = mapped_column(
        String(EDTF_LENGTH), comment="EDTF date the status held, per the source."
    )
    as_of_earliest: Mapped[date | None] = mapped_column(
        Date, comment="Earliest ISO date as_of allows."
    )
    as_of_latest: Mapped[date | None] = mapped_column(Date, comment="Latest ISO date as_of allows.")
    source_id: Mapped[str] = mapped_column(
        ForeignKey("sources.id"), index=True, comment="The source that reports it."
    )
