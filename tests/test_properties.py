"""Generated seed records: the loader accepts them or refuses them cleanly, never half-way."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indopac.build import TEMP_PREFIX, build
from indopac.ingest import SeedValidationError, validate
from indopac.ingest.seed_files import read_yaml
from indopac.paths import SEEDS_DIR

BASE = read_yaml(SEEDS_DIR / "visits.yaml")[0]
FIELDS = [*BASE, "participants", "citations", "unknown_field", "place", "part_of", "level"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", " ", "=SUM(A1)", "-5", "2024-13", "2024-07-06/2024-07-01", "CN", "XX"]),
    st.sampled_from(["yohei-kono", "nobody", "official-security-assistance", "\x00", "\ufeff"]),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["person", "country", "role", "source", "x"]), children)
    ),
    max_leaves=8,
)
records = st.fixed_dictionaries(
    {},
    optional={name: values for name in FIELDS},
).map(lambda changes: {**BASE, **changes})
mutated = st.tuples(records, st.lists(st.sampled_from(list(BASE)), max_size=3))


def _write(seeds: Path, record: dict, drop: list[str]) -> None:
    record = {k: v for k, v in record.items() if k not in drop}
    rest = read_yaml(SEEDS_DIR / "visits.yaml")[1:]
    text = yaml.safe_dump([record, *rest], allow_unicode=True, sort_keys=False)
    (seeds / "visits.yaml").write_text(text, encoding="utf-8")


def _copy_seeds(folder: Path) -> Path:
    target = folder / "seeds"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(SEEDS_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated)
def test_validation_accepts_or_refuses_with_its_own_error(tmp_path: Path, case) -> None:
    record, drop = case
    seeds = _copy_seeds(tmp_path)
    _write(seeds, record, drop)
    try:
        validate(seeds)
    except SeedValidationError as exc:
        assert exc.errors and all(
            e.file.endswith(".yaml") or e.file.endswith(".txt") for e in exc.errors
        )


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated)
def test_build_either_publishes_or_leaves_the_file_as_it_was(tmp_path: Path, case) -> None:
    record, drop = case
    out = tmp_path / "dist" / "indopac.db"
    if not out.exists():
        build(SEEDS_DIR, out)
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    seeds = _copy_seeds(tmp_path)
    _write(seeds, record, drop)
    try:
        build(seeds, out)
    except SeedValidationError:
        assert hashlib.sha256(out.read_bytes()).hexdigest() == before
    assert list(out.parent.glob(f"{TEMP_PREFIX}*")) == []
