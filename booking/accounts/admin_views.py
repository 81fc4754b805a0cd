"""Organisers' pages about people: find an account, and change its role."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from booking.accounts.changes import read_account
from booking.accounts.forms import PeopleSearchForm, RoleForm
from booking.accounts.models import Role
from booking.accounts.roles import ROLE_LABELS, change_role, find_people
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.web.database import carry_out, db
from booking.web.forms import add_service_error
from booking.web.security import organisers_only

bp = Blueprint("people", __name__, url_prefix="/admin/people")


@bp.route("", methods=["GET", "POST"])
@organisers_only
def people():
    """Everyone with an open account, the first 50 by name; the search form (a POST, so no
    name or email address is put in the page's address) narrows them by name or email
    address. A search that is not valid shows its error and no list."""
    form = PeopleSearchForm()
    searched = form.validate_on_submit()
    text = (form.q.data or "").strip() if searched else ""
    found = None if form.errors else find_people(db(), text=text)
    return render_template(
        "admin/people.html",
        form=form,
        found=found,
        text=text,
        role_labels=ROLE_LABELS,
    )


@bp.route("/<int:person_id>", methods=["GET", "POST"])
@organisers_only
def person(person_id: int):
    """A person's account, and the form to change their role."""
    user = read_account(db(), person_id)
    form = RoleForm()
    if not form.is_submitted():
        form.role.data = user.role.value
    if form.validate_on_submit():
        try:
            carry_out(
                change_role,
                person_id=user.id,
                role=Role(form.role.data),
                actor_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal, default_field="role")
        else:
            label = ROLE_LABELS[Role(form.role.data)].lower()
            flash(f"{user.name}'s role is now {label}.", "success")
            return redirect(url_for("people.person", person_id=user.id))
    return render_template(
        "admin/person.html",
        user=user,
        form=form,
        role_labels=ROLE_LABELS,
        own=user.id == current_user.id,
    )
