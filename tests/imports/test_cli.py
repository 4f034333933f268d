"""``flask import-articles``: the same import from a terminal, with a progress bar and report."""
import json

from sqlalchemy import select

from tests.factories import add_member, make_project, make_user
from webapp.extensions import db
from webapp.models import Article, Job

from .helpers import jsonl, make_zip, row


def _project(app):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "CLI")
        add_member(project, make_user("vera"), "viewer")
        return project.id


def test_a_jsonl_file_is_imported_with_a_progress_bar_and_a_report(app, tmp_path):
    project_id = _project(app)
    rows = [json.dumps(row(n)) for n in range(1, 301)]
    rows[16] = "{not json"
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl(rows))
    result = app.test_cli_runner().invoke(args=["import-articles", str(project_id), str(path), "--user", "lena"])
    assert result.exit_code == 0, result.output
    assert "Importing" in result.output and "300/300" in result.output     # the progress bar
    assert "Imported: 299" in result.output and "Refused: 1" in result.output
    assert "refused line 17: Not valid JSON" in result.output
    assert "Encoding: UTF-8" in result.output
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Article)) == 299
        job = db.session.scalars(select(Job)).one()
        assert job.status == "done" and job.created_by.username == "lena"   # listed on the Jobs page


def test_running_it_twice_skips_the_duplicates(app, tmp_path):
    project_id = _project(app)
    path = tmp_path / "batch.zip"
    path.write_bytes(make_zip([("a.txt", b"One report about the dam, 26 killed."),
                               ("b.txt", b"Another report about the bridge.")]))
    runner = app.test_cli_runner()
    runner.invoke(args=["import-articles", str(project_id), str(path), "--user", "lena"])
    result = runner.invoke(args=["import-articles", str(project_id), str(path), "--user", "lena"])
    assert "Imported: 0" in result.output and "Duplicates skipped: 2" in result.output


def test_refusals_are_clear(app, tmp_path):
    project_id = _project(app)
    path = tmp_path / "a.csv"
    path.write_bytes(b"title,body\nA,B\n")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-articles", str(project_id), str(path), "--user", "lena"])
    assert result.exit_code == 1 and 'needs a header row with a "text" column' in result.output
    result = runner.invoke(args=["import-articles", str(project_id), str(path), "--user", "vera"])
    assert result.exit_code == 1 and "is not a lead or annotator" in result.output
    result = runner.invoke(args=["import-articles", "999", str(path), "--user", "lena"])
    assert "There is no project 999" in result.output


def test_the_encoding_is_chosen_with_encoding_when_detection_is_not_certain(app, tmp_path):
    from .corpus import AMBIGUOUS
    project_id = _project(app)
    path = tmp_path / "scrape.csv"
    path.write_bytes(b'title,text\r\nOne,"' + AMBIGUOUS + b'"\r\n')
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-articles", str(project_id), str(path), "--user", "lena"])
    assert result.exit_code == 1 and "cannot be told for sure" in result.output
    assert "ISO-8859-1 and Windows-1252" in result.output and "--encoding" in result.output
    result = runner.invoke(args=["import-articles", str(project_id), str(path), "--user", "lena",
                                 "--encoding", "ISO-8859-1"])
    assert result.exit_code == 0, result.output
    assert "Encoding: ISO-8859-1 (chosen for this import)" in result.output
    assert 'as read: One,"The convoy reached avu\\x95olu' in result.output
    with app.app_context():
        assert db.session.scalars(select(Article.text)).one() == AMBIGUOUS.decode("latin-1")
