"""The forms of the account pages."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from booking.accounts.changes import AccountDetails
from booking.accounts.models import SECTOR_LABELS, Sector, User
from booking.accounts.roles import MAX_SEARCH_LENGTH, ROLE_LABELS
from booking.accounts.services import Registration
from booking.web.forms import Form


def existing_email_field() -> EmailField:
    """The address of an account (signing in, asking for a reset): not checked for format, so
    any typo gets the same answer as a wrong password."""
    return EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )


def new_password_field(label: str) -> PasswordField:
    """A field for choosing a password: 10 to 200 characters."""
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        description="At least 10 characters",
        validators=[
            InputRequired("Enter a password"),
            Length(min=10, max=200, message="Password must be between 10 and 200 characters"),
        ],
    )


def confirm_password_field() -> PasswordField:
    """A field repeating the new password, which must match it."""
    return PasswordField(
        "Confirm password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Confirm your password"),
            EqualTo("password", message="Passwords must match"),
        ],
    )


class PersonForm(Form):
    """Who a person is: asked when they register, changed in their account."""

    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter your full name"),
            Length(max=120, message="Full name must be 120 characters or fewer"),
        ],
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="We will send booking confirmations here",
        validators=[
            InputRequired("Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(
                "Enter an email address in the correct format, like name@example.org",
                check_deliverability=False,
                allow_smtputf8=False,  # mail relays may refuse non-ASCII addresses
            ),
        ],
    )
    job_title = StringField(
        "Job title",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter your job title"),
            Length(max=120, message="Job title must be 120 characters or fewer"),
        ],
    )
    organisation = StringField(
        "Organisation",
        widget=GovTextInput(),
        description="For example, the name of your school, team or service",
        validators=[
            InputRequired("Enter the name of your organisation"),
            Length(max=200, message="Organisation must be 200 characters or fewer"),
        ],
    )
    sector = RadioField(
        "Which sector do you work in?",
        widget=GovRadioInput(),
        choices=[SelectChoice(sector.value, label) for sector, label in SECTOR_LABELS.items()],
        validators=[InputRequired("Select the sector you work in")],
    )


class RegisterForm(PersonForm):
    password = new_password_field("Create a password")
    confirm_password = confirm_password_field()
    submit = SubmitField("Create account", widget=GovSubmitInput())

    def registration(self) -> Registration:
        """The form's values as the domain's Registration."""
        return Registration(
            name=self.name.data,
            email=self.email.data,
            job_title=self.job_title.data,
            organisation=self.organisation.data,
            sector=Sector(self.sector.data),
            password=self.password.data,
        )


def current_password_field(
    description: str = "", label: str = "Your password", required: str | None = None
) -> PasswordField:
    """The person's password, asked again before a change a borrowed session must not make
    (the view checks it: ``account_views.password_confirmed``); ``required``, the message when
    it is always needed."""
    too_long = Length(max=200, message="Password must be 200 characters or fewer")
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        description=description,
        validators=[InputRequired(required), too_long] if required else [too_long],
    )


class AccountDetailsForm(PersonForm):
    password = current_password_field("Only needed if you change your email address")
    submit = SubmitField("Save changes", widget=GovSubmitInput())

    def fill_from(self, user: User) -> None:
        """Start from what the account holds (the pending address, if one is waiting)."""
        self.name.data = user.name
        self.email.data = user.pending_email or user.email
        self.job_title.data = user.job_title
        if user.organisation is not None:
            self.organisation.data = user.organisation.name
            self.sector.data = user.organisation.sector.value

    def details(self) -> AccountDetails:
        """The form's values as the domain's AccountDetails."""
        return AccountDetails(
            name=self.name.data,
            email=self.email.data,
            job_title=self.job_title.data,
            organisation=self.organisation.data,
            sector=Sector(self.sector.data),
        )


class ChangePasswordForm(Form):
    current_password = current_password_field(
        label="Current password", required="Enter your current password"
    )
    password = new_password_field("New password")
    confirm_password = confirm_password_field()
    submit = SubmitField("Change password", widget=GovSubmitInput())


class CloseAccountForm(Form):
    password = current_password_field()
    submit = SubmitField("Close my account", widget=GovSubmitInput())


class SignInForm(Form):
    email = existing_email_field()
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Enter your password"),
            Length(max=200, message="Password must be 200 characters or fewer"),
        ],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SignOutForm(Form):
    submit = SubmitField("Sign out", widget=GovSubmitInput())


class ForgotPasswordForm(Form):
    email = existing_email_field()
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class NewPasswordForm(Form):
    password = new_password_field("New password")
    confirm_password = confirm_password_field()
    submit = SubmitField("Save password", widget=GovSubmitInput())


class RemindersForm(Form):
    reminders = RadioField(
        "Do you want reminder emails before your events?",
        widget=GovRadioInput(),
        choices=[SelectChoice("on", "Yes"), SelectChoice("off", "No")],
        validators=[InputRequired("Select yes if you want reminder emails")],
    )
    refreshers = RadioField(
        "Do you want an email when your training is due for renewal?",
        widget=GovRadioInput(),
        choices=[SelectChoice("on", "Yes"), SelectChoice("off", "No")],
        validators=[Optional()],  # left as it was when not given
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class RoleForm(Form):
    """An organiser gives a person a role."""

    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[InputRequired("Select a role")],
    )
    submit = SubmitField("Save role", widget=GovSubmitInput())


class PeopleSearchForm(Form):
    """An organiser looks for accounts by part of a name or email address: a POST, so what was
    searched for stays out of addresses, browser history and access logs."""

    q = StringField(
        "Name or email address",
        widget=GovTextInput(),
        validators=[
            Length(
                max=MAX_SEARCH_LENGTH,
                message=f"Name or email address must be {MAX_SEARCH_LENGTH} characters or fewer",
            )
        ],
    )
    submit = SubmitField("Search", widget=GovSubmitInput())
