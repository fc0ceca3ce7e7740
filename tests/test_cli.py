"""The `indopac` command as users run it: real processes, real files, real exit codes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from indopac.cli import cli
from tests.helpers import INDOPAC, run_indopac, sha256
from tests.serving import free_port


def test_validate_reports_success(seeds_copy: Path) -> None:
    result = run_indopac("validate", "--seeds", str(seeds_copy))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_broken_seed_names_file_record_and_field_and_writes_nothing(
    tmp_path: Path, seeds_copy: Path
) -> None:
    out = tmp_path / "dist" / "indopac.db"
    assert run_indopac("build", "--seeds", str(seeds_copy), "--out", str(out)).returncode == 0
    before = sha256(out)
    visits = seeds_copy / "visits.yaml"
    visits.write_text(
        visits.read_text().replace("destination_country: CN", "destination_country: XX")
    )

    for command in (["validate"], ["build", "--out", str(out)]):
        result = run_indopac(*command, "--seeds", str(seeds_copy))
        assert result.returncode == 1
        assert (
            "visits.yaml: record 'yohei-kono-visits-china-2024-07': "
            "field 'destination_country': 'XX' is not an ISO 3166-1 alpha-2 country code"
        ) in result.stderr
        assert "Traceback" not in result.stderr
    assert sha256(out) == before


def test_migrate_upgrades_and_downgrades_a_working_database(tmp_path: Path) -> None:
    path = tmp_path / "working.db"
    url = f"sqlite:///{path}"
    runner = CliRunner()
    result = runner.invoke(cli, ["migrate", "upgrade", "--database-url", url])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (0,)
    result = runner.invoke(cli, ["migrate", "downgrade", "base", "--database-url", url])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"alembic_version"}
    result = runner.invoke(cli, ["migrate", "downgrade", "--database-url", url])
    assert result.exit_code == 2
    assert "downgrade needs a revision" in result.output


def test_serve_builds_then_serves_read_only(tmp_path: Path, seeds_copy: Path) -> None:
    out = tmp_path / "dist" / "indopac.db"
    port = free_port()
    process = subprocess.Popen(
        [*INDOPAC, "serve", "--seeds", str(seeds_copy), "--out", str(out), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 90
        body = None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/-/databases.json", timeout=5
                ) as response:
                    body = response.read().decode()
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.3)
        assert body is not None, "Datasette did not answer in time"
        assert '"is_mutable": false' in body
        assert out.exists()
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/indopac/timeline.json?_shape=array", timeout=5
        ) as response:
            assert response.status == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()
