"""Datasette metadata, generated from the models and the publish step: one source of truth.

Two parts are built apart: descriptive metadata (titles, descriptions, licence, source) and
server configuration (table display options, canned queries, plugins). Datasette 0.65 reads
both from metadata.yml, so they are merged there; Datasette 1.0 splits them into metadata.yml
and datasette.yaml, which these two functions already produce separately.
"""

from __future__ import annotations

from typing import Any

import yaml

from indopac import __version__, schema
from indopac.publish.catalogue import FULL_TEXT, PUBLISHED_OBJECTS
from indopac.publish.geography import ORIGINS
from indopac.queries import QUERIES

DATABASE = "indopac"

LABEL_COLUMNS = {
    "countries": "name",
    "sources": "title",
    "places": "name",
    "organizations": "name",
    "persons": "name",
    "positions": "office",
    "forums": "name",
    "programmes": "name",
    "event_types": "label",
    "subjects": "name",
    "events": "title",
    "figures": "measure",
    "assessments": "statement",
}

TABLE_DISPLAY: dict[str, dict[str, Any]] = {
    "events": {"sort_desc": "start_date", "facets": ["kind", "status", "type_id", "level"]},
    "visits": {"facets": ["destination_country_code"]},
    "meetings": {"facets": ["format"]},
    "exercises": {"facets": ["domain"]},
    "agreements": {"facets": ["stage", "programme_id"]},
    "forum_meetings": {"facets": ["forum_id"]},
    "participants": {"facets": ["role", "country_code"]},
    "citations": {"facets": ["source_id", "paragraph", "credibility"]},
    "countries": {"sort": "name"},
    "persons": {"sort": "name", "facets": ["country_code"]},
    "organizations": {"sort": "name", "facets": ["kind", "country_code"]},
    "places": {"sort": "name", "facets": ["kind", "geo_precision", "country_code"]},
    "assessments": {"sort": "paragraph", "facets": ["kind", "attributed_to"]},
    "subjects": {"sort": "name", "facets": ["kind"]},
    "figures": {"facets": ["unit", "country_code"]},
    "event_types": {"sort": "cameo_code", "facets": ["plover_category"]},
}

_FROM_ORIGINS_UNITS = {
    f"{measure}_from_{origin}": unit
    for origin in ORIGINS
    for measure, unit in (("bearing", "degree"), ("km", "km"))
}
UNITS = {
    "places": {"latitude": "degree", "longitude": "degree"},
    "timeline": {"latitude": "degree", "longitude": "degree"},
    "event_map": {"latitude": "degree", "longitude": "degree"},
    "country_reference_points": {
        "latitude": "degree",
        "longitude": "degree",
        **_FROM_ORIGINS_UNITS,
    },
    "place_bearings": _FROM_ORIGINS_UNITS,
}

# The geography question for the coverage window, from the home page in one click.
PARTNERS_AROUND_CHINA_LINK = (
    "/indopac/partners_around_china?date_from=2024-05-01&amp;date_to=2024-12-31"
)

DESCRIPTION_HTML = f"""<p>Japan's diplomatic and security engagement in the Indo-Pacific:
visits, meetings, joint exercises, agreements and assistance-programme steps, forum meetings
and public statements, each cited to its sources and where in them it is said. Authors'
opinions are kept apart, as attributed <code>assessments</code>.</p>
<p>Start with <a href="/indopac/timeline">timeline</a> (one row per event) and
<a href="/indopac/event_participants">event_participants</a>; answer common questions with the
canned queries below; see the <a href="/-/dashboards/overview">dashboard</a> and the
<a href="/indopac/event_map">map</a>; check the source's argument that Japan's partners ring
China on the map of <a href="{PARTNERS_AROUND_CHINA_LINK}">partners by bearing and distance
from Beijing and Tokyo</a>; subscribe to the
<a href="/indopac/calendar.ics">calendar</a>. Download everything (CSV, JSON Lines, the events
as directed pairs of countries in CAMEO/Phoenix and PLOVER form, the Frictionless data package
and the codebook) from <a href="/exports/index.html">/exports/</a>.</p>
<p>Scope: Japan as a party, in the Indo-Pacific; complete, as far as the sources searched
allow, from May to December 2024 for visits, meetings, ministerial dialogues and summits,
exercises, security agreements and forum meetings (docs/coverage.md in the repository says how
it was searched and where it falls short).</p>
<p>Dates are EDTF strings exactly as precise as the source, with the earliest and latest ISO
dates they allow in <code>start_date</code> and <code>end_date</code>.</p>
<p>Cite as: <em>indopac dataset, version {__version__}</em>, with the event ID and the
source citation shown in each row.</p>"""


