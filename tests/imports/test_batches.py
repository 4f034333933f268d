"""Rows of JSON Lines and CSV are stored a batch at a time (one insert per batch, one query more
when it meets texts already stored): the same articles, refusals, duplicates and checkpoints
as one row at a time."""
import json
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from tests.factories import make_article, make_project, make_user
from webapp.extensions import db
from webapp.imports import runner
from webapp.models import Article, Job, Project, User
from webapp.services import articles as article_service
from webapp.services import jobs as job_service

from .helpers import jsonl, row, statements


@pytest.fixture
def project_id(app, monkeypatch):
    monkeypatch.setattr(runner, "COMMIT_SECONDS", 3600)    # batches cut by count only
    with app.app_context():
        return make_project(make_user("lena"), "Batches").id


def _import(app, project_id, tmp_path, rows, every=500):
    app.config["IMPORT_COMMIT_EVERY"] = every
    path = tmp_path / "rows.jsonl"
    path.write_bytes(jsonl(rows))
    args = ["import-articles", str(project_id), str(path), "--user", "lena"]
    result = app.test_cli_runner().invoke(args=args)
    with app.app_context():
        job = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
        return result, job.id, job.report, job.done


def _articles(app) -> list[Article]:
    with app.app_context():
        found = list(db.session.scalars(select(Article).order_by(Article.id)))
        db.session.expunge_all()
        return found


def test_queries_do_not_grow_with_the_rows_of_a_batch(app, project_id, tmp_path, monkeypatch):
    # The import's own queries: the copy detection queued after it is the worker's next task
    # (run inline here, where tasks run at once), measured in tests/corroboration.
    from webapp.corroboration import copies
    monkeypatch.setattr(copies, "after_import", lambda project_id: None)
    seen = statements(app)
    _import(app, project_id, tmp_path, [row(n) for n in range(1, 6)])
    few = list(seen)
    seen.clear()
    result, *_ = _import(app, project_id, tmp_path, [row(n) for n in range(6, 106)])
    assert "Imported: 100" in result.output
    assert len(seen) == len(few) and seen.count("INSERT") == few.count("INSERT")


def test_repeats_in_a_batch_and_texts_already_stored_are_skipped(app, project_id, tmp_path):
    with app.app_context():
        make_article(_project(project_id), _lena(), row(2)["text"])
    # Batches of 3: line 2 is in the project already, line 4 in the first batch, line 6 in its own.
    rows = [row(1), row(2), row(3), row(1, title="Again"), row(4), row(4, title="Again")]
    result, _job, report, _done = _import(app, project_id, tmp_path, rows, every=3)
    assert (report["summary"]["Imported"], report["summary"]["Duplicates skipped"]) == (3, 3)
    assert [a.title for a in _articles(app)] == ["Report", "Report 1", "Report 3", "Report 4"]


def test_a_file_imported_again_is_all_duplicates(app, project_id, tmp_path):
    rows = [row(n) for n in range(1, 8)]
    _import(app, project_id, tmp_path, rows, every=3)
    result, _job, report, _done = _import(app, project_id, tmp_path, rows, every=3)
    assert (report["summary"]["Imported"], report["summary"]["Duplicates skipped"]) == (0, 7)
    assert len(_articles(app)) == 7


def test_a_text_stored_meanwhile_is_skipped_and_the_rest_of_the_batch_stored(app, project_id, tmp_path,
                                                                            monkeypatch):
    # A page saves row 3's text just after the query for the texts already stored: the batch's
    # insert fails on the unique content hash again, and the batch is stored row by row.
    with app.app_context():
        make_article(_project(project_id), _lena(), row(3)["text"], title="Saved from a page")
    monkeypatch.setattr(article_service, "stored_hashes", lambda *_a: set())
    result, _job, report, _done = _import(app, project_id, tmp_path, [row(n) for n in range(1, 6)])
    assert result.exit_code == 0, result.output
    assert (report["summary"]["Imported"], report["summary"]["Duplicates skipped"],
            report["summary"]["Refused"]) == (4, 1, 0)
    assert sorted(a.title for a in _articles(app)) == ["Report 1", "Report 2", "Report 4", "Report 5",
                                                       "Saved from a page"]


