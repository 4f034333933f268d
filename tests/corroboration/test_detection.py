"""Copies are found by their text: a republication with boilerplate and a paragraph dropped,
an exact wire copy; an independent report of the same events is not a copy."""
from sqlalchemy import func, select

from tests.factories import make_project, make_user
from webapp.corroboration import copies, groups
from webapp.corroboration import shingles as sh
from webapp.extensions import db
from webapp.models import ArticleCopy, ArticleSignature

from .texts import WIRE, the_wire_and_its_copies


def _pairs():
    return {(p.original_id, p.copy_id): p for p in db.session.scalars(select(ArticleCopy))}


def test_words_are_normalised_and_numbers_kept():
    assert sh.words("ＲＡＱＱＡ — 26 ISIS-fighters, “killed”") == ["raqqa", "26", "isis", "fighters", "killed"]
    assert sh.shingles("a b c d e f") != sh.shingles("a b c d e g")


def test_planted_copies_are_found_and_the_independent_report_is_not(ctx):
    lead = make_user("lena")
    a = the_wire_and_its_copies(make_project(lead), lead)
    pairs = _pairs()
    original, republished, wire = a["original"].id, a["republished"].id, a["wire"].id
    assert set(pairs) == {(original, republished), (original, wire), (republished, wire)}
    assert pairs[(original, wire)].share == 1.0
    expected = sh.jaccard(*(sh.shingles(sh.body_of(x.text, x.body_start, x.body_end))
                            for x in (a["original"], a["republished"])))
    assert 0.5 < expected < 0.9
    assert pairs[(original, republished)].share == round(expected, 4)
    assert pairs[(original, republished)].found_by == "text+provenance"   # "first published by ANHA"
    assert all(p.state == "suggested" for p in pairs.values())
    group = groups.fetch_group(a["wire"])
    assert group.original_id == original
    assert [m.article.id for m in group.members] == [original, republished]
    assert groups.fetch_group(a["independent"]).members == []


def test_a_second_run_hashes_nothing_and_keeps_decisions(ctx):
    lead = make_user("lena")
    a = the_wire_and_its_copies(make_project(lead), lead)
    groups.split_article(a["republished"], lead)
    db.session.commit()
    outcome = copies.find_copies(a["original"].project_id)
    db.session.commit()
    assert outcome.hashed == 0 and outcome.pairs == []
    assert db.session.scalar(select(func.count()).select_from(ArticleSignature)) == 4
    assert {p.state for k, p in _pairs().items() if a["republished"].id in k} == {"split"}


def test_the_index_finds_the_same_copies_as_the_direct_comparison(ctx, monkeypatch):
    monkeypatch.setattr(copies, "DIRECT_LIMIT", 0)   # every run through datasketch's LSH
    lead = make_user("lena")
    project = make_project(lead)
    a = the_wire_and_its_copies(project, lead)
    assert len(_pairs()) == 3
    db.session.query(ArticleCopy).delete()
    db.session.query(ArticleSignature).delete()
    db.session.commit()
    outcome = copies.find_copies(project.id)
    assert sorted((o, c) for o, c, _s in outcome.pairs) == sorted(
        [(a["original"].id, a["republished"].id), (a["original"].id, a["wire"].id),
         (a["republished"].id, a["wire"].id)])


def test_short_texts_and_chrome_only_texts_do_not_break_the_run(ctx):
    from .texts import import_report
    lead = make_user("lena")
    project = make_project(lead)
    import_report(project, lead, "Raqqa", "One word", "ANHA", "2017-05-11")
    import_report(project, lead, " ".join(WIRE[0].split()[:3]), "Three words", "ANHA", "2017-05-11")
    assert copies.find_copies(project.id).hashed == 2
    assert _pairs() == {}
