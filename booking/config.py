"""Configuration from environment variables, with safe production defaults; refuses to start
outside demo mode without the partnership's details."""

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(instance_path: str, overrides: dict) -> dict:
    """Settings read from ``BOOKING_*`` variables and ``DATABASE_URL``, then ``overrides``; see
    the README. A secret is kept under instance/ only when neither gives one."""
    demo = _flag("BOOKING_DEMO")
    secret = (
        overrides.get("SECRET_KEY")
        or os.environ.get("SECRET_KEY")
        or _instance_secret(Path(instance_path))
    )
    settings = {
        "SECRET_KEY": secret,
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{Path(instance_path) / 'booking.sqlite3'}"
        ),
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "DEMO": demo,
        **{setting: os.environ.get(variable) for setting, (variable, _) in PARTNERSHIP.items()},
        "SESSION_COOKIE_SECURE": _flag("BOOKING_SECURE_COOKIES", default=not demo),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # The session cookie ends with the browser, and is refused once it is 4 hours old (a
        # shared PC); signing out ends it at once (booking.web.security).
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=4),
        "REMEMBER_COOKIE_SECURE": _flag("BOOKING_SECURE_COOKIES", default=not demo),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "PASSWORD_HASH_COSTS": None,
        "PROXY_HOPS": int(os.environ.get("BOOKING_PROXY_HOPS", "0")),
        "SMTP_HOST": os.environ.get("BOOKING_SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("BOOKING_SMTP_PORT", "587")),
        "SMTP_SECURITY": os.environ.get("BOOKING_SMTP_SECURITY", "starttls"),
        "SMTP_USERNAME": os.environ.get("BOOKING_SMTP_USERNAME", ""),
        "SMTP_PASSWORD": os.environ.get("BOOKING_SMTP_PASSWORD", ""),
        "MAIL_SENDER": os.environ.get("BOOKING_MAIL_SENDER", "training@localhost"),
        "MAIL_SENDER_NAME": os.environ.get("BOOKING_MAIL_SENDER_NAME", ""),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("BOOKING_MAIL_MAX_ATTEMPTS", "8")),
        "MAIL_DIRECTORY": str(Path(instance_path) / "mail"),
        # A place cancelled less than this many hours before the event starts is a late
        # cancellation in the event's attendance figures.
        "LATE_CANCELLATION_HOURS": int(os.environ.get("BOOKING_LATE_CANCELLATION_HOURS", "48")),
    } | overrides
    return settings | _partnership_or_refuse(settings)


# Who runs the service (the data controller the statutory pages name): setting, its variable,
# and the made-up value a demo uses (a drama phone number, .example addresses).
PARTNERSHIP = {
    "PARTNERSHIP_NAME": ("BOOKING_PARTNERSHIP_NAME", "Safeguarding Children Partnership"),
    "PARTNERSHIP_ADDRESS": (
        "BOOKING_PARTNERSHIP_ADDRESS",
        "County Hall, Market Street, Exampleton, EX1 1AA",
    ),
    "PARTNERSHIP_EMAIL": ("BOOKING_PARTNERSHIP_EMAIL", "safeguarding.partnership@council.example"),
    "PARTNERSHIP_PHONE": ("BOOKING_PARTNERSHIP_PHONE", "01632 960 001"),
    "PARTNERSHIP_DPO_EMAIL": ("BOOKING_PARTNERSHIP_DPO_EMAIL", "data.protection@council.example"),
}


class MissingSettings(RuntimeError):
    """The app cannot start as configured; the message says which settings to give."""


def _partnership_or_refuse(settings: dict) -> dict:
    """The partnership's details: as given, made up in a demo, and otherwise a refusal to
    start rather than a privacy notice naming a data controller that does not exist."""
    missing = [setting for setting in PARTNERSHIP if not settings.get(setting)]
    if missing and not settings["DEMO"]:
        variables = ", ".join(PARTNERSHIP[setting][0] for setting in missing)
        raise MissingSettings(
            f"Set {variables}: the privacy notice and contact page name the partnership that "
            "runs the service as the data controller. (BOOKING_DEMO=1 runs a demo with "
            "made-up details instead.)"
        )
    return {setting: settings.get(setting) or PARTNERSHIP[setting][1] for setting in PARTNERSHIP}


@dataclass(frozen=True)
class Partnership:
    """Who runs the service, as the statutory pages name them (the data controller)."""

    name: str
    address: str
    email: str
    phone: str
    dpo_email: str  # the data protection officer


def partnership(config: Mapping) -> Partnership:
    return Partnership(
        name=config["PARTNERSHIP_NAME"],
        address=config["PARTNERSHIP_ADDRESS"],
        email=config["PARTNERSHIP_EMAIL"],
        phone=config["PARTNERSHIP_PHONE"],
        dpo_email=config["PARTNERSHIP_DPO_EMAIL"],
    )


def _instance_secret(instance: Path) -> str:
    """A random secret kept in instance/ so sessions survive restarts of a single machine.

    Several instances must share ``SECRET_KEY`` through the environment instead.
    """
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    try:  # exclusive create: two workers starting together agree on one secret
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
