"""``flask --app webapp find-copies PROJECT_ID``: copy detection at once, in this process, with
a progress bar; then every group of copies in the project, earliest article first."""
import click
from flask.cli import with_appcontext

from ..extensions import db
from ..models import Project
from . import copies, groups


@click.command("find-copies")
@click.argument("project_id", type=int)
@click.option("--again", is_flag=True, help="Compare every article again, not only those new "
              "since the last run (pairs already found, confirmed or split are kept as they are).")
@with_appcontext
def find_copies(project_id: int, again: bool):
    """Find the project's articles that are copies of one another, and print the groups."""
    if db.session.get(Project, project_id) is None:
        raise click.ClickException(f"There is no project {project_id}.")
    with click.progressbar(length=1, label="Hashing the texts", show_pos=True) as bar:
        def progress(done: int, total: int, message: str) -> None:
            db.session.commit()           # each batch of signatures kept as it is made
            bar.length, bar.label = max(total, 1), message.split(":")[0]
            bar.update(done - bar.pos)
        outcome = copies.find_copies(project_id, progress, every=again)
        db.session.commit()
    for label, value in copies.summary(project_id, outcome).items():
        click.echo(f"{label}: {value}")
    found = groups.fetch_groups(project_id)
    click.echo(f"{len(found):,} group{'' if len(found) == 1 else 's'} of copies:")
    for number, members in enumerate(found, 1):
        click.echo(f"Group {number} ({len(members)} articles)")
        for i, (article, share) in enumerate(members):
            role = "original" if i == 0 else (f"{share:.0%} in common" if share is not None else "linked")
            click.echo(f"  #{article.id} {article.published_on or 'no date'} "
                       f"{article.site_name or 'no site'}: {article.title[:90]} ({role})")
    click.echo(copies.message(outcome))
