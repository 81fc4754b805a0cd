"""The register of organisations: organisers curate it at /manage/organisations (search,
correct, merge duplicates, import the county's list); anyone registering finds theirs in it as
they type (/organisations/search, the autocomplete's source)."""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from booking.accounts import organisation_import, organisations
from booking.accounts.forms import ImportForm, OrganisationForm
from booking.accounts.models import PHASE_LABELS, SECTOR_LABELS, Sector
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.core.formatting import without_control_characters
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm, add_service_error
from booking.web.security import organisers_only

bp = Blueprint("organisations", __name__)

MAX_QUERY = 200


def _query_text() -> str:
    return without_control_characters(request.args.get("q", ""))[:MAX_QUERY].strip()


def _sector_arg() -> Sector | None:
    value = request.args.get("sector", "")
    return next((sector for sector in Sector if sector.value == value), None)


@bp.get("/organisations/search")
def search():
    """Up to 20 organisations of the register whose names hold every word of ``q``: names and
    sectors only (anyone registering may ask)."""
    found = organisations.suggest(db(), _query_text())
    return jsonify(
        organisations=[
            {"name": s.name, "sector": s.sector.value, "sector_label": s.sector.label}
            for s in found
        ]
    )


@bp.get("/manage/organisations")
@organisers_only
def register():
    """The register, 50 to a page by name, narrowed by words of the name and by sector."""
    text, sector = _query_text(), _sector_arg()
    page = request.args.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 7 else 1
    found = organisations.register_page(db(), text=text, sector=sector, page=number)
    query = {"q": text, "sector": sector.value if sector else ""}
    page_url = lambda n: url_for(".register", page=n, **{k: v for k, v in query.items() if v})  # noqa: E731
    return render_template(
        "organisations/register.html",
        found=found,
        text=text,
        sector=sector,
        sectors=SECTOR_LABELS,
        phases=PHASE_LABELS,
        previous=page_url(found.page - 1) if found.page > 1 else None,
        next=page_url(found.page + 1) if found.page < found.pages else None,
    )


@bp.route("/manage/organisations/<int:organisation_id>", methods=["GET", "POST"])
@organisers_only
def edit(organisation_id: int):
    """Correct an organisation: its name, sector, phase, district and reference."""
    organisation = organisations.read_organisation(db(), organisation_id)
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            changed = carry_out(
                organisations.change_organisation,
                organisation_id=organisation_id,
                change=form.change(),
                by_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal, default_field="name")
        else:
            flash("Organisation saved." if changed else "Nothing needed changing.", "success")
            return redirect(url_for(".edit", organisation_id=organisation_id))
    if not form.is_submitted():
        form.fill_from(organisation)
    people = organisations.people_in(db(), organisation_id)
    return render_template(
        "organisations/edit.html", form=form, organisation=organisation, people=people
    )


@bp.get("/manage/organisations/<int:organisation_id>/merge")
@organisers_only
def merge(organisation_id: int):
    """Choose the organisation to keep, this one being its duplicate: the register searched by
    ``q`` (at first, this one's name's first word)."""
    duplicate = organisations.read_organisation(db(), organisation_id)
    text = _query_text() if "q" in request.args else " ".join(duplicate.name.split()[:1])
    found = [
        row
        for row in organisations.register_page(db(), text=text).rows
        if row.id != organisation_id
    ]
    return render_template(
        "organisations/merge.html",
        duplicate=duplicate,
        found=found,
        text=text,
        sectors=SECTOR_LABELS,
    )


@bp.route(
    "/manage/organisations/<int:organisation_id>/merge/<int:kept_id>", methods=["GET", "POST"]
)
@organisers_only
def confirm_merge(organisation_id: int, kept_id: int):
    """Confirm merging this organisation into the one kept, saying how many people move."""
    duplicate = organisations.read_organisation(db(), organisation_id)
    kept = organisations.read_organisation(db(), kept_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            merged = carry_out(
                organisations.merge,
                kept_id=kept_id,
                merged_id=organisation_id,
                by_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            flash(refusal.message, "error")
            return redirect(url_for(".register"))
        moved = "1 person" if merged.people == 1 else f"{merged.people} people"
        flash(f"{merged.merged_name} merged into {merged.kept_name}: {moved} moved.", "success")
        return redirect(url_for(".edit", organisation_id=kept_id))
    people = organisations.people_in(db(), organisation_id)
    return render_template(
        "organisations/confirm_merge.html",
        form=form,
        duplicate=duplicate,
        kept=kept,
        people=people,
        same=kept_id == organisation_id,
    )


@bp.route("/manage/organisations/import", methods=["GET", "POST"])
@organisers_only
def import_file():
    """Import a CSV of the county's schools and settings: all of it, or, with any bad row,
    none of it and every bad line listed."""
    form, problems = ImportForm(), []
    if form.validate_on_submit():
        try:
            imported = carry_out(
                organisation_import.import_organisations,
                form.file.data.read(organisation_import.MAX_IMPORT_BYTES + 1),
                by_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            # a line's problems listed under the field; a whole file's, on it
            problems = [problem for _, problem in refusal.problems]
            lines = problems[0].startswith("Line ")
            form.file.errors = [
                "The file was not imported: correct the lines listed" if lines else problems[0]
            ]
            problems = problems if lines else []
        else:
            flash(f"Organisations imported: {imported.sentence}.", "success")
            return redirect(url_for(".register"))
    return render_template(
        "organisations/import.html",
        form=form,
        problems=problems,
        sectors=SECTOR_LABELS,
        phases=PHASE_LABELS,
    )
