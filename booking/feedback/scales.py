"""The library of scales a question can use: the partnership's built-in ones, and the scales
organisers define (``Scale`` rows). A scale is a name and its labels, lowest first."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.core.errors import Refused
from booking.feedback.models import Scale

MAX_LABEL_LENGTH = 80
MAX_NAME_LENGTH = 120
FEWEST_OPTIONS, MOST_OPTIONS = 2, 10


@dataclass(frozen=True)
class LibraryScale:
    name: str
    labels: tuple[str, ...]
    built_in: bool = False


AGREEMENT = LibraryScale(
    "Not at all to Very much so",
    ("Not at all", "A little", "Rather much so", "Very much so"),
    built_in=True,
)
SATISFACTION = LibraryScale(
    "Poor to Excellent", ("Poor", "Fair", "Good", "Excellent"), built_in=True
)
LIKERT = LibraryScale(
    "Strongly disagree to Strongly agree",
    ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"),
    built_in=True,
)
# The pupils' survey asks how good what they were taught was, as the plan reports it ("91% said
# the information from school was very good/quite good").
HOW_GOOD = LibraryScale(
    "Not good at all to Very good",
    ("Not good at all", "Not very good", "Quite good", "Very good"),
    built_in=True,
)
BUILT_IN_SCALES: tuple[LibraryScale, ...] = (AGREEMENT, SATISFACTION, LIKERT, HOW_GOOD)


class InvalidScale(Refused):
    """A scale's name or labels break a rule; ``problems`` names each ("name", "labels")."""

    code = "invalid_scale"


def option_problems(labels: list[str] | tuple[str, ...], what: str = "option") -> list[str]:
    """What is wrong with a list of options or scale labels: between 2 and 10, none empty, none
    longer than 80 characters, no two the same (ignoring case). Empty when nothing is."""
    problems = []
    if not FEWEST_OPTIONS <= len(labels) <= MOST_OPTIONS:
        problems.append(f"Give between {FEWEST_OPTIONS} and {MOST_OPTIONS} {what}s, one per line")
    if any(not label.strip() for label in labels):
        problems.append(f"Each {what} must have some words")
    if any(len(label) > MAX_LABEL_LENGTH for label in labels):
        problems.append(f"Each {what} must be {MAX_LABEL_LENGTH} characters or fewer")
    folded = [label.strip().casefold() for label in labels]
    if len(set(folded)) != len(folded):
        problems.append(f"Each {what} must be different from the others")
    return problems


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a box where options are typed one per line, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def library(session: Session) -> list[LibraryScale]:
    """Every scale a question may use: the built-in ones first, then organisers' by name."""
    own = session.scalars(select(Scale).order_by(Scale.name)).all()
    return [*BUILT_IN_SCALES, *(LibraryScale(s.name, tuple(s.labels)) for s in own)]


def find_scale(session: Session, name: str) -> LibraryScale | None:
    """The library's scale of this name, or None."""
    return next((s for s in library(session) if s.name == name), None)


def save_scale(
    session: Session, *, name: str, labels: list[str], by_id: int | None, now: datetime
) -> Scale:
    """Add an organiser's scale to the library, labels lowest first.

    Raises InvalidScale ("invalid_scale") when the name is empty, longer than 120 characters or
    already in the library (built in or not), or the labels break ``option_problems``.
    """
    name, labels = (name or "").strip(), [label.strip() for label in labels]
    problems = []
    if not name:
        problems.append(("name", "Enter a name for the scale"))
    elif len(name) > MAX_NAME_LENGTH:
        problems.append(("name", f"Name must be {MAX_NAME_LENGTH} characters or fewer"))
    elif find_scale(session, name) is not None:
        problems.append(("name", "There is already a scale with this name"))
    problems += [("labels", problem) for problem in option_problems(labels, "label")]
    if problems:
        raise InvalidScale.of(problems)
    scale = Scale(name=name, labels=labels, created_by_id=by_id, created_at=now)
    session.add(scale)
    session.flush()
    return scale
