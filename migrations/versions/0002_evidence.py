"""Evidence: outlets with reliability, sources of every kind, locators, credibility overrides,
field citations, disagreements and status history.

- organisations can be outlets (four new kinds) with their own reliability and rationale;
- sources name their outlet, what they re-report, whether their rating is the outlet's, and
  need no paragraph count (a web page); seven new source kinds;
- every row that cites a source (citations, event links, figures, assessments) gets a heading
  and a quoted phrase beside its paragraph, which may now be empty;
- a citation's credibility becomes a curator's override with a reason (credibility is derived
  when publishing); a citation may support one field of its record;
- new tables: disagreements (a source's other version of one field) and event_statuses (an
  event's status as of a date, per source).

Rows of 0.1.0 keep their meaning: a typed credibility stays, as an override whose reason says
it was typed before 0.2.0. Downgrading refuses data that 0001 cannot hold (a citation with no
paragraph, a source with no paragraph count, a new kind) rather than drop it silently; the
disagreements and status history are dropped with their tables.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 13:34:15.102203
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.util import OrderedSet

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Vocabularies as they stand at this revision (a migration never imports the models).
SOURCE_KINDS_0001 = ("analysis", "news", "official_statement", "document")
SOURCE_KINDS = (
    *SOURCE_KINDS_0001,
    "wire_story",
    "press_release",
    "readout",
    "joint_statement",
    "transcript",
    "opinion",
    "state_media_report",
)
ORGANIZATION_KINDS_0001 = (
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
)
ORGANIZATION_KINDS = (
    *ORGANIZATION_KINDS_0001,
    "news_agency",
    "newspaper",
    "broadcaster",
    "magazine",
)
RELIABILITY = ("A", "B", "C", "D", "E", "F")
EVENT_STATUSES = ("occurred", "planned", "announced", "cancelled", "postponed")
CITED_RECORD_COLUMNS = (
    ("event_id", "events", "Event it is about.", "CASCADE"),
    ("person_id", "persons", "Person it is about.", None),
    ("position_id", "positions", "Position it is about.", None),
    ("organization_id", "organizations", "Organisation it is about.", None),
    ("place_id", "places", "Place it is about.", None),
    ("forum_id", "forums", "Forum it is about.", None),
    ("programme_id", "programmes", "Programme it is about.", None),
    ("subject_id", "subjects", "Subject it is about.", None),
)
EXACTLY_ONE_RECORD = (
    " + ".join(
        f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column, *_ in CITED_RECORD_COLUMNS
    )
    + " = 1"
)
TYPED_BEFORE = "typed by hand in release 0.1.0, before credibility was derived from the sources"

PARAGRAPH_COMMENT = "Paragraph number (¶) in the source; NULL when not cited by paragraph."
PARAGRAPH_COMMENT_0001 = {
    "citations": "Paragraph number (¶) in the source.",
    "event_links": "Paragraph (¶) that links them.",
    "figures": "Paragraph (¶) that states it.",
    "assessments": "Paragraph (¶) it comes from.",
}
LOCATED_TABLES = tuple(PARAGRAPH_COMMENT_0001)


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _located_columns() -> list[sa.Column]:
    return [
        sa.Column("paragraph", sa.Integer(), nullable=True, comment=PARAGRAPH_COMMENT),
        *_heading_and_quote(),
    ]


def _heading_and_quote() -> list[sa.Column]:
    return [
        sa.Column(
            "heading",
            sa.String(length=200),
            nullable=True,
            comment="Heading of the part of the source that states it.",
        ),
        sa.Column(
            "quote",
            sa.String(length=100),
            nullable=True,
            comment="A phrase of at most six words quoted from the source, to find the place by.",
        ),
    ]


def _record_arc(table: str) -> list:
    """The exclusive arc of foreign keys to the record a row is about, with its indexes."""
    items: list = []
    for column, target, comment, ondelete in CITED_RECORD_COLUMNS:
        items.append(sa.Column(column, sa.String(length=120), nullable=True, comment=comment))
        items.append(
            sa.ForeignKeyConstraint(
                [column],
                [f"{target}.{'code' if target == 'countries' else 'id'}"],
                name=op.f(f"fk_{table}_{column}_{target}"),
                ondelete=ondelete,
            )
        )
    return items


def _batch(table: str):
    """``op.batch_alter_table`` that rebuilds a SQLite table the same way on every run.

    Batch mode copies the table's constraints and indexes in the order it finds them, and
    SQLAlchemy keeps them in sets, whose order changes from one process to the next: two
    builds of the same seeds would then differ byte for byte. Handing batch mode the table
    with both in name order fixes the order. PostgreSQL alters in place and needs none of it.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return op.batch_alter_table(table)
    existing = sa.Table(table, sa.MetaData(), autoload_with=bind)
    existing.constraints = OrderedSet(
        sorted(existing.constraints, key=lambda c: (type(c).__name__, str(c.name or "")))
    )
    existing.indexes = OrderedSet(sorted(existing.indexes, key=lambda i: str(i.name)))
    return op.batch_alter_table(table, copy_from=existing, recreate="always")


