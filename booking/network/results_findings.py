"""How the plan words each question's headline figure, and the earlier survey's beside it: "81%
had a computer, laptop or tablet they could use on their own at home (70% in 2014/15)".

A yes/no question gives the share answering "Yes"; a scale the share of its top two answers
("91% said the information from school was very good/quite good"); a single choice every
answer ("68% All the time, 24% Sometimes and 8% Not really or never"). A free-text question has
no finding. The earlier survey's question is the one with the same wording (case and spaces
aside) and kind; a single choice compares only when its answers are the same.
"""

from dataclasses import dataclass

from booking.feedback.models import QuestionKind
from booking.feedback.summary import QuestionSummary
from booking.reports.sentence import joined

YES = "yes"


@dataclass(frozen=True)
class Finding:
    text: str  # "81% had a smart phone"
    earlier: str = ""  # "70% in 2014/15", or "" when there is nothing to compare with

    @property
    def line(self) -> str:
        """ "81% had a smart phone (70% in 2014/15)"."""
        return f"{self.text} ({self.earlier})" if self.earlier else self.text


def wording_key(text: str) -> str:
    """A question's wording as the comparison matches it: case and runs of spaces folded."""
    return " ".join(text.split()).casefold()


def shares(question: QuestionSummary) -> list[tuple[str, int]] | None:
    """The (label, percentage) pairs the finding states: the "Yes" of a yes/no question (its
    first answer when none reads "Yes"), a scale's top two as one, every answer of a single
    choice; None for a free-text question or one nobody answered."""
    if question.is_text or not question.answered:
        return None
    if question.kind == QuestionKind.YES_NO:
        labels = [option.label.strip().casefold() for option in question.options]
        option = question.options[labels.index(YES) if YES in labels else 0]
        return [(option.label, option.percent)]
    if question.kind == QuestionKind.SCALE:
        if question.top_two is not None:
            return [(" or ".join(question.top_two.labels), question.top_two.percent)]
        best = question.options[-1]
        return [(best.label, best.percent)]
    return [(option.label, option.percent) for option in question.options]


def finding(
    question: QuestionSummary,
    wording: str,
    earlier: QuestionSummary | None = None,
    earlier_year: str = "",
) -> Finding | None:
    """The question's finding in the plan's style, with ``wording`` (the question's own
    ``finding``, "had a smart phone") after the share when it has one, and the earlier
    survey's figure of the same question when given and comparable; None when there is no
    figure to state."""
    now = shares(question)
    if now is None:
        return None
    if question.kind == QuestionKind.CHOICE:
        # "68% said they followed e-safety guidelines all the time, 24% sometimes and 8% not
        # really or never", as the plan words it.
        parts = [f"{share}% {_in_sentence(label)}" for label, share in now]
        if wording:
            parts[0] = f"{now[0][1]}% {wording} {_in_sentence(now[0][0])}"
        text = joined(parts)
    else:
        label, share = now[0]
        text = f"{share}% {wording}" if wording else f"{share}% {label}"
    return Finding(text, _earlier(question, now, earlier, earlier_year))


def _in_sentence(label: str) -> str:
    """An answer's label inside a sentence: "All the time" → "all the time"."""
    return label[:1].lower() + label[1:]


def _earlier(
    question: QuestionSummary,
    now: list[tuple[str, int]],
    earlier: QuestionSummary | None,
    year: str,
) -> str:
    """ "70% in 2014/15" (a single choice: "60%, 30% and 10% in 2014/15"), or ""."""
    if earlier is None or earlier.kind != question.kind:
        return ""
    before = shares(earlier)
    if before is None or len(before) != len(now):
        return ""
    if question.kind == QuestionKind.CHOICE:
        if [wording_key(label) for label, _ in before] != [wording_key(label) for label, _ in now]:
            return ""
        return f"{joined([f'{share}%' for _, share in before])} in {year}"
    return f"{before[0][1]}% in {year}"
