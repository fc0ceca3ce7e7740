"""Serving helpers for tests: a free loopback port, and Datasette run as `indopac serve` runs it."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from indopac.paths import METADATA_FILE
from indopac.serve import datasette_argv


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_served(base: str, process: subprocess.Popen, seconds: float, exited: str) -> None:
    """Poll ``base`` until it answers; fail with ``exited`` if the process ends first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                return
        except OSError:
            assert process.poll() is None, exited
            assert time.monotonic() < deadline, f"nothing answered at {base}"
            time.sleep(0.2)


@contextlib.contextmanager
def serve_process(database: Path, exports: Path | None = None) -> Iterator[tuple[str, int]]:
    """`indopac serve`'s Datasette command line on a free loopback port: (base URL, PID)."""
    port = free_port()
    argv = datasette_argv(database, METADATA_FILE, "127.0.0.1", port, exports)
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(base, process, seconds=60, exited="Datasette exited")
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
