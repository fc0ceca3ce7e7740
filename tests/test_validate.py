"""Seed validation: the real seeds pass; each kind of bad seed is refused, located precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from indopac.ingest import SeedValidationError, validate
from indopac.ingest.errors import SeedError
from tests.helpers import SeedEdit, all_of, appending, replacing, writing


def test_the_real_seeds_are_valid(seeds_copy: Path) -> None:
    dataset = validate(seeds_copy)
    assert len(dataset.events) >= 5
    assert {kind for kind, _ in dataset.events.values()} == {
        "visit",
        "meeting",
        "exercise",
        "agreement",
        "forum_meeting",
        "statement",
    }
    assert dataset.countries()["TW"] == ("TWN", "Taiwan")
    assert dataset.coordinates["tokyo"] == (35.6895, 139.69171)  # GeoNames 1850147


KONO_VISIT = "yohei-kono-visits-china-2024-07"
EXERCISE = "japan-coast-guard-taiwan-exercise-2024-07-18"

# (edit, file, record, field, words the message must contain)
# A web page from an outlet with a rating of its own: appended to sources.yaml.
WEB_SOURCE = """
- id: web-page
  title: A page
  outlet: new-eastern-outlook
  published: 2024-08-21
  url: https://example.org/page
  language: en
  kind: news
"""
# An outlet that publishes on its own domain, for the URL checks: appended to
# organizations.yaml; a source of it is WEB_SOURCE with this outlet and a URL.
MINISTRY = """
- id: test-ministry
  name: Test Ministry of Foreign Affairs
  kind: ministry
  country: JP
  reliability: A
  reliability_rationale: A test outlet, rated A.
  domains: [mofa.go.jp]
"""


def ministry_source(url: str) -> SeedEdit:
    """The test ministry and a page of it at ``url``."""
    return all_of(
        appending("organizations.yaml", MINISTRY),
        appending(
            "sources.yaml",
            WEB_SOURCE.replace("new-eastern-outlook", "test-ministry").replace(
                "https://example.org/page", url
            ),
        ),
    )


def outlet_domains(domains: str) -> SeedEdit:
    """The real seeds' outlet, New Eastern Outlook, declaring ``domains`` (a YAML list)."""
    name = "  name: New Eastern Outlook\n"
    return replacing("organizations.yaml", name, f"{name}  domains: {domains}\n")


CLAIM = (
    "  claims:\n    - {{field: {field}, value: 2024-07-19, source: neo-2024-08-20, paragraph: 8, "
    "stance: contradicts, note: a test claim}}\n"
)
STATUS = (
    "  status_history:\n    - {{status: {status}, as_of: 2024-08-20, source: neo-2024-08-20, "
    "paragraph: 8}}\n"
)

