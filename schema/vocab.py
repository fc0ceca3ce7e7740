"""Controlled vocabularies.

Each vocabulary is a Python ``StrEnum`` stored as a non-native, named enum: a VARCHAR with a
named CHECK constraint. Native enum types would make SQLite and PostgreSQL diverge and make
adding a value a type migration; a CHECK is the same on both engines.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


def vocabulary(enum_class: type[StrEnum], name: str) -> Enum:
    """Column type for ``enum_class``: stored by value, checked by a CHECK named ``name``."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
        length=max(len(member.value) for member in enum_class),
    )


class EventKind(StrEnum):
    """Which table holds the kind-specific columns of an event (joined-table inheritance)."""

    VISIT = "visit"
    MEETING = "meeting"
    EXERCISE = "exercise"
    AGREEMENT = "agreement"
    FORUM_MEETING = "forum_meeting"
    STATEMENT = "statement"  # a public position taken: denounce, confirm, express intent


class EventStatus(StrEnum):
    """Whether an event took place, as the source reports it on its publication date."""

    OCCURRED = "occurred"  # took place: held, conducted, concluded, delivered, expressed
    PLANNED = "planned"  # the parties agreed or confirmed they would hold it
    ANNOUNCED = "announced"  # one side said it would happen
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class Level(StrEnum):
    """Rank of the people taking part, as the source states it."""

    LEADERS = "leaders"
    MINISTERIAL = "ministerial"
    VICE_MINISTERIAL = "vice_ministerial"
    SENIOR_OFFICIALS = "senior_officials"
    PARLIAMENTARY = "parliamentary"
    PARTY = "party"
    WORKING = "working"
    SUBNATIONAL = "subnational"


class Role(StrEnum):
    """What a participant was in an event."""

    VISITOR = "visitor"
    HOST = "host"
    COUNTERPART = "counterpart"
    PARTICIPANT = "participant"
    PARTY = "party"
    DONOR = "donor"
    RECIPIENT = "recipient"
    ORGANIZER = "organizer"
    TARGET = "target"  # whom a statement or measure is directed at


class PlaceKind(StrEnum):
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"
    SEA_AREA = "sea_area"
    SITE = "site"


class GeoPrecision(StrEnum):
    """How closely the place's coordinates locate where something happened."""

    SITE = "site"  # the building or base itself
    CITY = "city"  # somewhere in or near the named city
    REGION = "region"  # a province, prefecture or sea area: the point is only indicative
    COUNTRY = "country"
    UNKNOWN = "unknown"


class OrganizationKind(StrEnum):
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    AGENCY = "agency"
    LEGISLATURE = "legislature"
    PARTY = "party"
    PARTY_BODY = "party_body"
    ARMED_FORCES = "armed_forces"
    MILITARY_UNIT = "military_unit"
    COAST_GUARD = "coast_guard"
    INTERNATIONAL_ORGANIZATION = "international_organization"
    ASSOCIATION = "association"
    COMPANY = "company"
    LOCAL_GOVERNMENT = "local_government"


class SourceKind(StrEnum):
    ANALYSIS = "analysis"
    NEWS = "news"
    OFFICIAL_STATEMENT = "official_statement"
    DOCUMENT = "document"


class Reliability(StrEnum):
    """NATO/Admiralty source-reliability scale (STANAG 2511 / AJP-2.1)."""

    A = "A"  # completely reliable
    B = "B"  # usually reliable
    C = "C"  # fairly reliable
    D = "D"  # not usually reliable
    E = "E"  # unreliable
    F = "F"  # reliability cannot be judged


class Credibility(StrEnum):
    """NATO/Admiralty information-credibility scale, given per citation."""

    CONFIRMED = "1"
    PROBABLY_TRUE = "2"
    POSSIBLY_TRUE = "3"
    DOUBTFUL = "4"
    IMPROBABLE = "5"
    CANNOT_BE_JUDGED = "6"


class MeetingFormat(StrEnum):
    BILATERAL = "bilateral"
    TRILATERAL = "trilateral"
    MULTILATERAL = "multilateral"


class ExerciseDomain(StrEnum):
    MARITIME = "maritime"
    LAND = "land"
    AIR = "air"
    MEDICAL = "medical"
    CYBER = "cyber"
    JOINT = "joint"


class AgreementStage(StrEnum):
    """How far an agreement or an assistance-programme step has got."""

    INTEREST_EXPRESSED = "interest_expressed"
    PROPOSED = "proposed"
    PLEDGED = "pledged"  # the provider has said it will provide
    UNDER_NEGOTIATION = "under_negotiation"
    CONCLUDED = "concluded"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"


class ForumKind(StrEnum):
    SUMMIT = "summit"
    MINISTERIAL = "ministerial"
    DIALOGUE = "dialogue"
    GROUPING = "grouping"


class SubjectKind(StrEnum):
    DISPUTE = "dispute"  # an unresolved issue between countries
    CONCERN = "concern"  # something a country has said it is worried about
    TOPIC = "topic"  # what talks or an agreement were about


class LinkRelation(StrEnum):
    """How one event led to another, as the source links them."""

    LED_TO = "led_to"  # the source credits the first with bringing about the second
    PRODUCED = "produced"  # the second was agreed or announced at the first


class AssessmentKind(StrEnum):
    CHARACTERIZATION = "characterization"  # how the author sums up a trend or policy
    INTERPRETATION = "interpretation"  # what the author thinks something means or serves
    MOTIVE = "motive"  # why the author thinks an actor acted
    SIGNIFICANCE = "significance"  # why the author thinks it matters
    CLAIM = "claim"  # a general assertion the author makes without a source
    REPORTED_CLAIM = "reported_claim"  # someone else's claim, as the author reports it
