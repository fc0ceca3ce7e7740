"""Files written whole or not at all, folders swapped whole, one writer per folder; and what
the user reads when the disk is full or read-only or a folder is in the way."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from indopac import atomic_files
from indopac.atomic_files import TEMP_PREFIX, WriteRefused
from indopac.build import build
from indopac.export import export_all
from indopac.paths import METADATA_FILE
from indopac.serve import make_app
from tests.helpers import INDOPAC, run_indopac, sha256


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _one_clear_sentence(result: subprocess.CompletedProcess, *needles: str, code: int = 1) -> None:
    """Exit ``code`` (2: click refused the option itself), one error line, no traceback."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def test_finding_05_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_files.open_replacing(target, "w") as handle:
        handle.write("half of the new")
        raise RuntimeError("killed half-way")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["file.txt"]
    atomic_files.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # not mkstemp's private mode
    assert os.listdir(tmp_path) == ["file.txt"]


def test_finding_18_no_overwrite_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "archive.tar.gz"
    target.write_bytes(b"released")
    with pytest.raises(WriteRefused, match="already exists"):
        atomic_files.write_bytes(target, b"other", overwrite=False)
    assert target.read_bytes() == b"released"
    assert os.listdir(tmp_path) == ["archive.tar.gz"]


def test_finding_18_never_writes_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "victim.txt"
    link = tmp_path / "repo" / "published-ids.txt"
    link.parent.mkdir()
    link.symlink_to(outside)  # dangling, as in the review
    with pytest.raises(WriteRefused, match="symbolic link"):
        atomic_files.write_text(link, "ids")
    assert not outside.exists() and link.is_symlink()


def test_finding_24_exports_are_swapped_whole_and_served_through_the_link(
    tmp_path: Path, built_db: Path
) -> None:
    out = tmp_path / "dist" / "exports"
    export_all(built_db, out)
    first = os.readlink(out)
    old = _tree(out)
    export_all(built_db, out)
    assert out.is_symlink() and os.readlink(out) != first
    assert _tree(out) == old
    # Only the live version is left; nothing temporary.
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(
        [".indopac.lock", "exports", os.readlink(out)]
    )
    # A failed export leaves the old set, and the link, as they were.
    (out.parent / "broken.db").write_bytes(b"not a database")
    with pytest.raises(sqlite3.DatabaseError):
        export_all(out.parent / "broken.db", out)
    assert _tree(out) == old
    assert not list(out.parent.glob(f"{TEMP_PREFIX}*"))


def test_finding_24_an_export_folder_from_0_1_0_is_replaced_by_the_link(
    tmp_path: Path, built_db: Path
) -> None:
    out = tmp_path / "exports"
    (out / "csv").mkdir(parents=True)
    (out / "csv" / "stale.csv").write_text("old", encoding="utf-8")
    export_all(built_db, out)
    assert out.is_symlink() and not (out / "csv" / "stale.csv").exists()
    # A folder that is not an export is never removed.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(WriteRefused, match="did not write"):
        export_all(built_db, mine)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep"


@pytest.mark.anyio
async def test_finding_24_datasette_serves_the_linked_exports_and_refuses_traversal(
    tmp_path: Path, built_db: Path
) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    database = dist / "indopac.db"
    shutil.copy(built_db, database)
    out = dist / "exports"
    export_all(database, out)
    datasette = make_app(database, METADATA_FILE, out)
    response = await datasette.client.get("/exports/csv/timeline.csv")
    assert response.status_code == 200
    assert response.content == (out / "csv" / "timeline.csv").read_bytes()
    # After a swap the same URL serves the new version (the link is resolved per request).
    export_all(database, out)
    response = await datasette.client.get("/exports/datapackage.json")
    assert response.status_code == 200
    # The client itself folds a literal "/../"; the encoded forms reach asgi_static, which
    # resolves the link and refuses anything outside the folder it points at.
    for path in (
        "/exports/%2e%2e/indopac.db",
        "/exports/..%2findopac.db",
        "/exports/csv/..%2f..%2findopac.db",
        f"/exports/..%2f{os.readlink(out)}/index.html",
    ):
        response = await datasette.client.get(path)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert b"SQLite format" not in response.content, path


