"""Regression tests for the red-team review of release 0.1.0 (shared/reviews/redteam-0.1.0.md),
seed side: each case names the finding it closes. Every one was accepted by 0.1.0 (or crashed
it with a traceback); now each is refused with file, record and field, and ``validate`` and
``build`` give the same verdict on every bad seed, this file's and test_validate.py's.
"""

from __future__ import annotations

import json
import os
import typing
from collections.abc import Callable
from pathlib import Path

import pytest

from indopac.build import TEMP_PREFIX, build
from indopac.ingest import SeedValidationError, validate
from indopac.ingest.read import EVENT_FILES, REFERENCE_FILES
from indopac.ingest.seed_files import read_yaml
from tests.helpers import SeedEdit, all_of, appending, read_only, replacing, sha256
from tests.test_validate import BAD_SEEDS, EXERCISE, KONO_VISIT, assert_located


def _symlink(name: str, target: str | Callable[[Path], Path]) -> SeedEdit:
    def edit(seeds: Path) -> None:
        where = target(seeds) if callable(target) else Path(target)
        (seeds / name).unlink()
        os.symlink(where, seeds / name)

    return edit


def _outside_file(seeds: Path) -> Path:
    secret = seeds.parent / "secret.yaml"
    secret.write_text("- id: top-secret-value-abc123\n  password: hunter2\n", encoding="utf-8")
    return secret


def _fifo(name: str) -> SeedEdit:
    def edit(seeds: Path) -> None:
        (seeds / name).unlink()
        os.mkfifo(seeds / name)

    return edit


def _folder(name: str) -> SeedEdit:
    def edit(seeds: Path) -> None:
        (seeds / name).unlink()
        (seeds / name).mkdir()

    return edit


def _rename(old: str, new: str) -> SeedEdit:
    def edit(seeds: Path) -> None:
        (seeds / old).rename(seeds / new)

    return edit


FIGURE = {
    "id": "bulk-figure",
    "measure": "A measure",
    "value_low": 1,
    "value_high": 2,
    "unit": "percent",
    "source": "neo-2024-08-20",
    "paragraph": 2,
}


def _jsonl_line(name: str, line: str) -> SeedEdit:
    return appending(name, line + "\n")


TITLE = "title: Japan Coast Guard and Taiwan joint exercise"
TAIWAN_CITATION = "    - {source: neo-2024-08-20, paragraph: 8}"
ASSESSMENT = "japan-policy-intensified-summer-2024"

