"""Round trip: the demo project's archive, imported into a fresh instance, gives the same
articles, claims, offsets and history (from the web download and from the command line)."""
import json
import shutil

import pytest
from sqlalchemy import select

from tests.conftest import make_app
from tests.exports.helpers import demo_with_history, signed_in
from tests.factories import make_user
from webapp.corroboration import chains
from webapp.extensions import db
from webapp.interop.archive import read_archive
from webapp.models import (Article, ArticleCopy, Claim, ClaimCluster, ClaimEvent, ClaimEvidence, Evidence,
                           Source, User)
from webapp.services import articles as articles_service
from webapp.services.errors import Invalid

ARTICLE_KEYS = ("title", "site_name", "original_outlet", "url", "author", "published_on",
                "captured_at", "text", "content_hash", "body_start", "body_end")
CLAIM_KEYS = ("quote", "start_offset", "end_offset", "prefix", "suffix", "statement", "kind",
              "figures", "attribution_text", "source_type", "named", "party", "access", "hedging",
              "independent_sources", "attribution_chain", "credibility", "status", "rationale",
              "review_state", "version", "created_at", "updated_at", "deleted_at",
              "structured_figures")


def _utc(value):
    return value.replace(tzinfo=None) if value is not None and hasattr(value, "tzinfo") else value


def _project_state(project_id: int) -> dict:
    """Everything a person would compare, without the ids an instance hands out."""
    articles = db.session.scalars(select(Article).where(Article.project_id == project_id)
                                  .order_by(Article.id)).all()
    claims = db.session.scalars(select(Claim).where(Claim.project_id == project_id)
                                .order_by(Claim.id)).all()
    from webapp.services.figures import fetch_vague_terms
    state = {"vague_terms": fetch_vague_terms(project_id), "articles": [{k: _utc(getattr(a, k)) for k in ARTICLE_KEYS} | {
        "imported_by": a.imported_by.username} for a in articles], "claims": []}
    for claim in claims:
        events = db.session.execute(
            select(ClaimEvent.action, User.username, ClaimEvent.created_at, ClaimEvent.version,
                   ClaimEvent.changes, ClaimEvent.reason).join(User, User.id == ClaimEvent.actor_id)
            .where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.id)).all()
        evidence = db.session.execute(
            select(ClaimEvidence.stance, Evidence.url, Evidence.reference, Evidence.summary)
            .join(Evidence).where(ClaimEvidence.claim_id == claim.id)).all()
        state["claims"].append({k: _utc(getattr(claim, k)) for k in CLAIM_KEYS} | {
            "article": claim.article.content_hash, "created_by": claim.created_by.username,
            "last_reviewed_by": claim.last_reviewed_by.username if claim.last_reviewed_by else None,
            "source": (claim.source.name, claim.source.reliability) if claim.source else None,
            "evidence": [tuple(e) for e in evidence],
            "chain": chains.chain_text(chains.chain_of(claim)),
            "chain_set": chains.is_set(claim.id),
            "events": [(a, u, _utc(at), v, c, r) for a, u, at, v, c, r in events]})
    state["copies"] = [(p.original.title, p.copy.title, p.share, p.state, p.found_by,
                        _utc(p.found_at), db.session.get(User, p.decided_by_id).username
                        if p.decided_by_id else None, _utc(p.decided_at))
                       for p in db.session.scalars(select(ArticleCopy).where(
                           ArticleCopy.project_id == project_id).order_by(ArticleCopy.id))]
    state["clusters"] = [
        {"grade": c.grade, "grade_reason": c.grade_reason, "reports": c.reports,
         "origins": c.origins, "created_by": db.session.get(User, c.created_by_id).username, "created_at": _utc(c.created_at),
         "updated_at": _utc(c.updated_at),
         "members": [(m.claim.start_offset, m.claim.quote, m.admission,
                      db.session.get(User, m.linked_by_id).username, _utc(m.linked_at))
                     for m in c.members]}
        for c in db.session.scalars(select(ClaimCluster).where(
            ClaimCluster.project_id == project_id).order_by(ClaimCluster.id))]
    return state


