"""How a column of the models is described to users: its Frictionless field (type, format,
allowed values, required), which the data package declares and the codebook tabulates."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Date, Enum, Float, Integer


def frictionless_field(column: Column) -> dict[str, Any]:
    """The Table Schema field of ``column``: name, description, type and constraints."""
    field: dict[str, Any] = {"name": str(column.name), "description": str(column.comment)}
    kind = column.type
    if isinstance(kind, Boolean):
        # The CSV exports write SQLite's integers for booleans.
        field.update(type="boolean", trueValues=["1"], falseValues=["0"])
    elif isinstance(kind, Enum):
        field.update(type="string", constraints={"enum": list(kind.enums)})
    elif isinstance(kind, Integer):
        field["type"] = "integer"
    elif isinstance(kind, Float):
        field["type"] = "number"
    elif isinstance(kind, Date):
        field.update(type="date", format="default")
    else:
        field["type"] = "string"
    if not column.nullable:
        field.setdefault("constraints", {})["required"] = True
    return field
