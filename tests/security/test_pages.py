"""T20 originals are downloads, T21 error pages, T23 paths that must not be served."""
import io
import logging
import re

from tests.conftest import make_app
from tests.factories import PASSWORD
from webapp import access
from webapp.extensions import db
from webapp.models import Article

from .conftest import body, diff, login, snapshot, token_of

EVIL_HTML = (b"<!doctype html><html><head><title>Evil page</title>"
             b"<script>window.__xss = 1; alert(document.cookie)</script></head><body><article>"
             b"<h1>Fighting near the dam</h1>"
             + b"<p>Residents said the fighting near the dam went on through the night and that "
               b"several families left the village before dawn on Thursday.</p>" * 6
             + b"<p><img src=x onerror=alert(1)>The council met on Friday.</p>"
               b"<script>alert('inline')</script></article></body></html>")


def upload(browser, project_id, filename, data, **fields):
    page = f"/projects/{project_id}/articles/new"
    token = token_of(browser)
    return browser.client.post(page, content_type="multipart/form-data", data={
        "csrf_token": token, "upload-csrf_token": token,
        "upload-file": (io.BytesIO(data), filename), **fields})


def page_problems(response) -> list[str]:
    """An error page as the brand shows it: no traceback, no paths, no exception names."""
    page = body(response)
    problems = []
    if "Claimtrail" not in page:
        problems.append("not the branded page")
    for leak in ("Traceback", 'File "', "/work/", ".py", "site-packages", "werkzeug", "sqlalchemy",
                 "Exception", "Error:"):
        if leak in page:
            problems.append(f"shows {leak!r}")
    if not response.headers["Content-Type"].startswith("text/html; charset=utf-8"):
        problems.append("not HTML with a charset")
    return problems


def test_uploaded_html_original_is_only_ever_a_download(app, world):
    lead = login(app, "lead")
    project = world.a.project_id
    response = upload(lead, project, "../../instance/evil.html", EVIL_HTML)
    assert response.status_code == 302, body(response)[:500]
    article_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert "<script" not in article.text and "alert" not in article.text
        assert article.original.filename == "evil.html"
    original = lead.get(f"/projects/{project}/articles/{article_id}/original")
    assert original.status_code == 200
    assert original.headers["Content-Type"] == "application/octet-stream"
    disposition = original.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="article-{article_id}-original.html"' in disposition and ".." not in disposition
    assert original.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in [d.strip().split(" ")[0] for d in
                         original.headers["Content-Security-Policy"].split(";")]
    assert original.get_data() == EVIL_HTML  # as received, byte for byte
    reading = body(lead.get(f"/projects/{project}/articles/{article_id}"))
    assert "<script>alert" not in reading and "<img src=x" not in reading
    assert "onerror=alert" not in reading or "&lt;img" in reading


def test_text_original_is_a_download_too(app, world):
    lead = login(app, "lead")
    response = lead.get(f"/projects/{world.a.project_id}/articles/{world.a.ids['article_id']}/original")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_error_pages_are_branded_and_clear(app, world):
    lead, viewer = login(app, "lead"), login(app, "viewer")
    project = world.a.project_id
    cases = {}
    cases[400] = (lead.client.post(f"/projects/{project}/lists/kind", data={"label": "x"}),
                  "without a valid security token")
    cases[403] = (viewer.get(f"/projects/{project}/members"), "does not allow this")
    cases[404] = (lead.get("/projects/987654"), "There is nothing here")
    cases[405] = (lead.get("/logout"), "does not accept that kind of request")
    text = "An article imported twice in the same project."
    token = token_of(lead)
    first = lead.client.post(f"/projects/{project}/articles/new", data={
        "csrf_token": token, "paste-csrf_token": token, "paste-title": "T", "paste-text": text})
    assert first.status_code == 302
    before = snapshot(app)
    cases[409] = (lead.client.post(f"/projects/{project}/articles/new", data={
        "csrf_token": token, "paste-csrf_token": token, "paste-title": "T2", "paste-text": text}),
        "already in the project")
    assert diff(before, snapshot(app)) == {}
    limit = app.config["MAX_CONTENT_LENGTH"]
    cases[413] = (lead.client.post(f"/projects/{project}/articles/new", data={
        "csrf_token": token, "paste-csrf_token": token, "paste-title": "Big",
        "paste-text": "x" * (limit + 1)}), "too large")
    assert diff(before, snapshot(app)) == {}
    for _ in range(app.config["LOGIN_FREE_FAILURES"]):
        login_page = login(app, "anonymous")
        login_page.login("anna", "wrong password!")
    cases[429] = (login(app, "anonymous").login("anna", PASSWORD), "Too many failed sign-ins")
    failures = []
    for status, (response, message) in cases.items():
        if response.status_code != status:
            failures.append(f"{status}: got {response.status_code}")
        if message not in body(response):
            failures.append(f"{status}: message {message!r} missing")
        failures += [f"{status}: {p}" for p in page_problems(response)]
    assert not failures, "\n".join(failures)
    assert "POST" in cases[405][0].headers.get("Allow", "")
    assert cases[429][0].headers["Retry-After"].isdigit()