BAD_SEEDS = {
    "yaml syntax error": (
        appending("visits.yaml", "- id: [unclosed\n"),
        "visits.yaml",
        None,
        None,
        "is not valid YAML",
    ),
    "unknown field": (
        replacing("visits.yaml", "  summary:", "  summery:"),
        "visits.yaml",
        KONO_VISIT,
        "summery",
        "unknown field",
    ),
    "missing required field": (
        replacing("exercises.yaml", "  status: occurred\n", ""),
        "exercises.yaml",
        EXERCISE,
        "status",
        "Field required",
    ),
    "unknown country code": (
        replacing("visits.yaml", "destination_country: CN", "destination_country: XX"),
        "visits.yaml",
        KONO_VISIT,
        "destination_country",
        "'XX' is not an ISO 3166-1 alpha-2 country code",
    ),
    "unknown reference": (
        replacing("visits.yaml", "{person: yohei-kono,", "{person: yohei-kno,"),
        "visits.yaml",
        KONO_VISIT,
        "participants[0].person",
        "unknown person 'yohei-kno'",
    ),
    "duplicate id across files": (
        replacing("meetings.yaml", "id: yohei-kono-meets-he-lifeng-2024-07", f"id: {KONO_VISIT}"),
        "meetings.yaml",
        KONO_VISIT,
        "id",
        "duplicate event ID (already in",
    ),
    "duplicate id in one file": (
        replacing("places.yaml", "id: vientiane", "id: tokyo"),
        "places.yaml",
        "tokyo",
        "id",
        "duplicate place ID (earlier in this file)",
    ),
    "invalid edtf date": (
        replacing("exercises.yaml", "date: 2024-07-18", "date: 2024-13-18"),
        "exercises.yaml",
        EXERCISE,
        "date",
        "'2024-13-18' is not a valid EDTF date",
    ),
    "end before start": (
        replacing("visits.yaml", "date: 2024-07-01/2024-07-06", "date: 2024-07-06/2024-07-01"),
        "visits.yaml",
        KONO_VISIT,
        "date",
        "ends (2024-07-01) before it starts (2024-07-06)",
    ),
    "latitude out of range": (
        replacing(
            "places.yaml",
            "  geo_precision: region\n",
            "  geo_precision: region\n  latitude: 91\n  longitude: 140\n",
        ),
        "places.yaml",
        "waters-off-chiba-prefecture",
        "latitude",
        "less than or equal to 90",
    ),
    "paragraph that does not exist": (
        replacing("exercises.yaml", "paragraph: 8}", "paragraph: 13}"),
        "exercises.yaml",
        EXERCISE,
        "citations[0].paragraph",
        "has paragraphs 1 to 12, not 13",
    ),
    "citation of an unknown source": (
        replacing("exercises.yaml", "{source: neo-2024-08-20,", "{source: neo-2024-08-21,"),
        "exercises.yaml",
        EXERCISE,
        "citations[0].source",
        "unknown source 'neo-2024-08-21'",
    ),
    "office of another person": (
        replacing(
            "visits.yaml", "position: yohei-kono-chairman-japit", "position: he-lifeng-vice-premier"
        ),
        "visits.yaml",
        KONO_VISIT,
        "participants[0].position",
        "belongs to 'he-lifeng', not 'yohei-kono'",
    ),
    "office not held at the time": (
        replacing(
            "persons.yaml",
            "      office: Chairman\n",
            "      office: Chairman\n      start: 1990\n      end: 2001\n",
        ),
        "visits.yaml",
        KONO_VISIT,
        "participants[0].position",
        "ended by 2001-12-31, before the event began (2024-07-01)",
    ),
    "office ends before it starts": (
        replacing(
            "persons.yaml",
            "      office: Vice Premier\n",
            "      office: Vice Premier\n      start: 2024\n      end: 2020\n",
        ),
        "persons.yaml",
        "he-lifeng",
        "positions[0].end",
        "ends (2020-12-31) before it starts (2024-01-01)",
    ),
    "malformed id": (
        replacing("places.yaml", "id: tokyo", "id: Tokyo City"),
        "places.yaml",
        "Tokyo City",
        "id",
        "IDs use only a-z, 0-9",
    ),
    "empty summary": (
        replacing(
            "agreements.yaml",
            "  summary: >-\n    Under its Official",
            "  summary: '   '\n  x_removed: >-\n    Under its Official",
        ),
        "agreements.yaml",
        "osa-fiji-patrol-boats-2023",
        "summary",
        "must not be empty or only white space",
    ),
    "control character": (
        replacing(
            "visits.yaml", "title: Yohei Kono visits China", 'title: "Yohei Kono\\u0007 visits"'
        ),
        "visits.yaml",
        KONO_VISIT,
        "title",
        "control character U+0007",
    ),
    "two participants in one row": (
        replacing(
            "visits.yaml",
            "{country: CN, role: host}",
            "{country: CN, person: he-lifeng, role: host}",
        ),
        "visits.yaml",
        KONO_VISIT,
        "participants[1]",
        "name exactly one of country, person or organization",
    ),
    "organisation parent cycle": (
        replacing(
            "organizations.yaml",
            "  kind: government\n  country: JP\n",
            "  kind: government\n  country: JP\n  parent: japan-coast-guard\n",
        ),
        "organizations.yaml",
        "government-of-japan",
        "parent",
        "parents form a cycle",
    ),
    "geonames place in the wrong country": (
        replacing("places.yaml", "  country: LA\n", "  country: TH\n"),
        "places.yaml",
        "vientiane",
        "country",
        "GeoNames 1651944 (Vientiane) lies in LA, not TH",
    ),
    "unknown seed file": (
        writing("visit.yaml", b"[]\n"),
        "visit.yaml",
        None,
        None,
        "is not a seed file this project reads",
    ),
    "byte order mark": (
        writing("forums.yaml", b"\xef\xbb\xbf[]\n"),
        "forums.yaml",
        None,
        None,
        "byte-order mark",
    ),
    "invalid utf-8": (
        writing("forums.yaml", b"- id: caf\xe9\n"),
        "forums.yaml",
        None,
        None,
        "is not valid UTF-8",
    ),
    "repeated key": (
        replacing("visits.yaml", "  status: occurred\n", "  status: occurred\n  status: planned\n"),
        "visits.yaml",
        None,
        None,
        "duplicate key 'status'",
    ),
    "visit without a host from its destination": (
        replacing(
            "visits.yaml",
            "    - {country: CN, role: host}\n",
            "    - {country: CN, role: counterpart}\n",
        ),
        "visits.yaml",
        KONO_VISIT,
        "participants",
        "a visit needs a host from its destination country CN",
    ),
    "bilateral meeting with one side": (
        replacing(
            "meetings.yaml",
            "{person: he-lifeng, position: he-lifeng-vice-premier, role: host}",
            "{person: yoko-kamikawa, role: host}",
        ),
        "meetings.yaml",
        "yohei-kono-meets-he-lifeng-2024-07",
        "participants",
        "a bilateral meeting needs participants from two countries, found JP",
    ),
    "unknown event type": (
        replacing("exercises.yaml", "type: cooperate-militarily", "type: cooperate-militarly"),
        "exercises.yaml",
        EXERCISE,
        "type",
        "unknown event type 'cooperate-militarly'",
    ),
    "link to an unknown event": (
        replacing(
            "meetings.yaml",
            "event: japan-china-summit-2024-11,",
            "event: japan-china-summit-2024-12,",
        ),
        "meetings.yaml",
        "kamikawa-wang-yi-vientiane-2024-07-26",
        "links[0].event",
        "unknown event 'japan-china-summit-2024-12'",
    ),
    "first since a later year": (
        replacing("exercises.yaml", "first_since: 1972", "first_since: 2025"),
        "exercises.yaml",
        EXERCISE,
        "first_since",
        "'2025' is not before the event (2024-07-18)",
    ),
    "figure range upside down": (
        replacing(
            "figures.yaml", "  value_low: 3\n  value_high: 5\n", "  value_low: 5\n  value_high: 3\n"
        ),
        "figures.yaml",
        "china-economic-growth-rate-2024",
        None,
        "value_low is above value_high",
    ),
    "assessment of an unknown event": (
        replacing(
            "assessments.yaml", "events: [quad-foreign-ministers-2024-07-29]", "events: [quad-2099]"
        ),
        "assessments.yaml",
        "quad-meeting-important",
        "events[0]",
        "unknown event 'quad-2099'",
    ),
    "a site or city precision without coordinates (fidelity review #34)": (
        replacing("places.yaml", "  geonames_id: 1850147\n", ""),
        "places.yaml",
        "tokyo",
        None,
        "geo_precision is 'city' but the place has no coordinates",
    ),
    "credibility override without a reason": (
        replacing("exercises.yaml", "paragraph: 8}", "paragraph: 8, credibility: 2}"),
        "exercises.yaml",
        EXERCISE,
        "citations[0]",
        "give both credibility and credibility_reason",
    ),
    # Evidence (0.2.0): sources, locators, claims, status history, characterisations.
    "source with an unknown outlet": (
        replacing("sources.yaml", "outlet: new-eastern-outlook", "outlet: no-such-outlet"),
        "sources.yaml",
        "neo-2024-08-20",
        "outlet",
        "unknown organization 'no-such-outlet'",
    ),
    "re-report marked independent": (
        appending(
            "sources.yaml", WEB_SOURCE + "  re_reports: neo-2024-08-20\n  independent: true\n"
        ),
        "sources.yaml",
        "web-page",
        None,
        "a re-report is not independent",
    ),
    "source marked not independent without naming what it repeats": (
        appending("sources.yaml", WEB_SOURCE + "  independent: false\n"),
        "sources.yaml",
        "web-page",
        None,
        "name what it repeats",
    ),
    "re-report of a re-report": (
        appending(
            "sources.yaml",
            WEB_SOURCE
            + "  original_outlet: new-eastern-outlook\n"
            + WEB_SOURCE.replace("web-page", "web-page-copy")
            + "  re_reports: web-page\n",
        ),
        "sources.yaml",
        "web-page-copy",
        "re_reports",
        "is itself a re-report; point at the original",
    ),
    "source with no rating, own or outlet's": (
        appending("sources.yaml", WEB_SOURCE.replace("new-eastern-outlook", "government-of-japan")),
        "sources.yaml",
        "web-page",
        "reliability",
        "neither the source nor its outlet 'government-of-japan' has a reliability rating",
    ),
    "URL that is not http(s)": (
        appending("sources.yaml", WEB_SOURCE.replace("https://example.org/", "ftp://example.org/")),
        "sources.yaml",
        "web-page",
        "url",
        "must be an http:// or https:// address",
    ),
    "URL with a javascript: scheme": (
        appending("sources.yaml", WEB_SOURCE.replace("https://example.org/page", "javascript:x")),
        "sources.yaml",
        "web-page",
        "url",
        "must be an http:// or https:// address",
    ),
    "URL that names a user before the host": (
        ministry_source("https://mofa.go.jp@copies.example.net/page"),
        "sources.yaml",
        "web-page",
        "url",
        "names a user before the host",
    ),
    "URL on a mirror of the outlet's site": (
        ministry_source("https://tiue.org/mofa.go.jp/page"),
        "sources.yaml",
        "web-page",
        "url",
        "host 'tiue.org' is not on the domains of the outlet 'test-ministry' (mofa.go.jp): "
        "cite the outlet's own page, not a copy",
    ),
    "URL on a look-alike of the outlet's domain": (
        ministry_source("https://evilmofa.go.jp/page"),
        "sources.yaml",
        "web-page",
        "url",
        "host 'evilmofa.go.jp' is not on the domains of the outlet 'test-ministry'",
    ),
    "URL on a domain that only begins with the outlet's": (
        ministry_source("https://mofa.go.jp.copies.example.net/page"),
        "sources.yaml",
        "web-page",
        "url",
        "host 'mofa.go.jp.copies.example.net' is not on the domains of the outlet",
    ),
    "URL of a source whose outlet declares no domains": (
        appending("sources.yaml", WEB_SOURCE),
        "sources.yaml",
        "web-page",
        "url",
        "the outlet 'new-eastern-outlook' declares no domains",
    ),
    "outlet domain in upper case": (
        outlet_domains("[Journal.example]"),
        "organizations.yaml",
        "new-eastern-outlook",
        "domains[0]",
        "'Journal.example' is not a bare host name (it has upper case); write 'journal.example'",
    ),
    "outlet domain with a scheme": (
        outlet_domains("[example.org, 'https://journal.example']"),
        "organizations.yaml",
        "new-eastern-outlook",
        "domains[1]",
        "(it has a scheme); write 'journal.example'",
    ),
    "outlet domain with a path": (
        outlet_domains("[example.org/journal]"),
        "organizations.yaml",
        "new-eastern-outlook",
        "domains[0]",
        "(it has a path); write 'example.org'",
    ),
    "outlet domain that is no host name": (
        outlet_domains("[localhost]"),
        "organizations.yaml",
        "new-eastern-outlook",
        "domains[0]",
        "'localhost' is not a host name such as mofa.go.jp",
    ),
    "outlet domain listed twice": (
        outlet_domains("[example.org, journal.example, example.org]"),
        "organizations.yaml",
        "new-eastern-outlook",
        "domains",
        "lists 'example.org' twice (items 0 and 2); keep one",
    ),
    "quoted locator longer than a few words": (
        replacing(
            "exercises.yaml",
            "paragraph: 8}",
            'paragraph: 8, quote: "one two three four five six seven"}',
        ),
        "exercises.yaml",
        EXERCISE,
        "citations[0].quote",
        "a quoted locator is at most 6 words",
    ),
    "heading locator on a source kept with numbered paragraphs": (
        replacing("exercises.yaml", "paragraph: 8}", "paragraph: 8, heading: Defence}"),
        "exercises.yaml",
        EXERCISE,
        "citations[0].heading",
        "a heading does not fit it",
    ),
    "numbered source cited without a paragraph": (
        replacing(
            "exercises.yaml", "{source: neo-2024-08-20, paragraph: 8}", "{source: neo-2024-08-20}"
        ),
        "exercises.yaml",
        EXERCISE,
        "citations[0].paragraph",
        "cite it by paragraph",
    ),
    "citation of a field the kind does not have": (
        replacing("exercises.yaml", "paragraph: 8}", "paragraph: 8, field: stage}"),
        "exercises.yaml",
        EXERCISE,
        "citations[0].field",
        "'stage' is not a field of a event",
    ),
    "claim on a field the kind does not have": (
        replacing(
            "exercises.yaml", "  citations:\n", CLAIM.format(field="forum") + "  citations:\n"
        ),
        "exercises.yaml",
        EXERCISE,
        "claims[0].field",
        "'forum' is not a field of a event",
    ),
    "claim from an unknown source": (
        replacing(
            "exercises.yaml",
            "  citations:\n",
            CLAIM.format(field="date").replace("neo-2024-08-20", "nobody-2024") + "  citations:\n",
        ),
        "exercises.yaml",
        EXERCISE,
        "claims[0].source",
        "unknown source 'nobody-2024'",
    ),
    "claim with a stance outside the vocabulary": (
        replacing(
            "exercises.yaml",
            "  citations:\n",
            CLAIM.format(field="date").replace("contradicts", "refutes") + "  citations:\n",
        ),
        "exercises.yaml",
        EXERCISE,
        "claims[0].stance",
        "Input should be 'contradicts' or 'qualifies'",
    ),
    "claim on a position's field it does not have": (
        replacing(
            "persons.yaml",
            "      citations:\n",
            "      claims:\n        - {field: destination_country, value: CN, "
            "source: neo-2024-08-20, paragraph: 3, stance: contradicts, note: x}\n"
            "      citations:\n",
        ),
        "persons.yaml",
        "yohei-kono",
        "positions[0].claims[0].field",
        "is not a field of a position",
    ),
    "status different from the latest in its history": (
        replacing(
            "exercises.yaml", "  citations:\n", STATUS.format(status="planned") + "  citations:\n"
        ),
        "exercises.yaml",
        EXERCISE,
        "status",
        "the published status is the latest",
    ),
    "status reported as of a date after the source": (
        replacing(
            "exercises.yaml",
            "  citations:\n",
            STATUS.format(status="occurred").replace("as_of: 2024-08-20", "as_of: 2024-09-01")
            + "  citations:\n",
        ),
        "exercises.yaml",
        EXERCISE,
        "status_history[0].as_of",
        "is after 'neo-2024-08-20' was published",
    ),
    "source published before the event it reports as having occurred": (
        replacing("exercises.yaml", "date: 2024-07-18", "date: 2024-09-18"),
        "exercises.yaml",
        EXERCISE,
        "citations[0].source",
        "cannot report as having occurred an event that began on 2024-09-18",
    ),
    "record cited only field by field": (
        replacing(
            "exercises.yaml",
            "    - {source: neo-2024-08-20, paragraph: 8}\n    - {source: neo-2024-08-20, "
            "paragraph: 8, field: first_since}\n",
            "    - {source: neo-2024-08-20, paragraph: 8, field: date}\n    - {source: "
            "neo-2024-08-20, paragraph: 8, field: first_since}\n",
        ),
        "exercises.yaml",
        EXERCISE,
        "citations",
        "cite a source for the event as a whole too",
    ),
    "characterisation not attributed": (
        replacing(
            "exercises.yaml",
            "    - {source: neo-2024-08-20, paragraph: 8, field: first_since}\n",
            "",
        ),
        "exercises.yaml",
        EXERCISE,
        "first_since",
        "attribute it to the source that says so",
    ),
    "organisation without a citation that is no outlet": (
        replacing("sources.yaml", "outlet: new-eastern-outlook", "outlet: government-of-japan"),
        "organizations.yaml",
        "new-eastern-outlook",
        "citations",
        "only an organisation that is the outlet of a source may go without",
    ),
    "text a spreadsheet would run as a formula": (
        replacing("exercises.yaml", "title: Japan Coast Guard and Taiwan", "title: =HYPERLINK(1)"),
        "exercises.yaml",
        EXERCISE,
        "title",
        "would run it as a formula",
    ),
    "published id deleted without a tombstone": (
        appending("published-ids.txt", "event japan-china-summit-2023-05\n"),
        "published-ids.txt",
        "japan-china-summit-2023-05",
        None,
        "published event ID has no record and is not retired",
    ),
    "retired id used again": (
        writing(
            "retired_ids.yaml",
            b"- {kind: event, id: palm-10-2024-07, reason: merged, date: 2025-01-31}\n",
        ),
        "retired_ids.yaml",
        "palm-10-2024-07",
        "id",
        "retired event ID is in use again",
    ),
    "replacement that does not exist": (
        writing(
            "retired_ids.yaml",
            b"- {kind: event, id: old-id, replaced_by: new-id, reason: renamed, "
            b"date: 2025-01-31}\n",
        ),
        "retired_ids.yaml",
        "old-id",
        "replaced_by",
        "replacement event ID 'new-id' has no record",
    ),
    "yaml alias bomb": (
        writing(
            "forums.yaml",
            b"- &a [x, x, x, x, x, x, x, x, x]\n- &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"- &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n- &d [*c, *c, *c, *c, *c, *c, *c, *c]\n",
        ),
        "forums.yaml",
        None,
        None,
        "anchors and aliases are not allowed",
    ),
    "wrong type": (
        replacing("exercises.yaml", "paragraph: 8}", "paragraph: eight}"),
        "exercises.yaml",
        EXERCISE,
        "citations[0].paragraph",
        "Input should be a valid integer",
    ),
    "overlong value": (
        replacing(
            "exercises.yaml",
            "title: Japan Coast Guard and Taiwan joint exercise",
            "title: " + "x" * 301,
        ),
        "exercises.yaml",
        EXERCISE,
        "title",
        "at most 300 characters",
    ),
    "not a list": (
        writing("programmes.yaml", b"id: official-security-assistance\n"),
        "programmes.yaml",
        None,
        None,
        "must be a list of records",
    ),
}


