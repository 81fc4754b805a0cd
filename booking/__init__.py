"""booking: book places on a safeguarding children partnership's training and events."""

from pathlib import Path

from flask import Flask

from booking import config
from booking.db import make_engine, make_sessions

PROJECT_ROOT = config.PROJECT_ROOT


def create_app(overrides: dict | None = None) -> Flask:
    """The application: configuration, database, security, each context's pages and emails,
    the API and the commands."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(config.from_environment(app.instance_path, overrides or {}))
    costs = app.config["PASSWORD_HASH_COSTS"]
    if costs:
        from booking.accounts.passwords import configure_password_hashing

        configure_password_hashing(**costs)
    engine = _engine(app)
    app.extensions["engine"] = engine
    app.extensions["sessions"] = make_sessions(engine)

    from booking import cli, web

    web.init_app(app)
    _register_pages(app)
    cli.init_app(app)
    return app


def _register_pages(app: Flask) -> None:
    """Every context's blueprints (importing them registers their emails too), then the API
    with the routes the contexts' api.py added to it."""
    from booking import api
    from booking.accounts import account_views, admin_views, email_link_views, organisation_views
    from booking.accounts import views as accounts
    from booking.bookings import choice_views, needs_views, organiser_views
    from booking.bookings import views as bookings
    from booking.catalogue import api as catalogue_api
    from booking.catalogue import manage_views
    from booking.catalogue import views as catalogue
    from booking.checkin import (
        attendance_views,
        door_views,
        offline_views,
        register_views,
        ticket_views,
        walk_in_views,
    )
    from booking.checkin import views as door
    from booking.feedback import (
        builder_views,
        certificate_views,
        compare_views,
        respond_views,
        summary_views,
    )
    from booking.feedback import views as feedback
    from booking.network import (
        notice_report_views,
        notice_views,
        pupil_views,
        results_views,
        subscription_views,
        survey_question_views,
        survey_school_views,
        survey_views,
    )
    from booking.network import views as network
    from booking.outbox import views as outbox
    from booking.privacy import audit_views
    from booking.privacy import views as privacy
    from booking.referrals import views as referrals
    from booking.reports import lead_views
    from booking.reports import views as reports
    from booking.web import statutory_views

    # imported for the routes they add to a blueprint
    del account_views, email_link_views, catalogue_api, choice_views, needs_views
    del attendance_views, door_views, offline_views, register_views, ticket_views, walk_in_views
    del builder_views, certificate_views, compare_views, respond_views, summary_views
    del notice_report_views
    del notice_views
    del results_views
    del pupil_views, survey_question_views, survey_school_views, survey_views
    del subscription_views
    for blueprint in (catalogue.bp, accounts.bp, bookings.bp, manage_views.bp, outbox.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(door.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(admin_views.bp)
    app.register_blueprint(organisation_views.bp)
    app.register_blueprint(privacy.bp)
    app.register_blueprint(audit_views.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(statutory_views.bp)
    app.register_blueprint(organiser_views.bp)
    app.register_blueprint(referrals.bp)
    app.register_blueprint(lead_views.bp)
    app.register_blueprint(network.bp)
    app.register_blueprint(api.bp)


def _engine(app: Flask):
    """The engine given in the configuration (tests), or one for DATABASE_URL; a SQLite file's
    folder is made if missing (instance/ on a fresh clone)."""
    if app.config.get("ENGINE") is not None:
        return app.config["ENGINE"]
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return make_engine(url)