# (edit, file, record, field, words the message must contain); the key starts with the finding.
HARDENING_CASES: dict[str, tuple[SeedEdit, str, str | None, str | None, str]] = {
    "finding-02-markup-in-a-title": (
        replacing("exercises.yaml", TITLE, 'title: "<img src=x onerror=alert(1)>"'),
        "exercises.yaml",
        EXERCISE,
        "title",
        "looks like HTML markup",
    ),
    "finding-02-markup-in-a-person-name": (
        replacing("persons.yaml", "name: Yohei Kono", "name: Yohei <script>Kono"),
        "persons.yaml",
        "yohei-kono",
        "name",
        "looks like HTML markup",
    ),
    "finding-02-character-reference-in-a-summary": (
        replacing("exercises.yaml", "The Japan Coast Guard and", "The Japan &lt;b&gt; Coast and"),
        "exercises.yaml",
        EXERCISE,
        "summary",
        "looks like HTML markup",
    ),
    "finding-09-the-same-subject-twice": (
        replacing(
            "agreements.yaml", "subjects: [patrol-boats]", "subjects: [patrol-boats, patrol-boats]"
        ),
        "agreements.yaml",
        "osa-fiji-patrol-boats-2023",
        "subjects",
        "lists 'patrol-boats' twice (items 0 and 1)",
    ),
    "finding-09-the-same-link-twice": (
        replacing(
            "forum_meetings.yaml",
            "    - {relation: produced, event: quad-conference-planned, source: neo-2024-08-20, "
            "paragraph: 10}\n",
            "    - {relation: produced, event: quad-conference-planned, source: neo-2024-08-20, "
            "paragraph: 10}\n    - {relation: produced, event: quad-conference-planned, "
            "source: neo-2024-08-20, paragraph: 9}\n",
        ),
        "forum_meetings.yaml",
        "quad-foreign-ministers-2024-07-29",
        "links",
        "twice",
    ),
    "finding-09-the-same-country-twice-in-a-subject": (
        replacing("subjects.yaml", "countries: [CN, JP]", "countries: [CN, CN]"),
        "subjects.yaml",
        "fukushima-water-import-restrictions",
        "countries",
        "lists 'CN' twice",
    ),
    "finding-09-the-same-country-twice-in-an-assessment": (
        replacing("assessments.yaml", "countries: [JP, CN]", "countries: [JP, JP]"),
        "assessments.yaml",
        ASSESSMENT,
        "countries",
        "lists 'JP' twice",
    ),
    "finding-09-an-integer-beyond-sqlite": (
        replacing("sources.yaml", "paragraph_count: 12", f"paragraph_count: {2**70}"),
        "sources.yaml",
        "neo-2024-08-20",
        "paragraph_count",
        "less than or equal to 9223372036854775807",
    ),
    "finding-09-first-in-years-of-2-to-the-64": (
        replacing("forum_meetings.yaml", "first_in_years: 4", f"first_in_years: {2**64}"),
        "forum_meetings.yaml",
        "japan-china-strategic-dialogue-2024-07",
        "first_in_years",
        "less than or equal to",
    ),
    "finding-09-a-nan-figure": (
        replacing("figures.yaml", "value_low: 6", "value_low: .nan"),
        "figures.yaml",
        "china-economic-growth-rate-before-slowdown",
        "value_low",
        "valid number",
    ),
    "finding-09-a-nan-figure-in-json-lines": (
        _jsonl_line("figures.jsonl", json.dumps({**FIGURE, "value_low": float("nan")})),
        "figures.jsonl",
        "line 1",
        None,
        "NaN, which is not JSON",
    ),
    "finding-10-yaml-1-1-octal-paragraph": (
        replacing("exercises.yaml", TAIWAN_CITATION, TAIWAN_CITATION.replace(": 8}", ": 010}")),
        "exercises.yaml",
        EXERCISE,
        "citations[0].paragraph",
        "valid integer",
    ),
    "finding-10-hexadecimal-paragraph": (
        replacing("exercises.yaml", TAIWAN_CITATION, TAIWAN_CITATION.replace(": 8}", ": 0x8}")),
        "exercises.yaml",
        EXERCISE,
        "citations[0].paragraph",
        "valid integer",
    ),
    "finding-10-boolean-paragraph": (
        replacing("exercises.yaml", TAIWAN_CITATION, TAIWAN_CITATION.replace(": 8}", ": true}")),
        "exercises.yaml",
        EXERCISE,
        "citations[0].paragraph",
        "valid integer",
    ),
    "finding-10-yes-as-a-boolean": (
        replacing(
            "exercises.yaml", "  domain: maritime\n", "  domain: maritime\n  first_ever: yes\n"
        ),
        "exercises.yaml",
        EXERCISE,
        "first_ever",
        "valid boolean",
    ),
    "finding-11-a-date-past-the-calendar": (
        replacing("exercises.yaml", "date: 2024-07-18", "date: 9999-12-31"),
        "exercises.yaml",
        EXERCISE,
        "date",
        "lies outside 1850–2100",
    ),
    "finding-12-the-same-citation-twice": (
        replacing(
            "exercises.yaml",
            TAIWAN_CITATION,
            TAIWAN_CITATION
            + "\n"
            + TAIWAN_CITATION.replace("8}", "8, credibility: 2, credibility_reason: x}"),
        ),
        "exercises.yaml",
        EXERCISE,
        "citations",
        "lists (neo-2024-08-20, ¶8) twice",
    ),
    "finding-13-fullwidth-digits-in-a-date": (
        replacing("exercises.yaml", "date: 2024-07-18", "date: ２０２４-07-18"),
        "exercises.yaml",
        EXERCISE,
        "date",
        "ASCII digits",
    ),
    "finding-13-a-newline-after-a-date": (
        replacing("exercises.yaml", "date: 2024-07-18", 'date: "2024-07-18\\n"'),
        "exercises.yaml",
        EXERCISE,
        "date",
        "ASCII digits",
    ),
    "finding-16-a-list-as-a-mapping-key": (
        replacing("exercises.yaml", TITLE, TITLE + "\n  ? [a, b]\n  : x"),
        "exercises.yaml",
        None,
        None,
        "a key must be a plain name",
    ),
    "finding-16-a-seed-file-linked-from-outside": (
        _symlink("forums.yaml", _outside_file),
        "forums.yaml",
        None,
        None,
        "is a symbolic link",
    ),
    "finding-16-a-seed-file-linked-to-dev-zero": (
        _symlink("forums.yaml", "/dev/zero"),
        "forums.yaml",
        None,
        None,
        "is a symbolic link",
    ),
    "finding-16-a-fifo-as-a-seed-file": (
        _fifo("forums.yaml"),
        "forums.yaml",
        None,
        None,
        "is not a plain file",
    ),
    "finding-16-a-folder-as-a-seed-file": (
        _folder("forums.yaml"),
        "forums.yaml",
        None,
        None,
        "is a folder",
    ),
    "finding-16-a-folder-as-published-ids": (
        _folder("published-ids.txt"),
        "published-ids.txt",
        None,
        None,
        "is a folder",
    ),
    "finding-16-a-one-word-line-in-published-ids": (
        appending("published-ids.txt", "event\n"),
        "published-ids.txt",
        "line 144",
        None,
        "must be `kind id`",
    ),
    "finding-16-a-three-word-line-in-published-ids": (
        appending("published-ids.txt", "event a b\n"),
        "published-ids.txt",
        "line 144",
        None,
        "must be `kind id`",
    ),
    "finding-16-a-dangling-link-as-published-ids": (
        _symlink("published-ids.txt", "/nonexistent/published-ids.txt"),
        "published-ids.txt",
        None,
        None,
        "is a symbolic link",
    ),
    "finding-19-an-infinite-figure": (
        replacing("figures.yaml", "value_high: 8", "value_high: .inf"),
        "figures.yaml",
        "china-economic-growth-rate-before-slowdown",
        "value_high",
        "valid number",
    ),
    "finding-19-infinity-in-json-lines": (
        _jsonl_line("figures.jsonl", json.dumps({**FIGURE, "value_high": float("inf")})),
        "figures.jsonl",
        "line 1",
        None,
        "Infinity, which is not JSON",
    ),
    "finding-19-a-number-too-large-for-a-float": (
        _jsonl_line(
            "figures.jsonl", json.dumps(FIGURE).replace('"value_high": 2', '"value_high": 1e999')
        ),
        "figures.jsonl",
        "bulk-figure",
        "value_high",
        "finite number",
    ),
    "finding-22-a-file-named-in-capitals": (
        _rename("visits.yaml", "visits.YAML"),
        "visits.YAML",
        None,
        None,
        "did you mean visits.yaml?",
    ),
    "finding-23-a-title-of-invisible-letters": (
        replacing("exercises.yaml", TITLE, "title: \u3164\u2800\u2800"),
        "exercises.yaml",
        EXERCISE,
        "title",
        "has no visible character",
    ),
    "finding-23-a-title-of-combining-marks": (
        replacing("exercises.yaml", TITLE, "title: \u0301\u0301"),
        "exercises.yaml",
        EXERCISE,
        "title",
        "has no visible character",
    ),
    "finding-23-a-line-separator-in-a-title": (
        replacing("exercises.yaml", TITLE, 'title: "Japan Coast Guard\\u2028and Taiwan"'),
        "exercises.yaml",
        EXERCISE,
        "title",
        "U+2028",
    ),
    "finding-23-a-private-use-character": (
        replacing("exercises.yaml", TITLE, TITLE + "\ue000"),
        "exercises.yaml",
        EXERCISE,
        "title",
        "U+E000",
    ),
    "finding-23-a-decomposed-place-name": (
        replacing("places.yaml", "name: Tokyo\n", "name: Tokyo Ha\u0300\n"),
        "places.yaml",
        "tokyo",
        "name",
        "normal form NFC",
    ),
    "finding-23-a-binary-tagged-id": (
        replacing("places.yaml", "id: tokyo", "id: !!binary dG9reW8="),
        "places.yaml",
        None,
        None,
        "uses the YAML tag !!binary on line",
    ),
    "finding-23-a-repeated-key-in-json-lines": (
        _jsonl_line("figures.jsonl", json.dumps(FIGURE)[:-1] + ', "unit": "people"}'),
        "figures.jsonl",
        "line 1",
        None,
        "repeats the key 'unit'",
    ),
    "finding-23-minus-infinity-as-a-title": (
        replacing("exercises.yaml", TITLE, "title: '-Infinity'"),
        "exercises.yaml",
        EXERCISE,
        "title",
        "as a formula",
    ),
    "finding-23-markup-in-a-url": (
        replacing(
            "sources.yaml",
            "  language: en\n",
            '  url: https://x.example/"><script>alert(1)</script>\n  language: en\n',
        ),
        "sources.yaml",
        "neo-2024-08-20",
        "url",
        "which a URL cannot contain",
    ),
    "finding-23-a-homoglyph-in-an-id": (
        replacing("exercises.yaml", f"id: {EXERCISE}", f"id: j\u0430pan{EXERCISE[5:]}"),
        "exercises.yaml",
        f"j\u0430pan{EXERCISE[5:]}",
        "id",
        "U+0430 CYRILLIC SMALL LETTER A) at position 2",
    ),
    "finding-23-a-reference-to-a-retired-id": (
        all_of(
            replacing("retired_ids.yaml", "[]", ""),
            appending(
                "retired_ids.yaml",
                "- {kind: person, id: yohei-konno, replaced_by: yohei-kono, "
                "reason: misspelt, date: 2025-01-31}\n",
            ),
            replacing("visits.yaml", "{person: yohei-kono,", "{person: yohei-konno,"),
        ),
        "visits.yaml",
        KONO_VISIT,
        "participants[0].person",
        "person 'yohei-konno' is a retired ID; use 'yohei-kono' instead",
    ),
}


