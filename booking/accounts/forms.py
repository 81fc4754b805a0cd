"""The forms of the account pages."""

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, StopValidation

from booking.accounts.changes import AccountDetails
from booking.accounts.models import (
    PHASE_LABELS,
    SECTOR_LABELS,
    Organisation,
    SchoolPhase,
    Sector,
    User,
)
from booking.accounts.organisations import OrganisationChange
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


class RequiredUnlessParent:
    """InputRequired, except that a parent or carer (``parent`` ticked) may leave the field
    empty; ``unless_empty`` names a field which, left empty by a parent, makes this one not
    asked for at all (the sector of no organisation)."""

    field_flags = {}

    def __init__(self, message: str, unless_empty: str | None = None):
        self.required = InputRequired(message)
        self.unless_empty = unless_empty

    def __call__(self, form, field):
        if form.parent.data:
            other = getattr(form, self.unless_empty) if self.unless_empty else field
            if not (other.data or "").strip():
                field.errors[:] = []
                raise StopValidation()
        self.required(form, field)


class PersonForm(Form):
    """Who a person is: asked when they register, changed in their account. A parent or
    carer may leave out their job title and organisation."""

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
    parent = BooleanField(
        "I am a parent or carer",
        widget=GovCheckboxInput(),
        description="You do not need to give a job title or organisation",
    )
    job_title = StringField(
        "Job title",
        widget=GovTextInput(),
        validators=[
            RequiredUnlessParent("Enter your job title"),
            Length(max=120, message="Job title must be 120 characters or fewer"),
        ],
    )
    organisation = StringField(
        "Organisation",
        widget=GovTextInput(),
        description="The full name of your school, team or service. If it is in our list, "
        "you can choose it as you type.",
        validators=[
            RequiredUnlessParent("Enter the name of your organisation"),
            Length(max=200, message="Organisation must be 200 characters or fewer"),
        ],
    )
    sector = RadioField(
        "Which sector do you work in?",
        widget=GovRadioInput(),
        choices=[SelectChoice(sector.value, label) for sector, label in SECTOR_LABELS.items()],
        validators=[
            RequiredUnlessParent("Select the sector you work in", unless_empty="organisation")
        ],
    )

    def organisation_and_sector(self) -> tuple[str, Sector | None]:
        """The organisation typed and its sector; none for a parent or carer who gave none."""
        if self.parent.data and not (self.organisation.data or "").strip():
            return "", None
        return self.organisation.data, Sector(self.sector.data)


class RegisterForm(PersonForm):
    password = new_password_field("Create a password")
    confirm_password = confirm_password_field()
    submit = SubmitField("Create account", widget=GovSubmitInput())

    def registration(self) -> Registration:
        """The form's values as the domain's Registration."""
        organisation, sector = self.organisation_and_sector()
        return Registration(
            name=self.name.data,
            email=self.email.data,
            job_title=self.job_title.data or "",
            organisation=organisation,
            sector=sector,
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
        self.parent.data = user.organisation is None

    def details(self) -> AccountDetails:
        """The form's values as the domain's AccountDetails."""
        organisation, sector = self.organisation_and_sector()
        return AccountDetails(
            name=self.name.data,
            email=self.email.data,
            job_title=self.job_title.data or "",
            organisation=organisation,
            sector=sector,
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


class OrganisationForm(Form):
    """An organiser corrects an organisation of the register."""

    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the organisation's name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    sector = RadioField(
        "Sector",
        widget=GovRadioInput(),
        choices=[SelectChoice(sector.value, label) for sector, label in SECTOR_LABELS.items()],
        validators=[InputRequired("Select the sector")],
    )
    phase = RadioField(
        "Phase (schools only)",
        widget=GovRadioInput(),
        choices=[SelectChoice("", "Not given")]
        + [SelectChoice(phase.value, label) for phase, label in PHASE_LABELS.items()],
        default="",
        validators=[Optional()],
    )
    district = StringField(
        "District",
        widget=GovTextInput(),
        validators=[Length(max=80, message="District must be 80 characters or fewer")],
    )
    reference = StringField(
        "URN or other reference",
        widget=GovTextInput(),
        description="Importing a list updates the organisation with the same reference",
        validators=[Length(max=40, message="Reference must be 40 characters or fewer")],
    )
    submit = SubmitField("Save changes", widget=GovSubmitInput())

    def fill_from(self, organisation: Organisation) -> None:
        self.name.data = organisation.name
        self.sector.data = organisation.sector.value
        self.phase.data = organisation.phase.value if organisation.phase else ""
        self.district.data = organisation.district
        self.reference.data = organisation.reference or ""

    def change(self) -> OrganisationChange:
        """The form's values as the domain's OrganisationChange."""
        return OrganisationChange(
            name=self.name.data,
            sector=Sector(self.sector.data),
            phase=SchoolPhase(self.phase.data) if self.phase.data else None,
            district=self.district.data or "",
            reference=self.reference.data or "",
        )


class ImportForm(Form):
    file = FileField(
        "Upload a CSV file",
        widget=GovFileInput(),
        validators=[FileRequired("Select a CSV file")],
    )
    submit = SubmitField("Import", widget=GovSubmitInput())
