"""Make docs/reading-view.png: the reading view of the demo article, its claims highlighted and
the claim form open on a selection made with the mouse, at 1400x900.

    .venv/bin/python docs/make_screenshot.py [output.png]

Runs the app for real on a throwaway SQLite database (migrated, then filled through the
services) behind werkzeug on 127.0.0.1 and a free port, and drives Debian's Chromium
(/usr/bin/chromium) with Playwright. Nothing outside a temporary directory is touched.
"""
import secrets
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402

OUTPUT = ROOT / "docs" / "reading-view.png"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SELECT = "the Islamic State launched a localized counter-offensive"  # selected with the mouse to open the claim form


def make_data(app, password: str) -> tuple[int, int]:
    """The demo project (the Raqqa report with its claims) plus one reviewed claim."""
    from flask_migrate import upgrade

    from webapp.services import claims, users
    from webapp.services.demo import seed_demo

    with app.app_context():
        upgrade()
        lead = users.create_user("lena", "Lena Berg", password)
        project = seed_demo(lead)
        article = project_article(project.id)
        quote = "SDF garrisons came under enormous pressure"
        start = article.text.index(quote)
        claims.create_claim(article, lead, start, start + len(quote), quote, {
            "statement": "SDF garrisons near Raqqa were under heavy attack on 10–11 May 2017.",
            "kind": "event_occurrence", "source_type": "none", "named": "no_source",
            "party": "unknown", "access": "unknown", "credibility": "3",
            "status": "unconfirmed", "rationale": "No independent report of the attack found."})
        db.session.commit()
        return project.id, article.id


def project_article(project_id: int):
    from webapp.models import Article
    return db.session.scalars(db.select(Article).where(Article.project_id == project_id)).one()


def drag_select(page, words: str) -> None:
    """Press before the first character of ``words`` and release after the last one."""
    box = page.evaluate("""(q) => {
      const w = document.createTreeWalker(document.getElementById("article-text"), NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        const i = n.data.indexOf(q);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i); r.setEnd(n, i + 1); const a = r.getBoundingClientRect();
        r.setStart(n, i + q.length - 1); r.setEnd(n, i + q.length); const b = r.getBoundingClientRect();
        return [a.left + 1, (a.top + a.bottom) / 2, b.right - 1, (b.top + b.bottom) / 2];
      }
      return null;
    }""", words)
    if box is None:
        raise SystemExit(f"{words!r} is not in the article")
    page.mouse.move(box[0], box[1])
    page.mouse.down()
    page.mouse.move(box[2], box[3], steps=8)
    page.mouse.up()


def main(output: Path = OUTPUT) -> None:
    password = secrets.token_urlsafe(18)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/claimtrail.db",
                          "SECRET_KEY": secrets.token_hex(32)}, instance_path=f"{tmp}/instance")
        project_id, article_id = make_data(app, password)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900}, base_url=base)
                page.goto("/login")
                page.get_by_label("Username").fill("lena")
                page.get_by_label("Password").fill(password)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(lambda url: "/login" not in url)
                page.goto(f"/projects/{project_id}/articles/{article_id}")
                drag_select(page, SELECT)
                page.locator("#claim-form").wait_for(state="visible")
                page.mouse.move(5, 5)  # no hover effects in the picture
                output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(output))
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
            with app.app_context():
                db.engine.dispose()
    print(f"wrote {output}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
