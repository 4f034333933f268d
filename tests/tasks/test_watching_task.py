"""The worker's side of watching: the minute's tick starts one chain of steps (never a second
while one is going), and the chain checks every due watch, then ends."""
from datetime import timedelta

from tests.fetch.conftest import serve  # noqa: F401 (the fixture)
from tests.revisions.watching import FIRST, SECOND, page, world
from webapp.extensions import db
from webapp.models.revision import ArticleWatch
from webapp.revisions import watch
from webapp.tasks import watching

from webapp.models._time import utcnow


def test_the_tick_checks_what_is_due_and_a_live_chain_is_not_doubled(app, serve):  # noqa: F811
    routes = {"/story": page(FIRST)}
    server = serve(routes)
    with app.app_context():
        project, lena, article = world(app, server)
        row = watch.watch(article, lena)
        row.next_check_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        routes["/story"] = page(SECOND)
        watching.huey.put(watching.ALIVE, utcnow().timestamp())   # a chain is going
        watching.watch_tick()
        assert db.session.get(ArticleWatch, article.id).checks == 0
        watching.huey.put(watching.ALIVE, utcnow().timestamp() - watching.STALE_SECONDS - 1)
        watching.watch_tick()                                        # that one died: a new chain
        db.session.expire_all()
        row = db.session.get(ArticleWatch, article.id)
        assert (row.checks, row.last_result) == (1, "revision")
        assert not watching.chain_alive()                            # nothing more due: ended
