"""An export that takes longer than gunicorn's worker timeout still arrives whole.

A download lasts as long as the slower of the server and the person's connection: a big
project, or a slow link, makes it longer than the worker timeout. Here gunicorn runs with a
2-second timeout and the client reads slowly, through a small receive buffer, so that the CSV
export takes several times that long; the file must arrive complete, with every claim and the
last one last. An export that breaks off must fail visibly, not look like a shorter file."""
import csv
import http.client
import io
import socket
import threading
import time

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Claim
from .conftest import ROOT, signed_in_session

import generate as gen   # bench/ is on the path (see conftest)
import gunicorn_server

TIMEOUT = 2                     # gunicorn's worker timeout for this test, in seconds
CLAIMS = 10_000                 # a CSV of about 7 MB: more than the kernel's socket buffers hold
RATE = 1_000_000                # bytes/s the slow client reads: the download lasts about 7 s


class SlowConnection(http.client.HTTPConnection):
    """A client on a slow link: a receive buffer of 4 KB, so that the server's writes wait
    for it rather than pile up in the kernel."""

    def connect(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.settimeout(self.timeout)
        self.sock.connect((self.host, self.port))


def _slow_download(port: int, path: str, cookie: str) -> tuple[bytes, float]:
    """GET ``path`` reading 4 KB at a time, at most ``RATE`` bytes a second. http.client raises
    IncompleteRead if the chunked body is cut off."""
    conn = SlowConnection("127.0.0.1", port, timeout=30)
    started = time.monotonic()
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    assert response.status == 200
    body = bytearray()
    while piece := response.read(4096):
        body += piece
        ahead = started + len(body) / RATE - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    conn.close()
    return bytes(body), time.monotonic() - started


def test_an_export_longer_than_the_worker_timeout_arrives_whole(server, server_app, db_url):
    ids = gen.generate(db_url, articles=30, claims=CLAIMS, seed=11)
    pid = ids["project_id"]
    with server_app.app_context():
        last_id = db.session.scalar(select(func.max(Claim.id)).where(Claim.project_id == pid))
        last_statement = db.session.get(Claim, last_id).statement
    server.start(timeout=TIMEOUT)
    lead = signed_in_session(server.url, ids["lead"], ids["password"])
    path = f"/projects/{pid}/export/claims.csv"
    cookie = "; ".join(f"{c.name}={c.value}" for c in lead.cookies)

    body, seconds = _slow_download(server.port, path, cookie)

    assert seconds > 3 * TIMEOUT   # it did outlast the worker timeout, several times over
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert len(rows) == CLAIMS
    assert rows[-1]["claim_id"] == str(last_id)
    assert rows[-1]["statement"] == (last_statement or "")
    # Read at full speed, the same export is the same file: nothing was left out above.
    assert lead.get(server.url + path).content == body

    # An export that does break off on the way (here the server is killed) fails visibly: the
    # download ends without the chunked body's end marker, which every client reports as an
    # error (a browser's download "failed"), never as a complete but shorter file.
    threading.Timer(1.0, server.kill).start()
    with pytest.raises((http.client.IncompleteRead, ConnectionError)):
        _slow_download(server.port, path, cookie)


def test_make_serve_and_the_readme_run_the_workers_these_tests_run():
    """The server these tests start is the one a team runs: threaded workers."""
    serve = (ROOT / "Makefile").read_text().split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert " ".join(gunicorn_server.WORKERS) in serve
    readme = (ROOT / "README.md").read_text()
    team = readme.split("## Running it for a team", 1)[1].split("\n## ", 1)[0]
    command = next(line for line in team.splitlines() if "-m gunicorn" in line)
    assert "--threads 4" in command
