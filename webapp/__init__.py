"""Claimtrail: mark, source and verify the claims in news reports."""
import os
from pathlib import Path

from flask import Flask

from . import config
from .extensions import csrf, db, login_manager

PACKAGE_DIR = Path(__file__).resolve().parent


def create_app(test_config: dict | None = None, instance_path: str | None = None,
               migrations: bool = True) -> Flask:
    """The application. Web workers pass ``migrations=False`` (``make run``): a worker never
    migrates, and the migration tooling (Alembic, Mako, Pygments) costs each one about 9 MB."""
    app = Flask(__name__, template_folder="../templates", instance_relative_config=True,
                instance_path=instance_path or os.environ.get("CLAIMTRAIL_INSTANCE"))
    app.config.from_object(config.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.update(test_config)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", config.database_url(app.instance_path))
    config.private_sqlite_database(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config.get("SECRET_KEY") is None:  # an explicitly empty key is refused below
        app.config["SECRET_KEY"] = config.load_secret_key(app.instance_path)
    config.check_secret_key(app.config["SECRET_KEY"])

    if app.config["TRUSTED_PROXIES"]:  # the client's address and scheme as the proxy saw them
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.json.mimetype = "application/json; charset=utf-8"  # every text response names its charset
    db.init_app(app)
    if migrations:
        from flask_migrate import Migrate
        Migrate(app, db, directory=str(PACKAGE_DIR / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        from .database import configure_engine
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    from . import access, errors, security_headers, cli
    from . import tasks  # noqa: F401  (registers how services hand work to the worker)
    from .corroboration import clusters  # noqa: F401  (a report's change recomputes its cluster's grade)
    from .corroboration import confirmation  # noqa: F401  ("confirmed" needs an independent origin)
    from .views import register_blueprints

    from . import request_limits
    request_limits.init_app(app)   # first: an over-long address is refused before other work
    access.init_app(app)
    security_headers.init_app(app)
    errors.init_app(app)
    register_blueprints(app)
    from .api import init_app as init_api  # issue 4: the JSON API (after errors: wraps them)
    init_api(app)
    cli.init_app(app)
    return app
