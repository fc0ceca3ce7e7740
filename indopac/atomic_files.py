"""Files written completely or not at all, and folders swapped whole.

Every file indopac writes for users goes through :func:`replacing` (or the wrappers over it):
a temporary file beside the target, flushed and fsynced, renamed into place, the folder
fsynced. Until the rename the old file is untouched; on any failure the temporary is removed.
A killed process can leave only a temporary, named with :data:`TEMP_PREFIX`, which the next
command holding the folder's lock removes.

Hand-written rather than a dependency: ``atomicwrites`` is archived, and the other packages
on PyPI fsync neither the folder nor offer a rename that refuses to overwrite, both needed
here (the release archive of a version must never be replaced).

A folder of files (the exports) is swapped whole by :func:`replace_directory`: the new set
is written into a fresh versioned folder beside it, and the name (``dist/exports``) is a
symbolic link replaced in one ``rename``; a reader sees the old set or the new set.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TypeVar

TEMP_PREFIX = ".indopac-tmp-"
LOCK_NAME = ".indopac.lock"
T = TypeVar("T")


class WriteRefused(Exception):
    """A write indopac will not do (through a symbolic link, over a released file...)."""


def fsync_dir(directory: Path) -> None:
    """Make the folder's entries (a rename, a new file) durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def refuse_symlink(path: Path) -> None:
    """Raise WriteRefused when ``path`` is a symbolic link: a write would land elsewhere."""
    if path.is_symlink():
        raise WriteRefused(
            f"{path} is a symbolic link (to {os.readlink(path)}); indopac never writes through "
            "a link: replace it with a regular file and run the command again"
        )


def _mode_for(path: Path) -> int:
    """The mode the file would have if written in place: its own, or the umask's."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _on_target(exc: OSError, path: Path) -> OSError:
    """The same error, naming the file the user asked for rather than a temporary."""
    if exc.errno is None or (exc.filename and TEMP_PREFIX not in str(exc.filename)):
        return exc
    return OSError(exc.errno, exc.strerror, str(path))


@contextmanager
def replacing(path: Path, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield the path of a new empty temporary file beside ``path``; put it in place after.

    On a clean exit the temporary is fsynced and renamed over ``path`` (with
    ``overwrite=False``, linked to it: that fails if ``path`` exists, even if it appeared
    meanwhile), then the folder is fsynced. On any exception the temporary (and an SQLite
    journal beside it) is removed and ``path`` is as it was.
    """
    refuse_symlink(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    try:
        # Beside the target, so the rename stays on one file system, where it is atomic.
        fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}-", dir=path.parent)
    except OSError as exc:
        raise _on_target(exc, path) from exc
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        # mkstemp makes the file private (0600); the user's file keeps the usual mode.
        os.chmod(temporary, _mode_for(path))
        _fsync_file(temporary)
        if overwrite:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise WriteRefused(
                    f"{path} already exists and is never overwritten: move it away first"
                ) from None
            temporary.unlink()
        fsync_dir(path.parent)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}-journal").unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _on_target(exc, path) from exc
        raise


@contextmanager
def open_replacing(
    path: Path, mode: str = "w", *, overwrite: bool = True, **kwargs
) -> Iterator[IO]:
    """``open(path, mode)`` on a temporary beside ``path``, put in place when it closes."""
    with replacing(path, overwrite=overwrite) as temporary, open(temporary, mode, **kwargs) as f:
        yield f


def write_bytes(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    with open_replacing(path, "wb", overwrite=overwrite) as handle:
        handle.write(data)


def write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    """``text`` as UTF-8 at ``path``, newlines as given (no translation)."""
    with open_replacing(path, "w", overwrite=overwrite, encoding="utf-8", newline="") as handle:
        handle.write(text)


def remove_temporaries(directory: Path, name: str = "") -> list[Path]:
    """Remove what killed commands left in ``directory`` (temporaries for ``name``, or all).

    Call it only while holding :func:`folder_lock` on ``directory``: then no live command is
    writing those temporaries.
    """
    removed = []
    for leftover in directory.glob(f"{TEMP_PREFIX}{name}*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


@contextmanager
def folder_lock(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` (a lock file in it); wait for another holder.

    Two commands writing into one folder (two builds, a build and an export) take turns, so
    neither removes the other's temporary file nor swaps a half-made set under it.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(directory)) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"waiting for another indopac command writing to {directory} to finish",
                file=sys.stderr,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _looks_like_ours(folder: Path) -> bool:
    """A real folder at the exports' name from before the symlink layout (release 0.1.0)."""
    return not any(folder.iterdir()) or (folder / "csv").is_dir()


def replace_directory(out: Path, fill: Callable[[Path], T]) -> T:
    """Call ``fill`` on a new empty folder, then make ``out`` a link to it in one rename.

    ``out`` becomes a symbolic link to a versioned folder beside it (``.NAME-XXXXXXXX``);
    earlier versions are removed once the link points at the new one. A reader resolving
    ``out`` meets the old set or the new set, never a mix and never nothing.
    """
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    version_prefix = f".{out.name}-"
    with folder_lock(parent):
        remove_temporaries(parent, out.name)
        legacy = out.is_dir() and not out.is_symlink()
        if legacy and not _looks_like_ours(out):
            raise WriteRefused(
                f"{out} is a folder indopac did not write: choose another --out or move it away"
            )
        if out.exists() and not out.is_symlink() and not legacy:
            raise WriteRefused(
                f"{out} is a file where the exports folder should be: move it away and run "
                "the command again"
            )
        try:
            staging = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{out.name}-", dir=parent))
        except OSError as exc:
            raise _on_target(exc, out) from exc
        try:
            # mkdtemp makes the folder private (0700); readers of the exports need the usual mode.
            os.chmod(staging, 0o777 & ~_umask())
            result = fill(staging)
            for folder in [p for p in staging.rglob("*") if p.is_dir()] + [staging]:
                fsync_dir(folder)
            version = parent / (version_prefix + staging.name[len(TEMP_PREFIX + out.name) + 1 :])
            os.rename(staging, version)
            link = parent / f"{TEMP_PREFIX}{out.name}-link"
            link.unlink(missing_ok=True)
            os.symlink(version.name, link)  # relative: the dist folder can be moved
            if legacy:
                # Once only, from the 0.1.0 layout: a real folder cannot be renamed over,
                # so it is moved aside first (the one moment without exports).
                os.rename(out, parent / f"{TEMP_PREFIX}{out.name}-legacy")
            os.replace(link, out)
            fsync_dir(parent)
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, OSError):
                raise _on_target(exc, out) from exc
            raise
        remove_temporaries(parent, out.name)
        for old in parent.glob(f"{version_prefix}*"):
            if old.name != version.name and old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
    return result


def explain(exc: OSError) -> str:
    """One sentence for a user: what could not be written, and what to do."""
    where = exc.filename2 or exc.filename or "a file"
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return (
            f"no space left to write {where}: free some disk space (or choose another --out) "
            "and run the command again; the files already there are unchanged"
        )
    if code == errno.EROFS:
        return (
            f"{where} is on a read-only file system: choose a writable --out folder; "
            "the files already there are unchanged"
        )
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"no permission for {where}: fix the folder's permissions or choose another "
            "--out; the files already there are unchanged"
        )
    if code == errno.EISDIR:
        return f"{where} is a folder where a file should be: move it away and run the command again"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return f"{where} is a file where a folder should be: move it away and run the command again"
    return f"{where}: {exc.strerror or exc}; the files already there are unchanged"