@pytest.fixture
def fresh_app(sqlite_template, tmp_path):
    """A second, empty instance (its own SQLite database and instance folder)."""
    path = tmp_path / "fresh.db"
    shutil.copy(sqlite_template, path)
    app = make_app(f"sqlite:///{path}", tmp_path / "fresh-instance")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_demo_archive_round_trips_into_a_fresh_instance(app, browser, fresh_app):
    project_id = demo_with_history(app)
    with app.app_context():   # a deleted claim keeps its history in the archive too
        from tests.factories import make_claim
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        article = db.session.scalar(select(Article).where(Article.project_id == project_id))
        gone = make_claim(article, lena, "Lake Assad", statement="dropped", status="unreviewed",
                          structured_figures=[{"text": "up to 40 civilians displaced"}])
        from webapp.services import figures as figure_service
        figure_service.set_vague_term(project_id, "dozens", 24)      # a project's own coding
        figure_service.set_vague_term(project_id, "scores", 20)
        first = db.session.scalar(select(Claim).where(Claim.project_id == project_id).order_by(Claim.id))
        from webapp.services import claims as claim_service
        claim_service.update_claim(first, lena, {"structured_figures": [
            {"text": "26 ISIS militants killed"}, {"text": "scores of militants injured"},
            {"text": "10-15 civilians", "counts": "missing"}]}, first.version)
        claim_service.delete_claim(gone, lena, gone.version, "Duplicate")
        from webapp.models import ArticleCopy   # a second article, a confirmed copy of the first
        from webapp.models._time import utcnow
        copy = articles_service.import_text(project_id, lena, article.text + "\n(Reposted.)", articles_service.Provenance(
            title="Reposted", site_name="Reposter"))
        db.session.add(ArticleCopy(project_id=project_id, original_id=article.id, copy_id=copy.id,
                                   share=0.97, state="confirmed", decided_by_id=lena.id,
                                   decided_at=utcnow()))
        db.session.flush()
        copied = make_claim(copy, lena, "Lake Assad", statement="reposted")
        from webapp.corroboration import clusters   # a cluster, one report an admission
        others = db.session.scalars(select(Claim).where(Claim.project_id == project_id,
                                                        Claim.deleted_at.is_(None))
                                    .order_by(Claim.id)).all()
        clusters.link(others[0], others[1], lena, "Same strike.")
        clusters.link(others[2], others[1], lena)
        clusters.set_admission(others[2], lena, True)
        clusters.link(others[3], copied, lena)    # one origin: the copy collapses into it
        db.session.commit()
        before = _project_state(project_id)
        assert before["clusters"][0]["grade"] == "admitted"
        assert before["clusters"][1]["origins"] == 1   # the copy and its original: one origin
        assert [(c[1], c[3], c[6]) for c in before["copies"]] == [("Reposted", "confirmed", "lena")]
        assert [m[2] for m in before["clusters"][0]["members"]] == [False, False, True]
    response = signed_in(browser).get(f"/projects/{project_id}/export/archive.jsonl")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"
    lines = response.get_data(as_text=True).splitlines(keepends=True)
    assert [json.loads(line)["type"] for line in lines] == \
        ["project", "person", "source", "source", "article", "article", "copy"] + ["claim"] * 8 + \
        ["cluster"] * 2
    with fresh_app.app_context():
        importer = make_user("ines")
        project, report = read_archive(lines, "Imported demo", importer)
        db.session.commit()
        assert report == {"articles": 2, "claims": 8, "placeholders": ["lena"]}
        after = _project_state(project.id)
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        assert (lena.active, lena.display_name) == (False, "Lena")   # a placeholder, no sign-in
        assert list(db.session.scalars(select(Source.name).where(Source.project_id == project.id)
                                       .order_by(Source.id))) == [
            "Unnamed Swedish foreign fighter in SDF ranks", "Islamic Invitation Turkey"]
    assert after == before
    assert [e[0] for e in after["claims"][0]["events"]] == [
        "created", "chain_changed", "status_changed", "commented", "edited", "cluster_linked"]
    assert after["claims"][6]["deleted_at"] is not None
    # The chains set on the demo's claims come back as hops of the new project's registry.
    assert after["claims"][0]["chain"] == ("Islamic Invitation Turkey (republished) → outlet not "
                                           "named (citing) → Unnamed Swedish foreign fighter in "
                                           "SDF ranks")
    assert after["claims"][0]["chain_set"] and not after["claims"][6]["chain_set"]
    assert after["vague_terms"]["scores"] == 20 and after["vague_terms"]["dozens"] == 24
    assert [f["kind"] for f in after["claims"][0]["structured_figures"]] == ["exact", "vague", "range"]
    assert after["claims"][6]["structured_figures"][0]["high"] == 40


