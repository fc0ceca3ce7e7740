"""The ``indopac`` command: a thin layer over the library functions."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from indopac import paths


def _fail_on_seed_errors(func):
    import functools

    from indopac.ingest import SeedValidationError

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SeedValidationError as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)

    return wrapper


def _database_errors(func):
    """One sentence, no traceback, no password, for every way a database URL can fail a
    command: a bad URL, a server that is down, a file that is no working database, a refused
    migration, load or publish."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from sqlalchemy.exc import SQLAlchemyError

        from indopac.db import DatabaseProblem, safe_url, scrub
        from indopac.migrate import MigrationFailed
        from indopac.team import LoadConflict, PublishRefused

        url = kwargs.get("database_url") or kwargs.get("load_url") or kwargs.get("from_url") or ""
        try:
            return func(*args, **kwargs)
        except (DatabaseProblem, MigrationFailed, LoadConflict, PublishRefused) as exc:
            # Their messages show URLs masked and drivers' text scrubbed already.
            raise click.ClickException(str(exc)) from exc
        except SQLAlchemyError as exc:
            detail = scrub(getattr(exc, "orig", None) or exc, url)
            raise click.ClickException(
                f"the database {safe_url(url)} failed ({detail}); nothing was changed"
            ) from exc

    return wrapper


@contextlib.contextmanager
def _file_errors() -> Iterator[None]:
    """A file that cannot be written (full or read-only disk, a folder in the way, a link):
    one sentence saying what to do, exit 1, no traceback (the old files are intact)."""
    from indopac.atomic_files import WriteRefused, explain
    from indopac.dyads import DyadError
    from indopac.export import ExportError

    try:
        yield
    except OSError as exc:
        raise click.ClickException(explain(exc)) from None
    except (WriteRefused, ExportError, DyadError) as exc:
        raise click.ClickException(str(exc)) from None


def _checkout_default(what: str) -> Callable[[click.Context, click.Parameter, Path], Path]:
    """A callback refusing an option's default outside a checkout: the default seeds/ and
    dist/ are the checkout's, and an installed indopac has none beside it (its dist/ would be
    inside site-packages). Refused before any command writes."""

    def callback(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
        source = ctx.get_parameter_source(param.name)
        if source is click.core.ParameterSource.DEFAULT and not paths.IS_CHECKOUT:
            raise click.ClickException(
                f"an installed indopac has no {what} of its own: name one with {param.opts[0]}"
            )
        return value

    return callback


seeds_option = click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=paths.SEEDS_DIR,
    show_default="seeds/",
    callback=_checkout_default("seed folder"),
    help="Folder of seed YAML files.",
)
out_option = click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=paths.PUBLISHED_DB,
    show_default="dist/indopac.db",
    callback=_checkout_default("dist/ folder"),
    help="Published database file.",
)


@click.group()
@click.version_option(package_name="indopac")
def cli() -> None:
    """Build, check and serve the indopac dataset."""


@cli.command()
@seeds_option
@click.option(
    "--load",
    "load_url",
    metavar="DATABASE_URL",
    help="Also try loading into this migrated database, then roll back (a dry run).",
)
@_fail_on_seed_errors
@_database_errors
def validate(seeds_dir: Path, load_url: str | None) -> None:
    """Check every seed file; write nothing."""
    from indopac.ingest.checks import check_seeds
    from indopac.schema.vocab import RecordKind

    if load_url:
        from indopac.team import load_into

        added = load_into(load_url, seeds_dir, dry_run=True)
        click.echo(f"ok: {added} new events would load into {_safe(load_url)} (rolled back)")
        _report_left_alone(added, "would leave")
        return
    dataset, checks = check_seeds(seeds_dir)
    records = dataset.records
    click.echo(
        f"ok: {len(checks.events)} events, {len(records[RecordKind.PERSON])} persons, "
        f"{len(records[RecordKind.ORGANIZATION])} organisations, "
        f"{len(records[RecordKind.PLACE])} places, {len(records[RecordKind.SOURCE])} sources"
    )


@cli.command()
@seeds_option
@out_option
@_fail_on_seed_errors
def build(seeds_dir: Path, out: Path) -> None:
    """Fresh database: migrate to head, seed, publish to dist/indopac.db."""
    from indopac.build import build as build_database

    with _file_errors():
        dataset = build_database(seeds_dir, out)
    click.echo(f"built {out} ({dataset.event_count} events)")