def _table_comment(comment: str, existing_comment: str) -> None:
    # SQLite keeps no comments (its ALTER has no COMMENT); PostgreSQL does.
    if op.get_bind().dialect.supports_comments:
        op.create_table_comment("citations", comment, existing_comment=existing_comment)


def upgrade() -> None:
    with _batch("organizations") as batch_op:
        batch_op.add_column(
            sa.Column(
                "reliability",
                sa.Enum(
                    *RELIABILITY, name="reliability", native_enum=False, create_constraint=True
                ),
                nullable=True,
                comment="As an outlet: NATO/Admiralty reliability of what it publishes, A to F.",
            )
        )
        batch_op.add_column(
            sa.Column(
                "reliability_rationale",
                sa.Text(),
                nullable=True,
                comment="As an outlet: why it got its reliability rating.",
            )
        )
        batch_op.drop_constraint(op.f("ck_organizations_organization_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_organizations_organization_kind"), _in("kind", ORGANIZATION_KINDS)
        )
        batch_op.create_check_constraint(
            op.f("ck_organizations_reliability_with_rationale"),
            "(reliability IS NULL) = (reliability_rationale IS NULL)",
        )

    with _batch("sources") as batch_op:
        batch_op.add_column(
            sa.Column(
                "outlet_id",
                sa.String(length=120),
                nullable=True,
                comment="Organisation that published it (NULL only in rows from before 0.2.0).",
            )
        )
        batch_op.add_column(
            sa.Column(
                "reliability_from_outlet",
                sa.Boolean(create_constraint=True, name="reliability_from_outlet"),
                server_default=sa.false(),
                nullable=False,
                comment="1 when the rating is the outlet's; 0 when it was set for this source.",
            )
        )
        batch_op.add_column(
            sa.Column(
                "re_reports_id",
                sa.String(length=120),
                nullable=True,
                comment="The source this one repeats (a wire story carried, a press release "
                "copied): not independent of it.",
            )
        )
        batch_op.add_column(
            sa.Column(
                "original_outlet_id",
                sa.String(length=120),
                nullable=True,
                comment="Outlet whose item this one repeats, when that item is not a source here.",
            )
        )
        batch_op.alter_column(
            "paragraph_count",
            existing_type=sa.Integer(),
            nullable=True,
            comment="Number of numbered paragraphs, for a source kept with them: its citations "
            "give a paragraph inside them. NULL for a web page.",
            existing_comment="Number of numbered paragraphs; citations must point inside them.",
        )
        batch_op.alter_column(
            "reliability",
            existing_type=sa.String(length=1),
            existing_nullable=False,
            comment="NATO/Admiralty source reliability, A (completely reliable) to F (cannot be "
            "judged): the outlet's, unless set for this source.",
            existing_comment="NATO/Admiralty source reliability, A (completely reliable) to F "
            "(cannot be judged).",
        )
        batch_op.drop_constraint(op.f("ck_sources_source_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_sources_source_kind"), _in("kind", SOURCE_KINDS))
        batch_op.create_check_constraint(
            op.f("ck_sources_not_own_copy"), "re_reports_id IS NULL OR re_reports_id <> id"
        )
        batch_op.create_index(op.f("ix_sources_outlet_id"), ["outlet_id"])
        batch_op.create_index(op.f("ix_sources_re_reports_id"), ["re_reports_id"])
        batch_op.create_index(op.f("ix_sources_original_outlet_id"), ["original_outlet_id"])
        batch_op.create_foreign_key(
            op.f("fk_sources_outlet_id_organizations"), "organizations", ["outlet_id"], ["id"]
        )
        batch_op.create_foreign_key(
            op.f("fk_sources_re_reports_id_sources"), "sources", ["re_reports_id"], ["id"]
        )
        batch_op.create_foreign_key(
            op.f("fk_sources_original_outlet_id_organizations"),
            "organizations",
            ["original_outlet_id"],
            ["id"],
        )

    with _batch("citations") as batch_op:
        batch_op.add_column(
            sa.Column(
                "credibility_reason",
                sa.Text(),
                nullable=True,
                comment="Why the curator overrode the derived credibility.",
            )
        )
        batch_op.add_column(
            sa.Column(
                "field",
                sa.String(length=60),
                nullable=True,
                comment="The one field of the record the source states (e.g. first_in_years); "
                "NULL when it supports the record as a whole.",
            )
        )
        batch_op.alter_column(
            "credibility",
            existing_type=sa.String(length=1),
            nullable=True,
            comment="A curator's override of the derived NATO/Admiralty information "
            "credibility (1 confirmed .. 6 cannot be judged); NULL when derived "
            "(record_credibility).",
            existing_comment="NATO/Admiralty information credibility, 1 (confirmed) to 6 "
            "(cannot be judged).",
        )
    for table in LOCATED_TABLES:
        with _batch(table) as batch_op:
            for column in _heading_and_quote():
                batch_op.add_column(column)
            batch_op.alter_column(
                "paragraph",
                existing_type=sa.Integer(),
                nullable=True,
                comment=PARAGRAPH_COMMENT,
                existing_comment=PARAGRAPH_COMMENT_0001[table],
            )

    # A credibility typed in 0.1.0 stays as it was, as an override that says where it came from.
    op.execute(
        sa.text(
            "UPDATE citations SET credibility_reason = :reason WHERE credibility IS NOT NULL"
        ).bindparams(reason=TYPED_BEFORE)
    )
    with _batch("citations") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_citations_override_with_reason"),
            "(credibility IS NULL) = (credibility_reason IS NULL)",
        )
    _table_comment(
        "Sources supporting every event and reference record, with a locator.",
        existing_comment="Source and paragraph for every event and reference record.",
    )

    op.create_table(
        "disagreements",
        sa.Column("id", sa.Integer(), nullable=False, comment="Row number."),
        sa.Column(
            "field",
            sa.String(length=60),
            nullable=False,
            comment="The field of the record the source differs on, e.g. date.",
        ),
        sa.Column("value", sa.Text(), nullable=False, comment="The source's version, as text."),
        sa.Column(
            "source_id",
            sa.String(length=120),
            nullable=False,
            comment="The source that gives it.",
        ),
        sa.Column(
            "stance",
            sa.Enum(
                "contradicts", "qualifies", name="stance", native_enum=False, create_constraint=True
            ),
            nullable=False,
            comment="contradicts (another value) or qualifies (narrows, widens or hedges it).",
        ),
        sa.Column(
            "note",
            sa.Text(),
            nullable=False,
            comment="Why the record concludes otherwise, in the editors' words.",
        ),
        *_record_arc("disagreements"),
        *_located_columns(),
        sa.CheckConstraint(EXACTLY_ONE_RECORD, name=op.f("ck_disagreements_exactly_one_record")),
        sa.CheckConstraint("paragraph >= 1", name=op.f("ck_disagreements_paragraph_positive")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_disagreements_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disagreements")),
        comment="Sources' versions of a field that differ from the record's value.",
    )
    for column in ("source_id", *(column for column, *_ in CITED_RECORD_COLUMNS)):
        op.create_index(op.f(f"ix_disagreements_{column}"), "disagreements", [column])

    op.create_table(
        "event_statuses",
        sa.Column("id", sa.Integer(), nullable=False, comment="Row number."),
        sa.Column("event_id", sa.String(length=120), nullable=False, comment="The event."),
        sa.Column(
            "status",
            sa.Enum(
                *EVENT_STATUSES, name="event_status", native_enum=False, create_constraint=True
            ),
            nullable=False,
            comment="Status as of the date.",
        ),
        sa.Column(
            "as_of",
            sa.String(length=64),
            nullable=False,
            comment="EDTF date the status held, per the source.",
        ),
        sa.Column(
            "as_of_earliest", sa.Date(), nullable=True, comment="Earliest ISO date as_of allows."
        ),
        sa.Column(
            "as_of_latest", sa.Date(), nullable=True, comment="Latest ISO date as_of allows."
        ),
        sa.Column(
            "source_id",
            sa.String(length=120),
            nullable=False,
            comment="The source that reports it.",
        ),
        *_located_columns(),
        sa.CheckConstraint(
            "as_of_earliest IS NULL OR as_of_latest IS NULL OR as_of_earliest <= as_of_latest",
            name=op.f("ck_event_statuses_as_of_in_order"),
        ),
        sa.CheckConstraint("paragraph >= 1", name=op.f("ck_event_statuses_paragraph_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_statuses_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_event_statuses_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_statuses")),
        comment="Each event's status through time, one row per source and date.",
    )
    op.create_index(op.f("ix_event_statuses_event_id"), "event_statuses", ["event_id"])
    op.create_index(op.f("ix_event_statuses_source_id"), "event_statuses", ["source_id"])


def _refuse(sql: str, what: str) -> None:
    """Stop the downgrade when rows hold what revision 0001 cannot: nothing is dropped."""
    count = op.get_bind().execute(sa.text(sql)).scalar()
    if count:
        raise RuntimeError(
            f"cannot downgrade to 0001: {count} {what}; revision 0001 cannot hold them. "
            "Remove or change those rows first, or keep the database at 0002."
        )


def downgrade() -> None:
    for table in LOCATED_TABLES:
        _refuse(
            f"SELECT count(*) FROM {table} WHERE paragraph IS NULL",
            f"rows of {table} cite no paragraph",
        )
    _refuse(
        "SELECT count(*) FROM sources WHERE paragraph_count IS NULL",
        "sources have no paragraph count",
    )
    _refuse(
        f"SELECT count(*) FROM sources WHERE NOT {_in('kind', SOURCE_KINDS_0001)}",
        "sources are of a kind added in 0002",
    )
    _refuse(
        f"SELECT count(*) FROM organizations WHERE NOT {_in('kind', ORGANIZATION_KINDS_0001)}",
        "organisations are of a kind added in 0002",
    )
    _refuse(
        "SELECT count(*) FROM citations WHERE field IS NOT NULL",
        "citations support one field only (0001 would read them as supporting the record)",
    )

    op.drop_table("event_statuses")
    op.drop_table("disagreements")

    # 0001 needs a credibility on every citation: where it was derived, 6 (cannot be judged)
    # is what 0001 typed for a claim not yet corroborated.
    with _batch("citations") as batch_op:
        batch_op.drop_constraint(op.f("ck_citations_override_with_reason"), type_="check")
    op.execute("UPDATE citations SET credibility = '6' WHERE credibility IS NULL")
    _table_comment(
        "Source and paragraph for every event and reference record.",
        existing_comment="Sources supporting every event and reference record, with a locator.",
    )
    with _batch("citations") as batch_op:
        batch_op.alter_column(
            "credibility",
            existing_type=sa.String(length=1),
            nullable=False,
            comment="NATO/Admiralty information credibility, 1 (confirmed) to 6 (cannot be "
            "judged).",
        )
        batch_op.drop_column("field")
        batch_op.drop_column("credibility_reason")

    for table in LOCATED_TABLES:
        with _batch(table) as batch_op:
            batch_op.alter_column(
                "paragraph",
                existing_type=sa.Integer(),
                nullable=False,
                comment=PARAGRAPH_COMMENT_0001[table],
            )
            batch_op.drop_column("quote")
            batch_op.drop_column("heading")

    with _batch("sources") as batch_op:
        batch_op.drop_constraint(op.f("fk_sources_original_outlet_id_organizations"), "foreignkey")
        batch_op.drop_constraint(op.f("fk_sources_re_reports_id_sources"), "foreignkey")
        batch_op.drop_constraint(op.f("fk_sources_outlet_id_organizations"), "foreignkey")
        batch_op.drop_index(op.f("ix_sources_original_outlet_id"))
        batch_op.drop_index(op.f("ix_sources_re_reports_id"))
        batch_op.drop_index(op.f("ix_sources_outlet_id"))
        batch_op.drop_constraint(op.f("ck_sources_not_own_copy"), type_="check")
        batch_op.drop_constraint(op.f("ck_sources_source_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_sources_source_kind"), _in("kind", SOURCE_KINDS_0001)
        )
        if not op.get_bind().dialect.supports_native_boolean:
            # Only where a boolean is an integer is it kept 0 or 1 by a CHECK.
            batch_op.drop_constraint(op.f("ck_sources_reliability_from_outlet"), type_="check")
        batch_op.alter_column(
            "paragraph_count",
            existing_type=sa.Integer(),
            nullable=False,
            comment="Number of numbered paragraphs; citations must point inside them.",
        )
        batch_op.alter_column(
            "reliability",
            existing_type=sa.String(length=1),
            existing_nullable=False,
            comment="NATO/Admiralty source reliability, A (completely reliable) to F (cannot be "
            "judged).",
        )
        batch_op.drop_column("original_outlet_id")
        batch_op.drop_column("re_reports_id")
        batch_op.drop_column("reliability_from_outlet")
        batch_op.drop_column("outlet_id")

    with _batch("organizations") as batch_op:
        batch_op.drop_constraint(op.f("ck_organizations_reliability_with_rationale"), type_="check")
        batch_op.drop_constraint(op.f("ck_organizations_reliability"), type_="check")
        batch_op.drop_constraint(op.f("ck_organizations_organization_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_organizations_organization_kind"), _in("kind", ORGANIZATION_KINDS_0001)
        )
        batch_op.drop_column("reliability_rationale")
        batch_op.drop_column("reliability")
