"""Account emails: confirm your address, reset your password, you already have an account
(registered with the outbox)."""

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


register(AccountEmail.CONFIRM_EMAIL, _confirm_email)
register(AccountEmail.ACCOUNT_EXISTS, _account_exists)
register(AccountEmail.RESET_PASSWORD, _reset_password)
