"""The dyadic exports read back from a real build and checked against their published
specifications: the PLOVER manual's JSON fields and vocabularies, the Phoenix pipeline's 26
fields, CAMEO codes, quad classes and GDELT's Goldstein table."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pycountry
import pytest

from indopac import dyads
from indopac.describe.codebook import codebook
from indopac.describe.datapackage import descriptor
from indopac.export import export_all
from tests.helpers import sha256

# The verbatim copy of GDELT's table (indopac/reference/README.md says where it was read):
# any edit, even of one score, changes this.
GOLDSTEIN_SHA256 = "22ae69794e081b8cc9bb87a15f59fabdaa6e9ba00b1d08990b46cd75291c0ca8"

# -- the specifications, as published ---------------------------------------------------------
# PLOVER manual, draft version 0.8 (openeventdata/PLOVER, PLOVER_MANUAL.tex at commit
# 6b85b9a7506bb372bf6828d68bf922f1e92e750a).
# Table "PLOVER JSON": the fields and which are required.
PLOVER_JSON_FIELDS = {
    "id", "has_event", "date", "time", "enddate", "endtime", "source", "recipient", "event",
    "event_loc", "event_text", "quad_code", "event_scale", "mode", "context", "link", "text",
    "text_info", "cite_info", "coder", "coded_date", "coded_time", "comment",
}  # fmt: skip
PLOVER_REQUIRED = ("id", "date", "source", "event")
# Table "Information object for actors".
PLOVER_ACTOR_FIELDS = {
    "code", "sector", "actor_text", "identifier_id", "identifier_text", "actor_loc",
    "religion", "ethnicity", "office", "gender", "age",
}  # fmt: skip
# Table "Information object for citations".
PLOVER_CITE_FIELDS = {
    "corpus", "citation", "url", "title", "language", "publication", "license", "copyright",
    "coder", "codebook", "version",
}  # fmt: skip
# "Summary of event categories": the 16 categories and their quad (SANCTION under M-Conf.,
# as its own section says; the separate "Quad categories" table lists it as verbal conflict).
PLOVER_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "DEMAND": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
# POLECAT's coder (ahalterman/NGEC) and CAMEO2PLOVER-2021 write REQUEST for DEMAND.
PLOVER_CATEGORIES = set(PLOVER_QUAD) | {"REQUEST"}
# The modes tables of each category section (none for AGREE, SUPPORT, CONCEDE, COOPERATE, AID).
_DEMAND_MODES = {"assist", "change", "yield", "meet"}
PLOVER_MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
    "DEMAND": _DEMAND_MODES,
    "REQUEST": _DEMAND_MODES,
    "REJECT": _DEMAND_MODES,
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "general", "strike", "hunger", "boycott", "obstruct"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {
        "confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport",
        "withhold",
    },
    "ASSAULT": {
        "abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
        "firearms", "explosives", "suicide-attack", "heavy-weapons", "cleansing", "massacre",
        "unconventional", "sideAB",
    },
}  # fmt: skip
# Table "General contexts" and the four special contexts.
PLOVER_CONTEXTS = {
    "military", "intelligence", "peacekeeping", "economic", "diplomatic", "resource", "disease",
    "enviro_disaster", "migration", "humanitarian", "asylum", "legal", "human_rights",
    "rights_freedoms", "gender", "lgbt", "terrorism", "human_security", "religion_ethnicity",
    "executive", "election", "legislative", "cbrn", "cyber", "political_institutions",
    "corruption", "crime", "illegal_drugs",
    "historical", "future", "hypothetical", "negation",
}  # fmt: skip
# Table "Sector Primary Codes".
PLOVER_SECTORS = {
    "GOV", "JUD", "LEG", "MIL", "COP", "OPP", "PTY", "REB", "PRM", "SPY", "UAF",
    "CVL", "BUS", "EDU", "MED", "LAB", "AGR", "JRN", "REF", "REL", "SOC", "CRM",
}  # fmt: skip
# The 26 fields of a Phoenix daily file, in the order create_strings() writes them and under
# the names of its variables and of process_actors()'s docstring (openeventdata/
# phoenix_pipeline, postprocess.py at commit cf916f644cfee85d365f40206e0dd2b260004ad6).
PHOENIX_FIELDS = [
    "id_string", "story_date", "year", "month", "day",
    "source", "source_root", "source_agent", "source_others",
    "target", "target_root", "target_agent", "target_others",
    "code", "root_code", "quad_class", "goldstein", "issues",
    "lat", "lon", "placeName", "stateName", "countryName", "ids", "urls", "sources",
]  # fmt: skip
ALPHA3 = {country.alpha_3 for country in pycountry.countries}


@pytest.fixture(scope="module")
def exports(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dyadic") / "exports"
    export_all(built_db, out)
    return out


@pytest.fixture(scope="module")
def records(exports: Path) -> list[dict]:
    lines = (exports / dyads.JSONL_PATH).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def rows(exports: Path) -> list[dict[str, str]]:
    with open(exports / dyads.CSV_PATH, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _band(root: str) -> int:
    # The ICEWS bands, written out independently of dyads.QUAD_BANDS.
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


def test_the_goldstein_table_is_gdelts_file_unedited() -> None:
    assert sha256(dyads.GOLDSTEIN_FILE) == GOLDSTEIN_SHA256
    scores = dyads.goldstein_scores()
    assert len(scores) == 311
    # A few values as GDELT publishes them.
    assert scores["042"] == "1.9" and scores["057"] == "8.0" and scores["1823"] == "-10.0"


def test_every_plover_record_follows_the_manual(records: list[dict], rows: list[dict]) -> None:
    assert len(records) == len(rows) > 100
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)  # the manual: unique within the data set
    for record in records:
        extension = set(record) - PLOVER_JSON_FIELDS
        assert extension == {"indopac"}, record["id"]
        for name in PLOVER_REQUIRED:
            assert record[name], (record["id"], name)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
        day = date.fromisoformat(record["date"])
        if record["enddate"] is not None:
            assert date.fromisoformat(record["enddate"]) >= day
        for side in ("source", "recipient"):
            for actor in record[side]:
                assert set(actor) <= PLOVER_ACTOR_FIELDS
                assert actor["code"] in ALPHA3
                assert actor.get("sector", "GOV") in PLOVER_SECTORS
        assert {a["code"] for a in record["source"]} != {a["code"] for a in record["recipient"]}
        (category,) = record["event"]
        assert category in PLOVER_CATEGORIES
        assert set(record["mode"] or ()) <= PLOVER_MODES.get(category, set()), record["id"]
        assert set(record["context"] or ()) <= PLOVER_CONTEXTS
        assert record["quad_code"] == PLOVER_QUAD[category], record["id"]
        for cite in record["cite_info"]:
            assert set(cite) <= PLOVER_CITE_FIELDS
        assert record["id"].startswith(record["indopac"]["event_id"] + ":")


def test_every_csv_row_is_a_phoenix_row_with_gdelt_scores(
    exports: Path, rows: list[dict[str, str]]
) -> None:
    header = (exports / dyads.CSV_PATH).read_bytes().split(b"\r\n", 1)[0].decode()
    names = header.split(",")
    assert names[:26] == PHOENIX_FIELDS
    assert names[26:] == [name for name, _, _ in dyads.EXTRA_COLUMNS]
    scores = dyads.goldstein_scores()
    for row in rows:
        code = row["code"]
        assert code in scores, code  # a code of the CAMEO list GDELT scores
        assert row["root_code"] == code[:2]
        assert int(row["quad_class"]) == _band(code[:2])
        assert row["goldstein"] == scores[code]
        day = date(int(row["year"]), int(row["month"]), int(row["day"]))
        assert row["story_date"] == day.strftime("%Y%m%d")
        for side in ("source", "target"):
            root, agent, others = (row[f"{side}_{part}"] for part in ("root", "agent", "others"))
            assert root in ALPHA3
            assert row[side] == root + agent + others.replace(";", "")
            assert {agent, *others.split(";")} - {""} <= PLOVER_SECTORS
        assert row["source_root"] != row["target_root"]
        assert row["id_string"] == f"{row['event_id']}:{row['source_root']}-{row['target_root']}"
    keys = [(r["event_id"], r["source_root"], r["target_root"]) for r in rows]
    assert keys == sorted(keys)


def test_the_two_files_hold_the_same_pairs(records: list[dict], rows: list[dict]) -> None:
    for record, row in zip(records, rows, strict=True):
        assert record["id"] == row["id_string"]
        assert record["source"][0]["code"] == row["source_root"]
        assert record["recipient"][0]["code"] == row["target_root"]
        assert record["date"].replace("-", "") == row["story_date"]
        assert record["quad_code"] == int(row["quad_class"])
        assert record["indopac"]["goldstein"] == float(row["goldstein"])


def test_a_visit_goes_from_the_visitor_to_the_host(
    records: list[dict], rows: list[dict[str, str]]
) -> None:
    # Lloyd Austin, US defence secretary, visited Japan in December 2024; Gen Nakatani and
    # Shigeru Ishiba received him.
    visit = [r for r in records if r["indopac"]["event_id"] == "lloyd-austin-visits-japan-2024-12"]
    assert [r["id"] for r in visit] == ["lloyd-austin-visits-japan-2024-12:USA-JPN"]
    (record,) = visit
    assert record["source"] == [{"code": "USA"}] and record["recipient"] == [{"code": "JPN"}]
    assert record["event"] == ["CONSULT"] and record["mode"] == ["visit"]
    assert (record["date"], record["enddate"]) == ("2024-12-08", "2024-12-11")
    assert record["indopac"]["date"] == "2024-12-08/2024-12-11"
    assert record["indopac"]["roles"] == ["visitor>host"]
    assert record["event_loc"]["name"] == "Tokyo" and record["event_loc"]["cc3"] == "JPN"
    row = next(r for r in rows if r["id_string"] == record["id"])
    assert (row["code"], row["root_code"], row["quad_class"], row["goldstein"]) == (
        "042",
        "04",
        "1",
        "1.9",
    )
    assert row["story_date"] == "20241208" and row["end_date"] == "20241211"


def test_a_statement_goes_from_its_author_to_its_targets_with_the_bodys_sector(
    records: list[dict],
) -> None:
    # Japan's defence ministry (a ministry: sector GOV) named China and Russia in its white paper.
    event = "japan-defence-white-paper-china-russia-concern-2024-07-12"
    found = {r["id"]: r for r in records if r["indopac"]["event_id"] == event}
    assert sorted(found) == [f"{event}:JPN-CHN", f"{event}:JPN-RUS"]
    for record in found.values():
        assert record["source"] == [{"code": "JPN", "sector": "GOV"}]
        assert record["event"] == ["ACCUSE"] and record["quad_code"] == 3


def test_what_gives_no_pair(records: list[dict]) -> None:
    events = {r["indopac"]["event_id"] for r in records}
    # A joint criticism naming no country: the authors are not aimed at each other.
    assert "quad-condemns-china-2024-07-29" not in events
    # Only Japan's navy is recorded as taking part: one country, no pair.
    assert "rimpac-2024-jmsdf-2024-06-27" not in events
    # Planned and announced events are not coded.
    assert "quad-conference-planned" not in events
    assert "nippon-steel-leaves-baoshan-joint-venture" not in events


def test_a_reduction_of_relations_between_parties_has_no_direction() -> None:
    # Nippon Steel (JP) leaving its venture with Baoshan (CN), as the participants' roles
    # give it: two parties of a conflictual type (160) and no target, so no pair either way.
    sides = {"party": {"JP": {"BUS"}, "CN": {"BUS"}}}
    assert dyads.pairs(sides, cooperative=False) == {}
    assert set(dyads.pairs(sides, cooperative=True)) == {("JP", "CN"), ("CN", "JP")}


def test_a_multilateral_meeting_pairs_every_two_countries_both_ways(records: list[dict]) -> None:
    event = "five-country-defence-ministers-vientiane-2024-11-21"
    found = [r for r in records if r["indopac"]["event_id"] == event]
    assert len(found) == 5 * 4
    assert all(r["indopac"]["multilateral"] and r["indopac"]["event_dyads"] == 20 for r in found)
    assert {r["mode"][0] for r in found} == {"multilateral"}


def test_the_codebook_counts_what_the_files_hold(built_db: Path, rows: list[dict]) -> None:
    counts = dyads.summarise(built_db)
    assert counts.dyads == len(rows)
    assert counts.events_with_dyads == len({r["event_id"] for r in rows})
    text = codebook(built_db)
    assert f"| pairs (rows of each file) | {len(rows)} |" in text
    assert "## Dyadic exports" in text and "`id_string`" in text


def test_the_data_package_describes_both_files_with_their_columns() -> None:
    resources = {r["name"]: r for r in descriptor()["resources"]}
    cameo, plover = resources[dyads.CSV_NAME], resources[dyads.JSONL_NAME]
    assert cameo["path"] == dyads.CSV_PATH and plover["path"] == dyads.JSONL_PATH
    assert [f["name"] for f in cameo["schema"]["fields"]][:26] == PHOENIX_FIELDS
    assert plover["format"] == "jsonl"
    assert {f["name"] for f in plover["schema"]["fields"]} - {"indopac"} <= PLOVER_JSON_FIELDS


def test_an_event_type_without_a_goldstein_score_stops_the_export(
    built_db: Path, tmp_path: Path
) -> None:
    import shutil
    import sqlite3

    database = tmp_path / "indopac.db"
    shutil.copy(built_db, database)
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE event_types SET cameo_code = '0999' WHERE id = 'make-visit'")
    out = tmp_path / "exports"
    with pytest.raises(dyads.DyadError, match="0999"):
        export_all(database, out)
    assert not out.exists()