@pytest.mark.parametrize("case", HARDENING_CASES, ids=list(HARDENING_CASES))
def test_finding_case_is_refused_with_file_record_and_field(seeds_copy: Path, case: str) -> None:
    edit, file, record, field, words = HARDENING_CASES[case]
    edit(seeds_copy)
    with pytest.raises(SeedValidationError) as caught:
        validate(seeds_copy)
    assert_located(caught.value, file, record, field, words)


# Inputs both commands must accept; `validate` and `build` must agree on these too.
ACCEPTED: dict[str, SeedEdit] = {
    "unchanged": lambda seeds: None,
    "a plain decimal with leading sign as a title": replacing(
        "exercises.yaml", TITLE, "title: '-5'"
    ),
    "non-ASCII composed text": replacing("places.yaml", "name: Tokyo\n", "name: 東京 Tōkyō\n"),
    "a figure in JSON Lines": _jsonl_line("figures.jsonl", json.dumps(FIGURE)),
    "an angle bracket that is no tag": replacing("exercises.yaml", TITLE, "title: 'Ships < 50 m'"),
}
EVERY_BAD_SEED = {**BAD_SEEDS, **HARDENING_CASES}


@pytest.mark.parametrize("case", [*EVERY_BAD_SEED, *ACCEPTED], ids=[*EVERY_BAD_SEED, *ACCEPTED])
def test_finding_09_validate_and_build_accept_exactly_the_same_inputs(
    seeds_copy: Path, tmp_path: Path, built_db: Path, case: str
) -> None:
    """0.1.0's `validate` said ok to seeds its `build` then crashed on (IntegrityError,
    OverflowError): both now run the same checks, so they agree on every case. Fails when
    they disagree, when a bad seed is accepted or changes the published file, or when an
    input both must accept is refused or published without the events validate read."""
    edit = EVERY_BAD_SEED[case][0] if case in EVERY_BAD_SEED else ACCEPTED[case]
    edit(seeds_copy)
    out = tmp_path / "dist" / "indopac.db"
    out.parent.mkdir()
    out.write_bytes(built_db.read_bytes())
    before = sha256(out)
    try:
        dataset = validate(seeds_copy)
        validated = None
    except SeedValidationError as exc:
        validated = exc
    try:
        build(seeds_copy, out)
        built = None
    except SeedValidationError as exc:  # any other exception fails the test, as it should
        built = exc
    assert (validated is None) == (built is None), f"validate: {validated}\nbuild: {built}"
    if case in EVERY_BAD_SEED:
        assert validated is not None and built is not None
        assert validated.errors == built.errors
        assert sha256(out) == before
    else:
        assert validated is None and built is None
        with read_only(out) as conn:
            published = {row[0] for row in conn.execute("SELECT id FROM events")}
        assert published == set(dataset.events)
    assert not list(out.parent.glob(f"{TEMP_PREFIX}*"))


