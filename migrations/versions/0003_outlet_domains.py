"""Outlets' own web domains, and the meaning of events.first_since.

- new table outlet_domains: the web domains each organisation publishes on, so that the seed
  checks can refuse a source whose URL is not on its outlet's own site (a mirror, a scraped
  copy);
- the comment of events.first_since says what the column holds: the date since which the
  event is the first of its kind, as the source says. The old wording ("the last such event
  before this one") read ``first_since: 1972`` as a 1972 event that no source reports.

Downgrading refuses while outlet_domains has rows (0002 has nowhere to keep them) rather than
drop them silently.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-09 10:12:41.517308
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_SINCE_COMMENT = (
    "EDTF date since which this is the first such event, as the source says: none took place "
    "between that date and this event (it does not say one took place on that date)."
)
FIRST_SINCE_COMMENT_0002 = "EDTF date of the last such event before this one."


def _first_since_comment(comment: str, existing_comment: str) -> None:
    # SQLite keeps no comments (its ALTER has no COMMENT): rebuilding the events table there
    # would change nothing but the file's bytes. PostgreSQL keeps them.
    if op.get_bind().dialect.supports_comments:
        op.alter_column(
            "events",
            "first_since",
            existing_type=sa.String(length=64),
            existing_nullable=True,
            comment=comment,
            existing_comment=existing_comment,
        )


def upgrade() -> None:
    op.create_table(
        "outlet_domains",
        sa.Column(
            "organization_id",
            sa.String(length=120),
            nullable=False,
            comment="The organisation that publishes on it.",
        ),
        sa.Column(
            "domain",
            sa.String(length=253),
            nullable=False,
            comment="Host name in lower case, e.g. mofa.go.jp; its subdomains (www.mofa.go.jp) "
            "count as the same outlet.",
        ),
        sa.CheckConstraint(
            "domain LIKE '%_._%' AND domain NOT LIKE '%/%' AND domain NOT LIKE '%:%' "
            "AND domain NOT LIKE '.%' AND domain NOT LIKE '%.'",
            name=op.f("ck_outlet_domains_domain_bare_host"),
        ),
        sa.CheckConstraint(
            "domain = lower(domain)", name=op.f("ck_outlet_domains_domain_lower_case")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_outlet_domains_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", "domain", name=op.f("pk_outlet_domains")),
        comment="Web domains each outlet publishes on; its sources' URLs must be on them.",
    )
    _first_since_comment(FIRST_SINCE_COMMENT, existing_comment=FIRST_SINCE_COMMENT_0002)


def _refuse(sql: str, what: str) -> None:
    """Stop the downgrade when rows hold what revision 0002 cannot: nothing is dropped."""
    count = op.get_bind().execute(sa.text(sql)).scalar()
    if count:
        raise RuntimeError(
            f"cannot downgrade to 0002: {count} {what}; revision 0002 cannot hold them. "
            "Remove those rows first, or keep the database at 0003."
        )


def downgrade() -> None:
    _refuse(
        "SELECT count(*) FROM outlet_domains", "rows of outlet_domains hold outlets' web domains"
    )
    op.drop_table("outlet_domains")
    _first_since_comment(FIRST_SINCE_COMMENT_0002, existing_comment=FIRST_SINCE_COMMENT)
