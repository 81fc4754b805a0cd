"""The networks' and subscriptions' pages: organisers manage networks and their members, a
person joins and leaves from their account, a training lead names a shared alerts address, and
the emailed links (an invitation, a shared address's confirmation, one-click unsubscribe)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from booking.accounts.leads import led_organisation_id
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.core.formatting import whole_number, without_control_characters
from booking.network import (
    invitations,
    networks,
    shared_addresses,
    subscription_emails,
    subscriptions,
)
from booking.network.links import read_unsubscribe_token
from booking.network.subscription_forms import (
    ChoiceForm,
    InviteForm,
    NetworkForm,
    RemoveForm,
    SharedAddressForm,
)
from booking.network.views import bp
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm, add_service_error
from booking.web.navigation import page_number
from booking.web.security import csrf, organisers_only

del subscription_emails  # imported for the kinds of email it registers


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


@bp.route("/manage/networks", methods=["GET", "POST"])
@organisers_only
def manage_networks():
    """Every network with its active and invited members; create a network."""
    form = NetworkForm()
    if form.validate_on_submit():
        try:
            made = carry_out(
                networks.create_network,
                name=form.name.data,
                description=form.description.data or "",
                by_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal, "name")
        else:
            flash("Network created", "success")
            return redirect(url_for(".manage_network", network_id=made.id))
    return render_template(
        "network/networks_list.html", form=form, networks=networks.network_summaries(db())
    )


@bp.route("/manage/networks/<int:network_id>", methods=["GET", "POST"])
@organisers_only
def manage_network(network_id: int):
    """A network's members (searched, 50 to a page); rename it, invite people, remove one."""
    found = networks.network(db(), network_id)
    action = request.form.get("action", "") if request.method == "POST" else ""
    if action == "remove":
        _remove_member(network_id)
        return redirect(url_for(".manage_network", network_id=network_id))
    rename = (
        NetworkForm(obj=found) if action == "network" else NetworkForm(formdata=None, obj=found)
    )
    invite = InviteForm() if action == "invite" else InviteForm(formdata=None)
    rename.submit.label.text = "Save changes"
    if (action == "network" and _renamed(rename, network_id)) or (
        action == "invite" and _invited(invite, network_id)
    ):
        return redirect(url_for(".manage_network", network_id=network_id))
    return _network_page(found, rename, invite)


def _renamed(rename: NetworkForm, network_id: int) -> bool:
    """Rename the network from the form; True when done (a refusal is shown on the form)."""
    if not rename.validate_on_submit():
        return False
    done = _done(
        rename,
        "name",
        networks.rename_network,
        network_id=network_id,
        name=rename.name.data,
        description=rename.description.data or "",
    )
    if done:
        flash("Network changed", "success")
    return bool(done)


def _invited(invite: InviteForm, network_id: int) -> bool:
    """Invite the addresses typed or uploaded; True when done (a refusal is on the form)."""
    if not invite.validate_on_submit():
        return False
    upload = (
        invite.upload.data.read(invitations.MAX_UPLOAD_BYTES + 1) if invite.upload.data else None
    )
    done = _done(
        invite,
        "addresses",
        invitations.invite_people,
        network_id=network_id,
        typed=invite.addresses.data or "",
        upload=upload,
    )
    if done:
        flash(_invited_sentence(done), "success")
    return bool(done)


def _remove_member(network_id: int) -> None:
    remove = RemoveForm()
    if remove.validate_on_submit():
        carry_out(
            networks.remove_member,
            network_id=network_id,
            subscription_id=remove.subscription_id.data,
            by_id=current_user.id,
            now=utcnow(),
        )
        flash("Member removed", "success")


def _network_page(found, rename: NetworkForm, invite: InviteForm):
    """The network's page with its members, and the forms' errors (400) when there are any."""
    search = without_control_characters(request.args.get("q", ""))[:100]
    page = networks.members_page(
        db(), found.id, search=search, page=page_number(request.args.get("page"))
    )
    errors = rename.errors or invite.errors
    return render_template(
        "network/networks_network.html",
        network=found,
        rename=rename,
        invite=invite,
        form=(rename if rename.errors else invite) if errors else None,
        remove=RemoveForm(formdata=None),
        members=page,
        search=search,
    ), (400 if errors else 200)


def _done(form, field: str, service, **values):
    """Carry out the service for an organiser; a refusal is shown on the form (never flashed:
    it may quote what was typed). Returns the result, or None when refused."""
    try:
        return carry_out(service, **values, by_id=current_user.id, now=utcnow()) or True
    except Refused as refusal:
        add_service_error(form, refusal, field)
        return None


def _invited_sentence(done: invitations.Invited) -> str:
    words = [f"Invited: {done.invited}"]
    if done.already:
        words.append(f"members or invited already: {done.already}")
    if done.left:
        words.append(f"left by themselves, not invited again: {done.left}")
    return "; ".join(words)


