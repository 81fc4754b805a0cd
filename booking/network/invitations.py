"""Adding people to a network by address (typed one a line, or a CSV file with an email
column): double opt-in. Each is INVITED and emailed a signed link; only their yes makes them a
member who is sent notices. An address with no account becomes a placeholder person
(``accounts.services.placeholder_for``), who can claim the account later."""

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.services import (
    addressee,
    normalise_email,
    placeholder_for,
    written_unless_a_twin,
)
from booking.audit.services import record
from booking.core.errors import InvalidLink, Refused
from booking.core.formatting import without_control_characters
from booking.network.links import CONFIRM_MAX_AGE, read, sign
from booking.network.models import Network, Subscription, SubscriptionStatus
from booking.network.networks import network
from booking.outbox.queue import enqueue

INVITATION_EMAIL = "network_invitation"
MAX_ADDRESSES = 1000
MAX_UPLOAD_BYTES = 512 * 1024


class BadAddresses(Refused):
    """Addresses to invite that cannot be read: ``problems`` names each line."""

    code = "bad_addresses"


@dataclass(frozen=True)
class Invited:
    invited: int  # emailed an invitation now
    already: int  # members already, or invited before
    left: int  # left the network themselves: not asked again


def _lines(typed: str, upload: bytes | None) -> list[tuple[str, str, str]]:
    """(where, address, name) for each address typed (one a line) or in the file's email
    column (with its name column when it has one)."""
    found = [
        (f"Line {n}", line.strip(), "")
        for n, line in enumerate(typed.splitlines(), 1)
        if line.strip()
    ]
    if not upload:
        return found
    if len(upload) > MAX_UPLOAD_BYTES:
        raise BadAddresses("The file must be smaller than 512 KB.", field="upload")
    text = upload.decode("utf-8-sig", errors="replace").replace("\x00", "")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise BadAddresses(
            "The file cannot be read as CSV. Save it as CSV.", field="upload"
        ) from None
    header = [cell.strip().lower() for cell in (rows[0] if rows else [])]
    column = next((i for i, h in enumerate(header) if h in ("email", "email address")), None)
    if column is None:
        raise BadAddresses("The file's first line must name an email column.", field="upload")
    named = header.index("name") if "name" in header else None
    for n, cells in enumerate(rows[1:], 2):
        if len(cells) > column and cells[column].strip():
            name = cells[named] if named is not None and len(cells) > named else ""
            found.append((f"File line {n}", cells[column].strip(), _clean_name(name)))
    return found


def _clean_name(name: str) -> str:
    """A name from a file as a typed name is kept: no control or bidirectional characters."""
    return without_control_characters(name).strip()[:120]


def addresses_to_invite(typed: str, upload: bytes | None) -> list[tuple[str, str]]:
    """The (address, name) pairs to invite, each address once, normalised. Raises
    BadAddresses ("bad_addresses") naming every line that is not an email address (by line
    number: addresses never go in flashed messages), or when there are none or too many."""
    found, problems, seen = [], [], set()
    for where, text, name in _lines(typed, upload):
        try:
            validate_email(text, check_deliverability=False)
        except EmailNotValidError:
            problems.append(f"{where} is not an email address")
            continue
        if len(text) <= 254 and normalise_email(text) not in seen:
            seen.add(normalise_email(text))
            found.append((normalise_email(text), name))
    if problems:
        error = BadAddresses(problems[0], field="addresses")
        error.problems = tuple(("addresses", p) for p in problems[:20])
        raise error
    if not found:
        raise BadAddresses("Enter at least one email address, or choose a file", field="addresses")
    if len(found) > MAX_ADDRESSES:
        raise BadAddresses(f"Invite at most {MAX_ADDRESSES} people at once", field="addresses")
    return found


def invite_people(
    session: Session,
    *,
    network_id: int,
    typed: str,
    upload: bytes | None,
    by_id: int,
    now: datetime,
) -> Invited:
    """Invite people to a network by address: an existing account, or a new placeholder
    person. Each new one is INVITED and emailed a link to say yes; members and people invited
    before are left as they are, and so are people who left by themselves (they rejoin from
    their account). Audited "network.invited" with how many. Raises NotFound ("not_found"),
    BadAddresses ("bad_addresses")."""
    network(session, network_id)
    outcomes = [
        _invite_one(session, network_id, email, name, by_id, now)
        for email, name in addresses_to_invite(typed, upload)
    ]
    invited = outcomes.count("invited")
    record(
        session,
        actor_id=by_id,
        action="network.invited",
        subject_type="network",
        subject_id=network_id,
        now=now,
        added_count=invited,
    )
    return Invited(invited, outcomes.count("already"), outcomes.count("left"))


def _invite_one(session: Session, network_id: int, email: str, name: str, by_id, now) -> str:
    """Invite one address: "invited", or "already" (a member, or invited before), or "left"
    (left by themselves: not asked again)."""
    person = placeholder_for(session, name=name, email=email, organisation="", sector=None, now=now)
    session.flush()
    held = session.scalars(
        select(Subscription).where(
            Subscription.network_id == network_id, Subscription.person_id == person.id
        )
    ).one_or_none()
    if held is not None:
        return "left" if held.status == SubscriptionStatus.LEFT else "already"
    made = Subscription(
        network_id=network_id,
        person_id=person.id,
        status=SubscriptionStatus.INVITED,
        added_by_id=by_id,
        created_at=now,
    )
    if not written_unless_a_twin(session, lambda: session.add(made)):
        return "already"
    enqueue(session, INVITATION_EMAIL, addressee(person), now=now, payload={"s": made.id})
    return "invited"


def invitation_token(secret: str, subscription: Subscription) -> str:
    """The signed link of an invitation: the subscription's id with its person's and
    network's, so a row id reused after a withdrawn invitation makes no one else a member."""
    return sign(
        secret,
        "invitation",
        {"s": subscription.id, "p": subscription.person_id, "n": subscription.network_id},
    )


def _invitation(session: Session, secret: str, token: str, now: datetime) -> Subscription:
    data = read(secret, "invitation", token, max_age=CONFIRM_MAX_AGE, now=now)
    held = session.get(Subscription, data["s"]) if isinstance(data.get("s"), int) else None
    if (
        held is None
        or held.person_id is None
        or (data.get("p"), data.get("n")) != (held.person_id, held.network_id)
    ):
        raise InvalidLink("This invitation was withdrawn.")
    return held


def invitation_network(session: Session, *, secret: str, token: str, now: datetime) -> Network:
    """The network an invitation link asks the person to join. Raises InvalidLink
    ("invalid_link") for a link tampered with, expired or withdrawn."""
    return _invitation(session, secret, token, now).network


def accept_invitation(session: Session, *, secret: str, token: str, now: datetime) -> Network:
    """The person says yes to an invitation: their subscription is ACTIVE from now (the yes
    proves the address). Accepting twice changes nothing. Audited "network.joined". Raises
    InvalidLink ("invalid_link") for a link tampered with, expired or withdrawn."""
    held = _invitation(session, secret, token, now)
    session.refresh(held, with_for_update=True)
    if held.status != SubscriptionStatus.ACTIVE:
        held.status, held.confirmed_at, held.left_at = SubscriptionStatus.ACTIVE, now, None
        session.flush()
        record(
            session,
            actor_id=held.person_id,
            action="network.joined",
            subject_type="network",
            subject_id=held.network_id,
            now=now,
            subscriber=f"p{held.person_id}",
            via="invitation",
        )
    return held.network
