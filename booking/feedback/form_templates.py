"""The two ready-made forms an organiser can start from, worded as the partnership's board
report words its questions."""

from dataclasses import dataclass

from booking.feedback.models import QuestionKind
from booking.feedback.scales import AGREEMENT, SATISFACTION, LibraryScale


@dataclass(frozen=True)
class TemplateQuestion:
    kind: QuestionKind
    text: str
    scale: LibraryScale | None = None
    required: bool = True
    hint: str = ""


@dataclass(frozen=True)
class FormTemplate:
    key: str
    title: str
    questions: tuple[TemplateQuestion, ...]


_TAKE_BACK = TemplateQuestion(
    QuestionKind.LONG_TEXT,
    "What things will you take back to your organisation?",
    required=False,
)

CONFERENCE = FormTemplate(
    "conference",
    "Conference feedback",
    (
        TemplateQuestion(
            QuestionKind.SCALE, "My knowledge of digital resilience has improved", AGREEMENT
        ),
        TemplateQuestion(QuestionKind.SCALE, "Changing my practice for the better", AGREEMENT),
        TemplateQuestion(
            QuestionKind.SCALE, "I would recommend attendance at the conference", AGREEMENT
        ),
        TemplateQuestion(QuestionKind.SCALE, "Overall satisfaction", SATISFACTION),
        _TAKE_BACK,
    ),
)

TRAINING_DAY = FormTemplate(
    "training_day",
    "Training day feedback",
    (
        TemplateQuestion(QuestionKind.SCALE, "My knowledge of the subject has improved", AGREEMENT),
        TemplateQuestion(QuestionKind.SCALE, "Changing my practice for the better", AGREEMENT),
        TemplateQuestion(
            QuestionKind.SCALE, "I would recommend this training to a colleague", AGREEMENT
        ),
        TemplateQuestion(QuestionKind.SCALE, "Overall satisfaction", SATISFACTION),
        _TAKE_BACK,
    ),
)

TEMPLATES: dict[str, FormTemplate] = {t.key: t for t in (TRAINING_DAY, CONFERENCE)}