def _hidden_tables() -> list[str]:
    hidden = ["alembic_version", "sqlite_stat1"]
    for table in FULL_TEXT:
        hidden += [f"{table}_fts"] + [
            f"{table}_fts_{suffix}" for suffix in ("data", "idx", "docsize", "config")
        ]
    return hidden


def descriptive() -> dict[str, Any]:
    """Titles, descriptions, licence and source: Datasette 1.0's metadata.yml."""
    tables: dict[str, Any] = {}
    for table in schema.metadata.sorted_tables:
        tables[str(table.name)] = {
            "description": str(table.comment),
            "columns": {str(column.name): str(column.comment) for column in table.columns},
        }
    for item in PUBLISHED_OBJECTS:
        tables[item.name] = {"description": item.description, "columns": dict(item.columns)}
    for name, units in UNITS.items():
        tables[name]["units"] = units
    return {
        "title": "indopac: Japan in the Indo-Pacific",
        "description_html": DESCRIPTION_HTML,
        "license": "CC BY 4.0",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": (
            "Ministries' and governments' own pages, news agencies, newspapers and "
            "broadcasters, and one commentary; see the sources table"
        ),
        "databases": {DATABASE: {"tables": dict(sorted(tables.items()))}},
    }


def _horizontal_bars(category: str) -> dict[str, Any]:
    """A vega-lite bar chart of event counts per ``category``, largest first."""
    return {
        "library": "vega-lite",
        "display": {
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {"field": category, "type": "nominal", "sort": "-x"},
                "x": {"field": "events", "type": "quantitative"},
            },
        },
    }


def dashboards() -> dict[str, Any]:
    where = (
        "WHERE 1 [[ AND COALESCE(t.end_date, t.start_date) >= date(:date_start) ]]"
        " [[ AND COALESCE(t.start_date, t.end_date) <= date(:date_end) ]]"
        " [[ AND t.kind = :kind ]]"
        " [[ AND t.event_id IN (SELECT event_id FROM event_countries"
        " WHERE country_code = :country) ]]"
    )
    return {
        "overview": {
            "title": "indopac overview",
            "description": "Events over time, by kind, country and type, and on the map.",
            "layout": [
                ["events-count", "events-over-time", "events-over-time"],
                ["events-by-country", "events-by-type", "events-by-type"],
                ["events-map", "events-map", "events-table"],
            ],
            "filters": {
                "date_start": {"name": "From", "type": "date"},
                "date_end": {"name": "To", "type": "date"},
                "kind": {
                    "name": "Kind",
                    "type": "select",
                    "db": DATABASE,
                    "query": "SELECT DISTINCT kind FROM events ORDER BY kind",
                },
                "country": {
                    "name": "Country",
                    "type": "select",
                    "db": DATABASE,
                    "query": "SELECT DISTINCT country_code FROM event_countries ORDER BY 1",
                },
            },
            "charts": {
                "events-count": {
                    "title": "Events",
                    "db": DATABASE,
                    "query": f"SELECT count(*) AS events FROM timeline t {where}",
                    "library": "metric",
                    "display": {"field": "events"},
                },
                "events-over-time": {
                    "title": "Events per month by kind (events dated to within a month)",
                    "db": DATABASE,
                    "query": (
                        "SELECT substr(t.start_date, 1, 7) AS month, t.kind, count(*) AS events "
                        f"FROM timeline t {where} "
                        "AND substr(t.start_date, 1, 7) = substr(t.end_date, 1, 7) "
                        "GROUP BY month, t.kind ORDER BY month"
                    ),
                    "library": "vega-lite",
                    "display": {
                        "mark": {"type": "bar", "tooltip": True},
                        "encoding": {
                            "x": {"field": "month", "type": "ordinal", "title": "Month"},
                            "y": {"field": "events", "type": "quantitative", "title": "Events"},
                            "color": {"field": "kind", "type": "nominal", "title": "Kind"},
                        },
                    },
                },
                "events-by-country": {
                    "title": "Events by country involved",
                    "db": DATABASE,
                    "query": (
                        "SELECT c.name AS country, count(*) AS events FROM event_countries ec "
                        "JOIN countries c ON c.code = ec.country_code "
                        f"JOIN timeline t ON t.event_id = ec.event_id {where} "
                        "GROUP BY c.name ORDER BY events DESC"
                    ),
                    **_horizontal_bars("country"),
                },
                "events-by-type": {
                    "title": "Events by type (CAMEO code)",
                    "db": DATABASE,
                    "query": (
                        "SELECT et.cameo_code || ' ' || et.label AS type, count(*) AS events "
                        "FROM timeline t JOIN event_types et ON et.id = t.event_type "
                        f"{where} GROUP BY type ORDER BY events DESC"
                    ),
                    **_horizontal_bars("type"),
                },
                "events-map": {
                    "title": "Events with a known place",
                    "db": DATABASE,
                    "query": (
                        "SELECT t.title, t.date, t.place, t.latitude, t.longitude "
                        f"FROM timeline t {where} AND t.latitude IS NOT NULL"
                    ),
                    "library": "map",
                    "display": {"latitude_column": "latitude", "longitude_column": "longitude"},
                },
                "events-table": {
                    "title": "Latest events",
                    "db": DATABASE,
                    "query": (
                        "SELECT t.date, t.kind, t.title FROM timeline t "
                        f"{where} ORDER BY COALESCE(t.start_date, t.end_date) DESC LIMIT 15"
                    ),
                    "library": "table",
                    "display": {},
                },
            },
        }
    }


