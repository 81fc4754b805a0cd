"""The bench's feedback measures (``bench.feedback``): what it seeds, and the requests it sends,
through the app, quickly and without timing. The summary page's statements do not grow with
the responses."""

import io
import random

from openpyxl import load_workbook
from sqlalchemy import func, select

from bench import feedback, measures
from bench.seed import PASSWORD
from booking.feedback.models import Answer, FeedbackResponse
from tests.factories import NOW
from tests.statements import statements_sent
from tests.web_client import WebClient


def _seed(db, responses: int):
    seeded = feedback.seed_feedback(db.connection(), random.Random(5), NOW, responses=responses)
    db.commit()
    return seeded


def _organiser(app, seeded) -> WebClient:
    client = WebClient(app)
    client.sign_in(seeded.organiser_email, PASSWORD)
    return client


def test_the_seed_has_the_responses_answers_and_comments(db):
    seeded = _seed(db, 250)
    assert seeded.responses == 250
    count = select(func.count(FeedbackResponse.id)).where(
        FeedbackResponse.form_id == seeded.form_id
    )
    assert db.scalar(count) == 250
    comments = db.scalar(select(func.count(Answer.id)).where(Answer.text != ""))
    assert comments == 3  # responses 0, 100 and 200
    scale_answers = db.scalar(select(func.count(Answer.id)).where(Answer.option_index.is_not(None)))
    assert 0.9 * 4 * 250 < scale_answers < 4 * 250  # about one in twenty skipped


def test_the_summary_page_sends_as_many_statements_for_many_responses_as_for_few(app, engine, db):
    few, many = _seed(db, 20), _seed(db, 400)
    client = _organiser(app, few)
    counts = []
    for seeded in (few, many):
        with statements_sent(engine) as sent:
            page = client.get(feedback.summary_path(seeded))
        assert page.status_code == 200
        assert f"{seeded.responses} response" in page.get_data(as_text=True)
        counts.append(len(sent))
    assert counts[0] == counts[1]


def test_the_files_the_bench_downloads_are_what_it_checks_for(app, db):
    seeded = _seed(db, 30)
    client = _organiser(app, seeded)
    base = f"/manage/events/{seeded.event_id}/feedback"
    xlsx = client.get(f"{base}/responses.xlsx")
    assert xlsx.status_code == 200 and xlsx.data.startswith(b"PK")
    assert load_workbook(io.BytesIO(xlsx.data)).active.max_row == 31
    pdf = client.get(f"{base}/summary.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_the_report_holds_the_summary_to_300_times_hello_and_workers_to_150_mb():
    def timing(measure: str, ms: float) -> measures.Timing:
        return measures.Timing(measure, samples_ms=[ms] * 3)

    rnd = feedback.FeedbackRound(
        "sqlite",
        [timing("hello", 1.0), timing(feedback.SUMMARY_MEASURE, 301.0)],
        {1: 120.0, 2: 151.0},
        12.0,
        False,
        [],
    )
    latencies, checks = feedback.rows(rnd)
    verdicts = {row["measure"]: row["pass"] for row in latencies}
    assert verdicts == {"hello": None, feedback.SUMMARY_MEASURE: False}
    memory = [row["pass"] for row in checks if row["check"].startswith("peak RSS")]
    assert memory == [True, False]
