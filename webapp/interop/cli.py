"""Command-line export and import of a whole project (``webapp.interop.archive``):

    flask --app webapp export-project PROJECT_ID FILE
    flask --app webapp import-project FILE --name NAME --user USERNAME
"""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import db
from ..models import Project, User
from ..services.errors import DomainError
from .archive import read_archive, write_archive


@click.command("export-project")
@click.argument("project_id", type=int)
@click.argument("file", type=click.File("w", encoding="utf-8", lazy=True))
@with_appcontext
def export_project(project_id, file):
    """Write a project's archive (JSON Lines: articles, claims, evidence, review trail)."""
    if db.session.get(Project, project_id) is None:
        raise click.ClickException(f"There is no project {project_id}.")
    lines = 0
    for line in write_archive(project_id, None, "lead"):
        file.write(line)
        lines += 1
    click.echo(f"Wrote {lines} records of project {project_id}.", err=True)


@click.command("import-project")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--name", required=True, help="Name of the new project.")
@click.option("--user", "username", required=True, help="Who imports it; becomes its lead.")
@with_appcontext
def import_project(file, name, username):
    """Recreate an archive as a new project (one transaction: all or nothing)."""
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"There is no account {username!r}.")
    try:
        project, report = read_archive(file, name, user)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    click.echo(f"Imported project {project.id} ({project.name}): {report['articles']} articles, "
               f"{report['claims']} claims.")
    if report["placeholders"]:
        click.echo("Inactive placeholder accounts made for: " + ", ".join(report["placeholders"]))


COMMANDS = (export_project, import_project)