def test_a_batch_lands_whole_with_its_checkpoint_or_not_at_all(app, project_id, tmp_path, monkeypatch):
    rows = [json.dumps(row(n)) for n in range(1, 9)]
    rows[4] = "{broken"                                      # line 5, in the batch that fails
    calls = []
    insert = article_service.insert_articles

    def fails_the_second_time(batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise OperationalError("INSERT INTO articles", {}, Exception("disk I/O error"))
        insert(batch)

    monkeypatch.setattr(article_service, "insert_articles", fails_the_second_time)
    result, job_id, report, done = _import(app, project_id, tmp_path, rows, every=3)
    assert result.exit_code == 1
    assert len(_articles(app)) == 3 and done == 3 and report["position"] == 3
    assert report["refused"] == [] and report["counts"] == {"stored": 3, "skipped": 0, "refused": 0}

    monkeypatch.setattr(article_service, "insert_articles", insert)
    with app.app_context():                                  # "Run again"
        job_service.rerun(db.session.get(Job, job_id))
        db.session.commit()
        job_service.run(job_id, {"import": runner.run})
        job = db.session.get(Job, job_id)
        assert job.status == "done"
        assert (job.report["summary"]["Imported"], job.report["summary"]["Refused"]) == (7, 1)
        assert [r["where"] for r in job.report["refused"]] == ["line 5"]
        assert db.session.scalar(select(func.count(func.distinct(Article.content_hash)))) == 7
    assert len(_articles(app)) == 7


def test_a_bulk_imported_article_is_stored_as_a_single_import_stores_it(app, project_id, tmp_path):
    text = ("BREAKING\n\nDEIR EZ-ZOR — 26 militants were killed near the bridge, a fighter said."
            "\n\nScroll Up\n")
    fields = {"title": "  Raqqa  ", "site_name": " ANHA ", "original_outlet": "Hawar", "author": "Staff",
              "url": "https://anha.example/1", "published_on": "2017-05-11"}
    _import(app, project_id, tmp_path, [{"text": text, **fields}])
    with app.app_context():
        other = make_project(_lena(), "Single").id
        single = article_service.import_text(other, _lena(), text, article_service.Provenance(
            **{**fields, "published_on": date(2017, 5, 11)}))
        db.session.commit()
    bulk, single = _articles(app)
    columns = ("title", "site_name", "original_outlet", "url", "author", "published_on", "text",
               "content_hash", "body_start", "body_end", "imported_by_id", "double_review")
    assert {c: getattr(bulk, c) for c in columns} == {c: getattr(single, c) for c in columns}
    assert bulk.title == "Raqqa" and bulk.captured_at is not None
    assert text[bulk.body_start:bulk.body_end].startswith("DEIR EZ-ZOR")


@pytest.mark.parametrize("field,value,reason", [
    ("title", "T" * 501, "At most 500 characters."),
    ("title", "   ", "Give the article a title."),
    ("site_name", "S" * 201, "At most 200 characters."),
    ("original_outlet", "O" * 201, "At most 200 characters."),
    ("author", "A" * 201, "At most 200 characters."),
    ("url", "ftp://example.org/1", "The URL must start with http:// or https://."),
    ("url", "https://example.org/" + "u" * 2000, "At most 2000 characters."),
    ("published_on", "2017-02-30", "is not a date"),
    ("text", "x" * 101, "The article is longer than 100 characters."),
])
def test_every_field_of_every_row_is_checked(app, project_id, tmp_path, field, value, reason):
    app.config["MAX_ARTICLE_CHARS"] = 100
    rows = [row(1), row(2, **{field: value}), row(3)]
    result, _job, report, _done = _import(app, project_id, tmp_path, rows, every=2)
    assert report["summary"]["Imported"] == 2 and report["summary"]["Refused"] == 1
    assert report["refused"][0]["where"] == "line 2" and reason in report["refused"][0]["reason"]


def _project(project_id: int) -> Project:
    return db.session.get(Project, project_id)


def _lena() -> User:
    return db.session.scalar(select(User).where(User.username == "lena"))
