"""booking: book places on a safeguarding children partnership's training and events."""

from pathlib import Path

from flask import Flask

from booking import config
from booking.db import make_engine, session_factories

PROJECT_ROOT = config.PROJECT_ROOT


def create_app(overrides: dict | None = None) -> Flask:
    """The application: configuration, database, security, blueprints and commands."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(config.from_environment(app.instance_path))
    app.config.update(overrides or {})
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    costs = app.config["PASSWORD_HASH_COSTS"]
    if costs:
        from booking.services.accounts import configure_password_hashing

        configure_password_hashing(**costs)
    engine = app.config.get("ENGINE") or make_engine(app.config["DATABASE_URL"])
    app.extensions["engine"] = engine
    app.extensions["sessions"] = session_factories(engine)

    from booking import cli, web
    from booking.api import bp as api_bp

    web.init_app(app)
    app.register_blueprint(api_bp)
    cli.init_app(app)
    return app
