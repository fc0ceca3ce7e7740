"""SQLAlchemy 2 models of the indopac dataset. They know nothing of seeds, the CLI or Datasette."""

from schema.base import NAMING_CONVENTION, Base
from schema.claims import (
    Assessment,
    AssessmentCountry,
    AssessmentEvent,
    AssessmentSubject,
    Figure,
)
from schema.events import (
    CITED_RECORD_COLUMNS,
    Agreement,
    Citation,
    Event,
    EventLink,
    EventSubject,
    EventType,
    Exercise,
    ForumMeeting,
    Meeting,
    Participant,
    Statement,
    Subject,
    SubjectCountry,
    Visit,
)
from schema.reference import (
    Country,
    Forum,
    Organization,
    Person,
    Place,
    Position,
    Programme,
    Source,
)

metadata = Base.metadata

__all__ = [
    "CITED_RECORD_COLUMNS",
    "NAMING_CONVENTION",
    "Agreement",
    "Assessment",
    "AssessmentCountry",
    "AssessmentEvent",
    "AssessmentSubject",
    "Base",
    "Citation",
    "Country",
    "Event",
    "EventLink",
    "EventSubject",
    "EventType",
    "Exercise",
    "Figure",
    "Forum",
    "ForumMeeting",
    "Meeting",
    "Organization",
    "Participant",
    "Person",
    "Place",
    "Position",
    "Programme",
    "Source",
    "Statement",
    "Subject",
    "SubjectCountry",
    "Visit",
    "metadata",
]
