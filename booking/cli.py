"""Commands: ``flask --app booking db upgrade``, ``demo load``, ``users create``."""

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app

from booking.config import PROJECT_ROOT
from booking.models import Role, Sector, utcnow


def alembic_config(database_url: str) -> Config:
    """Alembic configured from pyproject.toml, pointed at this database."""
    cfg = Config(toml_file=str(PROJECT_ROOT / "pyproject.toml"))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade_database(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


@click.group("db")
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
    command.revision(
        alembic_config(current_app.config["DATABASE_URL"]), message=message, autogenerate=True
    )


@click.group("demo")
def demo_group():
    """Demo content."""


@demo_group.command("load")
@click.option("--if-empty", is_flag=True, help="Only when the database has no events.")
def demo_load(if_empty: bool):
    """Load the demo events and accounts (demo mode only) and print the accounts."""
    from booking import demo

    if not current_app.config["DEMO"]:
        raise click.ClickException("Demo content is loaded only with BOOKING_DEMO=1.")
    session = current_app.extensions["sessions"][1]()
    with session:
        if if_empty and demo.has_events(session):
            click.echo("The database already has events; demo content not loaded.")
        else:
            demo.load(session, now=utcnow())
            session.commit()
            click.echo("Demo content loaded.")
    click.echo(demo.accounts_text())


@click.group("users")
def users_group():
    """Accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ORGANISER.value)
@click.option("--organisation", default="Safeguarding Children Partnership")
@click.password_option()
def users_create(email: str, name: str, role: str, organisation: str, password: str):
    """Create an account with a role (organisers and trainers are made this way)."""
    from booking.services import accounts

    session = current_app.extensions["sessions"][1]()
    with session:
        user = accounts.register(
            session,
            accounts.Registration(
                name=name,
                email=email,
                job_title="",
                organisation=organisation,
                sector=Sector.LOCAL_AUTHORITY,
                password=password,
            ),
            now=utcnow(),
        )
        user.role = Role(role)
        session.commit()
    click.echo(f"Created {role} account {email}.")


def init_app(app: Flask) -> None:
    for group in (db_group, demo_group, users_group):
        app.cli.add_command(group)