def test_finding_22_a_refused_source_is_one_problem_not_133(seeds_copy: Path) -> None:
    replacing("sources.yaml", "  language: en\n", "  url: javascript:alert(1)\n  language: en\n")(
        seeds_copy
    )
    with pytest.raises(SeedValidationError) as caught:
        validate(seeds_copy)
    assert len(caught.value.errors) == 1, str(caught.value)
    assert caught.value.errors[0].field == "url"


def test_finding_22_an_unreadable_file_is_one_problem_with_its_follow_ons_counted(
    seeds_copy: Path,
) -> None:
    appending("sources.yaml", "- id: [unclosed\n")(seeds_copy)
    with pytest.raises(SeedValidationError) as caught:
        validate(seeds_copy)
    assert len(caught.value.errors) == 1, str(caught.value)
    message = caught.value.errors[0].message
    assert "is not valid YAML" in message
    assert "more problems that follow from it" in message


def test_finding_22_an_unreadable_event_file_does_not_flood_the_report(seeds_copy: Path) -> None:
    (seeds_copy / "visits.yaml").write_bytes(b"- id: x\n  title: a\x00b\n")
    with pytest.raises(SeedValidationError) as caught:
        validate(seeds_copy)
    assert len(caught.value.errors) == 1, str(caught.value)
    assert "U+0000 on line 2" in caught.value.errors[0].message


