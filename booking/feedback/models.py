"""Feedback forms, their questions, the responses people give, and certificates."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.bookings.models import Booking
from booking.core.models import Base, enum_type
from booking.events.models import Event


class QuestionKind(StrEnum):
    SCALE = "scale"
    CHOICE = "choice"
    YES_NO = "yes_no"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"

    @property
    def label(self) -> str:
        return QUESTION_KIND_LABELS[self]

    @property
    def is_text(self) -> bool:
        return self in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


QUESTION_KIND_LABELS = {
    QuestionKind.SCALE: "Scale",
    QuestionKind.CHOICE: "Single choice",
    QuestionKind.YES_NO: "Yes or no",
    QuestionKind.SHORT_TEXT: "Short text",
    QuestionKind.LONG_TEXT: "Long text",
}


class Scale(Base):
    """A scale an organiser defined, kept in the library beside the built-in ones."""

    __tablename__ = "scales"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    labels: Mapped[list[str]] = mapped_column(JSON)  # in scale order, lowest first
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class FeedbackForm(Base):
    """An event's feedback form: a conference has one for the day, each workshop its own."""

    __tablename__ = "feedback_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    introduction: Mapped[str] = mapped_column(Text, default="", server_default="")
    # None: four weeks after the event ends (feedback.rules decides).
    closes_at: Mapped[datetime | None]
    # A certificate of attendance is offered only after the person's feedback.
    certificate_needs_feedback: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    event: Mapped[Event] = relationship()
    questions: Mapped[list["Question"]] = relationship(
        back_populates="form", order_by="Question.position", cascade="all, delete-orphan"
    )


class Question(Base):
    __tablename__ = "feedback_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_forms.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(enum_type(QuestionKind, 16))
    text: Mapped[str] = mapped_column(String(300))
    hint: Mapped[str] = mapped_column(String(500), default="", server_default="")
    required: Mapped[bool] = mapped_column(default=False)
    # The labels a scale or choice offers, in order (a yes/no question's are "Yes", "No");
    # an answer stores the index of the one chosen.
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    scale_name: Mapped[str] = mapped_column(String(120), default="", server_default="")

    form: Mapped[FeedbackForm] = relationship(back_populates="questions")


class ResponseSource(StrEnum):
    ONLINE = "online"
    PAPER = "paper"


class FeedbackResponse(Base):
    """One person's answers to a form: online from an attended booking (one per booking), or a
    paper form an organiser typed in (no booking)."""

    __tablename__ = "feedback_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_forms.id", ondelete="CASCADE"), index=True
    )
    booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("bookings.id", ondelete="SET NULL"), unique=True
    )
    source: Mapped[ResponseSource] = mapped_column(enum_type(ResponseSource, 16))
    submitted_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    form: Mapped[FeedbackForm] = relationship()
    booking: Mapped[Booking | None] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(Base):
    __tablename__ = "feedback_answers"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        # The summary's counts: GROUP BY question and option, read from the index alone.
        Index("ix_feedback_answers_question_option", "question_id", "option_index"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_responses.id", ondelete="CASCADE")
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_questions.id", ondelete="CASCADE")
    )
    option_index: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A free-text answer an organiser hid from exports (the audit log says who and why).
    hidden_at: Mapped[datetime | None]

    response: Mapped[FeedbackResponse] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()


class Certificate(Base):
    """A certificate of attendance, verified by its short code at /certificates/<code>."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), unique=True
    )
    code: Mapped[str] = mapped_column(String(16), unique=True)
    issued_at: Mapped[datetime]

    booking: Mapped[Booking] = relationship()
