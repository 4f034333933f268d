"""A project with articles whose sentences any rules would suggest: a casualty figure with its
attribution, and a hedged one; and a sentence with nothing to suggest."""
from sqlalchemy import select

from tests.factories import add_member, make_project, make_user
from webapp.extensions import db
from webapp.models import Suggestion

FIGURE = "Thus far, 26 ISIS militants have been killed, a fighter said."
HEDGED = "At least 12 civilians were reportedly killed in the strikes on 5 May, the observatory said."
PLAIN = "The weather in the city was calm and the market opened as usual."
TEXT = f"{FIGURE}\n\n{PLAIN}\n\n{HEDGED}\n"


def world(app) -> dict:
    """A lead (lena), an annotator (anna), a viewer (vera) and their project."""
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Suggestions")
        add_member(project, make_user("anna"), "annotator")
        add_member(project, make_user("vera"), "viewer")
        return {"project_id": project.id, "lead_id": lena.id}


def suggestions(article_id: int, status: str | None = None) -> list[Suggestion]:
    query = select(Suggestion).where(Suggestion.article_id == article_id)
    if status:
        query = query.where(Suggestion.status == status)
    return list(db.session.scalars(query.order_by(Suggestion.start_offset)))


def in_sentence(s: Suggestion, text: str, sentence: str) -> bool:
    start = text.index(sentence)
    return start <= s.start_offset < s.end_offset <= start + len(sentence)