def assert_located(caught: SeedValidationError, file, record, field, words) -> SeedError:
    """The first error at ``file`` / ``record`` / ``field``, which must exist and one of
    which must say ``words``."""
    matching = [
        e
        for e in caught.errors
        if e.file.endswith(f"seeds/{file}") and e.record == record and e.field == field
    ]
    assert matching, f"no error at {file} / {record} / {field} in:\n{caught}"
    assert any(words in e.message for e in matching), str(caught)
    return matching[0]


@pytest.mark.parametrize("case", BAD_SEEDS, ids=list(BAD_SEEDS))
def test_bad_seed_is_refused_with_file_record_and_field(seeds_copy: Path, case: str) -> None:
    edit, file, record, field, words = BAD_SEEDS[case]
    edit(seeds_copy)
    with pytest.raises(SeedValidationError) as caught:
        validate(seeds_copy)
    located = assert_located(caught.value, file, record, field, words)
    # The printed message names all three, so an editor can go straight to the line.
    text = str(located)
    assert file in text
    if record:
        assert f"record {record!r}" in text
    if field:
        assert f"field {field!r}" in text


@pytest.mark.parametrize(
    "url",
    ["https://mofa.go.jp/page", "https://www.mofa.go.jp/a/b", "http://WWW.MOFA.GO.JP/page"],
)
def test_a_source_on_its_outlet_domain_or_a_subdomain_is_valid(seeds_copy: Path, url: str) -> None:
    """Fails when the URL check refuses the outlet's own domain, a subdomain of it, or a host
    written in capitals (host names are not case-sensitive)."""
    ministry_source(url)(seeds_copy)
    dataset = validate(seeds_copy)
    assert dataset.records["source"]["web-page"].url == url
    assert dataset.records["organization"]["test-ministry"].domains == ["mofa.go.jp"]


