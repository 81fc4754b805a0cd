"""Every context's models, imported together so that Alembic and ``Base.metadata`` see the whole
schema. Code inside the package imports a model from its own context."""

from booking.accounts.models import (
    SECTOR_LABELS,
    LoginAttempt,
    Organisation,
    OrganisationLead,
    Role,
    SchoolPhase,
    Sector,
    User,
)
from booking.audit.models import AuditEntry
from booking.bookings.models import Booking, BookingStatus
from booking.checkin.models import CheckIn, DoorScan, Register
from booking.core.models import Base
from booking.events.models import KIND_LABELS, Event, EventKind, EventStatus, event_trainers
from booking.feedback.models import (
    Answer,
    Certificate,
    FeedbackForm,
    FeedbackResponse,
    Question,
    QuestionKind,
    Scale,
)
from booking.network.models import (
    Network,
    Notice,
    SharedAddress,
    Subscription,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySchool,
)
from booking.outbox.models import MessageStatus, OutboxMessage
from booking.referrals.models import Referral

__all__ = [
    "Network",
    "Notice",
    "SharedAddress",
    "Subscription",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveySchool",
    "Answer",
    "Certificate",
    "FeedbackForm",
    "FeedbackResponse",
    "OrganisationLead",
    "Question",
    "QuestionKind",
    "Referral",
    "Scale",
    "SchoolPhase",
    "AuditEntry",
    "Base",
    "Booking",
    "BookingStatus",
    "CheckIn",
    "DoorScan",
    "Event",
    "EventKind",
    "EventStatus",
    "KIND_LABELS",
    "LoginAttempt",
    "MessageStatus",
    "OutboxMessage",
    "Organisation",
    "Register",
    "Role",
    "SECTOR_LABELS",
    "Sector",
    "User",
    "event_trainers",
]
