"""The generated files (README blocks, metadata.yml, CODEBOOK.md, docs/published.sha256, the
tables of docs/coverage.md):
`indopac docs --check` finds them up to date, and names the one that is not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from indopac import paths
from indopac.cli import cli
from indopac.describe.generated import (
    CODEBOOK,
    COVERAGE,
    MANIFEST,
    METADATA,
    NGINX_CONF,
    README,
)

GENERATED = (README, METADATA, CODEBOOK, MANIFEST, COVERAGE, NGINX_CONF)
CHECKOUT = paths.ROOT  # the real one: tests below point paths.ROOT at a copy


def test_every_generated_file_is_up_to_date() -> None:
    # An accidental deletion of records changes the README's counts and fails here; so does a
    # change of the models, the catalogue or the questions without `indopac docs --write`.
    result = CliRunner().invoke(cli, ["docs", "--check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: every generated file is up to date\n"


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the checkout's generated files, which the `docs` command works on."""
    for relative in GENERATED:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.ROOT / relative, tmp_path / relative)
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    return tmp_path


def _make_stale(root: Path) -> None:
    codebook = root / CODEBOOK
    codebook.write_text(codebook.read_text("utf-8") + "edited by hand\n", "utf-8")
    readme = root / README
    text = readme.read_text("utf-8")
    readme.write_text(text.replace("| **all** | **", "| **all** | **1", 1), "utf-8")
    # A count in the coverage page's tables, which only the data may change.
    coverage = root / COVERAGE
    text = coverage.read_text("utf-8")
    coverage.write_text(text.replace("| **all** |", "| **all** | 1", 1), "utf-8")


def test_check_names_each_stale_file_and_writes_nothing(checkout: Path) -> None:
    _make_stale(checkout)
    before = {relative: (checkout / relative).read_bytes() for relative in GENERATED}

    result = CliRunner().invoke(cli, ["docs", "--check"])

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "CODEBOOK.md is out of date: run `indopac docs --write`",
        "README.md is out of date: run `indopac docs --write`",
        "docs/coverage.md is out of date: run `indopac docs --write`",
    ]
    assert {relative: (checkout / relative).read_bytes() for relative in GENERATED} == before


@pytest.mark.parametrize("options", [["--write"], ["--update", "README.md"]])
def test_write_and_the_0_1_0_update_bring_every_file_up_to_date(
    checkout: Path, options: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_stale(checkout)
    monkeypatch.chdir(checkout)  # --update names the README relative to where it runs
    runner = CliRunner()

    result = runner.invoke(cli, ["docs", *options])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "updated CODEBOOK.md",
        "updated the generated blocks in README.md",
        "updated the generated blocks in docs/coverage.md",
    ]
    for relative in GENERATED:
        assert (checkout / relative).read_bytes() == (CHECKOUT / relative).read_bytes()
    assert runner.invoke(cli, ["docs", "--check"]).exit_code == 0
