"""CODEBOOK.md: every table and column, its type, meaning and allowed values, generated from
the models, the vocabularies, the publish step and the built database (for the event types).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Enum

from indopac import __version__, dyads, schema
from indopac.describe.columns import frictionless_field
from indopac.publish import credibility
from indopac.publish.catalogue import PUBLISHED_OBJECTS
from indopac.schema.vocab import VALUE_LABELS, value_label

CONVENTIONS = """\
## Conventions

**Dates.** Every event has `date`, an [EDTF](https://www.loc.gov/standards/datetime/) string
exactly as precise as the source, and `start_date` / `end_date`, the earliest and latest ISO
dates that string allows (empty where it is open or unknown):

| EDTF | meaning | start_date | end_date |
| --- | --- | --- | --- |
| `2024-07-26` | that day | 2024-07-26 | 2024-07-26 |
| `2024-07-01/2024-07-06` | from the first day to the last | 2024-07-01 | 2024-07-06 |
| `2024-11` | some time in that month | 2024-11-01 | 2024-11-30 |
| `2023` | some time in that year | 2023-01-01 | 2023-12-31 |
| `[2024-06..2024-08]` | one time in June–August, not saying when | 2024-06-01 | 2024-08-31 |
| `2024-07-22/` | began that day; end not given | 2024-07-22 | |
| `[..2024-08-20]` | on some day up to that date (the source's own date) | | 2024-08-20 |
| `2024-07-22~/2024-07-23~` | approximately those days | 2024-07-22 | 2024-07-23 |

**Status** is what the source reports as of its own date. **Places** carry a geographic
precision; coordinates come from GeoNames (WGS 84, decimal degrees) and are left empty where
the source names no city. **Countries** are ISO 3166-1 alpha-2 codes.

**Sources.** A source is one published item (a news report, a wire story, a ministry's
readout or press release, a joint statement, a transcript, an analysis or opinion piece, a
state-media report) with its outlet, an organisation. Reliability is rated on the
NATO/Admiralty scale (A–F), per outlet with a written rationale, or per source where it
differs (`sources.reliability_from_outlet` says which). Each outlet lists the web domains it
publishes on (`outlet_domains`), and a source's `url` is on one of them or a subdomain of one
(`www.mofa.go.jp` is on `mofa.go.jp`, `evilmofa.go.jp` is not): a source is cited at the
outlet's own page, never at a mirror or a copy. A source that repeats another (a carried wire
story, a copied press release) names it (`re_reports_id` or `original_outlet_id`) and is not
independent of it.

**Citations and locators.** Every record cites its sources (`citations`, or `source_id` on
assessments, figures and event links) with a locator: the paragraph (¶N) of a source kept with
numbered paragraphs; for a web page a heading, a paragraph number, a phrase of at most six
words, or nothing. A citation with a `field` supports that one field: characterisations
(`first_since`, `first_in_years`, `first_ever`) must be attributed this way, and are shown with
their attribution in `event_characterisations`.

**Disagreements** are kept, not overwritten: the record holds the dataset's conclusion, and
each source's differing (`contradicts`) or qualifying (`qualifies`) version of one field is a
row of `disagreements` (view `claims`), with why the record concludes otherwise.

**Status through time.** `event_statuses` (view `event_status_history`) holds an event's
status as of a date per source; the event's `status` is the latest.

**Credibility** (NATO/Admiralty information credibility, 1–6) is derived when publishing, per
record, into `record_credibility` (and `timeline.credibility`), by the first of these rules
that holds. Sources count as independent by origin: each outlet once, a re-report under the
outlet it repeats, at the best rating among its items.

{credibility_rules}

**Facts and opinions.** Events hold what happened or was planned; judgements and claims are
`assessments`, attributed to whoever holds them.

**IDs** are stable slugs. A published ID that is withdrawn is listed in `retired_ids` with
what replaced it.
"""


DYADIC = """\\
## Dyadic exports

Political-event data (ICEWS, Phoenix, POLECAT) has one row per *source* actor acting on a
*target* actor. Every export set has the events in that form, in `dyadic/`:

- `dyadic/cameo_dyads.csv`: the CAMEO layout of the OEDA Phoenix daily files (its 26 fields,
  in the order and under the names the Phoenix pipeline writes them: `postprocess.py`,
  `create_strings` and `process_actors`, openeventdata/phoenix_pipeline at commit
  `cf916f644cfee85d365f40206e0dd2b260004ad6`), then six columns of ours; Phoenix writes
  tab-separated files without a header, this one is comma-separated with a header row like
  every CSV here;
- `dyadic/plover_dyads.jsonl`: the same pairs as PLOVER JSON records, one a line, under the
  field names of the table "PLOVER JSON" of the PLOVER manual (Open Event Data Alliance, draft
  version 0.8, openeventdata/PLOVER `PLOVER_MANUAL.tex` at commit
  `6b85b9a7506bb372bf6828d68bf922f1e92e750a`).

Row *n* of one is record *n* of the other (same `id_string` / `id`); both are ordered by event
ID, then source and target alpha-3 code.

**Which events.** Only events that occurred: a planned, announced, cancelled or postponed event
is not an action between the two (CAMEO would code a plan as an expressed intent, which is
another code). Both formats need a day: an event whose earliest possible day is open
(`[..2024-08-20]`, some day up to a date) has none to give and is left out.

**Actors are countries.** A participant's country is its own (a country taking part), a
person's country, or an organisation's country; an organisation with no country (an
international organisation) cannot be in a pair and is left out (counted below). Several
participants of one country in the same role are one actor. The code is the ISO 3166-1 alpha-3
code of `countries.alpha3` (from pycountry). A country is never paired with itself, so an event
whose participants are all of one country (a Japanese decision, an exercise of two Japanese
forces) gives no pair.

**From roles to pairs** (source → target):

| roles in the event | pairs |
| --- | --- |
{role_rows}

The mutual rules (the last three) apply to cooperative event types only (quad class 1 or 2):
a denunciation or a reduction of relations whose target the data does not name is not aimed at
its co-authors, so it gives no pair (the Quad's joint criticism names no country, and none is
inferred).

**Multilateral events inflate counts.** A meeting of *n* countries gives *n*(*n* − 1) pairs:
the sixteen members of a summit give 240. The PLOVER manual warns of the same (a G20 meeting
"expands to 380 events", section "Compound and Reciprocal Actors"); PLOVER's own convention is
one record with every participant as source, and the manual allows expanding it "to multiple
events with single actor codes following the earlier conventions", which is what these files
do. The column `multilateral` (1 when the event involves three or more countries) and
`event_dyads` (how many pairs the event gave: weight each by 1/`event_dyads` to count events,
not pairs) let a user keep or discount them; the PLOVER mode `multilateral` marks multilateral
meetings too.

{counts}

**Goldstein scores** come from a published table, not typed: GDELT's lookup table
`CAMEO.goldsteinscale.txt` ({goldstein_url}), kept byte for byte in the package as
`indopac/reference/CAMEO.goldsteinscale.txt` (the copy read, where from and when:
`indopac/reference/README.md`; a test checks its SHA-256). A score is looked up by the CAMEO
code of the event's type; an event type whose code the table does not list stops the export
with an error naming it. Other published tables disagree on a few codes (the ICEWS table on
016, 022, 164, 165 and 1213; the Phoenix pipeline, which uses CAMEO SCALE v0.5B1 and its older
numbering, on 016, 124, 1246 and 163–166 among others): `indopac/reference/README.md` lists
them and says whether any is an event type here.

**Quad class** (`quad_class`, PLOVER `quad_code`) is that of the CAMEO root code (the code's
first two digits), in the bands ICEWS users apply (andybega/icews, `data-raw/clean-data.R`):
{quad_bands}. The Phoenix pipeline's own table differs: root codes 01 and 02 are 0 (neutral)
and 16 (reduce relations) is 3, so our `160` is 4 where Phoenix would write 3. For every PLOVER
category the event types use, this value is also the manual's "Quad category" of that
category; the manual's summary table of quad categories lists SANCTION as verbal conflict
while its SANCTION section says material conflict: the section and the CAMEO bands agree.

**Sectors** (PLOVER sector codes; Phoenix `source_agent`) are given only where the data says
which: the kind of an organisation taking part, or of the body of the office a person held at
the time ({sectors}). Any other organisation (a coast guard, military in some states and
police in others; a party; an association) and a country taking part as a state have none.
An actor with several sectors has one PLOVER actor object per sector; in the CSV `source` is
the alpha-3 code followed by the sectors in alphabetical order (`JPNGOVMIL`), `source_agent`
the first and `source_others` the rest, which is how Phoenix splits a code.

**Dates.** `story_date` / `date` is the earliest day the event's EDTF date allows, and
`end_date` / `enddate` the latest (empty or null when open): an event dated `2024-11` (some
time in November) runs from `20241101` to `20241130` here, and no day within is claimed. The
recorded EDTF date is kept (`event_date`, `indopac.date`).

### `dyadic/cameo_dyads.csv`

| column | type | meaning | ICEWS column |
| --- | --- | --- | --- |
{csv_rows}

ICEWS writes names where this file has codes (the source's name, sector names, country
names) and has no column for the root code, quad class, issues or URLs.

### `dyadic/plover_dyads.jsonl`

Every record has every field below (null where there is nothing to say). An actor object is
`{{"code": alpha-3}}` or `{{"code": alpha-3, "sector": sector}}`; `event_loc` uses the GeoNames
field names the manual names (`geonameid`, `name`, `latitude`, `longitude`, `country code`,
`cc3`); `cite_info` is a list of citeInfo objects (`citation`: our source ID, `url`, `title`,
`publication`, `language`), one per source cited for the event, where the manual shows one. The
manual allows named fields beyond its own: ours are in the object `indopac` (`event_id`,
`date` as recorded in EDTF, `kind`, `event_type`, `cameo_code`, `goldstein`, `multilateral`,
`event_dyads`, `roles`).

| field | type | meaning |
| --- | --- | --- |
{plover_rows}
"""


# How each role makes pairs (indopac.dyads.pairs), as the codebook's table shows it.
ROLE_RULES = (
    (
        "`visitor`, `host`",
        'each visitor → each host, one direction (the PLOVER manual, CONSULT: "the visitor '
        'will always be coded as the source actor and the host will be the recipient"; '
        "CAMEO's 042 \"Make a visit\" is the visitor's act)",
    ),
    ("`donor`, `recipient`", "each donor → each recipient"),
    (
        "`target`",
        "every participant in another role → each target (the author of a statement → whom "
        "it is aimed at); the authors are not paired with each other",
    ),
    ("`counterpart`", "each counterpart → each other counterpart, both directions"),
    ("`party`", "each party → each other party, both directions"),
    (
        "`participant` (with the `host` and `organizer` of an event that has no visitor: the "
        "host of an exercise or forum takes part in it)",
        "each → each other, both directions: every ordered pair of distinct countries",
    ),
)


def dyadic_section(database: Path) -> str:
    """The codebook's "Dyadic exports": the rules, the counts over ``database``, the columns."""
    counts = dyads.summarise(database)
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.no_pair.items()))
    count_lines = [
        "| on this build | count |",
        "| --- | ---: |",
        f"| events | {counts.events} |",
        f"| left out: not occurred (planned, announced, cancelled, postponed) | "
        f"{counts.not_occurred} |",
        f"| left out: earliest day open | {counts.no_earliest_day} |",
        f"| left out: no pair by the rules above (one country only, or no target) | "
        f"{sum(counts.no_pair.values())} ({kinds or 'none'}) |",
        f"| events with pairs | {counts.events_with_dyads} |",
        f"| pairs (rows of each file) | {counts.dyads} |",
        f"| participants of coded events left out for having no country | "
        f"{counts.participants_without_country} |",
    ]
    bands, first = [], 1
    for last, quad in dyads.QUAD_BANDS:
        bands.append(f"{first:02d}–{last:02d} {quad} ({dyads.QUAD_LABELS[quad]})")
        first = last + 1
    sectors: dict[str, list[str]] = {}
    for kind, sector in dyads.SECTOR_OF_ORGANIZATION_KIND.items():
        sectors.setdefault(sector, []).append(f"`{kind}`")
    return DYADIC.format(
        counts="\n".join(count_lines),
        role_rows="\n".join(f"| {roles} | {made} |" for roles, made in ROLE_RULES),
        goldstein_url=dyads.GOLDSTEIN_URL,
        quad_bands=", ".join(bands),
        sectors="; ".join(f"{', '.join(k)} → `{s}`" for s, k in sectors.items()),
        csv_rows="\n".join(
            f"| `{name}` | {kind} | {_cell(text)} | {_cell(dyads.ICEWS_COLUMN.get(name, ''))} |"
            for name, kind, text in dyads.CSV_COLUMNS
        ),
        plover_rows="\n".join(
            f"| `{name}` | {kind} | {_cell(text)} |" for name, kind, text in dyads.PLOVER_FIELDS
        ),
    )


