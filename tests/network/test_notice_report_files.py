"""The messages report as files: the workbook opens with a header row, a row per message with
its figures as numbers and titles that cannot run as formulas; the PDF holds the partnership,
the period, the sentence and every title, in any script."""

import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from pypdf import PdfReader

from booking.network.models import NoticeKind
from booking.network.notice_report import notice_report
from booking.network.notice_report_files import HEADER, notice_report_pdf, notice_report_xlsx
from booking.outbox.models import MessageStatus
from tests.network.report_helpers import Notices

START, END = date(2025, 9, 1), date(2026, 2, 28)
AUTUMN = datetime(2025, 10, 6, 9, tzinfo=UTC)


@pytest.fixture
def report(session):
    notices = Notices(session)
    notices.sent(
        AUTUMN,
        title='=HYPERLINK("http://x")',
        kind=NoticeKind.ALERT,
        people=212,
        shared_addresses=3,
        schools=61,
        post_16=4,
        others={"health": 12},
        networks=("@Leads", "Digital Resilience and Safeguarding Network"),
        sectors=("police", "school"),
        emails={
            MessageStatus.SENT: 209,
            MessageStatus.FAILED: 2,
            MessageStatus.PENDING: 3,
            MessageStatus.SKIPPED: 1,
        },
    )
    notices.sent(AUTUMN + timedelta(days=30), title="Szkoła Łódź 李 online safety", people=216)
    return notice_report(session, start=START, end=END)


def _text(body: bytes) -> str:
    pages = PdfReader(io.BytesIO(body)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_workbook_has_a_header_and_a_row_per_message_with_numbers(report):
    sheet = openpyxl.load_workbook(io.BytesIO(notice_report_xlsx(report))).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    assert rows[1] == (
        datetime(2025, 10, 6),
        '\'=HYPERLINK("http://x")',
        "Alert",
        "'@Leads, Digital Resilience and Safeguarding Network",
        "School or academy, Police",
        212,
        3,
        61,
        4,
        12,
        209,
        2,
        3,
        1,
    )
    assert rows[0][-4:] == ("Delivered", "Failed", "Pending", "Not sent")
    assert rows[2][1:3] == ("Szkoła Łódź 李 online safety", "Information")
    assert rows[2][4] == "Every sector"
    assert len(rows) == 3
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.title == "Messages and alerts" and sheet.freeze_panes == "A2"


def test_the_pdf_says_who_when_the_sentence_and_each_message(report):
    text = _text(notice_report_pdf(report, partnership="Northshire SCP"))
    assert "Northshire SCP" in text and "Messages and alerts" in text
    assert "1 September 2025 to 28 February 2026" in text
    assert (
        "2 messages in 6 months, 1 of them an alert; each reached on average 214 professionals "
        "from 31 schools, academies and colleges." in text
    )
    assert '=HYPERLINK("http://x")' in text and "Szkoła Łódź 李 online safety" in text
    assert "6 October 2025" in text and "Page 1 of" in text
    assert "Not sent" in text
    assert "School or academy, Police" in text and "Every sector" in text


def test_a_pdf_of_an_empty_period_says_so(session):
    report = notice_report(session, start=START, end=END)
    text = _text(notice_report_pdf(report, partnership="Northshire SCP"))
    assert "No messages were sent between 1 September 2025 and 28 February 2026." in text


def test_a_long_report_runs_onto_more_pages(session):
    notices = Notices(session)
    for day in range(60):
        notices.sent(AUTUMN + timedelta(days=day), title=f"Message {day} " + "long " * 20)
    body = notice_report_pdf(notice_report(session, start=START, end=END), partnership="P")
    pages = PdfReader(io.BytesIO(body)).pages
    assert len(pages) > 1 and "Messages and alerts – 1 September 2025" in pages[1].extract_text()


def test_no_word_of_the_pdfs_table_is_broken_where_a_space_could_break_it(session):
    notices = Notices(session)
    leads, forum = "Designated safeguarding leads", "Digital Resilience and Safeguarding Network"
    sent = [
        ("Network update: new resources and the forum's next meeting", NoticeKind.INFORMATION),
        ("Live location sharing in a popular photo-messaging app", NoticeKind.ALERT),
        ("Updated statutory guidance: what changes for online safety", NoticeKind.INFORMATION),
        ("Report Remove: helping young people remove nude images", NoticeKind.INFORMATION),
    ]
    for day, (title, kind) in enumerate(sent):
        notices.sent(
            datetime(2025, 9, 22 + day, 9, tzinfo=UTC),
            title=title,
            kind=kind,
            people=207,
            schools=61,
            networks=(leads, forum),
            emails={MessageStatus.SENT: 209, MessageStatus.FAILED: 1},
        )
    report = notice_report(session, start=START, end=END)
    words = _text(notice_report_pdf(report, partnership="Northshire SCP")).split()
    assert words.count("Information") == 3 and words.count("Alert") == 1
    for row in report.rows:
        for word in f"{row.title} {row.networks_text}".split():
            assert word in words, word
    assert {"22", "September", "2025", "Safeguarding", "photo-messaging"} <= set(words)
    assert "Informatio" not in words
    for heading in ("Professionals", "Other organisations", "Delivered", "Shared addresses"):
        assert heading.split()[-1] in words, heading  # headings whole, not hyphenated
