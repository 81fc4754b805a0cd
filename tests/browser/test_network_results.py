"""An organiser reads a pupils' survey's county-wide results on a phone (320px): the headline,
the findings, each question's chart with its table, and the schools; then a small school's
page, which shows no figures. axe checks each."""

from playwright.sync_api import expect

from booking.demo import DEMO_PASSWORD
from tests.network.results_helpers import add_responses, make_survey, school, taking_part


def _survey(live_server) -> tuple[int, int]:
    with live_server.writer_session() as session:
        survey = make_survey(session, title="Results browser survey")
        big = taking_part(session, survey, school(session, "Results Browser Primary"))
        small = taking_part(session, survey, school(session, "Results Tiny Primary"))
        add_responses(session, big, 40, {1: [30, 10], 6: [20, 15, 5], 12: [2, 3, 15, 20]})
        add_responses(session, small, 4, {1: [4, 0]})
        session.commit()
        return survey.id, small.id


def test_an_organiser_reads_the_results_at_320px(new_page, check_axe, sign_in, live_server):
    survey_id, small_id = _survey(live_server)
    page = new_page(viewport={"width": 320, "height": 640})
    sign_in(page, "organiser@demo.example", DEMO_PASSWORD)
    page.goto(f"/manage/surveys/{survey_id}/results")
    expect(page.get_by_role("heading", level=1, name="County-wide results")).to_be_visible()
    expect(page.locator("#headline")).to_have_text("44 pupils aged 9–11 from 2 primary schools")
    expect(page.locator("#findings")).to_contain_text("77% had a computer, laptop or tablet")
    expect(page.get_by_role("img", name="Chart: How often do you follow")).to_be_visible()
    # Tiny's 4 could be worked out from Browser's count: that is withheld too.
    expect(page.locator("#schools")).to_contain_text("not shown")
    check_axe(page)
    page.get_by_role("link", name="Results Tiny Primary").click()
    expect(page.get_by_role("heading", level=1, name="Results Tiny Primary")).to_be_visible()
    expect(page.locator("#suppressed")).to_contain_text("Fewer than 10 pupils have answered")
    assert f"school={small_id}" in page.url
    check_axe(page)
