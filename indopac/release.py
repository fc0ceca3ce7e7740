"""One release archive: database, exports, data package, codebook, licences, checksums."""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from indopac import __version__, atomic_files
from indopac.build import build
from indopac.describe.changes import frozen_for_release
from indopac.describe.datapackage import file_sha256
from indopac.export import write_set
from indopac.ingest import history
from indopac.ingest.checks import check_seeds
from indopac.ingest.kinds import TABLE_OF_KIND
from indopac.ingest.stable_ids import (
    PUBLISHED_IDS_FILE,
    read_published_ids,
    write_published_ids,
)
from indopac.paths import ROOT


def ids_in_database(database: Path) -> set[tuple[str, str]]:
    """Every (kind, ID) a built database holds: what a release publishes."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        return {
            (kind, record_id)
            for kind, table in TABLE_OF_KIND.items()
            for (record_id,) in conn.execute(f'SELECT id FROM "{table}"')
        }


RELEASE_DOCUMENTS = ("README.md", "CHANGELOG.md", "LICENSE", "DATA-LICENSE.md")


class ReleaseError(RuntimeError):
    pass


def _changelog_has(version: str) -> bool:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.search(rf"^## {re.escape(version)}\b", text, flags=re.MULTILINE) is not None


def _deterministic_tar_gz(folder: Path, archive: Path) -> None:
    """``folder`` as a gzipped tar with fixed times, owners and modes, sorted: the same files
    give the same bytes. Written beside ``archive`` and linked into place, so ``archive``
    appears whole or not at all, and one already there is never replaced."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = tar.gettarinfo(str(path), arcname=f"{folder.name}/{path.relative_to(folder)}")
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            info.mode = 0o644
            with open(path, "rb") as handle:
                tar.addfile(info, handle)
    with (
        atomic_files.open_replacing(archive, "wb", overwrite=False) as raw,
        # The name in the gzip header is the archive's, not the random temporary's.
        gzip.GzipFile(archive.name, mode="wb", fileobj=raw, mtime=0) as gz,
    ):
        gz.write(buffer.getvalue())


def _refuse_existing(archive: Path) -> None:
    if archive.exists() or archive.is_symlink():
        raise ReleaseError(
            f"{archive} already exists: a released version is never rebuilt; add a new version "
            "(pyproject.toml, indopac/__init__.py and CHANGELOG.md) or move the old archive away"
        )


def release(seeds_dir: Path, out_dir: Path) -> Path:
    """Build from the seeds and write ``out_dir/indopac-VERSION.tar.gz``; record the IDs.

    The IDs are recorded first: a release stopped after that and before the archive leaves
    IDs recorded as published that the seeds still hold (harmless, and the next run of the
    release completes it), never an archive whose IDs are not recorded. The same holds for the
    records it keeps (``seeds/releases/VERSION.jsonl``), kept before the build.
    """
    if not _changelog_has(__version__):
        raise ReleaseError(f"CHANGELOG.md has no '## {__version__}' section for this release")
    archive = out_dir / f"indopac-{__version__}.tar.gz"
    published = seeds_dir / PUBLISHED_IDS_FILE
    _refuse_existing(archive)
    atomic_files.refuse_symlink(published)
    out_dir.mkdir(parents=True, exist_ok=True)
    with atomic_files.folder_lock(out_dir):
        # Under the lock another release into this folder is not running: what is left
        # beside the archive or the ID list is from a killed one.
        atomic_files.remove_temporaries(out_dir, archive.name)
        atomic_files.remove_temporaries(seeds_dir, PUBLISHED_IDS_FILE)
        _refuse_existing(archive)  # made by a release that held the lock before this one
        # The records this release publishes are kept before it is built, so that its own
        # database's history names it (and a rerun builds the same file); only seeds that pass
        # their checks are kept.
        check_seeds(seeds_dir)[1].events.close()
        atomic_files.remove_temporaries(seeds_dir / history.RELEASES_DIR, f"{__version__}.jsonl")
        history.keep_release(seeds_dir, __version__)
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work) / f"indopac-{__version__}"
            folder.mkdir()
            # Built beside the folder, not in it: the build's lock file stays out of the archive.
            build(seeds_dir, Path(work) / "indopac.db")
            os.rename(Path(work) / "indopac.db", folder / "indopac.db")
            released = ids_in_database(folder / "indopac.db")
            changelog = ROOT / "CHANGELOG.md"
            frozen = frozen_for_release(
                changelog.read_text(encoding="utf-8"), __version__, folder / "indopac.db"
            )
            if frozen != changelog.read_text(encoding="utf-8"):
                atomic_files.write_text(changelog, frozen)
            # A plain folder of real files (no versioned link): it goes into the archive.
            write_set(folder / "indopac.db", folder / "exports")
            for name in RELEASE_DOCUMENTS:
                shutil.copy(ROOT / name, folder / name)
            files = sorted(p for p in folder.rglob("*") if p.is_file())
            sums = "".join(f"{file_sha256(p)}  {p.relative_to(folder).as_posix()}\n" for p in files)
            (folder / "SHA256SUMS").write_text(sums, encoding="utf-8")
            write_published_ids(published, read_published_ids(published) | released)
            try:
                _deterministic_tar_gz(folder, archive)
            except atomic_files.WriteRefused as exc:
                raise ReleaseError(str(exc)) from None
    return archive
