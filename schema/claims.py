"""What sources assert beyond events: figures, and the judgements of authors and others.

Kept apart from events so that a query over events returns facts only; an assessment points
at the events, countries and subjects it interprets.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Located, Slug
from .vocab import AssessmentKind, vocabulary


class Figure(Located, Base):
    """A number a source gives: a rate, a share, a range."""

    __tablename__ = "figures"
    __table_args__ = (
        CheckConstraint("value_low <= value_high", name="low_not_above_high"),
        CheckConstraint("paragraph >= 1", name="paragraph_positive"),
        {"comment": "Figures the sources state, as ranges where the source gives a range."},
    )

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    measure: Mapped[str] = mapped_column(String(300), comment="What the number measures.")
    value_low: Mapped[float] = mapped_column(Float, comment="Lower end (the value itself if one).")
    value_high: Mapped[float] = mapped_column(Float, comment="Upper end (the value itself if one).")
    unit: Mapped[str] = mapped_column(String(40), comment="Unit, e.g. percent.")
    period: Mapped[str | None] = mapped_column(
        String(200), comment="When it applies, in the source's terms (e.g. 'now')."
    )
    country_code: Mapped[str | None] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="Country it is about."
    )
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id"), index=True, comment="Organisation it is about."
    )
    event_id: Mapped[str | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True, comment="Event it belongs to."
    )
    attributed_to: Mapped[str | None] = mapped_column(
        String(300), comment="Who the source says gave the number, if not the source itself."
    )
    source_id: Mapped[str] = mapped_column(
        ForeignKey("sources.id"), index=True, comment="Source that states it."
    )


class Assessment(Located, Base):
    """A judgement or claim, attributed to whoever made it: never an event."""

    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("paragraph >= 1", name="paragraph_positive"),
        {"comment": "Interpretations and claims, attributed, linked to what they interpret."},
    )

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    kind: Mapped[AssessmentKind] = mapped_column(
        vocabulary(AssessmentKind, "assessment_kind"),
        index=True,
        comment="Characterization, interpretation, motive, significance, claim, reported claim.",
    )
    attributed_to: Mapped[str] = mapped_column(
        String(300), comment="Who holds this view: the author, or whom the author reports."
    )
    statement: Mapped[str] = mapped_column(Text, comment="The view, in the editors' words.")
    source_id: Mapped[str] = mapped_column(
        ForeignKey("sources.id"), index=True, comment="Source it comes from."
    )


class AssessmentEvent(Base):
    __tablename__ = "assessment_events"
    __table_args__ = ({"comment": "Events each assessment interprets."},)

    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True, comment="Assessment."
    )
    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True, comment="Event."
    )


class AssessmentCountry(Base):
    __tablename__ = "assessment_countries"
    __table_args__ = ({"comment": "Countries each assessment is about."},)

    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True, comment="Assessment."
    )
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code"), primary_key=True, index=True, comment="Country."
    )


class AssessmentSubject(Base):
    __tablename__ = "assessment_subjects"
    __table_args__ = ({"comment": "Subjects (disputes, topics) each assessment is about."},)

    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True, comment="Assessment."
    )
    subject_id: Mapped[str] = mapped_column(
        ForeignKey("subjects.id"), primary_key=True, index=True, comment="Subject."
    )


__all__ = [
    "Assessment",
    "AssessmentCountry",
    "AssessmentEvent",
    "AssessmentSubject",
    "Figure",
]
