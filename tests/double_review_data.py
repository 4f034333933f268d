"""Test data for blind double review, made through the services (shared by the service, view
and browser tests)."""
from sqlalchemy import select

from tests.factories import add_member, make_article, make_project, make_user
from webapp.extensions import db
from webapp.models import Article, Assignment, User
from webapp.services import assignments
from webapp.services import claims as claim_service
from webapp.services import double_review

TEXT = ("Thus far, 26 ISIS militants have been killed and dozens more injured, a fighter said. "
        "The SDF took the village of Hamrat on Thursday, according to a local activist. "
        "Coalition aircraft struck two bridges over the Euphrates overnight.")


def team():
    """A lead (lena), two annotators (anna, omar) and a viewer (vera) in one project."""
    lena, anna, omar, vera = (make_user(n) for n in ("lena", "anna", "omar", "vera"))
    project = make_project(lena, "Raqqa")
    add_member(project, anna, "annotator")
    add_member(project, omar, "annotator")
    add_member(project, vera, "viewer")
    return project, lena, anna, omar, vera


def double(project, lead, first, second, text=TEXT, title="Report"):
    """An article under blind double review by ``first`` (A) and ``second`` (B)."""
    article = make_article(project, lead, text, title=title)
    double_review.set_up_double_review(project.id, lead, "lead", [first.id, second.id], [article.id])
    db.session.commit()
    return article


def mark(article, user, quote, occurrence=0, **data):
    """A claim on ``quote`` (its ``occurrence``-th place in the text, or a slice ``(start, end)``)."""
    if isinstance(quote, tuple):
        start, end = quote
        quote = article.text[start:end]
    else:
        start = -1
        for _ in range(occurrence + 1):
            start = article.text.index(quote, start + 1)
        end = start + len(quote)
    claim = claim_service.create_claim(article, user, start, end, quote, data)
    db.session.commit()
    return claim


def finish(article, *users):
    """Mark the reviewers' assignments done, as each reviewer would (with the "done" event of
    the article's trail)."""
    for assignment in db.session.scalars(select(Assignment).where(Assignment.article_id == article.id)):
        if (not users or assignment.assignee_id in {u.id for u in users}) and assignment.state != "done":
            assignments.change_state(article, assignment.assignee_id, "done", assignment.assignee,
                                     "annotator")
    db.session.commit()


def mark_as(app, article_id: int, username: str, quote: str, **data):
    """``mark`` from outside an application context: by username, on an article by id."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return mark(db.session.get(Article, article_id), user, quote, **data).id


def one_claim(app, by: str = "lena") -> tuple[int, int]:
    """The team's project with one article under double review and one claim on it, marked by
    ``by``: the project's and the article's ids."""
    with app.app_context():
        project, lena, anna, omar, vera = team()
        project_id, article_id = project.id, double(project, lena, anna, omar).id
    mark_as(app, article_id, by, "26 ISIS militants")
    return project_id, article_id