def test_finding_17_two_builds_at_once_both_succeed(tmp_path: Path, seeds_copy: Path) -> None:
    out = tmp_path / "dist" / "indopac.db"
    for _ in range(3):
        processes = [
            subprocess.Popen(
                [*INDOPAC, "build", "--seeds", str(seeds_copy), "--out", str(out)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
        for process in processes:
            process.stdout.close()
            process.stderr.close()
        for code, stderr in results:
            assert code == 0 and "Traceback" not in stderr, stderr
        with sqlite3.connect(out) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert not list(out.parent.glob(f"{TEMP_PREFIX}*"))


# --- A full disk and a read-only disk: small tmpfs mounts (needs root, as on this machine).


@pytest.fixture
def small_disk(tmp_path: Path, built_db: Path) -> Iterator[Path]:
    """A disk with room for the published database and about half as much again: a copy of
    it fits, a second build beside it does not. Sized from the database, which grows with
    the data."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    size_k = built_db.stat().st_size * 16 // 10 // 1024 + 1
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_k}k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def _fill(mount: Path, leave: int = 0) -> None:
    """Leave only ``leave`` bytes free on the mount (a file grown until the disk is full)."""
    ballast = mount / "ballast"
    with open(ballast, "ab", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    os.truncate(ballast, max(0, ballast.stat().st_size - leave))


def test_finding_16_full_disk_one_sentence_and_old_files_intact(
    small_disk: Path, built_db: Path, seeds_copy: Path
) -> None:
    database = small_disk / "indopac.db"
    shutil.copy(built_db, database)  # about 60% of the disk
    before = sha256(database)

    result = run_indopac("build", "--seeds", str(seeds_copy), "--out", str(database))
    _one_clear_sentence(result, "no space left", str(small_disk))
    assert sha256(database) == before

    # Room for a few files of the export, not all: it fails part-way.
    _fill(small_disk, leave=96 * 1024)
    result = run_indopac(
        "export", "--database", str(database), "--out", str(small_disk / "exports")
    )
    _one_clear_sentence(result, "no space left")
    assert not (small_disk / "exports").exists()

    _fill(small_disk)
    result = run_indopac("release", "--seeds", str(seeds_copy), "--out", str(small_disk))
    _one_clear_sentence(result, "no space left")
    assert not list(small_disk.glob("indopac-*.tar.gz"))
    assert sha256(database) == before
    assert not list(small_disk.glob(f"{TEMP_PREFIX}*"))


def test_finding_16_read_only_disk_one_sentence_and_old_files_intact(
    small_disk: Path, built_db: Path, seeds_copy: Path
) -> None:
    database = small_disk / "indopac.db"
    shutil.copy(built_db, database)
    (small_disk / "exports").mkdir()
    before = sha256(database)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    for args in (
        ["build", "--seeds", str(seeds_copy), "--out", str(database)],
        ["export", "--database", str(database), "--out", str(small_disk / "exports")],
        ["release", "--seeds", str(seeds_copy), "--out", str(small_disk)],
    ):
        _one_clear_sentence(run_indopac(*args), "read-only file system")
    assert sha256(database) == before
    assert sorted(os.listdir(small_disk)) == ["exports", "indopac.db"]


def test_finding_16_a_file_or_folder_in_the_way_one_sentence(
    tmp_path: Path, built_db: Path, seeds_copy: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("mine", encoding="utf-8")
    result = run_indopac("export", "--database", str(built_db), "--out", str(blocker / "exports"))
    _one_clear_sentence(result, "is a file where a folder should be")
    # click refuses a file given as the folder itself; the library says so too.
    result = run_indopac("export", "--database", str(built_db), "--out", str(blocker))
    _one_clear_sentence(result, "is a file", code=2)
    with pytest.raises(WriteRefused, match="is a file where the exports folder should be"):
        export_all(built_db, blocker)
    result = run_indopac("release", "--seeds", str(seeds_copy), "--out", str(blocker / "dist"))
    _one_clear_sentence(result, "is a file where a folder should be")
    assert blocker.read_text(encoding="utf-8") == "mine"
    # A folder where a file should be: the archive's name taken by a folder.
    dist = tmp_path / "dist"
    (dist / "indopac-0.1.0.tar.gz").mkdir(parents=True)
    _one_clear_sentence(
        run_indopac("release", "--seeds", str(seeds_copy), "--out", str(dist)), "already exists"
    )
    # And for a plain file write: explain() names the folder in the way.
    target = tmp_path / "metadata.yml"
    target.mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        atomic_files.write_text(target, "x")
    assert atomic_files.explain(caught.value) == (
        f"{target} is a folder where a file should be: move it away and run the command again"
    )


def test_finding_16_build_into_a_full_disk_from_the_library_raises_enospc(
    small_disk: Path, seeds_copy: Path
) -> None:
    _fill(small_disk)
    with pytest.raises(OSError) as caught:
        build(seeds_copy, small_disk / "indopac.db")
    assert "no space left" in atomic_files.explain(caught.value)
    assert sorted(os.listdir(small_disk)) == [".indopac.lock", "ballast"]
