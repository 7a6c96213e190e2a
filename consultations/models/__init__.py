from consultations.models.activities import (
    Activity,
    ActivityEvent,
    ActivityKind,
    ActivityStatus,
    AgendaItem,
    Material,
    Participant,
    Reply,
    SigninMethod,
    Speech,
    SpeechStatus,
)
from consultations.models.config import CalendarDay, ConsultationForm, ConsultationSettings
from consultations.models.deliberation import Deliberation, DeliberationStatus, Opinion
from consultations.models.outcomes import Adoption, Outcome, OutcomeEvent, OutcomeKind, OutcomeStatus
from consultations.models.plans import AnnualPlan, PlanEvent, PlanItem, PlanStatus, PlanVersion

__all__ = [
    "Activity",
    "ActivityEvent",
    "ActivityKind",
    "ActivityStatus",
    "Adoption",
    "AgendaItem",
    "AnnualPlan",
    "CalendarDay",
    "ConsultationForm",
    "ConsultationSettings",
    "Deliberation",
    "DeliberationStatus",
    "Material",
    "Opinion",
    "Outcome",
    "OutcomeEvent",
    "OutcomeKind",
    "OutcomeStatus",
    "Participant",
    "PlanEvent",
    "PlanItem",
    "PlanStatus",
    "PlanVersion",
    "Reply",
    "SigninMethod",
    "Speech",
    "SpeechStatus",
]
