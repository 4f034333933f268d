"""Command-line tools (``flask --app webapp …``), calling the same services as the web."""
import secrets

import click
from sqlalchemy import select

from .extensions import db
from .models import User
from .services import sign_in_throttle
from .services import tokens as token_service
from .services import users as user_service
from .services.demo import seed_demo
from .services.errors import DomainError


def init_app(app) -> None:
    from .interop.cli import COMMANDS as interop_commands  # issue 4: project archive
    for command in interop_commands:
        app.cli.add_command(command)
    from .imports.cli import import_articles  # issue 4: bulk import
    app.cli.add_command(import_articles)
    from .corroboration.cli import find_copies  # issue 11: copies are found
    app.cli.add_command(find_copies)
    from .revisions.cli import check_revisions  # issue 12: watched pages fetched again at once
    app.cli.add_command(check_revisions)
    from .suggestions.cli import suggest  # issue 13: suggestions made for a whole project
    app.cli.add_command(suggest)

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

    @app.cli.command("set-password")
    @click.argument("username")
    @click.password_option("--password", prompt="New password",
                           help="12 to 128 characters; prompted (twice, hidden) when not given.")
    @click.option("--revoke-tokens", is_flag=True,
                  help="Also revoke the account's API tokens (when it may have been taken over).")
    def set_password(username, password, revoke_tokens):
        """Set an account's password (the way back to a lost admin password). Its sessions end
        and its sign-in is unlocked."""
        user = _account(username)
        try:
            user_service.set_password(user, password)
            revoked = token_service.revoke_all(user) if revoke_tokens else 0
            db.session.commit()
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"Password of {user.username} set; their sessions were signed out"
                   + (token_service.revoked_phrase(revoked, say_none=True) if revoke_tokens else "")
                   + "."
                   + ("" if user.active else " The account is deactivated: reactivate it on Users."))

    @app.cli.command("unlock-user")
    @click.argument("username")
    def unlock_user(username):
        """Forget the failed sign-ins for an account name: every address may try again at once."""
        name = username.strip().lower()
        addresses = sign_in_throttle.unlock(name)
        db.session.commit()
        click.echo(f"Sign-in for {name} is unlocked ({addresses} address"
                   f"{'' if addresses == 1 else 'es'} cleared).")

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


def _account(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"There is no account {username.strip().lower()!r}.")
    return user
