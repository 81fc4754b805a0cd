"""Networks and their members, the messages sent to them, and the pupils' cybersafety survey.

A pupil's response holds no name, email, address or time of day: only the school's link it came
through, the day, and the index of each option chosen (``tests/network`` reads the schema).
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.accounts.models import Organisation, User
from booking.core.models import Base, enum_type
from booking.feedback.models import QuestionKind


class Network(Base):
    """A network organisers send messages to, such as "Designated safeguarding leads"."""

    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class SharedAddress(Base):
    """An organisation's shared alerts address (a school office), confirmed by a link sent to
    it before anything else is."""

    __tablename__ = "shared_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True
    )
    email: Mapped[str] = mapped_column(String(254))
    confirmed_at: Mapped[datetime | None]
    named_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]

    organisation: Mapped[Organisation] = relationship()


class SubscriptionStatus(StrEnum):
    INVITED = "invited"  # added by an organiser or an import: waits for the person's yes
    ACTIVE = "active"
    LEFT = "left"


class Subscription(Base):
    """A person's, or a shared address's, place in a network."""

    __tablename__ = "network_subscriptions"
    __table_args__ = (
        UniqueConstraint("network_id", "person_id"),
        UniqueConstraint("network_id", "shared_address_id"),
        CheckConstraint(
            "(person_id IS NULL) <> (shared_address_id IS NULL)", name="one_subscriber"
        ),
        Index("ix_network_subscriptions_network_status", "network_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    shared_address_id: Mapped[int | None] = mapped_column(
        ForeignKey("shared_addresses.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[SubscriptionStatus] = mapped_column(enum_type(SubscriptionStatus, 16))
    # None when the person joined by themselves.
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    confirmed_at: Mapped[datetime | None]
    left_at: Mapped[datetime | None]

    network: Mapped[Network] = relationship()
    person: Mapped[User | None] = relationship(foreign_keys=[person_id])
    shared_address: Mapped[SharedAddress | None] = relationship()


class NoticeKind(StrEnum):
    ALERT = "alert"  # an urgent danger: marked as such in the subject line
    INFORMATION = "information"

    @property
    def label(self) -> str:
        return "Alert" if self == NoticeKind.ALERT else "Information"


class NoticeStatus(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENT = "sent"


notice_networks = Table(
    "notice_networks",
    Base.metadata,
    Column("notice_id", ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True),
    Column("network_id", ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True),
)


class Notice(Base):
    """A message or alert to the members of one or more networks (optionally only those of some
    sectors). Its emails are outbox rows of the batch ``notice:<id>``; ``reach`` keeps who it
    went to when it was sent (people, shared addresses, organisations by sector)."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_status_send_at", "status", "send_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # plain text: paragraphs, "- " lists and links
    kind: Mapped[NoticeKind] = mapped_column(enum_type(NoticeKind, 16))
    status: Mapped[NoticeStatus] = mapped_column(enum_type(NoticeStatus, 16))
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)  # none: every sector
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    send_at: Mapped[datetime | None]  # when a scheduled notice goes
    sent_at: Mapped[datetime | None]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recipients: Mapped[int] = mapped_column(default=0, server_default="0")
    reach: Mapped[dict] = mapped_column(JSON, default=dict)

    networks: Mapped[list[Network]] = relationship(secondary=notice_networks)


class SurveyStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Survey(Base):
    """The pupils' cybersafety survey of one school year, for an age group ("9–11")."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    introduction: Mapped[str] = mapped_column(Text, default="", server_default="")
    age_group: Mapped[str] = mapped_column(String(40))
    year_start: Mapped[int]  # the school year 2016/17 is 2016
    status: Mapped[SurveyStatus] = mapped_column(enum_type(SurveyStatus, 16))
    closes_at: Mapped[datetime | None]
    # The earlier survey whose figures are shown beside this one's ("81% (70% in 2014/15)").
    compare_with_id: Mapped[int | None] = mapped_column(
        ForeignKey("surveys.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="survey", order_by="SurveyQuestion.position", cascade="all, delete-orphan"
    )
    compare_with: Mapped["Survey | None"] = relationship(remote_side=[id])


class SurveyQuestion(Base):
    """A question put to pupils: the feedback form engine's kinds, wording and options."""

    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(enum_type(QuestionKind, 16))
    text: Mapped[str] = mapped_column(String(300))
    hint: Mapped[str] = mapped_column(String(500), default="", server_default="")
    required: Mapped[bool] = mapped_column(default=False)
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    scale_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # How the plan reports the first option's share: "had a smart phone" → "27% had a smart phone".
    finding: Mapped[str] = mapped_column(String(300), default="", server_default="")

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveySchool(Base):
    """A school taking part in a survey, with its own link (the code is random, and names
    nothing)."""

    __tablename__ = "survey_schools"
    __table_args__ = (UniqueConstraint("survey_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(32), unique=True)
    added_at: Mapped[datetime]

    survey: Mapped[Survey] = relationship()
    organisation: Mapped[Organisation] = relationship()


class SurveyResponse(Base):
    """One pupil's answers: anonymous. ``submission_token`` is made when the form is shown, so
    sending the same page twice (a reload) stores one response."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    survey_school_id: Mapped[int] = mapped_column(
        ForeignKey("survey_schools.id", ondelete="CASCADE"), index=True
    )
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_on: Mapped[date]

    answers: Mapped[list["SurveyAnswer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class SurveyAnswer(Base):
    __tablename__ = "survey_answers"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        # County-wide results: GROUP BY question and option, read from the index alone.
        Index("ix_survey_answers_question_option", "question_id", "option_index"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"))
    option_index: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text, default="", server_default="")

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
