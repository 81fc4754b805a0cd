"""The cybersafety survey for pupils aged 9–11, worded for children, from the questions whose
answers the e-safety plan reports ("81% had a computer lap top or tablet they could use on their
own at home"). Each question's ``finding`` is how the plan words its headline figure: the share
answering "Yes" to a yes/no question, or the two best answers of a scale; a single choice lists
every answer."""

from dataclasses import dataclass

from booking.feedback.builder import YES_NO
from booking.feedback.models import QuestionKind
from booking.feedback.scales import HOW_GOOD


@dataclass(frozen=True)
class SurveyTemplateQuestion:
    kind: QuestionKind
    text: str
    finding: str
    options: tuple[str, ...] = tuple(YES_NO)
    scale_name: str = ""
    hint: str = ""


def _yes_no(text: str, finding: str, hint: str = "") -> SurveyTemplateQuestion:
    return SurveyTemplateQuestion(QuestionKind.YES_NO, text, finding, hint=hint)


def _how_good(text: str, finding: str) -> SurveyTemplateQuestion:
    return SurveyTemplateQuestion(
        QuestionKind.SCALE, text, finding, options=HOW_GOOD.labels, scale_name=HOW_GOOD.name
    )


CYBERSAFETY_TITLE = "Cybersafety survey"
CYBERSAFETY_INTRODUCTION = (
    "This is not a test. There are no right or wrong answers. Do not write your name anywhere: "
    "nobody will know which answers are yours."
)
CYBERSAFETY_QUESTIONS: tuple[SurveyTemplateQuestion, ...] = (
    _yes_no(
        "Do you have a computer, laptop or tablet that you can use on your own at home?",
        "had a computer, laptop or tablet they could use on their own at home",
    ),
    _yes_no("Do you have your own smartphone?", "had a smart phone"),
    _yes_no("Do you have an Instagram account?", "had an Instagram account"),
    _yes_no("Do you have a Snapchat account?", "had a Snapchat account"),
    _yes_no(
        "Do you have a games console that you use to play games with other people online?",
        "had a games console they used to play with others online",
    ),
    SurveyTemplateQuestion(
        QuestionKind.CHOICE,
        "How often do you follow the rules for staying safe online?",
        "said they followed e-safety guidelines",
        options=("All the time", "Sometimes", "Not really or never"),
    ),
    _yes_no(
        "Have you ever had a message online that worried you or was unkind?",
        "had received a worrying or unpleasant message online",
    ),
    _yes_no(
        "Has someone you do not know ever sent you a message asking to meet up?",
        "had a message from a stranger suggesting they meet up",
    ),
    _yes_no(
        "Has anyone ever been unkind to you or bullied you online?",
        "said they had been cyberbullied",
        hint="This could be in a game, a chat or on social media.",
    ),
    _yes_no(
        "Has a teacher taught you how to stay safe online?",
        "said they had been taught by their teacher",
    ),
    _yes_no(
        "Has your parent or carer taught you how to stay safe online?",
        "said they had been taught by parents/carers",
    ),
    _how_good(
        "How good was what your school told you about staying safe online?",
        "said the information from school was very good/quite good",
    ),
    _how_good(
        "How good was what your parents or carers told you about staying safe online?",
        "said the information from parents/carers was very good/quite good",
    ),
)
