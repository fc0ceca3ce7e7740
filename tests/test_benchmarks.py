"""The benchmark runner keeps working: run once at a tiny size (figures are not checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from indopac.ingest.checks import check_seeds
from indopac.paths import ROOT, SEEDS_DIR
from indopac.synth import SynthError, synthesize


@pytest.mark.slow
def test_runner_prints_every_figure_at_a_tiny_size() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--tiny"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for figure in (
        "insert stage",
        "whole seeding pipeline",
        "peak RSS",
        "`indopac build` of the real dataset",
        "canned questions",
        "facets on timeline",
    ):
        assert figure in result.stdout


def test_synthetic_seeds_are_valid_and_never_go_into_seeds(tmp_path: Path) -> None:
    counts = synthesize(120, tmp_path / "synth")
    assert sum(counts.values()) == 120 and all(counts.values())
    _dataset, checks = check_seeds(tmp_path / "synth")
    assert len(checks.events) == 120
    with pytest.raises(SynthError):
        synthesize(10, SEEDS_DIR / "synthetic")