def _allowed(column) -> str:
    if not isinstance(column.type, Enum) or column.type.enum_class is None:
        return ""
    enum_class = column.type.enum_class
    return "<br>".join(
        f"`{value}`: {value_label(enum_class, value)}" for value in column.type.enums
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def codebook(database: Path) -> str:
    lines = [
        "# indopac codebook",
        "",
        # The 0.1.0 command (the same as --write): the codebook is an export file, unchanged.
        f"Dataset version {__version__}. Generated by `indopac docs --update README.md` from the "
        "models, the vocabularies and the publish step; the tests fail when it is out of date.",
        "",
        CONVENTIONS.format(credibility_rules=credibility.rules_markdown()),
        "## Scales",
        "",
    ]
    for enum_class in (schema.vocab.Reliability, schema.vocab.Credibility):
        lines += [f"**{enum_class.__doc__.splitlines()[0]}**", ""]
        lines += ["| value | meaning |", "| --- | --- |"]
        lines += [f"| `{v}` | {label} |" for v, label in VALUE_LABELS[enum_class].items()]
        lines.append("")
    lines += ["## Event types", ""]
    lines += [
        "Every event has a type (`events.type_id`), mapped to a CAMEO code and to the PLOVER "
        "category, mode and context given for that code by the PLOVER project's "
        "CAMEO-to-PLOVER crosswalk.",
        "",
        "| type | meaning | CAMEO | CAMEO label | PLOVER category | mode | context |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        for row in conn.execute(
            "SELECT id, label, cameo_code, cameo_label, plover_category, plover_mode, "
            "plover_context FROM event_types ORDER BY cameo_code, id"
        ):
            lines.append("| " + " | ".join(_cell(v or "") for v in row) + " |")
    lines += ["", dyadic_section(database), "## Tables", ""]
    lines += [
        "Each table is exported as `csv/NAME.csv` (and `jsonl/NAME.jsonl`); "
        "`datapackage.json` declares the same types and keys.",
        "",
    ]
    for table in sorted(schema.metadata.sorted_tables, key=lambda t: t.name):
        keys = ", ".join(f"`{c.name}`" for c in table.primary_key.columns)
        lines += [f"### `{table.name}`", "", f"{table.comment} Primary key: {keys}.", ""]
        lines += [
            "| column | type | required | meaning | allowed values |",
            "| --- | --- | --- | --- | --- |",
        ]
        for column in table.columns:
            field = frictionless_field(column)
            required = "yes" if not column.nullable else ""
            target = ""
            if column.foreign_keys:
                # The column's own key first (a composite key it shares comes second).
                fks = sorted(
                    column.foreign_keys,
                    key=lambda fk: (len(fk.constraint.columns), fk.target_fullname),
                )
                target = "".join(f" → `{fk.target_fullname}`" for fk in fks)
            lines.append(
                f"| `{column.name}` | {field['type']} | {required} | "
                f"{_cell(str(column.comment))}{target} | {_allowed(column)} |"
            )
        lines.append("")
    lines += ["## Derived tables and views", ""]
    for item in PUBLISHED_OBJECTS:
        lines += [f"### `{item.name}` ({item.kind})", "", item.description, ""]
        lines += ["| column | type | meaning |", "| --- | --- | --- |"]
        for column, description in item.columns.items():
            lines.append(
                f"| `{column}` | {item.types.get(column, 'string')} | {_cell(description)} |"
            )
        lines.append("")
    return "\n".join(lines)