@bp.route("/account/networks", methods=["GET", "POST"])
@login_required
def your_networks():
    """Every network with Join or Leave (and Accept for an invitation waiting)."""
    form = ChoiceForm()
    if form.validate_on_submit():
        service = {
            "join": subscriptions.join_network,
            "accept": subscriptions.join_network,
            "leave": subscriptions.leave_network,
        }.get(form.action.data)
        if service is None:
            abort(400)
        try:
            name = carry_out(
                service, network_id=form.network_id.data, person_id=current_user.id, now=utcnow()
            )
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            done = "left" if form.action.data == "leave" else "joined"
            flash(f"You have {done} {name}", "success")
        return redirect(url_for(".your_networks"))
    if form.is_submitted():
        abort(400)
    return render_template(
        "network/subscription_yours.html",
        networks=subscriptions.your_networks(db(), current_user.id),
        confirmed=current_user.email_confirmed,
    )


@bp.route("/networks/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """The link in an invitation: "Join <network>?", and the button that says yes."""
    form = ConfirmForm()
    try:
        if form.validate_on_submit():
            joined = carry_out(
                invitations.accept_invitation, secret=_secret(), token=token, now=utcnow()
            )
            return render_template(
                "network/subscription_invitation.html", network=joined, done=True
            )
        found = invitations.invitation_network(db(), secret=_secret(), token=token, now=utcnow())
    except Refused as refusal:
        return _link_problem(refusal)
    return render_template(
        "network/subscription_invitation.html", network=found, done=False, form=form
    )


def _link_problem(refusal: Refused):
    return render_template("network/subscription_link_problem.html", message=refusal.message), 400


@bp.route("/lead/alerts-address", methods=["GET", "POST"])
@login_required
def shared_address():
    """The organisation's shared alerts address and its networks: its training lead's own
    organisation, or for an organiser any (``?organisation=<id>``)."""
    if current_user.is_organiser and not request.args.get("organisation"):
        return _choose_organisation()
    organisation_id = _organisation_asked()
    view = shared_addresses.shared_address_view(
        db(), organisation_id=organisation_id, person_id=current_user.id
    )
    form = SharedAddressForm()
    form.networks.choices = view.networks
    if form.validate_on_submit():
        try:
            named = carry_out(
                shared_addresses.name_shared_address,
                organisation_id=organisation_id,
                email=form.email.data,
                network_ids=form.networks.data or [],
                by_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal, "email")
        else:
            flash(
                "We have emailed the address a link to confirm it"
                if named.needs_confirming
                else "Saved",
                "success",
            )
            return redirect(
                url_for(".shared_address", organisation=request.args.get("organisation") or None)
            )
    elif not form.is_submitted():
        form.email.data = view.email
        form.networks.data = sorted(view.network_ids)
    status = 400 if form.errors else 200
    return render_template("network/subscription_shared_address.html", form=form, view=view), status


def _organisation_asked() -> int:
    asked = request.args.get("organisation", "")
    if asked:
        number = whole_number(asked)
        if number is None:
            abort(404)
        return number
    own = led_organisation_id(db(), current_user.id)
    if own is None:
        abort(403)
    return own


def _choose_organisation():
    flash("Choose an organisation, then name its shared alerts address", "info")
    return redirect(url_for("organisations.register"))


@bp.route("/networks/shared-address/<token>", methods=["GET", "POST"])
def confirm_shared_address(token: str):
    """The link sent to a shared address: confirm it, so it receives its networks' messages."""
    form = ConfirmForm()
    try:
        if form.validate_on_submit():
            address = carry_out(
                shared_addresses.confirm_shared_address, secret=_secret(), token=token, now=utcnow()
            )
            return render_template(
                "network/subscription_confirm_address.html", address=address, done=True
            )
        address = shared_addresses.address_to_confirm(
            db(), secret=_secret(), token=token, now=utcnow()
        )
    except Refused as refusal:
        return _link_problem(refusal)
    return render_template(
        "network/subscription_confirm_address.html", address=address, done=False, form=form
    )


@bp.route("/networks/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # one-click unsubscribe (RFC 8058) posts without a form; the signed token is proof
def unsubscribe(token: str):
    """Stop getting a notice's networks' messages: a button, or a mail client's one click."""
    form = ConfirmForm(meta={"csrf": False})
    try:
        notice_id, recipient = read_unsubscribe_token(_secret(), token, now=utcnow())
        if form.is_submitted():
            names = carry_out(
                subscriptions.leave_by_unsubscribe,
                notice_id=notice_id,
                recipient=recipient,
                now=utcnow(),
            )
            return render_template(
                "network/subscription_unsubscribe.html",
                names=names,
                done=True,
                person=recipient.person_id is not None,
            )
        names = subscriptions.notice_network_names(db(), notice_id)
    except Refused as refusal:
        return _link_problem(refusal)
    left = subscriptions.has_left(db(), notice_id=notice_id, recipient=recipient)
    return render_template(
        "network/subscription_unsubscribe.html",
        names=names,
        done=left,
        already=left,
        person=recipient.person_id is not None,
        form=form,
    )