def test_finding_23_a_refused_person_does_not_make_its_offices_unknown(seeds_copy: Path) -> None:
    replacing("persons.yaml", "name: Yohei Kono", "name: Yohei\u202eKono")(seeds_copy)
    with pytest.raises(SeedValidationError) as caught:
        validate(seeds_copy)
    assert [(e.record, e.field) for e in caught.value.errors] == [("yohei-kono", "name")], str(
        caught.value
    )


def test_finding_10_unquoted_numbers_keep_their_decimal_value(seeds_copy: Path) -> None:
    # YAML 1.2 core: 012 is not octal 10. The seed reader keeps it as text, so the integer
    # field refuses it (above); a plain 12 stays 12 and a float field takes 8.0.
    path = seeds_copy / "probe.yaml"
    path.write_text("a: 012\nb: 12\nc: 8.0\nd: 1_000\ne: 1:30\nf: yes\ng: 2024-07-18\n")
    assert read_yaml(path) == {
        "a": "012",
        "b": 12,
        "c": 8.0,
        "d": "1_000",
        "e": "1:30",
        "f": "yes",
        "g": "2024-07-18",
    }


def _first_records(seeds: Path) -> list[tuple[str, dict, type]]:
    """The first record of every seed file, with its model: the real shapes to mutate."""
    found = []
    models = {**REFERENCE_FILES, **{name: model for name, (model, _) in EVENT_FILES.items()}}
    for name, model in models.items():
        records = read_yaml(seeds / name)
        if records:
            found.append((name, records[0], model))
    return found


