"""T28: forbidden destinations are refused before any connection, with a message naming the
rule, and nothing is stored — by the fetcher, by the background job and by the form."""
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD, add_member, make_project, make_user
from webapp import tasks
from webapp.extensions import db
from webapp.models import Article, ArticleOriginal, Job, User
from webapp.services import jobs as job_service
from webapp.services.destinations import PRIVATE, FetchPolicy, check_url
from webapp.services.fetch import FetchRefused, fetch_page

PRIVATE_URLS = [
    "http://127.0.0.1:5432/", "http://localhost./", "http://localhost/", "http://[::1]/",
    "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://0177.0.0.1/", "http://2130706433/",
    "http://127.1/", "http://0x7f.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1%25lo]/", "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/",
    "http://100.64.0.1/", "http://224.0.0.1/", "http://240.0.0.1/", "http://[fd00::1]/",
    "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/", "https://127.0.0.1/",
]
OTHER_URLS = {
    "file:///etc/passwd": "only http:// and https:// addresses can be fetched",
    "ftp://example.org/file.txt": "only http:// and https:// addresses can be fetched",
    "gopher://example.org/": "only http:// and https:// addresses can be fetched",
    "http://user:pass@host/": "a user name or password in the address is not allowed",
    "http://user@93.184.216.34/": "a user name or password in the address is not allowed",
    "http://93.184.216.34:8080/": "only ports 80 and 443 are allowed",
    "https://93.184.216.34:22/": "only ports 80 and 443 are allowed",
    "http://example.org:8443/": "only ports 80 and 443 are allowed",
    "http://1.2.3.4.5/": "this is not a valid web address",
    "http://exa mple.org/": "this is not a valid web address",
}
ALL = [(url, PRIVATE) for url in PRIVATE_URLS] + list(OTHER_URLS.items())


@pytest.mark.parametrize("url,message", ALL)
def test_the_fetcher_refuses_before_connecting(url, message, connection_attempts):
    with pytest.raises(FetchRefused) as refused:
        fetch_page(url, FetchPolicy())
    assert refused.value.message == message
    assert connection_attempts == []


def test_public_addresses_and_names_pass_the_url_check():
    for url in ("http://93.184.216.34/", "https://example.org/news?id=1", "http://abc1.de/",
                "https://[2606:2800:220:1:248:1893:25c8:1946]/"):
        check_url(url, FetchPolicy())


def test_allowing_private_addresses_is_an_instance_setting():
    check_url("http://10.0.0.1/", FetchPolicy(allow_private=True))
    check_url("http://10.0.0.1:8080/", FetchPolicy(allowed=("10.0.0.0/8",)))
    check_url("http://intranet.example:8080/", FetchPolicy(allowed=("intranet.example",)))
    with pytest.raises(FetchRefused, match="only ports 80 and 443"):
        check_url("http://10.0.0.1:8080/", FetchPolicy(allow_private=True))
    for never in ("http://0.0.0.0/", "http://224.0.0.1/"):   # not a web server, whatever is allowed
        with pytest.raises(FetchRefused, match="private/loopback/link-local"):
            check_url(never, FetchPolicy(allow_private=True, allowed=("0.0.0.0/0",)))


def _world(app):
    with app.app_context():
        lead = make_user("lena")
        project = make_project(lead)
        add_member(project, make_user("anna"), "annotator")
        return project.id, lead.id


def _counts():
    return (db.session.scalar(select(func.count()).select_from(Article)),
            db.session.scalar(select(func.count()).select_from(ArticleOriginal)))


def test_the_job_fails_with_the_rule_and_stores_nothing(app, connection_attempts):
    project_id, lead_id = _world(app)
    with app.app_context():
        lead = db.session.get(User, lead_id)
        for url, message in ALL:
            job = job_service.create_job(project_id, lead, "fetch", url, params={"url": url})
            db.session.commit()
            tasks.enqueue(job)
            db.session.expire_all()
            job = db.session.get(Job, job.id)
            assert job.status == "failed", url
            assert job.message == f"Not fetched: {message}.", url
        assert _counts() == (0, 0)
        jobs_folder = Path(app.instance_path) / "jobs"
        assert not jobs_folder.exists() or not any(jobs_folder.iterdir())
    assert connection_attempts == []


def test_the_form_refuses_at_once_and_creates_no_job(app, browser, connection_attempts):
    project_id, _ = _world(app)
    browser.login("anna", PASSWORD)
    form_url = f"/projects/{project_id}/fetches/new"
    for url, message in [("http://2130706433/", PRIVATE), ("file:///etc/passwd", OTHER_URLS["file:///etc/passwd"]),
                         ("http://[::ffff:127.0.0.1]/", PRIVATE), ("http://user:pass@host/",
                                                                   OTHER_URLS["http://user:pass@host/"])]:
        response = browser.post(form_url, {"url": url})
        assert response.status_code == 400
        assert f"Refused: {message}." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0
        assert _counts() == (0, 0)
    assert connection_attempts == []
