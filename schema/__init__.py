"""SQLAlchemy 2 models of the indopac dataset. They know nothing of seeds, the CLI or Datasette."""

from schema.base import NAMING_CONVENTION, Base
from schema.events import (
    CITED_RECORD_COLUMNS,
    Agreement,
    Citation,
    Event,
    Exercise,
    ForumMeeting,
    Meeting,
    Participant,
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
    "Base",
    "Citation",
    "Country",
    "Event",
    "Exercise",
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
    "Visit",
    "metadata",
]