@cli.command()
@seeds_option
@out_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--rebuild", is_flag=True, help="Build even if the database is up to date.")
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    is_flag=False,
    flag_value=os.cpu_count() or 1,
    default=None,
    help="Production mode: N Datasette processes behind nginx with a cache "
    "(--workers alone: one per core). Needs nginx (Debian: nginx-light).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="With --workers: nginx balances but caches nothing (for measuring).",
)
@_fail_on_seed_errors
def serve(
    seeds_dir: Path,
    out: Path,
    host: str,
    port: int,
    rebuild: bool,
    workers: int | None,
    no_cache: bool,
) -> None:
    """Build if needed, then serve read-only with Datasette.

    When the rebuild fails and an earlier build exists, that one is served, with a warning
    naming the errors: a bad edit to the seeds does not take the site down.

    With --workers N, N Datasette processes share the file behind nginx, which balances them
    and caches every answer for the release (docs: README, "Serving many readers").
    """
    if no_cache and workers is None:
        raise click.UsageError("--no-cache goes with --workers")
    from indopac.build import build as build_database
    from indopac.export import export_all
    from indopac.ingest import SeedValidationError
    from indopac.serve import datasette_argv, needs_build

    if not paths.METADATA_FILE.is_file():
        # Generated metadata (titles, canned questions, plugins) lives in the checkout.
        raise click.ClickException(
            f"serving needs the checkout's metadata.yml ({paths.METADATA_FILE} is missing): "
            "run indopac serve from a clone of the repository"
        )
    inputs = [seeds_dir, paths.MIGRATIONS_DIR, paths.SCHEMA_DIR, paths.PACKAGE_DIR]
    exports = out.parent / "exports"
    if rebuild or needs_build(out, inputs) or not (exports / "datapackage.json").exists():
        try:
            with _file_errors():
                dataset = build_database(seeds_dir, out)
                export_all(out, exports)
            click.echo(f"built {out} ({dataset.event_count} events) and {exports}", err=True)
        except (SeedValidationError, click.ClickException) as exc:
            errors = exc.format_message() if isinstance(exc, click.ClickException) else str(exc)
            if not out.is_file():
                raise click.ClickException(
                    f"the build failed and there is no earlier build of {out} to serve:\n{errors}"
                ) from None
            click.echo(
                f"warning: the rebuild failed, so the earlier build in {out} is served "
                f"unchanged; fix these errors and restart:\n{errors}",
                err=True,
            )
    mounted = exports if (exports / "datapackage.json").is_file() else None
    if workers is not None:
        from indopac.production import serve_production

        try:
            status = serve_production(
                out, paths.METADATA_FILE, mounted, host, port, workers, cache=not no_cache
            )
        except RuntimeError as exc:
            raise click.ClickException(str(exc)) from None
        sys.exit(status)
    argv = datasette_argv(out, paths.METADATA_FILE, host, port, mounted)
    os.execv(argv[0], argv)


# ignore_unknown_options: a relative revision such as -1 is an argument, not an option.
@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("direction", type=click.Choice(["upgrade", "downgrade", "current"]))
@click.argument("revision", required=False)
@click.option(
    "--database-url",
    default=paths.DEFAULT_WORKING_URL,
    show_default=True,
    help="SQLAlchemy URL of the working database.",
)
@click.option(
    "--yes",
    is_flag=True,
    help="Downgrade a shared (PostgreSQL) database, after writing a pg_dump copy of it.",
)
@click.option(
    "--dump-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default="the current folder",
    help="Where the pg_dump copy goes before a PostgreSQL downgrade.",
)
@_database_errors
def migrate(
    direction: str, revision: str | None, database_url: str, yes: bool, dump_dir: Path
) -> None:
    """Upgrade or downgrade a working database (upgrade defaults to head).

    An existing SQLite file is backed up first and restored if the migration fails. A
    PostgreSQL database is only downgraded with --yes, after a pg_dump copy is written.
    """
    from indopac import migrate as migrations

    if revision is not None and revision.startswith("--"):
        raise click.UsageError(f"no such option: {revision}")
    if direction == "current":
        migrations.current_revision(database_url)
        migrations.current(database_url)
        return
    if direction == "downgrade" and not revision:
        raise click.UsageError("downgrade needs a revision, e.g. -1 or base")
    backup = migrations.migrate_safely(
        database_url, direction, revision or "head", yes=yes, dump_folder=dump_dir
    )
    if backup is not None:
        click.echo(f"migrated; the database before migrating is kept in {backup}", err=True)


