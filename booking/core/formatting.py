"""How dates and numbers read to people: "Tuesday 29 January 2019, 9:30am to 4pm"."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def local(moment: datetime) -> datetime:
    """The moment in Europe/London."""
    return moment.astimezone(LONDON)


# English names, looked up rather than formatted with strftime: the same words whatever the
# process's locale, and a catalogue page writes forty dates.
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def iso_utc(moment: datetime) -> str:
    """2026-12-02T17:00:00Z: a moment as scripts and phones read it, in UTC."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def time_of_day(moment: datetime) -> str:
    """9:30am, 4pm, midday, midnight, in Europe/London."""
    return _time_of_day(local(moment))


def long_date(moment: datetime) -> str:
    """Tuesday 29 January 2019, in Europe/London."""
    return _long_date(local(moment))


def day_and_month(moment: datetime) -> str:
    """14 January, in Europe/London: enough to tell an event's pages apart in a browser tab."""
    moment = local(moment)
    return f"{moment.day} {MONTH_NAMES[moment.month]}"


def date_range(starts_at: datetime, ends_at: datetime) -> str:
    """Tuesday 29 January 2019, 9:30am to 4pm; across days, both dates are written."""
    start, end = local(starts_at), local(ends_at)
    if start.date() == end.date():
        return f"{_long_date(start)}, {_time_of_day(start)} to {_time_of_day(end)}"
    return f"{_long_date(start)}, {_time_of_day(start)} to {_long_date(end)}, {_time_of_day(end)}"


def date_and_time(moment: datetime) -> str:
    """Monday 5 January 2027 at 9am, in Europe/London."""
    moment = local(moment)
    return f"{_long_date(moment)} at {_time_of_day(moment)}"


def date_and_time_without_day(moment: datetime) -> str:
    """1 December 2026, 9:12am, in Europe/London: when something happened, in a list of many."""
    moment = local(moment)
    return f"{moment.day} {MONTH_NAMES[moment.month]} {moment.year}, {_time_of_day(moment)}"


def _time_of_day(moment: datetime) -> str:
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midday" if moment.hour == 12 else "midnight"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}:{moment.minute:02d}{suffix}" if moment.minute else f"{hour}{suffix}"


def _long_date(moment: datetime) -> str:
    return f"{DAY_NAMES[moment.weekday()]} {moment.day} {MONTH_NAMES[moment.month]} {moment.year}"


def places_left_text(places: int) -> str:
    """12 places left, 1 place left, Fully booked – join the waiting list."""
    if places <= 0:
        return "Fully booked – join the waiting list"
    return f"{places} place left" if places == 1 else f"{places} places left"


def booking_opens_text(opens_at: datetime) -> str:
    """Booking opens on Monday 5 January 2027 at 9am: said instead of the places left while
    an event is not yet open. Organisers give a day, stored as midnight in London, so a
    midnight opening is the day alone: "Booking opens on Monday 5 January 2027"."""
    opens = local(opens_at)
    if (opens.hour, opens.minute) == (0, 0):
        return f"Booking opens on {_long_date(opens)}"
    return f"Booking opens on {date_and_time(opens)}"


def plain_number(number: Decimal | int) -> str:
    """6, 2.5, 10: a number without trailing zeros after the point, not "6.0"."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def whole_number(text: str, *, max_digits: int = 9) -> int | None:
    """What was typed as a whole number of 0 to 9 digits only ("²", "٣" and "１" are digits
    to ``str.isdigit`` but not numbers here), at most ``max_digits`` long; None otherwise."""
    if text.isascii() and text.isdigit() and len(text) <= max_digits:
        return int(text)
    return None


def whole_percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as a whole-number percentage, halves rounded up (12.5 → 13, never
    to even as ``round`` does; 41 of 63 is 65); None when ``whole`` is 0 (nothing to take a
    share of)."""
    if whole <= 0:
        return None
    share = Decimal(part) * 100 / Decimal(whole)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def hours_text(hours: Decimal) -> str:
    """6 hours, 2.5 hours, 1 hour: CPD hours as people say them, not "6.0"."""
    number = plain_number(hours)
    return f"{number} hour" if number == "1" else f"{number} hours"