def test_every_problem_is_reported_in_one_run(seeds_copy: Path) -> None:
    replacing("visits.yaml", "destination_country: CN", "destination_country: XX")(seeds_copy)
    replacing("exercises.yaml", "date: 2024-07-18", "date: 2024-07-32")(seeds_copy)
    replacing("places.yaml", "  geonames_id: 1850147\n", "  geonames_id: 1850147\n  typo: 1\n")(
        seeds_copy
    )
    with pytest.raises(SeedValidationError) as caught:
        validate(seeds_copy)
    located = {(Path(e.file).name, e.field) for e in caught.value.errors}
    assert {
        ("visits.yaml", "destination_country"),
        ("exercises.yaml", "date"),
        ("places.yaml", "typo"),
    } <= located
    assert str(caught.value).startswith("3 problems in the seed files:")


def test_country_code_no_is_not_read_as_false(seeds_copy: Path) -> None:
    # YAML 1.1 reads an unquoted NO as boolean false; the seed reader must not.
    replacing("places.yaml", "  country: LA\n", "  country: NO\n")(seeds_copy)
    with pytest.raises(SeedValidationError) as caught:
        validate(seeds_copy)
    assert "lies in LA, not NO" in str(caught.value)


def test_unquoted_dates_and_years_are_read_as_edtf_text(seeds_copy: Path) -> None:
    dataset = validate(seeds_copy)
    _kind, agreement = dataset.events["osa-fiji-patrol-boats-2023"]
    assert agreement.date == "2023"  # written unquoted in the YAML
    _kind, exercise = dataset.events[EXERCISE]
    assert exercise.date == "2024-07-18"


