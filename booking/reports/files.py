"""The reports as files: an event's attendance report and the report across events, each as an
Excel workbook (one sheet, a row per figure, filterable) and an A4 PDF. Texts typed by people
(organisation names, titles) go through ``core.exports``, which neutralises formulas. Taking a
report away is audited ("report.exported")."""

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime

from fpdf.enums import XPos, YPos
from sqlalchemy.orm import Session

from booking.audit.services import record
from booking.core.exports import A4Document, xlsx_bytes
from booking.core.formatting import date_range, one_line
from booking.reports.attendance import EventAttendance, SectorRow
from booking.reports.reach import Reach

EVENT_HEADER = ("Event", "Figure", "Sector", "Organisation", "Number")
REACH_HEADER = ("Section", "Figure", "Sector or phase", "District", "Name", "Number")


def event_figures_rows(report: EventAttendance) -> list[tuple[str, int | str]]:
    """The event's figures as the page, the workbook and the PDF list them."""
    figures = report.figures
    return [
        ("Attended", figures.attended),
        ("Booked before the day", report.booked_before),
        ("No-shows", "Counted once it has ended" if figures.no_shows is None else figures.no_shows),
        ("Walk-ins", figures.walk_ins),
        ("Cancellations", figures.cancellations),
        ("Late cancellations", figures.late_cancellations),
    ]


def reach_figures_rows(report: Reach) -> list[tuple[str, int | str]]:
    """The figures across events as the page, the workbook and the PDF list them."""

    def rate(value: int | None) -> str:
        return "" if value is None else f"{value}%"

    return [
        ("Events run", report.events_run),
        ("Places offered", report.places_offered),
        ("Booked before the day", report.booked),
        ("Attended", report.attended),
        ("Walk-ins", report.walk_ins),
        ("Fill rate", rate(report.fill_rate)),
        ("No-shows", report.no_shows),
        ("No-show rate", rate(report.no_show_rate)),
        ("Cancellations", report.cancellations),
        ("Late cancellations", report.late_cancellations),
        ("Distinct people", report.distinct_people),
        ("Distinct organisations", report.distinct_organisations),
        ("Schools in the register", report.schools_in_register),
        ("Schools reached", report.schools_reached),
    ]


def event_report_xlsx(report: EventAttendance) -> bytes:
    """The event's report (and its workshops') as a workbook, a row per figure."""
    return xlsx_bytes(f"Attendance {report.title}", EVENT_HEADER, _event_rows(report))


def _event_rows(report: EventAttendance) -> Iterator[tuple]:
    for one in (report, *report.workshops):
        for figure, number in event_figures_rows(one):
            yield (one.title, figure, "", "", number)
        for row in one.sectors:
            yield (one.title, "People attended", row.label, "", row.people)
            yield (one.title, "Organisations represented", row.label, "", row.organisations)
        for organisation in one.organisations:
            yield (
                one.title,
                "People attended",
                organisation.sector_label,
                organisation.name,
                organisation.people,
            )


def reach_xlsx(report: Reach) -> bytes:
    """The report across events as a workbook: its figures, by sector, schools by phase, and
    the schools not yet reached (by phase and district)."""
    rows: list[tuple] = [("Figures", f, "", "", "", n) for f, n in reach_figures_rows(report)]
    for row in report.sectors:
        rows.append(("By sector", "People attended", row.label, "", "", row.people))
        rows.append(("By sector", "Organisations", row.label, "", "", row.organisations))
    for phase in report.phases:
        rows.append(("Schools by phase", "In the register", phase.label, "", "", phase.in_register))
        rows.append(("Schools by phase", "Reached", phase.label, "", "", phase.reached))
    for school in report.not_reached:
        rows.append(
            ("Not yet reached", "School", school.phase_label, school.district, school.name, "")
        )
    return xlsx_bytes("Reach", REACH_HEADER, rows)