def paragraphs(text: str) -> list[list[str]]:
    """The text's paragraphs (split at blank lines), each as its lines; Windows and old Mac
    line ends read as line ends, and blank paragraphs are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n[ \t]*\n", text)
    return [block.strip("\n").split("\n") for block in blocks if block.strip()]


# C0 and C1 controls except tab and line breaks, and the bidirectional controls (embeddings,
# overrides, isolates and marks) that would reorder the text around a name on someone else's page.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_NOT_IN_A_HEADER = {"Cc", "Zl", "Zp"}


def without_control_characters(text: str) -> str:
    """The text without NUL, other control characters and bidirectional controls (tabs and line
    breaks stay).

    Databases refuse NUL, nobody types the others on purpose, and bidirectional overrides in a
    name or title reorder what organisers read.
    """
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """The text on one line: line breaks, runs of spaces and control characters folded away
    (for calendar names; email headers take ``header_text``)."""
    return " ".join(without_control_characters(text).split())


def header_text(text: str) -> str:
    """The text as it may appear in an email header: one line, with no control, line or
    paragraph separator character, and no RFC 2047 encoded-word.

    The email package decodes an encoded-word (``=?utf-8?q?x=0D=0ABcc:...?=``) in a name or
    subject and, on the Python this runs on, writes the line break inside it back out raw
    (CVE-2024-6923); so ``=?`` is broken apart and an encoded-word never forms.
    """
    line = "".join(ch for ch in one_line(text) if unicodedata.category(ch) not in _NOT_IN_A_HEADER)
    return line.replace("=?", "= ?")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The first instant of the month and of the next, Europe/London, as aware datetimes."""
    start = datetime(year, month, 1, tzinfo=LONDON)
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


# Letters that Unicode does not decompose into a base letter and a mark (casefolded already).
_TRANSLITERATED = str.maketrans(
    {"ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ħ": "h", "ı": "i"}
)
# Marks that join the letters either side into one word ("E-safety", "O'Connor", "v1.2").
_JOINERS = frozenset("-'.\u2010\u2011\u2019")


def search_words(text: str) -> list[str]:
    """The words of a text as search compares them: runs of letters and digits with accents
    and strokes folded ("Café" → "cafe", "Łódź" → "lodz") and case folded; a hyphen,
    apostrophe or dot inside a word joins it ("E-safety" → "esafety", "O'Connor" → "oconnor")."""
    return [_joined(token) for token in _tokens(text)]


# The longest term kept: a B-tree entry must stay small (PostgreSQL refuses one of over 2,700
# bytes), and nobody types a word of more than a hundred letters; longer ones are cut, and a
# query word is cut the same way.
MAX_TERM_LENGTH = 100


def search_terms(*texts: str) -> list[str]:
    """What search matches the texts against, each term once: for each text, its
    ``search_words``, each pair of adjacent words joined, and the parts of a joined word
    ("e safety training" → e, safety, training, esafety, safetytraining; "E-safety" →
    esafety, e, safety). A query word finds the terms it starts (``search_bounds``), so
    "esafety" and "safety" find "E-safety" and "e safety", and "esafety" never finds "online
    safety"; pairs are made within one text, so no word matches across two of them."""
    terms = (term[:MAX_TERM_LENGTH] for text in texts for term in _terms_of(text))
    return list(dict.fromkeys(terms))


def _tokens(text: str) -> list[str]:
    """Runs of letters, digits and joiners, folded; a token of joiners alone is dropped."""
    decomposed = unicodedata.normalize("NFKD", text).casefold().translate(_TRANSLITERATED)
    kept = "".join(
        character if character.isalnum() or character in _JOINERS else " "
        for character in decomposed
        if not unicodedata.combining(character)
    )
    return [token for token in kept.split() if _joined(token)]


def _joined(token: str) -> str:
    return "".join(character for character in token if character not in _JOINERS)


def _terms_of(text: str) -> list[str]:
    tokens = _tokens(text)
    words = [_joined(token) for token in tokens]
    pairs = [first + second for first, second in zip(words, words[1:], strict=False)]
    parts = []
    for token in tokens:
        split = "".join(" " if c in _JOINERS else c for c in token).split()
        parts += split if len(split) > 1 else []
    return words + pairs + parts


# Sorts after every character a term can hold (a noncharacter: never a letter or a digit), so
# every term a word starts lies between the word and the word followed by it, in the code
# point order of both databases (SQLite's BINARY collation, PostgreSQL's "C").
_AFTER_EVERY_LETTER = "\U0010ffff"


def search_bounds(word: str) -> tuple[str, str]:
    """The terms a query word finds, as (lowest, highest), inclusive, so that a B-tree index
    finds them: the terms it starts; a word of one letter or digit only the term it is ("e
    safety" must not find every text with "safety" and a word beginning with e)."""
    word = word[:MAX_TERM_LENGTH]
    return (word, word) if len(word) == 1 else (word, word + _AFTER_EVERY_LETTER)


@dataclass(frozen=True)
class SearchQuery:
    """A query as search looks for it: each word, and all of them written together."""

    words: tuple[str, ...]
    joined: str


def search_query(text: str, *, max_words: int = 8) -> SearchQuery:
    """The query's ``search_words`` (the first ``max_words``), and the words joined: an event
    matches when every word starts one of its ``search_terms``, or when the joined words do
    ("e safety" finds "E-safety")."""
    words = tuple(search_words(text)[:max_words])
    return SearchQuery(words=words, joined="".join(words))


def surname_key(name: str) -> tuple[str, str, str]:
    """Where a name files in a list by surname: its last word, then the whole name, each with
    case and accents folded as search folds them ("Łukasz Żółć" files under "zolc", beside
    "Zola"; "O'Connor" under "oconnor"), then the name as written, so the order is total."""
    words = search_words(name)
    return (words[-1] if words else "", " ".join(words), name)