def configuration() -> dict[str, Any]:
    """Display options, canned queries and plugins: Datasette 1.0's datasette.yaml."""
    tables: dict[str, Any] = {name: {"hidden": True} for name in _hidden_tables()}
    for name, column in LABEL_COLUMNS.items():
        tables.setdefault(name, {})["label_column"] = column
    for name, options in TABLE_DISPLAY.items():
        tables.setdefault(name, {}).update(options)
    # Most events have no coordinates (the source rarely names a city), and the cluster map
    # fails on a page with none; the map of events is event_map.
    tables["timeline"] = {
        "plugins": {
            "datasette-cluster-map": {"latitude_column": "no_map", "longitude_column": "no_map"}
        }
    }
    for item in PUBLISHED_OBJECTS:
        options = tables.setdefault(item.name, {})
        if item.facets:
            options["facets"] = list(item.facets)
        if item.facet_arrays:
            options.setdefault("facets", []).extend(
                {"array": column} for column in item.facet_arrays
            )
        if item.sort:
            options["sort"] = item.sort
        if item.sort_desc:
            options["sort_desc"] = item.sort_desc
    queries = {
        query.name: {
            "title": query.title,
            "description": query.description,
            "sql": query.sql.strip(),
            **({"params": list(query.examples)} if query.examples else {}),
        }
        for query in QUERIES
    }
    return {
        "databases": {DATABASE: {"tables": dict(sorted(tables.items())), "queries": queries}},
        "plugins": {
            "datasette-cluster-map": {
                "latitude_column": "latitude",
                "longitude_column": "longitude",
            },
            "datasette-dashboards": dashboards(),
        },
    }


def _merge(into: dict, other: dict) -> dict:
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
    return into


def metadata_for_datasette_065() -> dict[str, Any]:
    return _merge(descriptive(), configuration())


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

HEADER = """\
# Generated by `indopac docs --write` from the models (schema/), the publish catalogue
# (indopac/publish/catalogue.py), the canned queries (indopac/queries.py) and
# indopac/describe/metadata.py. Do not edit by hand: `indopac docs --check` fails when this
# file differs from what it generates.
"""


def metadata_yaml() -> str:
    return HEADER + yaml.dump(
        metadata_for_datasette_065(),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
