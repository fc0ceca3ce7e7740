"""Per-record history: record_changes.

Each record's history across releases (when it first appeared, each field a later release
changed with its old and new value, removals with their replacement), derived by the build from
the records each release kept in seeds/releases/ and the seeds as they stand. A table of its
own, filled only by the build, so that downgrading drops it with nothing else lost: the
history is made again from the seeds by the next build.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 17:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The record kinds as they stand at this revision (a migration never imports the models).
RECORD_KINDS = (
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
)


def upgrade() -> None:
    op.create_table(
        "record_changes",
        sa.Column(
            "id",
            sa.Integer(),
            autoincrement=False,
            nullable=False,
            comment="Row number, in release order.",
        ),
        sa.Column(
            "release",
            sa.String(length=40),
            nullable=False,
            comment="Release that made the change, e.g. 0.1.0; `unreleased` for what the seeds "
            "change since the last release.",
        ),
        sa.Column(
            "release_order",
            sa.Integer(),
            nullable=False,
            comment="1 for the first release kept, then counting up; `unreleased` is last.",
        ),
        sa.Column(
            "record_kind",
            sa.Enum(
                *RECORD_KINDS,
                name="record_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Kind of record.",
        ),
        sa.Column("record_id", sa.String(length=120), nullable=False, comment="The record's ID."),
        sa.Column(
            "change",
            sa.Enum(
                "added",
                "changed",
                "removed",
                name="change_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
            comment="Added, changed or removed.",
        ),
        sa.Column(
            "field",
            sa.String(length=120),
            nullable=True,
            comment="The field that changed, as the seed files name it (changed only).",
        ),
        sa.Column(
            "old_value",
            sa.Text(),
            nullable=True,
            comment="The field's value before, as written in the seeds (lists and mappings as "
            "JSON); empty when the field is new.",
        ),
        sa.Column(
            "new_value",
            sa.Text(),
            nullable=True,
            comment="The field's value after; empty when the field was removed.",
        ),
        sa.Column(
            "replaced_by",
            sa.String(length=120),
            nullable=True,
            comment="For a removed record: the ID that replaces it (retired_ids), if any.",
        ),
        sa.CheckConstraint(
            "(change = 'changed') = (field IS NOT NULL)",
            name=op.f("ck_record_changes_field_when_changed"),
        ),
        sa.CheckConstraint(
            "replaced_by IS NULL OR change = 'removed'",
            name=op.f("ck_record_changes_replaced_when_removed"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_changes")),
        comment="Each record's history: the release in which it first appeared, each field "
        "each later release changed (old and new value), and removals.",
    )
    op.create_index(
        "ix_record_changes_record", "record_changes", ["record_kind", "record_id"], unique=False
    )
    op.create_index(
        "ix_record_changes_release_order", "record_changes", ["release_order"], unique=False
    )


def downgrade() -> None:
    # Derived rows only: the next build makes them again from the seeds.
    op.drop_index("ix_record_changes_release_order", table_name="record_changes")
    op.drop_index("ix_record_changes_record", table_name="record_changes")
    op.drop_table("record_changes")
