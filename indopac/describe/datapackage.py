"""A Frictionless data package describing the CSV exports.

Field names, types, descriptions, enums, primary and foreign keys come from the models and
the publish step: the same single source as the Datasette metadata.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from indopac import __version__, dyads, schema
from indopac.atomic_files import write_text
from indopac.describe.columns import frictionless_field
from indopac.publish.catalogue import PUBLISHED_OBJECTS

DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


def _resource(
    name: str,
    fields: list[dict],
    primary_key,
    foreign_keys,
    description: str,
    path: str | None = None,
):
    table_schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if primary_key:
        table_schema["primaryKey"] = list(primary_key)
    if foreign_keys:
        table_schema["foreignKeys"] = foreign_keys
    return {
        "name": name,
        "path": path or f"csv/{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"'},
        "schema": table_schema,
    }


def _fields(columns: tuple[tuple[str, str, str], ...]) -> list[dict[str, Any]]:
    fields = []
    for name, kind, description in columns:
        field: dict[str, Any] = {"name": name, "type": kind, "description": description}
        if kind == "boolean":
            # As the table exports: SQLite's integers.
            field.update(trueValues=["1"], falseValues=["0"])
        fields.append(field)
    return fields


def dyadic_resources() -> list[dict[str, Any]]:
    """The two dyadic files (indopac.dyads): the CAMEO CSV and the PLOVER JSON Lines, whose
    records frictionless reads as rows keyed by field name (lists and objects as such)."""
    cameo = _resource(
        dyads.CSV_NAME,
        _fields(dyads.CSV_COLUMNS),
        ["id_string"],
        [],
        "Every event that occurred as directed pairs of countries, one row per event and "
        "ordered pair: the 26 fields of the Phoenix daily files (CAMEO code, root code, quad "
        "class, Goldstein score), then ours. How an event becomes pairs: CODEBOOK.md, "
        "'Dyadic exports'.",
        dyads.CSV_PATH,
    )
    plover = _resource(
        dyads.JSONL_NAME,
        _fields(dyads.PLOVER_FIELDS),
        ["id"],
        [],
        "The same pairs as PLOVER JSON records (PLOVER manual, draft 0.8), one per line, "
        "with the PLOVER category, mode and context of the event's type and an 'indopac' "
        "extension object.",
        dyads.JSONL_PATH,
    )
    del plover["dialect"]
    plover.update(format="jsonl", mediatype="application/jsonl")
    return [cameo, plover]


def descriptor() -> dict[str, Any]:
    resources = []
    for table in sorted(schema.metadata.sorted_tables, key=lambda t: t.name):
        foreign_keys = [
            {
                "fields": [str(c.name) for c in fk.columns],
                "reference": {
                    "resource": "" if fk.referred_table is table else str(fk.referred_table.name),
                    "fields": [str(e.column.name) for e in fk.elements],
                },
            }
            for fk in sorted(table.foreign_key_constraints, key=lambda fk: str(fk.name))
        ]
        resources.append(
            _resource(
                str(table.name),
                [frictionless_field(column) for column in table.columns],
                [str(c.name) for c in table.primary_key.columns],
                foreign_keys,
                str(table.comment),
            )
        )
    for item in PUBLISHED_OBJECTS:
        fields = []
        for column, description in item.columns.items():
            kind = item.types.get(column, "string")
            field = {"name": column, "type": kind, "description": description}
            fields.append(field)
        resources.append(_resource(item.name, fields, item.primary_key, [], item.description))
    resources += dyadic_resources()
    return {
        "profile": "tabular-data-package",
        "name": "indopac",
        "title": "indopac: Japan's diplomatic and security engagement in the Indo-Pacific",
        "description": (
            "Visits, meetings, exercises, agreements and assistance steps, forum meetings and "
            "statements, each cited to a paragraph of its source; authors' opinions as "
            "attributed assessments. See CODEBOOK.md."
        ),
        "version": __version__,
        "licenses": [DATA_LICENSE],
        "resources": resources,
    }


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (export files can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def with_file_stats(package: dict[str, Any], folder: Path) -> dict[str, Any]:
    """``package`` with each resource's byte size and SHA-256, from its file in ``folder``.

    Frictionless (v5, standards v1 syntax: ``"hash": "sha256:HEX"``) checks both, so a
    truncated or altered file fails ``frictionless validate``.
    """
    for resource in package["resources"]:
        path = folder / resource["path"]
        resource["bytes"] = path.stat().st_size
        resource["hash"] = f"sha256:{file_sha256(path)}"
    return package


def write(path: Path, folder: Path) -> None:
    """datapackage.json at ``path``, describing the files already written in ``folder``."""
    package = with_file_stats(descriptor(), folder)
    write_text(path, json.dumps(package, indent=2, ensure_ascii=False) + "\n")