def test_unexpected_error_shows_an_error_id_and_nothing_else(db_url, tmp_path, caplog):
    app = make_app(db_url, tmp_path / "instance", PROPAGATE_EXCEPTIONS=False)

    def explode():
        raise RuntimeError("database password=hunter2 in /work/main/webapp/secret.py")

    app.add_url_rule("/explode", "explode", access.public(explode))
    logging.getLogger("claimtrail.errors").disabled = False
    caplog.set_level(logging.ERROR, logger="claimtrail.errors")
    response = app.test_client().get("/explode")
    assert response.status_code == 500
    page = body(response)
    match = re.search(r"Error id: <code>([0-9a-f]{12})</code>", page)
    assert match, page
    assert "hunter2" not in page and "RuntimeError" not in page and "nothing was saved" in page
    assert page_problems(response) == []
    assert f"error_id={match.group(1)}" in caplog.text and "hunter2" in caplog.text  # logged, with id


def test_payloads_in_the_path_and_flash_messages_are_escaped(app, world):
    lead = login(app, "lead")
    payload = "<script>alert(1)</script>"
    response = lead.get(f"/{payload}")
    assert response.status_code == 404 and payload not in body(response)
    response = lead.client.post(f"/projects/{world.a.project_id}/lists/kind", data={
        "csrf_token": token_of(lead), "label": f'"><img src=x onerror=alert(1)>{payload}'},
        follow_redirects=True)
    page = body(response)
    assert response.status_code == 200
    assert payload not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text


def test_paths_outside_the_app_are_not_served(app):
    secret_marker = app.secret_key
    urls = [
        "/static/..%2f..%2finstance/secret_key", "/static/..%2f..%2finstance/README.md",
        "/static/../../instance/README.md", "/static/%2e%2e/%2e%2e/instance/README.md",
        "/static/..%2f__init__.py", "/static/..%5c__init__.py", "/static/%2e%2e%2fconfig.py",
        "/.git/config", "/.git/HEAD", "/instance/", "/instance/secret_key", "/instance/README.md",
        "/templates/base.html", "/webapp/config.py", "/static/", "/.env",
    ]
    client = app.test_client()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        page = body(response)
        for leak in (secret_marker, "belongs to one installation", "[core]", "import ", "{%"):
            assert leak not in page, url
    # Positive control: a real static file is served.
    assert client.get("/static/app.css").status_code == 200


def test_the_front_door_leads_to_sign_in_without_a_flash(app):
    """Issue 10: a first visit to / is the sign-in page, which says it by itself; a deep link
    is still told why it landed there (and comes back after signing in)."""
    client = app.test_client()
    first = client.get("/", follow_redirects=True)
    assert first.request.path == "/login" and "<h1>Sign in</h1>" in body(first)
    assert "Please sign in" not in body(first)
    deep = client.get("/projects/1/claims", follow_redirects=True)
    assert deep.request.path == "/login" and "Please sign in to see this page." in body(deep)
    assert "Please sign in" not in body(client.get("/login"))   # said once, not again
