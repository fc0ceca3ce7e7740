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
    # Added in 0.2.0 (migration 0002): outlets that publish sources.
    NEWS_AGENCY = "news_agency"
    NEWSPAPER = "newspaper"
    BROADCASTER = "broadcaster"
    MAGAZINE = "magazine"


class SourceKind(StrEnum):
    """What kind of published item a source is: decides how a citation can locate a fact."""

    ANALYSIS = "analysis"  # an analysis or commentary piece
    NEWS = "news"  # a news report by the outlet's own reporters
    OFFICIAL_STATEMENT = "official_statement"  # a government's or ministry's own statement
    DOCUMENT = "document"  # a report, treaty text or other document
    # Added in 0.2.0 (migration 0002): the kinds an event's independent sources come in.
    WIRE_STORY = "wire_story"  # a news agency's story, at the agency or carried by others
    PRESS_RELEASE = "press_release"  # a government's or ministry's release
    READOUT = "readout"  # a government's account of a meeting or call
    JOINT_STATEMENT = "joint_statement"  # a text the parties issued together
    TRANSCRIPT = "transcript"  # a press conference or speech, word for word
    OPINION = "opinion"  # an opinion column or editorial
    STATE_MEDIA_REPORT = "state_media_report"  # a report by a state-controlled outlet


class Reliability(StrEnum):
    """NATO/Admiralty source-reliability scale (STANAG 2511 / AJP-2.1)."""

    A = "A"  # completely reliable
    B = "B"  # usually reliable
    C = "C"  # fairly reliable
    D = "D"  # not usually reliable
    E = "E"  # unreliable
    F = "F"  # reliability cannot be judged


class Credibility(StrEnum):
    """NATO/Admiralty information-credibility scale: derived per record when publishing
    (indopac.publish.credibility); a citation may carry a curator's override."""

    CONFIRMED = "1"
    PROBABLY_TRUE = "2"
    POSSIBLY_TRUE = "3"
    DOUBTFUL = "4"
    IMPROBABLE = "5"
    CANNOT_BE_JUDGED = "6"


class Stance(StrEnum):
    """How a source's version of one field stands to the value the record holds."""

    CONTRADICTS = "contradicts"  # the source gives another value
    QUALIFIES = "qualifies"  # the source narrows, widens or hedges the value


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
    RATIFIED = "ratified"  # a party approved it by its own procedure (legislature, head of state)
    IN_FORCE = "in_force"  # it has entered into force
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


class RecordKind(StrEnum):
    """The ID namespaces: an ID is unique within its kind of record."""

    EVENT = "event"
    PERSON = "person"
    POSITION = "position"
    ORGANIZATION = "organization"
    PLACE = "place"
    SOURCE = "source"
    FORUM = "forum"
    PROGRAMME = "programme"
    SUBJECT = "subject"
    FIGURE = "figure"
    ASSESSMENT = "assessment"
    EVENT_TYPE = "event_type"


class ChangeKind(StrEnum):
    """What a release did to a record (record_changes)."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


# What each value means, for the codebook and the data package. A value missing here is
# explained by its name alone.
VALUE_LABELS: dict[type[StrEnum], dict[str, str]] = {
    EventKind: {
        "visit": "a trip by an official or delegation to another country",
        "meeting": "talks: during a visit, on the sidelines, or on their own",
        "exercise": "a joint military, coast-guard or other security exercise",
        "agreement": "an agreement, or one step of an assistance programme",
        "forum_meeting": "one edition of a recurring forum",
        "statement": "a public position taken: a denunciation, confirmation, expressed intent",
    },
    EventStatus: {
        "occurred": "took place (held, conducted, concluded, expressed)",
        "planned": "the parties agreed or confirmed they would hold it",
        "announced": "one side said it would happen, or it was under way",
        "cancelled": "called off",
        "postponed": "put off to a later date",
    },
    Reliability: {
        "A": "completely reliable",
        "B": "usually reliable",
        "C": "fairly reliable",
        "D": "not usually reliable",
        "E": "unreliable",
        "F": "reliability cannot be judged",
    },
    Credibility: {
        "1": "confirmed by other independent sources",
        "2": "probably true: not confirmed, logical, consistent with other information",
        "3": "possibly true: not confirmed, reasonably logical",
        "4": "doubtful: not confirmed, possible but not logical",
        "5": "improbable: not confirmed, contradicted by other information",
        "6": "truth cannot be judged: no basis to evaluate it yet",
    },
    Stance: {
        "contradicts": "the source gives another value than the record holds",
        "qualifies": "the source narrows, widens or hedges the value the record holds",
    },
    SourceKind: {
        "analysis": "an analysis or commentary piece",
        "news": "a news report by the outlet's own reporters",
        "official_statement": "a government's or ministry's own statement",
        "document": "a report, treaty text or other document",
        "wire_story": "a news agency's story, at the agency or carried by another outlet",
        "press_release": "a government's or ministry's press release",
        "readout": "a government's own account of a meeting or call",
        "joint_statement": "a text the parties issued together",
        "transcript": "a press conference, interview or speech, word for word",
        "opinion": "an opinion column or editorial",
        "state_media_report": "a report by a state-controlled outlet: a source of claims",
    },
    Role: {
        "visitor": "the side that travelled",
        "host": "the side that received the visit or held the event",
        "counterpart": "one of two equal sides of talks",
        "participant": "one of several taking part",
        "party": "a party to an agreement",
        "donor": "the side providing assistance",
        "recipient": "the side receiving assistance",
        "organizer": "the side that organised it",
        "target": "whom a statement or measure is aimed at",
    },
    AgreementStage: {
        "interest_expressed": "a prospective recipient or party said it wants to take part",
        "proposed": "one side seeks or proposes it",
        "pledged": "the provider has said it will provide",
        "under_negotiation": "being negotiated",
        "concluded": "agreed or signed",
        "ratified": "a party approved it by its own procedure (its legislature, its head of state)",
        "in_force": "it has entered into force",
        "delivered": "what was agreed has been supplied",
        "withdrawn": "a party left or ended it",
    },
    Level: {
        "leaders": "heads of state or government",
        "ministerial": "ministers",
        "vice_ministerial": "deputy ministers",
        "senior_officials": "senior officials",
        "parliamentary": "members of parliament",
        "party": "political party officials",
        "working": "working level",
        "subnational": "regional or city authorities",
    },
    GeoPrecision: {
        "site": "the building or base itself",
        "city": "somewhere in or near the named city",
        "region": "a province, prefecture or sea area: a point would only be indicative",
        "country": "somewhere in the country",
        "unknown": "not known",
    },
    AssessmentKind: {
        "characterization": "how the author sums up a trend or policy",
        "interpretation": "what the author thinks something means or serves",
        "motive": "why the author thinks an actor acted",
        "significance": "why the author thinks it matters",
        "claim": "a general assertion the author makes without a source",
        "reported_claim": "someone else's claim, as the author reports it",
    },
    SubjectKind: {
        "dispute": "an unresolved issue between countries",
        "concern": "something a country has said worries it",
        "topic": "what talks or an agreement were about",
    },
    LinkRelation: {
        "led_to": "the source credits the first event with bringing about the second",
        "produced": "the second was agreed or announced at the first",
    },
}


def value_label(enum_class: type[StrEnum], value: str) -> str:
    return VALUE_LABELS.get(enum_class, {}).get(value, value.replace("_", " "))
