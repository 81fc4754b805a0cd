"""Importing the county's list of schools and settings into the register, from a CSV file
(as Excel saves one): every row is checked first, and a file with any bad row imports nothing.

Columns, named in a header row in any case and order: name, reference (or URN), sector (its
label or its value: "School or academy" or "school"), phase (schools only) and district; only
name and sector are needed. A row with a reference updates the organisation with that
reference, else takes over the organisation of that name and sector, else is added; a row
without one finds or adds the organisation of that name and sector. So importing a file again
updates what it added and never duplicates it. A file without a phase or district column
leaves those of the organisations it updates as they are (only a school has a phase, so a row
making one something else clears it).
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from booking.accounts.models import (
    PHASE_LABELS,
    SECTOR_LABELS,
    Organisation,
    SchoolPhase,
    Sector,
)
from booking.accounts.services import organisation_key
from booking.audit.services import record
from booking.core.errors import Refused

MAX_IMPORT_BYTES = 1024 * 1024 - 64 * 1024  # under the request limit, with room for the form
MAX_ROWS = 10_000
PROBLEMS_SHOWN = 50
COLUMNS = {
    "name": "name",
    "organisation": "name",
    "reference": "reference",
    "urn": "reference",
    "sector": "sector",
    "phase": "phase",
    "district": "district",
}


class BadImport(Refused):
    """The file cannot be imported: ``problems`` lists each bad line (up to PROBLEMS_SHOWN)."""

    code = "bad_import"

    @classmethod
    def of(cls, problems: list[str]) -> "BadImport":
        shown = problems[:PROBLEMS_SHOWN]
        if len(problems) > PROBLEMS_SHOWN:
            shown.append(f"And {len(problems) - PROBLEMS_SHOWN} more lines with problems.")
        error = cls(shown[0], field="file")
        error.problems = tuple(("file", problem) for problem in shown)
        return error


@dataclass(frozen=True)
class Imported:
    added: int
    updated: int
    unchanged: int

    @property
    def sentence(self) -> str:
        """ "12 added, 40 updated" (and how many were already as the file says)."""
        words = f"{self.added} added, {self.updated} updated"
        return words + (f", {self.unchanged} unchanged" if self.unchanged else "")


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    reference: str | None
    sector: Sector
    phase: SchoolPhase | None
    district: str


def _names(labels: dict) -> dict[str, object]:
    """Each value by its value and label, folded: "post_16", "post 16", "post-16 establishment"."""
    names = {}
    for value, label in labels.items():
        for name in (value.value, value.value.replace("_", " "), label):
            names[_fold(name)] = value
    return names


def _fold(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


SECTOR_NAMES = _names(SECTOR_LABELS)
PHASE_NAMES = _names(PHASE_LABELS)


def import_organisations(session: Session, data: bytes, *, by_id: int, now: datetime) -> Imported:
    """Import the CSV file ``data`` into the register (see the module's docstring for the
    columns and how rows are matched), audited as "organisation.imported" with the counts.

    Raises BadImport ("bad_import") listing every bad line ("Line 7: sector 'Skool' is not one
    of ...") when the file is too big, not a CSV with name and sector columns, or has any bad
    row; nothing is then imported. Another import changing the same organisations at the same
    moment makes this one refused the same way.
    """
    rows, problems, named = _rows(data)
    existing = list(session.scalars(select(Organisation).with_for_update()))
    plan, more = _plan(rows, existing)
    problems = [f"Line {line}: {problem}" for line, problem in sorted(problems + more)]
    if problems:
        raise BadImport.of(problems)
    if not plan:
        raise BadImport.of(["The file has no organisations in it."])
    try:
        with session.begin_nested():
            imported = _apply(session, plan, named)
    except IntegrityError:
        raise BadImport.of(
            ["Another change to the register was made at the same moment. Import the file again."]
        ) from None
    record(
        session,
        actor_id=by_id,
        action="organisation.imported",
        subject_type="organisation",
        subject_id=None,
        now=now,
        added_count=imported.added,
        updated_count=imported.updated,
    )
    session.flush()
    return imported


def _text(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise BadImport.of([f"The file must be smaller than {MAX_IMPORT_BYTES // 1024} KB."])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows


def _rows(data: bytes) -> tuple[list[Row], list[tuple[int, str]], set[str]]:
    """The rows read, the lines that cannot be, and the columns the header names."""
    text = _text(data).replace("\x00", "")
    try:
        dialect = csv.Sniffer().sniff(text[:4096].split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader, [])
        columns = [COLUMNS.get(_fold(name)) for name in header]
        missing = [c for c in ("name", "sector") if c not in columns]
        if missing:
            raise BadImport.of(
                [
                    "The first line must name the columns, including "
                    + " and ".join(missing)
                    + " (and reference, phase and district if the file has them)."
                ]
            )
        rows, problems = [], []
        for cells in reader:
            if reader.line_num > MAX_ROWS + 1:
                raise BadImport.of([f"The file must have at most {MAX_ROWS:,} rows."])
            if not any(cell.strip() for cell in cells):
                continue
            values = {c: v for c, v in zip(columns, cells, strict=False) if c}
            row = _row(reader.line_num, values)
            if isinstance(row, Row):
                rows.append(row)
            else:
                problems.append((reader.line_num, row))
    except csv.Error:
        raise BadImport.of(
            [f"Line {reader.line_num}: this line cannot be read as CSV. Save the file as CSV."]
        ) from None
    return rows, problems, set(columns)


def _row(line: int, values: dict[str, str]) -> Row | str:
    name = " ".join(values.get("name", "").split())
    reference = values.get("reference", "").strip()
    district = " ".join(values.get("district", "").split())
    sector = SECTOR_NAMES.get(_fold(values.get("sector", "")))
    phase_text = values.get("phase", "").strip()
    phase = PHASE_NAMES.get(_fold(phase_text))
    if not name:
        return "the name is empty."
    if len(name) > 200:
        return "the name must be 200 characters or fewer."
    if len(reference) > 40:
        return "the reference must be 40 characters or fewer."
    if len(district) > 80:
        return "the district must be 80 characters or fewer."
    if sector is None:
        return (
            f"sector '{values.get('sector', '').strip()}' is not one of "
            + ", ".join(label for label in SECTOR_LABELS.values())
            + "."
        )
    if phase_text and phase is None:
        return f"phase '{phase_text}' is not one of " + ", ".join(PHASE_LABELS.values()) + "."
    if phase is not None and sector != Sector.SCHOOL:
        return f"only schools have a phase (this row's sector is {sector.label})."
    return Row(line, name, reference or None, sector, phase, district)


def _plan(rows: list[Row], existing: list[Organisation]):
    """Which organisation each row updates (None: a new one), and the lines that cannot be
    imported: a reference or a name twice in the file, or a row that would take another
    organisation's reference or name."""
    by_reference = {o.reference: o for o in existing if o.reference}
    by_name = {(o.name_key, o.sector): o for o in existing}
    plan, problems, seen_references, seen_names = [], [], {}, {}
    for row in rows:
        key = (organisation_key(row.name), row.sector)
        if row.reference and row.reference in seen_references:
            earlier = seen_references[row.reference]
            problems.append((row.line, f"reference {row.reference} is also on line {earlier}."))
            continue
        if key in seen_names:
            problems.append((row.line, f"{row.name} is also on line {seen_names[key]}."))
            continue
        seen_names[key] = row.line
        if row.reference:
            seen_references[row.reference] = row.line
        target, problem = _target(row, by_reference, by_name.get(key))
        if problem:
            problems.append((row.line, problem))
        else:
            plan.append((row, target))
    return plan, problems


def _target(row: Row, by_reference: dict, named: Organisation | None):
    """(the organisation the row updates, None for a new one; or why it cannot be imported)."""
    target = by_reference.get(row.reference) if row.reference else None
    if target is None and named is not None:
        if row.reference and named.reference:
            return None, (
                f"{named.name} is in the register with another reference ({named.reference})."
            )
        return named, None
    if named is not None and named is not target:
        return None, f"another organisation in the register is called {named.name}."
    return target, None


def _apply(session: Session, plan, named: set[str]) -> Imported:
    added = updated = unchanged = 0
    for row, organisation in plan:
        values = {
            "name": row.name,
            "name_key": organisation_key(row.name),
            "sector": row.sector,
            "phase": row.phase,
            "district": row.district,
        }
        if "district" not in named:
            del values["district"]
        if "phase" not in named and row.sector == Sector.SCHOOL:
            del values["phase"]
        if organisation is None:
            session.add(Organisation(reference=row.reference, **values))
            added += 1
            continue
        if row.reference:
            values["reference"] = row.reference
        changed = [f for f, v in values.items() if getattr(organisation, f) != v]
        for field in changed:
            setattr(organisation, field, values[field])
        updated, unchanged = (updated + 1, unchanged) if changed else (updated, unchanged + 1)
    session.flush()
    return Imported(added, updated, unchanged)
