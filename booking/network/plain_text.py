"""A notice's body, written as plain text, read as people expect: paragraphs split by a blank
line, lines starting "- " or "* " as a bulleted list, "1. " as a numbered one, and bare http(s)
links made links. Everything else is text: markup or script typed in is shown as typed.

One reading (``blocks``) makes both the HTML (the archive page and the email's HTML part) and
the email's text part, so they always say the same."""

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from booking.core.formatting import paragraphs

_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph", "bullets" or "numbers"
    lines: tuple[str, ...]


def _kind(line: str) -> tuple[str, str]:
    if match := _BULLET.match(line):
        return "bullets", match[1]
    if match := _NUMBER.match(line):
        return "numbers", match[1]
    return "paragraph", line.strip()


def blocks(body: str) -> list[Block]:
    """The body's paragraphs and lists, in order: a list is a run of lines that start alike,
    so "Look out for:" then "- ..." lines is a paragraph and a list. Paragraphs are
    ``core.formatting.paragraphs``; a line of only spaces of any kind (a pasted non-breaking
    one) also ends a paragraph."""
    found: list[Block] = []
    for lines in paragraphs(body or ""):
        current: tuple[str, list[str]] | None = None
        for line in [*lines, ""]:
            if not line.strip():
                if current:
                    found.append(Block(current[0], tuple(current[1])))
                current = None
                continue
            kind, words = _kind(line)
            if current is None or current[0] != kind:
                if current:
                    found.append(Block(current[0], tuple(current[1])))
                current = (kind, [])
            current[1].append(words)
    return found


def _linked(line: str) -> Markup:
    """The line escaped, with each bare http(s) address a link (trailing punctuation left
    outside it)."""
    parts, end = [], 0
    for match in _URL.finditer(line):
        url = match[0].rstrip(_TRAILING)
        parts.append(escape(line[end : match.start()]))
        parts.append(Markup('<a class="govuk-link" href="{0}">{0}</a>').format(url))
        end = match.start() + len(url)
    parts.append(escape(line[end:]))
    return Markup("").join(parts)


def render(body: str) -> Markup:
    """The body as safe HTML with GOV.UK classes; no tag of the body's own survives."""
    html = []
    for block in blocks(body):
        if block.kind == "paragraph":
            lines = Markup("<br>\n").join(_linked(line) for line in block.lines)
            html.append(Markup('<p class="govuk-body">{}</p>').format(lines))
        else:
            tag, style = ("ul", "bullet") if block.kind == "bullets" else ("ol", "number")
            items = Markup("").join(
                Markup("<li>{}</li>").format(_linked(line)) for line in block.lines
            )
            html.append(
                Markup('<{0} class="govuk-list govuk-list--{1}">{2}</{0}>').format(
                    tag, style, items
                )
            )
    return Markup("\n").join(html)


def as_text(body: str) -> str:
    """The body tidied for an email's text part: the same blocks, one blank line apart."""
    written = []
    for block in blocks(body):
        if block.kind == "bullets":
            written.append("\n".join(f"- {line}" for line in block.lines))
        elif block.kind == "numbers":
            written.append("\n".join(f"{n}. {line}" for n, line in enumerate(block.lines, 1)))
        else:
            written.append("\n".join(block.lines))
    return "\n\n".join(written)
