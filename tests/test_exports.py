"""Exports, the data package, the codebook and releases, as a downloader meets them."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from indopac import __version__
from indopac.build import build
from indopac.describe.codebook import codebook
from indopac.describe.datapackage import descriptor
from indopac.export import export_all, exported_tables
from indopac.ingest import history
from indopac.ingest.records import FORMULA_PREFIXES
from indopac.ingest.stable_ids import PUBLISHED_IDS_FILE, read_published_ids
from indopac.paths import METADATA_FILE, ROOT
from indopac.release import release
from indopac.serve import make_app
from tests.helpers import sha256

FRICTIONLESS = Path(os.environ.get("INDOPAC_FRICTIONLESS", ROOT / ".venv-tools/bin/frictionless"))
needs_frictionless = pytest.mark.skipif(
    not FRICTIONLESS.exists() and not os.environ.get("CI"),
    reason="frictionless lives in .venv-tools, which `./run test` creates",
)


@pytest.fixture(scope="module")
def exports(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports") / "exports"
    export_all(built_db, out)
    return out


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_one_csv_per_table_and_view_with_header_and_crlf(exports: Path, built_db: Path) -> None:
    names = {t.name for t in exported_tables()}
    assert {"events", "timeline", "event_participants", "retired_ids"} <= names
    assert {p.stem for p in (exports / "csv").glob("*.csv")} == names
    assert {p.stem for p in (exports / "jsonl").glob("*.jsonl")} == names
    raw = (exports / "csv" / "timeline.csv").read_bytes()
    assert raw.startswith(b"event_id,kind,title,date,start_date,end_date,status,")
    assert raw.count(b"\r\n") == raw.count(b"\n")  # RFC 4180 line ends
    with sqlite3.connect(built_db) as conn:
        (count,) = conn.execute("SELECT count(*) FROM events").fetchone()
    with open(exports / "csv" / "events.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == count
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)  # by primary key
    # Quotes and commas survive the round trip.
    summaries = {row["id"]: row["summary"] for row in rows}
    assert "," in summaries["yohei-kono-visits-china-2024-07"]


def test_json_lines_match_the_csv(exports: Path) -> None:
    lines = (exports / "jsonl" / "events.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    with open(exports / "csv" / "events.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in records] == [r["id"] for r in rows]
    palm = next(
        r for r in records if r["id"] == "palm-10-denounces-unilateral-change-of-status-quo"
    )
    concern = next(r for r in records if r["id"] == "japan-concern-china-russia-cooperation")
    assert palm["first_ever"] is True and concern["place_id"] is None


def test_two_builds_from_the_same_seeds_export_byte_identical_files(
    tmp_path: Path, seeds_copy: Path
) -> None:
    trees = []
    for name in ("a", "b"):
        database = tmp_path / name / "indopac.db"
        build(seeds_copy, database)
        export_all(database, tmp_path / name / "exports")
        trees.append(_tree(tmp_path / name / "exports"))
    assert trees[0] == trees[1]


def test_no_exported_text_cell_would_run_as_a_formula(exports: Path) -> None:
    risky = []
    for path in [*(exports / "csv").glob("*.csv"), *(exports / "dyadic").glob("*.csv")]:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    if cell.startswith(FORMULA_PREFIXES):
                        try:
                            float(cell)
                        except ValueError:
                            risky.append(f"{path.name}: {cell[:40]}")
    assert risky == []


def test_data_package_describes_every_resource_from_the_models() -> None:
    package = descriptor()
    assert package["version"] == __version__
    resources = {r["name"]: r for r in package["resources"]}
    # One resource per exported table, in the order export writes them, then the dyadic files.
    assert list(resources) == [t.name for t in exported_tables()] + ["cameo_dyads", "plover_dyads"]
    events = {f["name"]: f for f in resources["events"]["schema"]["fields"]}
    assert events["status"]["constraints"]["enum"] == [
        "occurred",
        "planned",
        "announced",
        "cancelled",
        "postponed",
    ]
    assert events["start_date"]["type"] == "date"
    assert events["first_ever"]["type"] == "boolean"
    assert events["title"]["constraints"]["required"] is True
    assert events["summary"]["description"] == "What happened, in the editors' words."
    assert resources["events"]["schema"]["primaryKey"] == ["id"]
    assert {
        "fields": ["place_id"],
        "reference": {"resource": "places", "fields": ["id"]},
    } in resources["events"]["schema"]["foreignKeys"]
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["description"] and field["description"] != "None", field["name"]


def _frictionless(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    )


@needs_frictionless
def test_frictionless_finds_no_error_in_the_data_package(exports: Path) -> None:
    result = _frictionless(exports / "datapackage.json")
    report = json.loads(result.stdout)
    errors = [e for task in report["tasks"] for e in task["errors"]] + report.get("errors", [])
    assert report["valid"] is True, errors[:5]
    assert len(report["tasks"]) == len(exported_tables()) + 2  # and the two dyadic files


@needs_frictionless
def test_frictionless_catches_a_dangling_foreign_key(exports: Path, tmp_path: Path) -> None:
    broken = tmp_path / "exports"
    broken.mkdir()
    for name in ("csv", "dyadic"):
        (broken / name).mkdir()
        for path in (exports / name).iterdir():
            (broken / name / path.name).write_bytes(path.read_bytes())
    (broken / "datapackage.json").write_bytes((exports / "datapackage.json").read_bytes())
    visits = broken / "csv" / "visits.csv"
    visits.write_text(visits.read_text(encoding="utf-8").replace(",CN", ",XX", 1), "utf-8")
    report = json.loads(_frictionless(broken / "datapackage.json").stdout)
    assert report["valid"] is False
    codes = {e["type"] for task in report["tasks"] for e in task["errors"]}
    assert "foreign-key" in codes


def test_codebook_explains_every_column(built_db: Path) -> None:
    # Whether CODEBOOK.md is up to date: tests/test_generated_files.py.
    text = codebook(built_db)
    for needle in (
        "`occurred`: took place",
        "| `F` | reliability cannot be judged |",
        "| make-visit | Travel to another country for talks | 042 | Make a visit | CONSULT |",
        "[2024-06..2024-08]",
        "### `timeline` (table)",
    ):
        assert needle in text


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_datasette_streams_every_table_and_view_as_csv_and_serves_the_files(
    built_db: Path, exports: Path, anyio_backend: str
) -> None:
    datasette = make_app(built_db, METADATA_FILE, exports)
    with sqlite3.connect(built_db) as conn:
        counts = {
            t.name: conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
            for t in exported_tables()
        }
    for name, count in counts.items():
        response = await datasette.client.get(f"/indopac/{name}.csv?_stream=on&_size=max")
        assert response.status_code == 200, name
        assert len(list(csv.reader(response.text.splitlines()))) == count + 1, name
    for path in ("/exports/index.html", "/exports/csv/timeline.csv", "/exports/datapackage.json"):
        response = await datasette.client.get(path)
        assert response.status_code == 200, path
    index = await datasette.client.get("/exports/index.html")
    assert 'href="csv/timeline.csv"' in index.text


def test_release_archive_has_everything_with_checksums(tmp_path: Path, seeds_copy: Path) -> None:
    archive = release(seeds_copy, tmp_path / "dist")
    assert archive.name == f"indopac-{__version__}.tar.gz"
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    folder = tmp_path / "unpacked" / f"indopac-{__version__}"
    for name in (
        "indopac.db",
        "exports/datapackage.json",
        "exports/CODEBOOK.md",
        "exports/csv/timeline.csv",
        "exports/jsonl/timeline.jsonl",
        "LICENSE",
        "DATA-LICENSE.md",
        "CHANGELOG.md",
        "SHA256SUMS",
    ):
        assert (folder / name).is_file(), name
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert sha256(folder / name) == digest, name
    # The release records every ID it published.
    published = read_published_ids(seeds_copy / PUBLISHED_IDS_FILE)
    assert ("event", "yohei-kono-visits-china-2024-07") in published
    assert ("person", "minoru-kihara") in published
    # ... and keeps the records it published, for the next release's history.
    kept = history.read_release(seeds_copy / history.RELEASES_DIR / f"{__version__}.jsonl")
    assert set(kept) == {(str(kind), record_id) for kind, record_id in published}
    # Its own database's history names it: a first release adds every record it holds.
    with sqlite3.connect(folder / "indopac.db") as conn:
        rows = conn.execute("SELECT release, change, count(*) FROM record_changes GROUP BY 1, 2")
        assert rows.fetchall() == [(__version__, "added", len(kept))]


def test_the_checked_in_published_ids_cover_the_seeds() -> None:
    published = read_published_ids(ROOT / "seeds" / PUBLISHED_IDS_FILE)
    assert ("event", "quad-foreign-ministers-2024-07-29") in published
    assert len(published) > 100


def test_a_table_written_in_parallel_parts_is_byte_identical(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from indopac import csv_parts

    single = tmp_path / "single.csv"
    csv_parts.write_range(built_db, "citations", ("id",), single)
    # Every table counts as large, and this machine as having at least three cores.
    monkeypatch.setattr(csv_parts, "PARALLEL_MIN_ROWS", 1)
    monkeypatch.setattr(csv_parts.os, "cpu_count", lambda: 3)
    parallel = tmp_path / "parallel.csv"
    csv_parts.write_table(built_db, "citations", ("id",), parallel)
    assert parallel.read_bytes() == single.read_bytes()
    rows = sqlite3.connect(built_db).execute("SELECT count(*) FROM citations").fetchone()[0]
    assert rows > 100
    assert len(single.read_bytes().splitlines()) == 1 + rows  # header and every citation
    assert list(tmp_path.glob("*.part*")) == []


@needs_frictionless
def test_finding_06_a_truncated_csv_fails_frictionless_validate(
    exports: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "exports"
    shutil.copytree(exports, copy)
    timeline = copy / "csv" / "timeline.csv"
    lines = timeline.read_bytes().splitlines(keepends=True)
    timeline.write_bytes(b"".join(lines[: len(lines) // 2]))  # ends on a clean CRLF
    report = json.loads(_frictionless(copy / "datapackage.json").stdout)
    assert report["valid"] is False
    codes = {e["type"] for task in report["tasks"] for e in task["errors"]}
    assert {"byte-count", "hash-count"} <= codes, codes


def test_finding_19_json_lines_refuse_infinity_and_nan(tmp_path: Path, built_db: Path) -> None:
    from indopac.export import ExportError

    database = tmp_path / "inf.db"
    shutil.copy(built_db, database)
    with sqlite3.connect(database) as conn:
        conn.execute(
            "UPDATE figures SET value_high = 9e999 WHERE rowid = (SELECT min(rowid) FROM figures)"
        )
    out = tmp_path / "dist" / "exports"
    export_all(built_db, out)
    before = _tree(out)
    with pytest.raises(ExportError, match=r"figures: column 'value_high' .* holds inf"):
        export_all(database, out)
    assert _tree(out) == before  # the previous set is still the one served
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "indopac",
            "export",
            "--jsonl",
            "--database",
            str(database),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "which JSON cannot hold" in result.stderr
    assert _tree(out) == before


def test_finding_18_a_release_never_replaces_an_archive_or_writes_through_a_link(
    tmp_path: Path, seeds_copy: Path
) -> None:
    from indopac.release import ReleaseError

    out = tmp_path / "dist"
    archive = release(seeds_copy, out)
    first = archive.read_bytes()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert not [n for n in names if "/." in n], names  # no lock file or temporary inside
    # The same seeds a second time into a fresh folder: byte for byte the same archive.
    assert release(seeds_copy, tmp_path / "again").read_bytes() == first
    visits = seeds_copy / "visits.yaml"
    visits.write_text(visits.read_text().replace("spent three days", "spent 3 days"), "utf-8")
    with pytest.raises(ReleaseError, match="already exists: a released version is never rebuilt"):
        release(seeds_copy, out)
    assert archive.read_bytes() == first
    # published-ids.txt a dangling link to a file outside the checkout: refused, not followed.
    from indopac.atomic_files import WriteRefused

    ids = seeds_copy / PUBLISHED_IDS_FILE
    victim = tmp_path / "victim.txt"
    ids.unlink()
    ids.symlink_to(victim)
    with pytest.raises(WriteRefused, match="symbolic link"):
        release(seeds_copy, tmp_path / "third")
    assert not victim.exists()
    assert not (tmp_path / "third" / archive.name).exists()


def test_a_fresh_build_publishes_what_the_committed_manifest_says(built_db: Path) -> None:
    """docs/published.sha256 holds the hashes of the published schema and of every export
    file: a change meant to change nothing a user sees must leave them all as they are, and a
    change of data regenerates the file on purpose (the diff names what changed)."""
    from indopac.describe.manifest import manifest_text
    from indopac.paths import MANIFEST_FILE

    assert MANIFEST_FILE.read_text(encoding="utf-8") == manifest_text(built_db), (
        "what a build publishes differs from docs/published.sha256: if the change is meant, "
        "run ./run docs --write and commit the new manifest"
    )
