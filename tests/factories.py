"""Test data made through the real services (never by writing rows by hand)."""
from webapp.extensions import db
from webapp.services import articles, claims, projects, users

PASSWORD = "correct horse battery"


def make_user(username, admin=False):
    user = users.create_user(username, username.title(), PASSWORD, is_admin=admin)
    db.session.commit()
    return user


def make_project(lead, name="Project"):
    project = projects.create_project(name, lead)
    db.session.commit()
    return project


def add_member(project, user, role):
    membership = projects.add_member(project, user.username, role)
    db.session.commit()
    return membership


def make_article(project, user, text="Thus far, 26 ISIS militants have been killed, a fighter said.",
                 title="Report"):
    article = articles.import_text(project.id, user, text, articles.Provenance(title=title))
    db.session.commit()
    return article


def make_claim(article, user, quote, **data):
    start = article.text.index(quote)
    claim = claims.create_claim(article, user, start, start + len(quote), quote, data)
    db.session.commit()
    return claim


def other_origin(project_id: int, user, name="UN OCHA situation report") -> int:
    """A registry entry for evidence to come from: "confirmed" needs corroboration from an
    origin other than the claim's own (issue 11)."""
    from webapp.services import sources
    source = sources.create_source(project_id, user, name, "organisation")
    db.session.commit()
    return source.id