def event_report_pdf(
    report: EventAttendance,
    *,
    partnership: str,
    feedback: Callable[[A4Document], None] | None = None,
) -> bytes:
    """The event's report as an A4 PDF: its sentence, figures, table by sector and
    organisations, then each workshop's; then ``feedback`` draws the feedback summary into the
    same document (the event report shows attendance and feedback together)."""
    texts = [o.name for one in (report, *report.workshops) for o in one.organisations]
    document = A4Document(
        title=f"Attendance: {report.title}",
        running_title=f"Attendance: {report.title}",
        author=partnership,
        texts=[report.title, *(w.title for w in report.workshops), *texts],
    )
    document.add_page()
    document.title_block(
        kicker=partnership,
        heading=f"Attendance: {report.title}",
        lines=(date_range(report.starts_at, report.ends_at),),
    )
    _event_section(document, report)
    for workshop in report.workshops:
        _heading(document, f"Workshop: {workshop.title}")
        _event_section(document, workshop)
    if feedback is not None:
        feedback(document)
    return document.to_bytes()


def _event_section(document: A4Document, report: EventAttendance) -> None:
    _paragraph(document, report.sentence)
    document.plain_table(("Figure", "Number"), event_figures_rows(report), (120, 60))
    _sectors_table(document, report.sectors)
    if report.organisations:
        rows = [(o.name, o.sector_label, o.people) for o in report.organisations]
        document.plain_table(("Organisation", "Sector", "People attended"), rows, (90, 60, 30))


def reach_pdf(report: Reach, *, partnership: str) -> bytes:
    """The report across events as an A4 PDF."""
    document = A4Document(
        title="Reach across events",
        running_title=f"Reach across events – {report.filters.period.words}",
        author=partnership,
        texts=[school.name + school.district for school in report.not_reached],
    )
    document.add_page()
    document.title_block(
        kicker=partnership, heading="Reach across events", lines=_filter_lines(report)
    )
    _paragraph(document, report.schools_sentence + ".")
    document.plain_table(("Figure", "Number"), reach_figures_rows(report), (120, 60))
    _sectors_table(document, report.sectors)
    phases = [(p.label, p.in_register, p.reached) for p in report.phases]
    document.plain_table(("Phase", "Schools in the register", "Reached"), phases, (80, 60, 40))
    if report.not_reached:
        _heading(document, "Schools not yet reached")
        rows = [(s.phase_label, s.district, s.name) for s in report.not_reached]
        document.plain_table(("Phase", "District", "School"), rows, (40, 40, 100))
    return document.to_bytes()


def _filter_lines(report: Reach) -> tuple[str, ...]:
    filters = report.filters
    lines = [filters.period.name or filters.period.words]
    if filters.period.name:
        lines.append(filters.period.words)
    if filters.programme:
        lines.append(f"Programme: {filters.programme}")
    if filters.kind:
        lines.append(f"Kind of event: {filters.kind.label}")
    if filters.sector:
        lines.append(f"Sector: {filters.sector.label}")
    return tuple(lines)


def _heading(document: A4Document, text: str) -> None:
    document.ln(2)
    document.set_font(size=13, style="B")
    document.multi_cell(0, 7, one_line(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    document.set_font(size=10, style="")
    document.ln(1)


def _paragraph(document: A4Document, text: str) -> None:
    document.set_font(size=11)
    document.multi_cell(0, 6, one_line(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    document.set_font(size=10)
    document.ln(3)


def _sectors_table(document: A4Document, sectors: Sequence[SectorRow]) -> None:
    if sectors:
        rows = [(row.label, row.people, row.organisations) for row in sectors]
        header = ("Sector", "People attended", "Organisations")
        document.plain_table(header, rows, (90, 45, 45))


def record_export(
    session: Session,
    *,
    by_id: int,
    file: str,
    now: datetime,
    event_id: int | None = None,
) -> None:
    """Audit a report taken away ("report.exported", the file's name, as "report.xlsx"): an
    event's report is about the event, the report across events about no one thing. Raises
    nothing."""
    extra = {"event_id": event_id} if event_id else {}
    record(
        session,
        actor_id=by_id,
        action="report.exported",
        subject_type="event" if event_id else "report",
        subject_id=event_id,
        now=now,
        file=file,
        **extra,
    )
