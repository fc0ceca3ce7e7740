"""Declarative base shared by every model."""

from __future__ import annotations

from sqlalchemy import Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names make migrations reproducible and let batch mode on SQLite and plain
# ALTER on PostgreSQL refer to the same constraint by the same name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SLUG_LENGTH = 120
Slug = String(SLUG_LENGTH)
EDTF_LENGTH = 64
# The longest host name DNS allows (RFC 1035: 255 octets on the wire, 253 characters written).
DOMAIN_LENGTH = 253


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


QUOTE_LENGTH = 100


class Located:
    """Where in its source a fact is found, in columns shared by every row that cites one.

    Which of them fit depends on the source (checked when seeds are read): a source kept with
    numbered paragraphs, like the article of release 0.1.0, is cited by paragraph; a web page
    by a heading, a paragraph number, a phrase of a few words, or nothing when it is short.
    """

    paragraph: Mapped[int | None] = mapped_column(
        Integer, comment="Paragraph number (¶) in the source; NULL when not cited by paragraph."
    )
    heading: Mapped[str | None] = mapped_column(
        String(200), comment="Heading of the part of the source that states it."
    )
    quote: Mapped[str | None] = mapped_column(
        String(QUOTE_LENGTH),
        comment="A phrase of at most six words quoted from the source, to find the place by.",
    )


def exactly_one_of(columns: tuple[str, ...]) -> str:
    """SQL true when exactly one of ``columns`` is set (an exclusive arc of foreign keys)."""
    terms = [f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column in columns]
    return " + ".join(terms) + " = 1"
