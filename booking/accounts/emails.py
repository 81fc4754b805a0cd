"""Account emails: confirm your address (or a new one), your address changed, reset your
password, your password changed, you already have an account (registered with the outbox)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from booking.accounts import tokens
from booking.accounts.models import User
from booking.outbox.composing import Content, MailSettings, register
from booking.outbox.models import OutboxMessage


class AccountEmail(StrEnum):
    CONFIRM_EMAIL = "confirm_email"
    RESET_PASSWORD = "reset_password"
    ACCOUNT_EXISTS = "account_exists"
    CONFIRM_NEW_EMAIL = "confirm_new_email"
    EMAIL_CHANGED = "email_changed"
    PASSWORD_CHANGED = "password_changed"
    FINISH_ACCOUNT = "finish_account"


def _confirm_email(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    user = session.get(User, message.user_id)
    token = tokens.confirmation_token(settings.secret_key, user, message.payload.get("next"))
    return Content(
        subject="Confirm your email address",
        heading="Confirm your email address",
        paragraphs=[
            "You created an account to book training. Confirm your email address to "
            "start booking. The link works for 3 days."
        ],
        link=("Confirm your email address", settings.links.to("confirm_email", token=token)),
        after=["If you did not create an account, you can ignore this email."],
    )


def _reset_password(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    user = session.get(User, message.user_id)
    token = tokens.reset_token(settings.secret_key, user)
    return Content(
        subject="Reset your password",
        heading="Reset your password",
        paragraphs=[
            "Someone asked to reset the password for your account. The link works once, for 1 hour."
        ],
        link=("Choose a new password", settings.links.to("reset_password", token=token)),
        after=["If it was not you, ignore this email: your password stays the same."],
    )


def _finish_account(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    user = session.get(User, message.user_id)
    token = tokens.reset_token(settings.secret_key, user)
    return Content(
        subject="Choose a password for your training account",
        heading="Choose a password for your training account",
        paragraphs=[
            "You were added to a training event at its door, and someone has now asked to "
            "create an account with this email address. Choose a password to sign in and see "
            "your bookings. The link works once, for 1 hour."
        ],
        link=("Choose a password", settings.links.to("reset_password", token=token)),
        after=["If it was not you, ignore this email: nothing has changed."],
    )


def _account_exists(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    return Content(
        subject="You already have an account",
        heading="You already have an account",
        paragraphs=[
            "Someone tried to create an account to book training with this email address, "
            "which has an account already. If it was you, sign in. If you have forgotten "
            "your password, you can reset it from the sign-in page."
        ],
        link=("Sign in", settings.links.to("sign_in")),
        after=["If it was not you, ignore this email: nothing has changed."],
    )


def _confirm_new_email(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    user = session.get(User, message.user_id)
    token = tokens.new_email_token(settings.secret_key, user)
    return Content(
        subject="Confirm your new email address",
        heading="Confirm your new email address",
        paragraphs=[
            "You asked to use this email address for your training account. Until you confirm "
            "it, we keep sending emails to your old address. The link works for 3 days."
        ],
        link=(
            "Confirm your new email address",
            settings.links.to("confirm_new_email", token=token),
        ),
        after=["If you did not ask for this, you can ignore this email."],
    )


def _new_email_no_longer_pending(
    session: Session, message: OutboxMessage, _now: datetime
) -> str | None:
    user = session.get(User, message.user_id)
    if user is None or user.pending_email != message.to_address:
        return "The address is no longer waiting to be confirmed."
    return None


def _email_changed(_session: Session, _message: OutboxMessage, settings: MailSettings) -> Content:
    return Content(
        subject="Your email address has changed",
        heading="Your email address has changed",
        paragraphs=[
            "The email address of your training account has been changed. From now on we send "
            "emails about your bookings to the new address, not to this one."
        ],
        after=["If you did not change it, contact us at once: " + settings.links.to("contact")],
    )


def _password_changed(
    _session: Session, _message: OutboxMessage, settings: MailSettings
) -> Content:
    return Content(
        subject="Your password has changed",
        heading="Your password has changed",
        paragraphs=[
            "The password of your training account has been changed. Anywhere else you were "
            "signed in, you have been signed out."
        ],
        after=[
            "If you did not change it, reset your password from the sign-in page at once ("
            + settings.links.to("sign_in")
            + ") and contact us: "
            + settings.links.to("contact")
        ],
    )


register(AccountEmail.CONFIRM_EMAIL, _confirm_email)
register(AccountEmail.ACCOUNT_EXISTS, _account_exists)
register(AccountEmail.RESET_PASSWORD, _reset_password)
register(AccountEmail.FINISH_ACCOUNT, _finish_account)
register(AccountEmail.CONFIRM_NEW_EMAIL, _confirm_new_email, _new_email_no_longer_pending)
register(AccountEmail.EMAIL_CHANGED, _email_changed)
register(AccountEmail.PASSWORD_CHANGED, _password_changed)
