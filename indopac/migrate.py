"""Alembic, driven from code: the CLI and the build never shell out to ``alembic``."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from indopac.paths import MIGRATIONS_DIR, ROOT


def alembic_config(url: str) -> Config:
    """An Alembic Config for the database at ``url``, independent of the current directory."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would choke on a % in a password-bearing URL.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> None:
    command.current(alembic_config(url), verbose=False)
