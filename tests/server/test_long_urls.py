"""Over-long request lines through gunicorn as `make serve` starts it (``--limit-request-line
8190``, above the app's MAX_URL_BYTES): the app answers them itself, with JSON under /api/v1
and its error page elsewhere, instead of gunicorn's HTML 414."""
from pathlib import Path

import requests

from webapp.config import Defaults


def _padded(base: str, path: str, size: int) -> str:
    return base + path + "?q=" + "a" * (size - len(path) - 3)


def test_a_long_request_line_gets_the_apps_json_414_under_the_api(server):
    server.start()
    for size in (Defaults.MAX_URL_BYTES + 1, 8000):   # both over gunicorn's default of 4094
        response = requests.get(_padded(server.url, "/api/v1/projects", size), timeout=10)
        assert response.status_code == 414
        assert response.headers["Content-Type"].startswith("application/problem+json")
        body = response.json()
        assert body["status"] == 414 and "too long" in body["detail"]
    page = requests.get(_padded(server.url, "/login", 6000), timeout=10)
    assert page.status_code == 414 and page.headers["Content-Type"].startswith("text/html")
    assert "This address is too long" in page.text
    assert requests.get(_padded(server.url, "/api/v1/projects", 4000), timeout=10).status_code == 401


def test_every_way_of_starting_gunicorn_sets_the_limit():
    """`make serve`, the README's command for a team, and bench/gunicorn_server.py (the bench
    and these tests) all start gunicorn with the limit the app's own check relies on."""
    root = Path(__file__).resolve().parents[2]
    for name in ("Makefile", "README.md"):
        commands = [line for line in (root / name).read_text().splitlines()
                    if "-m gunicorn" in line and "--bind" in line]
        assert commands and all("--limit-request-line 8190" in c for c in commands), name
    assert '"--limit-request-line", "8190"' in (root / "bench/gunicorn_server.py").read_text()
    assert Defaults.MAX_URL_BYTES + len("OPTIONS  HTTP/1.1") < 8190
