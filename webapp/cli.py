"""Command-line tools (``flask --app webapp …``), calling the same services as the web."""
import secrets

import click
from sqlalchemy import select

from .extensions import db
from .models import User
from .services import users as user_service
from .services.demo import seed_demo
from .services.errors import DomainError


def init_app(app) -> None:
    from .interop.cli import COMMANDS as interop_commands  # issue 4: project archive
    for command in interop_commands:
        app.cli.add_command(command)
    from .imports.cli import import_articles  # issue 4: bulk import
    app.cli.add_command(import_articles)

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--display-name", default="")
    @click.option("--admin", is_flag=True, help="Make the account an instance admin.")
    @click.password_option(help="12 to 128 characters; prompted when not given.")
    def create_user(username, display_name, admin, password):
        """Create an account."""
        try:
            user = user_service.create_user(username, display_name, password, admin)
            db.session.commit()
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"Created {'admin ' if admin else ''}account {user.username}.")

    @app.cli.command("bootstrap")
    def bootstrap():
        """First start: an admin with a random password (printed once) and the demo project.
        Later starts change nothing."""
        admin = db.session.scalar(select(User).where(User.is_admin.is_(True)).limit(1))
        if admin is None:
            password = secrets.token_urlsafe(15)
            admin = user_service.create_user("admin", "Administrator", password, is_admin=True)
            db.session.commit()
            click.echo("=" * 64)
            click.echo("Admin account created. This password is shown once; note it now.")
            click.echo(f"  username: admin\n  password: {password}")
            click.echo("=" * 64)
        if seed_demo(admin):
            db.session.commit()
            click.echo("Demo project created.")
