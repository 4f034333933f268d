"""``flask --app webapp suggest PROJECT_ID``: every article's open suggestions made again from
a terminal (as the settings page's Re-run does in the worker), a batch a commit; a progress
bar, then how many suggestions were made and how many carry a figure, an attribution, a hedge."""
import click
from flask.cli import with_appcontext

from .. import database
from ..extensions import db
from ..models import Project
from . import store


@click.command("suggest")
@click.argument("project_id", type=int)
@click.option("--new-only", is_flag=True,
              help="Only the articles whose latest revision has no suggestions by these rules yet.")
@with_appcontext
def suggest(project_id: int, new_only: bool):
    """Suggest likely claims (figures, attributions, hedges) in every article of a project."""
    project = db.session.get(Project, project_id)
    if project is None:
        raise click.ClickException(f"There is no project {project_id}.")
    if not project.suggestions_enabled:
        raise click.ClickException(f"Suggestions are turned off for project {project_id} "
                                   "(its settings page turns them on).")
    total = store.count_articles(project_id)
    database.reads_first()   # the rules run outside the write lock; each batch writes briefly
    try:
        with click.progressbar(length=total, label="Suggesting", show_pos=True) as bar:
            shown = [0]

            def advance(_counts, read: int, _last_id: int) -> None:
                bar.update(read - shown[0])
                shown[0] = read

            counts = store.make_for_project(project_id, force=not new_only, on_batch=advance,
                                            writes=database.writing)
    finally:
        database.end_request()
    for label, value in (("Articles", counts.articles), ("Suggestions", counts.suggestions),
                         ("Figures", counts.figures), ("Attributions", counts.attributions),
                         ("Hedges", counts.hedges)):
        click.echo(f"{label}: {value:,}")
