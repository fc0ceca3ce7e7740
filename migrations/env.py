"""Alembic environment.

Works three ways: from ``indopac migrate`` (a Config built in code), from Alembic's own command
line (alembic.ini), and from pytest-alembic (which hands over an Engine in
``config.attributes["connection"]``). Migrations never import seeds.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine, create_engine, pool, text

from indopac import schema

config = context.config
target_metadata = schema.metadata


# Made by the publish step (full-text search, ANALYZE statistics), not by migrations:
# autogenerate must neither create nor drop them.
def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name:
        return not (name.startswith("sqlite_") or "_fts" in name)
    return True


def run_migrations(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds tables by copy-and-rename, which fails with foreign keys on;
        # the pragma only takes effect outside a transaction, so set it before one begins.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if sqlite:
        problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        if problems:
            raise RuntimeError(f"foreign key check failed after migrating: {problems[:10]}")
        connection.commit()


def run_migrations_online() -> None:
    handed = config.attributes.get("connection")
    if isinstance(handed, Connection):
        run_migrations(handed)
        return
    engine = handed if isinstance(handed, Engine) else None
    if engine is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        run_migrations(connection)


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