def _annotation_has(annotation: object, kind: type) -> bool:
    if annotation is kind:
        return True
    return any(_annotation_has(arg, kind) for arg in typing.get_args(annotation))


def _mutations(record: dict, model: type) -> list[tuple[str, dict]]:
    """Copies of ``record`` each with one field made bad in a way its kind of value forbids."""
    out = []
    for name, value in record.items():
        annotation = model.model_fields[name].annotation if name in model.model_fields else None
        if isinstance(value, str):
            out.append((f"{name}: markup", {**record, name: f"<b>{value}</b>"}))
        elif isinstance(value, bool):
            out.append((f"{name}: yes", {**record, name: "yes"}))
        elif isinstance(value, int | float) and (
            _annotation_has(annotation, int) or _annotation_has(annotation, float)
        ):
            out.append((f"{name}: true", {**record, name: True}))
            out.append((f"{name}: as text", {**record, name: str(value)}))
            if _annotation_has(annotation, float):
                out.append((f"{name}: NaN", {**record, name: float("nan")}))
            else:
                out.append((f"{name}: 2**63", {**record, name: 2**63}))
        elif isinstance(value, list) and value:
            out.append((f"{name}: repeated item", {**record, name: [*value, value[0]]}))
    return out


def test_finding_09_every_field_of_every_kind_refuses_its_class_of_bad_value(
    seeds_copy: Path,
) -> None:
    """The hidden-case principle: not only the fields the review tried. Every text field of
    every kind of record refuses markup; every whole number refuses true, text and 2**63;
    every measured number NaN; every list a repeated item."""
    from pydantic import ValidationError

    accepted = []
    tried = 0
    for name, record, model in _first_records(seeds_copy):
        for what, bad in _mutations(record, model):
            tried += 1
            try:
                model.model_validate(bad)
            except ValidationError:
                continue
            accepted.append(f"{name}: {what}")
    assert tried > 80
    assert not accepted, accepted


def test_finding_09_no_text_field_is_longer_than_its_column() -> None:
    """PostgreSQL enforces VARCHAR lengths and SQLite does not: a value the checks let through
    that is longer than its column would build here and fail a team's `load`. Every column
    of a limited length refuses, through its seed field, one character more."""
    from pydantic import TypeAdapter, ValidationError
    from sqlalchemy import Enum, String

    from indopac import schema
    from indopac.ingest import records

    models = {
        "sources": records.SourceIn,
        "event_types": records.EventTypeIn,
        "subjects": records.SubjectIn,
        "assessments": records.AssessmentIn,
        "forums": records.ForumIn,
        "organizations": records.OrganizationIn,
        "persons": records.PersonIn,
        "positions": records.PositionIn,
        "places": records.PlaceIn,
        "programmes": records.ProgrammeIn,
        "events": records.EventIn,
        "agreements": records.AgreementIn,
        "exercises": records.ExerciseIn,
        "figures": records.FigureIn,
        "retired_ids": records.RetiredIdIn,
    }
    checked, too_long = 0, []
    for table_name, model in models.items():
        for column in schema.metadata.tables[table_name].columns:
            kind = column.type
            if not isinstance(kind, String) or isinstance(kind, Enum) or not kind.length:
                continue
            name = column.name.removesuffix("_code").removesuffix("_id") or column.name
            field = model.model_fields.get(name) or model.model_fields.get(column.name)
            if field is None:
                continue
            shape = field.annotation
            if field.metadata:
                shape = typing.Annotated[(shape, *field.metadata)]
            adapter = TypeAdapter(shape)
            checked += 1
            try:
                adapter.validate_python("A" * (kind.length + 1))
            except ValidationError:
                continue
            too_long.append(f"{table_name}.{column.name} ({kind.length})")
    assert checked >= 40
    assert not too_long, too_long
