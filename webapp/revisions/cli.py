"""``flask --app webapp check-revisions PROJECT_ID``: fetch every watched article of a project
again at once (``--all``: every article with an address), whatever the schedule, through the
guarded fetcher; a progress bar, then what was found."""
from collections import Counter

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import db
from ..models import Article, Project, User
from . import watch

RESULTS = (("revision", "New revisions"), ("unchanged", "Unchanged"), ("removed", "Removed"),
           ("failed", "Not fetched"))


@click.command("check-revisions")
@click.argument("project_id", type=int)
@click.option("--all", "every", is_flag=True,
              help="Every article of the project with an address, watched or not.")
@click.option("--user", "username", default="",
              help="Capture as this account (default: who started each watch, else who imported the article).")
@with_appcontext
def check_revisions(project_id: int, every: bool, username: str):
    """Fetch the project's watched pages again now, and record what changed or was removed."""
    if db.session.get(Project, project_id) is None:
        raise click.ClickException(f"There is no project {project_id}.")
    user = _account(username) if username else None
    ids = watch.articles_to_check(project_id, every)
    tally, found = Counter(), []
    with click.progressbar(ids, label="Fetching the pages again", show_pos=True) as bar:
        for article_id in bar:
            check = watch.check_one(article_id, how="fetch", user=user)
            tally[check.result] += 1
            if check.result != "unchanged":
                found.append((article_id, check))
    for article_id, check in found:
        title = db.session.get(Article, article_id).title
        click.echo(f"  #{article_id} {title[:70]}: {check.result} — {check.note}")
    click.echo(f"{len(ids):,} article{'' if len(ids) == 1 else 's'} checked"
               + ("" if ids else " (none is watched: --all checks every article with an address)"))
    for key, label in RESULTS:
        click.echo(f"{label}: {tally[key]:,}")


def _account(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"There is no account {username.strip().lower()!r}.")
    return user