def test_a_retired_published_id_is_accepted(seeds_copy: Path) -> None:
    """Fails when a published ID that has no record but is retired is refused, or when the
    retirement is not read: the dataset must hold it, pointing at its replacement."""
    with open(seeds_copy / "published-ids.txt", "a", encoding="utf-8") as handle:
        handle.write("event japan-china-summit-2023-05\n")
    (seeds_copy / "retired_ids.yaml").write_text(
        "- kind: event\n  id: japan-china-summit-2023-05\n"
        "  replaced_by: japan-china-summit-2024-11\n  reason: the date was misread\n"
        "  date: 2025-01-31\n",
        encoding="utf-8",
    )
    dataset = validate(seeds_copy)
    retired = dataset.retired[("event", "japan-china-summit-2023-05")]
    assert retired.replaced_by == "japan-china-summit-2024-11"
    assert retired.replaced_by in dataset.events
    assert "japan-china-summit-2023-05" not in dataset.events


def test_numbers_may_start_with_a_minus(seeds_copy: Path) -> None:
    """Fails when the formula check refuses a plain negative number ('-5' is no spreadsheet
    formula), or when the title is changed on the way in (e.g. read as the number -5)."""
    replacing(
        "exercises.yaml", "title: Japan Coast Guard and Taiwan joint exercise", "title: '-5'"
    )(seeds_copy)
    _kind, exercise = validate(seeds_copy).events[EXERCISE]
    assert exercise.title == "-5"
