"""Generated seed records: the loader accepts them or refuses them cleanly, never half-way."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indopac.build import TEMP_PREFIX, build
from indopac.ingest import SeedValidationError, validate
from indopac.ingest.seed_files import read_yaml
from tests.helpers import FIXTURE_SEEDS, copy_seeds, read_only, sha256

BASE = read_yaml(FIXTURE_SEEDS / "visits.yaml")[0]
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
    rest = read_yaml(FIXTURE_SEEDS / "visits.yaml")[1:]
    text = yaml.safe_dump([record, *rest], allow_unicode=True, sort_keys=False)
    (seeds / "visits.yaml").write_text(text, encoding="utf-8")


@functools.cache
def _real_event_ids() -> frozenset[str]:
    return frozenset(validate(FIXTURE_SEEDS).events)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated)
def test_validation_accepts_or_refuses_with_its_own_error(tmp_path: Path, case) -> None:
    """Fails when a generated record makes validation raise anything but its own error, a
    refusal names no seed file, or an accepted record is not in the dataset as written (a
    value changed on the way, or another event lost or added)."""
    record, drop = case
    seeds = copy_seeds(tmp_path)
    _write(seeds, record, drop)
    try:
        dataset = validate(seeds)
    except SeedValidationError as exc:
        assert exc.errors and all(
            e.file.endswith(".yaml") or e.file.endswith(".txt") for e in exc.errors
        )
    else:
        # The written ID is published, so an accepted record keeps it: the same events.
        assert set(dataset.events) == _real_event_ids()
        kind, visit = dataset.events[record["id"]]
        assert kind == "visit"
        assert (visit.title, visit.summary) == (record["title"], record["summary"])


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated)
def test_build_either_publishes_or_leaves_the_file_as_it_was(tmp_path: Path, case) -> None:
    """Fails when a refused build changes the published file, an accepted one publishes a
    file without every event or without the record as written, or either leaves a
    temporary file behind."""
    record, drop = case
    out = tmp_path / "dist" / "indopac.db"
    if not out.exists():
        build(FIXTURE_SEEDS, out)
    before = sha256(out)
    seeds = copy_seeds(tmp_path)
    _write(seeds, record, drop)
    try:
        build(seeds, out)
    except SeedValidationError:
        assert sha256(out) == before
    else:
        with read_only(out) as conn:
            published = {row[0] for row in conn.execute("SELECT id FROM events")}
            written = conn.execute(
                "SELECT kind, title, summary FROM events WHERE id = ?", (record["id"],)
            ).fetchone()
        assert published == _real_event_ids()
        assert written == ("visit", record["title"], record["summary"])
    assert list(out.parent.glob(f"{TEMP_PREFIX}*")) == []