@cli.command()
@seeds_option
@click.option(
    "--write",
    is_flag=True,
    help="Write each generated file that is out of date: the README's generated blocks, "
    "metadata.yml, CODEBOOK.md and docs/published.sha256.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 naming each generated file that is out of date.",
)
@click.option(
    "--update",
    "update_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The same as --write, with the generated blocks in this Markdown file (the 0.1.0 "
    "spelling: --update README.md).",
)
@_fail_on_seed_errors
def docs(seeds_dir: Path, write: bool, check: bool, update_path: Path | None) -> None:
    """Print the Mermaid diagram of the data model, or write (--write) or check (--check)
    every generated file: the README's blocks, metadata.yml, CODEBOOK.md and
    docs/published.sha256."""
    if write + check + (update_path is not None) > 1:
        raise click.UsageError("give one of --write, --check and --update")
    if not (write or check or update_path):
        from indopac import schema
        from indopac.describe.readme import mermaid

        click.echo(mermaid(schema.metadata), nl=False)
        return
    from indopac.describe import generated

    with _file_errors():
        if check:
            stale = generated.stale_files(seeds_dir, paths.ROOT)
            for file in stale:
                click.echo(file.stale_message(), err=True)
            if stale:
                sys.exit(1)
            click.echo("ok: every generated file is up to date")
            return
        for file in generated.write_stale(seeds_dir, paths.ROOT, update_path):
            click.echo(file.updated_message())


@cli.command()
@click.option(
    "--database",
    type=click.Path(path_type=Path, dir_okay=False),
    default=paths.PUBLISHED_DB,
    show_default="dist/indopac.db",
    callback=_checkout_default("dist/ folder"),
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=paths.EXPORTS_DIR,
    show_default="dist/exports",
    callback=_checkout_default("dist/ folder"),
)
@click.option("--jsonl", is_flag=True, help="Also write JSON Lines files.")
@click.option("--all", "everything", is_flag=True, help="The same as --jsonl (kept from 0.1.0).")
def export(database: Path, out: Path, jsonl: bool, everything: bool) -> None:
    """Write every table and view as CSV (and JSON Lines), with the data package, codebook
    and download page, from a built database; the set is swapped in whole."""
    from indopac.export import export_all

    if not database.is_file():
        raise click.ClickException(f"{database} does not exist: run `indopac build` first")
    with _file_errors():
        files = export_all(database, out, jsonl=jsonl or everything)
    click.echo(f"wrote {len(files)} files to {out}")


@cli.command()
@seeds_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=paths.DIST_DIR,
    show_default="dist/",
    callback=_checkout_default("dist/ folder"),
)
@_fail_on_seed_errors
def release(seeds_dir: Path, out: Path) -> None:
    """Build from scratch and write the release archive; add the IDs to published-ids.txt."""
    from indopac.release import ReleaseError
    from indopac.release import release as make_release

    try:
        with _file_errors():
            archive = make_release(seeds_dir, out)
    except ReleaseError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {archive}")


@cli.command()
@click.option("--events", type=int, required=True, help="How many events to generate.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option("--seed", type=int, default=0, show_default=True)
def synth(events: int, out: Path, seed: int) -> None:
    """Write a synthetic seed folder (for benchmarks; never into seeds/)."""
    from indopac.synth import SynthError, synthesize

    try:
        counts = synthesize(events, out, seed)
    except SynthError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {sum(counts.values())} events to {out}")


def _safe(url: str) -> str:
    from indopac.db import safe_url

    return safe_url(url)


def _report_left_alone(result, verb: str = "left") -> None:
    """Existing records whose seeds differ: listed on stderr, and exit status 1, because
    `publish --from` would now publish something other than the seeds (scripts must stop)."""
    left_alone = getattr(result, "left_alone", ())
    if not left_alone:
        return
    click.echo(
        f"{verb} alone {len(left_alone)} existing record"
        f"{'s' if len(left_alone) != 1 else ''} that the seeds hold with other content "
        "(load adds new IDs only and never changes existing records; to publish the seeds' "
        "version, rebuild the shared database from the seeds, see README, Team setup):",
        err=True,
    )
    for item in left_alone:
        click.echo(f"  {item}", err=True)
    sys.exit(1)


@cli.command()
@seeds_option
@click.option("--database-url", required=True, help="SQLAlchemy URL of a migrated database.")
@_fail_on_seed_errors
@_database_errors
def load(seeds_dir: Path, database_url: str) -> None:
    """Add the seed folder's new records to a shared database (existing IDs are left alone,
    and listed when the seeds hold them with other content: exit status 1)."""
    from indopac.team import load_into

    added = load_into(database_url, seeds_dir)
    click.echo(f"loaded {added} new events into {_safe(database_url)}")
    _report_left_alone(added)


@cli.command()
@click.option("--from", "from_url", required=True, help="SQLAlchemy URL to publish from.")
@out_option
@_fail_on_seed_errors
@_database_errors
def publish(from_url: str, out: Path) -> None:
    """Write the read-only SQLite snapshot from a shared database, atomically, after the
    same checks `build` runs on seeds."""
    from indopac.team import publish_from

    events = publish_from(from_url, out)
    click.echo(f"published {out} ({events} events) from {_safe(from_url)}")
