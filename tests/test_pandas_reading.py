"""The README's advice for pandas users, run on real exports (finding 20 of the red-team review:
Namibia's code `NA` became NaN even with the declared types, as the README advised then)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from indopac.export import export
from indopac.paths import ROOT

TOOLS_PYTHON = ROOT / ".venv-tools/bin/python"


def _readme_snippet() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- pandas-snippet -->\s*```python\n(.*?)```", text, flags=re.DOTALL)
    assert block, "README.md lost its pandas snippet"
    return "\n".join(line.removeprefix("  ") for line in block.group(1).splitlines())


def _has_pandas() -> bool:
    if not TOOLS_PYTHON.exists():
        return False
    return (
        subprocess.run([TOOLS_PYTHON, "-c", "import pandas"], capture_output=True).returncode == 0
    )


@pytest.mark.skipif(not _has_pandas(), reason="pandas lives in .venv-tools, made by ./run test")
def test_finding_20_the_readme_pandas_snippet_keeps_every_value(
    built_db: Path, tmp_path: Path
) -> None:
    export(built_db, tmp_path)
    probe = (
        _readme_snippet()
        + "\nimport json\n"
        + "types = pd.read_csv('csv/event_types.csv', dtype=str, keep_default_na=False,"
        + " na_values=[''])\n"
        + "print(json.dumps({'codes': list(countries['code']),"
        + " 'missing': int(countries['code'].isna().sum()),"
        + " 'cameo': list(types['cameo_code'])}))\n"
    )
    result = subprocess.run(
        [TOOLS_PYTHON, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    read = json.loads(result.stdout)
    assert "NA" in read["codes"]  # Namibia
    assert read["missing"] == 0
    assert "040" in read["cameo"]
