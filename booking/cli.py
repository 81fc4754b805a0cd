"""Commands: ``flask --app booking db upgrade``, ``demo load``, ``users create``."""

import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from booking.accounts.models import Role, Sector
from booking.config import PROJECT_ROOT
from booking.core.clock import utcnow


def warn_if_demo_listens_elsewhere(app: Flask) -> None:
    """Started with ``flask run --host`` on an address other than this computer's, demo mode
    says at once that it will answer only this computer (``web.security``)."""
    from booking.web.security import is_loopback

    context = click.get_current_context(silent=True)
    if not app.config["DEMO"] or context is None or context.info_name != "run":
        return
    host = context.params.get("host")
    if host and not is_loopback(host):
        click.echo(
            f"Demo mode answers only on this computer: requests to {host} from other "
            "computers get a page saying so. Run without BOOKING_DEMO to serve other people.",
            err=True,
        )


def alembic_config(database_url: str):
    """Alembic configured from pyproject.toml, pointed at this database.

    Alembic is imported here, not at the top: web workers load this module but never migrate,
    and alembic would cost each of them about 11 MB.
    """
    from alembic.config import Config

    cfg = Config(toml_file=str(PROJECT_ROOT / "pyproject.toml"))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade_database(database_url: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(database_url), "head")


@click.group("db", cls=AppGroup)
def db_group():
    """Database migrations."""


@db_group.command("upgrade")
def db_upgrade():
    """Apply every migration."""
    upgrade_database(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str):
    """Write a migration from the difference between the models and the database."""
    from alembic import command

    command.revision(
        alembic_config(current_app.config["DATABASE_URL"]), message=message, autogenerate=True
    )


@click.group("demo", cls=AppGroup)
def demo_group():
    """Demo content."""


@demo_group.command("load")
@click.option("--if-empty", is_flag=True, help="Only when the database has no events.")
def demo_load(if_empty: bool):
    """Load the demo events and accounts (demo mode only) and print the accounts."""
    from booking import demo

    if not current_app.config["DEMO"]:
        raise click.ClickException("Demo content is loaded only with BOOKING_DEMO=1.")
    session = _writing_session()
    with session:
        if if_empty and demo.has_events(session):
            click.echo("The database already has events; demo content not loaded.")
        else:
            demo.load(session, now=utcnow())
            session.commit()
            click.echo("Demo content loaded.")
    click.echo(demo.accounts_text())


@click.group("users", cls=AppGroup)
def users_group():
    """Accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ORGANISER.value)
@click.option("--organisation", help="Their organisation; by default, the partnership.")
@click.password_option()
def users_create(email: str, name: str, role: str, organisation: str, password: str):
    """Create an account with a role (organisers and trainers are made this way)."""
    from booking.accounts.services import Registration, create_staff_account
    from booking.core.errors import Refused

    details = Registration(
        name=name,
        email=email,
        job_title="",
        organisation=organisation or current_app.config["PARTNERSHIP_NAME"],
        sector=Sector.LOCAL_AUTHORITY,
        password=password,
    )
    with _writing_session() as session:
        try:
            create_staff_account(session, details, role=Role(role), actor_id=None, now=utcnow())
        except Refused as refusal:
            raise click.ClickException(refusal.message) from None
        session.commit()
    click.echo(f"Created {role} account {email}.")


@click.group("outbox", cls=AppGroup)
def outbox_group():
    """Email delivery."""


@outbox_group.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering until stopped.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
@click.option(
    "--schedule/--no-schedule",
    default=False,
    help=(
        "Also queue reminders and feedback requests, and delete old needs and unconfirmed "
        "accounts, each round."
    ),
)
def outbox_deliver(loop: bool, interval: float, schedule: bool):
    """Send due messages over SMTP (or into instance/mail/), once or in a loop."""
    from booking.outbox.wiring import worker

    delivery = worker(current_app.config, current_app.extensions["sessions"])
    while True:
        if schedule:
            _schedule()
        report = delivery.deliver_all_due()
        if report.handled or not loop:
            click.echo(
                f"outbox: {report.sent} sent, {report.retrying} to retry, "
                f"{report.failed} failed, {report.skipped} no longer applied"
            )
        if not loop:
            return
        time.sleep(interval)


@outbox_group.command("schedule")
def outbox_schedule():
    """Queue due reminders and feedback requests, and delete needs kept long enough and
    accounts never confirmed (safe to run anywhere, any number of times)."""
    reminders, feedback = _schedule()
    click.echo(f"Queued {reminders} reminders and {feedback} feedback requests.")


def _schedule() -> tuple[int, int]:
    from booking.accounts.services import forget_unconfirmed_accounts
    from booking.bookings.needs import forget_needs
    from booking.bookings.scheduling import schedule_reminders
    from booking.feedback.requests import schedule_feedback_reminders, schedule_feedback_requests
    from booking.network.notices import send_due_notices
    from booking.reports.refreshers import schedule_refresher_prompts

    session = _writing_session()
    with session:
        now = utcnow()
        counts = (
            schedule_reminders(session, now=now),
            schedule_feedback_requests(session, now=now)
            + schedule_feedback_reminders(session, now=now),
        )
        schedule_refresher_prompts(session, now=now)  # two months before training lapses
        forget_needs(session, now=now)  # what people told the trainers, once its time is up
        forget_unconfirmed_accounts(session, now=now)  # registrations never confirmed
        send_due_notices(session, now=now)  # network messages scheduled for now or earlier
        session.commit()
    return counts


def _writing_session():
    return current_app.extensions["sessions"].writer()


def init_app(app: Flask) -> None:
    for group in (db_group, demo_group, users_group, outbox_group):
        app.cli.add_command(group)
    warn_if_demo_listens_elsewhere(app)
