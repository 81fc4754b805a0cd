"""Accounts: registration, passwords (argon2id) and sign-in throttling held in the database."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Row, bindparam, delete, func, select
from sqlalchemy.orm import Session

from booking.models import LoginAttempt, MessageKind, Organisation, Role, Sector, User
from booking.services.errors import BadCredentials, EmailTaken, TooManyAttempts
from booking.services.outbox import enqueue

THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_CLIENT = 20

# argon2id with OWASP's recommended costs (19 MiB, 2 passes, 1 lane): 64 MiB per sign-in, the
# library default, would lift every web worker's peak memory by that much.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


def configure_password_hashing(*, time_cost: int, memory_cost: int, parallelism: int) -> None:
    """Change the argon2id costs (tests use cheap ones; production keeps the defaults)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


_users = User.__table__
# Built once, on the table rather than the mapped class: it runs on every signed-in request,
# where loading a whole User through the ORM costs several times the query.
_SIGNED_IN_IDENTITY = select(
    _users.c.id, _users.c.name, _users.c.role, _users.c.password_hash, _users.c.email_confirmed_at
).where(_users.c.id == bindparam("user_id"))


def signed_in_identity(session: Session, user_id: int) -> Row | None:
    """What a signed-in session needs of a person (id, name, role, password hash and when the
    address was confirmed), or None when there is no such person."""
    return session.connection().execute(_SIGNED_IN_IDENTITY, {"user_id": user_id}).one_or_none()


def normalise_email(email: str) -> str:
    return email.strip().lower()


@dataclass(frozen=True)
class Registration:
    name: str
    email: str
    job_title: str
    organisation: str
    sector: Sector
    password: str


def register(session: Session, details: Registration, *, now: datetime) -> User:
    """Create a professional's account, finding or creating their organisation, and email a
    link to confirm the address (booking needs a confirmed address).

    Raises EmailTaken ("email_taken") when the address already has an account.
    """
    email = normalise_email(details.email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailTaken(
            "An account with this email address already exists. Sign in instead.", field="email"
        )
    user = User(
        email=email,
        name=details.name.strip(),
        job_title=details.job_title.strip(),
        organisation=find_or_create_organisation(session, details.organisation, details.sector),
        role=Role.PROFESSIONAL,
        password_hash=hash_password(details.password),
        created_at=now,
    )
    session.add(user)
    session.flush()
    enqueue(session, MessageKind.CONFIRM_EMAIL, user, now=now)
    return user


def find_or_create_organisation(session: Session, name: str, sector: Sector) -> Organisation:
    """The organisation of that name (case and spacing ignored) in that sector."""
    name = " ".join(name.split())
    key = name.casefold()
    organisation = session.scalars(
        select(Organisation).where(Organisation.name_key == key, Organisation.sector == sector)
    ).one_or_none()
    if organisation is None:
        organisation = Organisation(name=name, name_key=key, sector=sector)
        session.add(organisation)
        session.flush()
    return organisation


def _throttle_key(kind: str, value: str) -> str:
    # Hashed so the table holds no email or IP address in clear.
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    client: str,
    now: datetime,
    allow_demo: bool,
) -> User:
    """The user with these credentials.

    Failures are recorded in the session: the caller commits even when this raises.
    Raises TooManyAttempts ("too_many_attempts") after 5 failures for an account or 20 from one
    client in 15 minutes, BadCredentials ("bad_credentials") otherwise, without saying whether the
    address has an account. Demo accounts sign in only when ``allow_demo``.
    """
    keys = [_throttle_key("account", normalise_email(email)), _throttle_key("client", client)]
    _ensure_not_throttled(session, keys, now)
    user = session.scalars(select(User).where(User.email == normalise_email(email))).one_or_none()
    password_ok = _verify(user.password_hash if user else None, password)
    if user is None or not password_ok or (user.is_demo and not allow_demo):
        session.add_all(LoginAttempt(key=key, attempted_at=now) for key in keys)
        session.flush()
        raise BadCredentials("Enter a correct email address and password.")
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == keys[0]))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


_DUMMY_HASH = None


def _verify(password_hash: str | None, password: str) -> bool:
    global _DUMMY_HASH
    if password_hash is None:  # spend the same time as a real check, so timing reveals nothing
        _DUMMY_HASH = _DUMMY_HASH or hash_password("not a real password")
        password_hash = _DUMMY_HASH
        password = password + "-no-account"
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _ensure_not_throttled(session: Session, keys: list[str], now: datetime) -> None:
    _serialise_attempts(session, keys[0])
    since = now - THROTTLE_WINDOW
    limits = dict(zip(keys, (MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_CLIENT), strict=True))
    for key, count in session.execute(
        select(LoginAttempt.key, func.count())
        .where(LoginAttempt.key.in_(keys), LoginAttempt.attempted_at > since)
        .group_by(LoginAttempt.key)
    ):
        if count >= limits[key]:
            raise TooManyAttempts(
                "Too many failed attempts to sign in. Wait 15 minutes, then try again."
            )


def _serialise_attempts(session: Session, account_key: str) -> None:
    """Let one sign-in at a time count, check and record failures for an account, so parallel
    guesses cannot all slip under the limit. SQLite's writer transaction already does this; on
    PostgreSQL a transaction-scoped advisory lock on the account's key does."""
    if session.bind.dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(int(account_key[:15], 16))))
