"""Bulk import through the page, as a person does it: upload, follow to the job page, read it."""
import html
import io
import json
import re
import zipfile

from sqlalchemy import event, func, select

from tests.factories import PASSWORD, add_member, make_project, make_user
from webapp.extensions import db
from webapp.models import Article, ArticleOriginal, Claim


def project_with_annotator(app) -> int:
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Bulk")
        add_member(project, make_user("anna"), "annotator")
        return project.id


def upload(browser, project_id: int, name: str, data: bytes, fmt: str = "", encoding: str = ""):
    page = f"/projects/{project_id}/imports/new"
    token = browser.token(page)
    return browser.client.post(page, data={"csrf_token": token, "format": fmt, "encoding": encoding,
                                           "file": (io.BytesIO(data), name)},
                               content_type="multipart/form-data")


def import_file(browser, project_id: int, name: str, data: bytes, fmt: str = "", encoding: str = "") -> str:
    """Upload, check we are sent to the job's page, and return that page's text."""
    response = upload(browser, project_id, name, data, fmt, encoding)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert re.search(rf"/projects/{project_id}/jobs/\d+$", response.headers["Location"])
    return browser.get(response.headers["Location"]).get_data(as_text=True)


def summary(page: str) -> dict[str, str]:
    """The report's figures as the page shows them (label → value)."""
    block = re.search(r'<dl class="facts report-summary">(.*?)</dl>', page, re.S)
    assert block, "the page shows no report"
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block.group(1), re.S)
    return {html.unescape(k): html.unescape(v) for k, v in pairs}


def refused_rows(page: str) -> list[tuple[str, str]]:
    table = re.search(r"<caption>Refused.*?<tbody>(.*?)</tbody>", page, re.S)
    if not table:
        return []
    return [(html.unescape(w), html.unescape(r))
            for w, r in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", table.group(1), re.S)]


def count(app, model=Article) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def titles(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Article.title).order_by(Article.id)))


def texts(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Article.text).order_by(Article.id)))


def jsonl(rows) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows).encode()


def make_zip(members, **kw) -> bytes:
    """A zip built in memory: (name, bytes) pairs, or ZipInfo objects with their bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, **kw) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def statements(app) -> list[str]:
    """The first word (SELECT, INSERT, ...) of every statement the app runs from now on."""
    seen = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2].split()[0].upper()))
    return seen


def row(n: int, **extra) -> dict:
    return {"title": f"Report {n}", "text": f"Report number {n}: 26 militants were killed, a fighter said.",
            "site_name": "Example Site", "url": f"https://example.org/{n}", **extra}


__all__ = ["PASSWORD", "ArticleOriginal", "Claim", "count", "import_file", "jsonl",
           "make_zip", "project_with_annotator", "refused_rows", "row", "statements", "summary", "texts",
           "titles", "upload"]
