"""Two more stages of an agreement: ratified and in force.

An agreement signed by governments becomes binding in two more steps that the sources report
as events of their own: a party approves it by its own procedure (a legislature's consent, a
head of state's ratification), and it enters into force. Until now both could only be recorded
as ``concluded``, which says less than the sources do. The CHECK on agreements.stage gains
``ratified`` and ``in_force``, between ``concluded`` and ``delivered``.

Downgrading refuses while an agreement is at either new stage (0003 cannot hold it) rather than
change its stage silently.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 14:02:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.util import OrderedSet

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Vocabularies as they stand at this revision (a migration never imports the models).
STAGES_0003 = (
    "interest_expressed",
    "proposed",
    "pledged",
    "under_negotiation",
    "concluded",
    "delivered",
    "withdrawn",
)
NEW_STAGES = ("ratified", "in_force")
STAGES = (*STAGES_0003[:5], *NEW_STAGES, *STAGES_0003[5:])
STAGE_COMMENT_0003 = (
    "Interest expressed, proposed, under negotiation, concluded, delivered, withdrawn."
)
STAGE_COMMENT = (
    "Interest expressed, proposed, pledged, under negotiation, concluded, ratified, in force, "
    "delivered, withdrawn."
)


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _batch(table: str):
    """``op.batch_alter_table`` that rebuilds a SQLite table the same way on every run.

    As in 0002: batch mode copies constraints and indexes in set order, which changes from one
    process to the next; handing it the table with both in name order keeps builds identical.
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


def _stages(stages: Sequence[str], comment: str, existing_comment: str) -> None:
    with _batch("agreements") as batch_op:
        batch_op.drop_constraint(op.f("ck_agreements_agreement_stage"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_agreements_agreement_stage"), _in("stage", stages)
        )
        batch_op.alter_column(
            "stage",
            existing_type=sa.String(length=18),
            existing_nullable=False,
            comment=comment,
            existing_comment=existing_comment,
        )


def upgrade() -> None:
    _stages(STAGES, STAGE_COMMENT, STAGE_COMMENT_0003)


def downgrade() -> None:
    count = (
        op.get_bind()
        .execute(sa.text(f"SELECT count(*) FROM agreements WHERE {_in('stage', NEW_STAGES)}"))
        .scalar()
    )
    if count:
        raise RuntimeError(
            f"cannot downgrade to 0003: {count} agreements are at stage ratified or in_force; "
            "revision 0003 cannot hold them. Change or remove those rows first, or keep the "
            "database at 0004."
        )
    _stages(STAGES_0003, STAGE_COMMENT_0003, STAGE_COMMENT)