def test_cli_export_and_import(app, fresh_app, tmp_path):
    project_id = demo_with_history(app)
    path = tmp_path / "demo.jsonl"
    result = app.test_cli_runner().invoke(args=["export-project", str(project_id), str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        before = _project_state(project_id)
    with fresh_app.app_context():
        make_user("lena")   # an account with the same username is matched, not duplicated
    runner = fresh_app.test_cli_runner()
    result = runner.invoke(args=["import-project", str(path), "--name", "Copy", "--user", "lena"])
    assert result.exit_code == 0, result.output
    assert "1 articles, 6 claims" in result.output and "placeholder" not in result.output
    with fresh_app.app_context():
        assert _project_state(1) == before
    result = runner.invoke(args=["import-project", str(path), "--name", "Copy", "--user", "nobody"])
    assert result.exit_code != 0 and "There is no account 'nobody'" in result.output


def test_a_damaged_archive_is_refused_and_nothing_is_kept(fresh_app):
    with fresh_app.app_context():
        user = make_user("ines")
        project_line = json.dumps({"type": "project", "format": "claimtrail-archive", "version": 1,
                                   "name": "X", "lists": []})
        article = json.dumps({"type": "article", "id": 1, "title": "T", "text": "Some text",
                              "content_hash": "0" * 64, "captured_at": "2024-01-01T00:00:00Z",
                              "imported_by": "ines"})
        for lines, message in (([article], "must start with its project record"),
                               ([project_line, article], "does not match its content hash"),
                               ([project_line, "{not json"], "Line 2")):
            with pytest.raises(Invalid, match=message):
                read_archive(lines, "Broken", user)
            db.session.rollback()
        from webapp.models import Project
        assert db.session.scalars(select(Project)).all() == []


def test_a_source_keeps_the_article_it_was_registered_from(app):
    """``claim_form_article_id`` comes back as the imported article's id (export and import on
    this test's database, SQLite or PostgreSQL)."""
    from webapp.interop.archive import write_archive
    from webapp.services import sources as source_service
    project_id = demo_with_history(app)
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        first = db.session.scalar(select(Article).where(Article.project_id == project_id))
        second = articles_service.import_text(project_id, lena, "A second report: 12 killed.",
                                              articles_service.Provenance(title="Second"))
        anna = make_user("anna")
        source_service.create_source(project_id, anna, "Witness in the claim form", "person",
                                     claim_form_article_id=second.id)
        db.session.commit()
        before = _claim_forms(project_id)
        lines = list(write_archive(project_id, lena, "lead"))
        records = [json.loads(line) for line in lines]
        [archived] = [r for r in records if r["type"] == "source" and r["name"].startswith("Witness")]
        assert (archived["claim_form_article"], archived["created_by"]) == (second.id, "anna")
        project, _report = read_archive(lines, "Imported", make_user("ines"))
        db.session.commit()
        after = _claim_forms(project.id)
        assert after == before and after["Witness in the claim form"] == ("Second", "anna")
        witness = db.session.scalar(select(Source).where(Source.project_id == project.id,
                                                         Source.name.startswith("Witness")))
        article = db.session.get(Article, witness.claim_form_article_id)
        assert article.project_id == project.id and article.id not in (first.id, second.id)
        assert article.content_hash == second.content_hash


def _claim_forms(project_id: int) -> dict:
    """Each source's name: the title of the article it was registered from, and its registrant."""
    found = {}
    for source in db.session.scalars(select(Source).where(Source.project_id == project_id)):
        article = db.session.get(Article, source.claim_form_article_id) \
            if source.claim_form_article_id else None
        assert article is None or article.project_id == project_id
        found[source.name] = (article.title if article else None,
                              db.session.get(User, source.created_by_id).username
                              if source.created_by_id else None)
    return found
