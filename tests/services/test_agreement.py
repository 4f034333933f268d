"""Agreement figures checked against worked examples with known answers, then end to end on
double-reviewed articles (the same answers from claims in the database)."""
import pytest

from tests.double_review_data import double, finish, mark, team
from tests.factories import add_member, make_user
from tests.views.test_query_counts import count_queries
from webapp.extensions import db
from webapp.models import Assignment
from webapp.services import claims as claim_service
from webapp.services import double_review
from webapp.services.agreement import cohens_kappa, f1, krippendorff_alpha, project_agreement


def _table(cells: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    return [pair for pair, count in cells.items() for _ in range(count)]


# --- worked examples ------------------------------------------------------------------------

def test_cohens_kappa_of_the_textbook_example_is_0_4():
    # Wikipedia, "Cohen's kappa", simple example: 50 grant proposals read by A and B.
    # Both yes 20, both no 15, A yes / B no 5, A no / B yes 10: p_o = 0.7, p_e = 0.5.
    items = _table({("yes", "yes"): 20, ("no", "no"): 15, ("yes", "no"): 5, ("no", "yes"): 10})
    assert cohens_kappa(items) == pytest.approx(0.4)


@pytest.mark.parametrize("cells,kappa", [
    # Wikipedia, "Same percentages but different numbers": both 60 % agreement, different kappa.
    ({("yes", "yes"): 45, ("yes", "no"): 15, ("no", "yes"): 25, ("no", "no"): 15}, 0.06 / 0.46),   # 0.1304
    ({("yes", "yes"): 25, ("yes", "no"): 35, ("no", "yes"): 5, ("no", "no"): 35}, 0.14 / 0.54),    # 0.2593
])
def test_cohens_kappa_depends_on_the_marginals_not_only_on_agreement(cells, kappa):
    assert cohens_kappa(_table(cells)) == pytest.approx(kappa)
    assert round(cohens_kappa(_table(cells)), 4) in (0.1304, 0.2593)


def test_cohens_kappa_edge_cases():
    assert cohens_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert cohens_kappa([("a", "b"), ("b", "a")]) == -1.0
    assert cohens_kappa([("a", "a"), ("a", "a")]) is None     # no variation: undefined
    assert cohens_kappa([]) is None


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
# Communication, University of Pennsylvania: the examples of sections A, B and C.
def test_krippendorffs_alpha_binary_two_observers_is_0_095():
    mary = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    jon = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    units = [[str(m), str(j)] for m, j in zip(mary, jon)]
    assert round(krippendorff_alpha(units), 3) == 0.095   # exactly 2/21


def test_krippendorffs_alpha_nominal_two_observers_is_0_692():
    ben = "a a b b d c c c e d d a".split()
    gerry = "b a b b b c c c e d d d".split()
    assert round(krippendorff_alpha([list(u) for u in zip(ben, gerry)]), 3) == 0.692


# Section C: four observers, twelve units, values 1–5, missing data ("." = no value).
KRIPPENDORFF_C = ["1 2 3 3 2 1 4 1 2 . . .",
                  "1 2 3 3 2 2 4 1 2 5 . 3",
                  ". 3 3 3 2 3 4 2 2 5 1 .",
                  "1 2 3 3 2 4 4 1 2 5 1 ."]


def test_krippendorffs_alpha_nominal_four_observers_with_missing_data_is_0_743():
    rows = [r.split() for r in KRIPPENDORFF_C]
    units = [[row[u] for row in rows if row[u] != "."] for u in range(12)]
    # The paper's coincidence totals: n = 40 pairable values, n_1..n_5 = 9, 13, 10, 5, 3.
    pairable = [u for u in units if len(u) >= 2]
    assert sum(len(u) for u in pairable) == 40
    assert round(krippendorff_alpha(units), 3) == 0.743


def test_krippendorffs_alpha_edge_cases():
    assert krippendorff_alpha([["a", "a"], ["b", "b"]]) == pytest.approx(1.0)
    assert krippendorff_alpha([["a", "a"], ["a", "a"]]) is None   # one value only: undefined
    assert krippendorff_alpha([["a"], ["b"]]) is None             # nothing pairable
    assert krippendorff_alpha([]) is None


def test_span_f1():
    assert f1(6, 5, 4) == pytest.approx(8 / 11)
    assert f1(0, 0, 0) is None


# --- from the database ----------------------------------------------------------------------

SENTENCES = " ".join(f"Sentence {i} reports something." for i in range(12))


def _sentence(i, words=None):
    text = f"Sentence {i} reports something." if words is None else " ".join(
        f"Sentence {i} reports something.".split()[:words])
    start = SENTENCES.index(f"Sentence {i} ")
    return (start, start + len(text))


def _worked_project():
    """anna (A) marks sentences 0–5, omar (B) 0, 1 (part), 2, 3 (part) and 7: 4 matches,
    2 of them exact. Source type on the matches: (official, official), (official, media),
    (media, media), (media, media) → κ = 0.5 (p_o ¾, p_e ½), α = 8/15."""
    project, lena, anna, omar, _ = team()
    article = double(project, lena, anna, omar, text=SENTENCES)
    types_a = ["official", "official", "media", "media", "media", "media"]
    named_a = ["unnamed", "named_person", "unnamed", "", "", ""]
    for i in range(6):
        mark(article, anna, _sentence(i), source_type=types_a[i], named=named_a[i])
    oops = mark(article, anna, _sentence(6))   # anna deletes it herself: not a judgement
    claim_service.delete_claim(oops, anna, oops.version)
    for i, words, kind in ((0, None, "official"), (1, 3, "media"), (2, None, "media"), (3, 2, "media"),
                           (7, None, "official")):
        mark(article, omar, _sentence(i, words), source_type=kind, named="unnamed")
    db.session.commit()
    return project, lena, anna, omar, article


def _figures(result):
    by_field = {f.field: f for f in result.fields}
    return by_field


def test_span_and_field_agreement_from_claims(ctx):
    project, lena, anna, omar, article = _worked_project()
    unfinished = double(project, lena, anna, omar, text=SENTENCES + " Later.", title="Blind")
    mark(unfinished, anna, _sentence(0), source_type="expert")
    assert project_agreement(project.id).spans == []   # nothing finished yet
    finish(article)
    result = project_agreement(project.id)
    assert result.articles == 1                        # the blind article does not count
    [spans] = result.spans
    assert (spans.first, spans.second) == ("anna", "omar")
    assert (spans.first_claims, spans.second_claims, spans.matched, spans.exact) == (6, 5, 4, 2)
    assert spans.precision == pytest.approx(4 / 5)
    assert spans.recall == pytest.approx(4 / 6)
    assert spans.f1 == pytest.approx(8 / 11)
    assert spans.exact_f1 == pytest.approx(4 / 11)
    fields = _figures(result)
    pair = ("anna", "omar")
    assert fields["source_type"].kappas[pair].value == pytest.approx(0.5)
    assert fields["source_type"].kappas[pair].n == 4
    assert fields["source_type"].alpha.value == pytest.approx(8 / 15)
    assert fields["source_type"].alpha.n == 4
    # An item where a reviewer left the field empty is left out: n = 3 here.
    assert (fields["named"].kappas[pair].value, fields["named"].kappas[pair].n) == (pytest.approx(0.0), 3)
    # No variation (everything unreviewed): undefined, with the items counted.
    assert (fields["status"].kappas[pair].value, fields["status"].kappas[pair].n) == (None, 4)
    assert (fields["source_reliability"].alpha.value, fields["source_reliability"].alpha.n) == (None, 0)


def test_adjudication_does_not_change_the_reviewers_agreement(ctx):
    project, lena, anna, omar, article = _worked_project()
    finish(article)
    before = project_agreement(project.id)
    comparison = double_review.compare(article)
    contested = next(p for p in comparison.pairs if p.differences)
    double_review.adjudicate_pair(article, lena, "lead", contested.a.id, contested.b.id,
                                  from_dropped=["source_type"])
    lone = comparison.only_b[0]
    double_review.settle_unpaired(article, lena, "lead", lone.id, keep=False, reason="not a claim")
    db.session.commit()
    assert project_agreement(project.id) == before


def test_alpha_of_the_four_observer_example_from_claims_in_the_database(ctx):
    """Krippendorff's section C again, as four reviewers' claims on twelve sentences (value
    1–5 → a source type): the same α = 0.743 comes out of the pairing and the queries."""
    project, lena, anna, omar, _ = team()
    tess, ugo = make_user("tess"), make_user("ugo")
    add_member(project, tess, "annotator")
    add_member(project, ugo, "lead")
    article = double(project, lena, anna, omar, text=SENTENCES)
    for user in (tess, ugo):
        db.session.add(Assignment(project_id=project.id, article_id=article.id, assignee_id=user.id,
                                  assigned_by_id=lena.id))
    db.session.commit()
    kinds = {"1": "official", "2": "armed_group", "3": "combatant", "4": "eyewitness", "5": "media"}
    for user, row in zip((anna, omar, tess, ugo), KRIPPENDORFF_C):
        for i, value in enumerate(row.split()):
            if value != ".":
                mark(article, user, _sentence(i), source_type=kinds[value])
    finish(article)
    result = project_agreement(project.id)
    source_type = _figures(result)["source_type"]
    assert round(source_type.alpha.value, 3) == 0.743
    assert source_type.alpha.n == 11                   # unit 12 has one value only
    assert len(result.pairs) == 6                      # κ for every pair of the four
    assert source_type.kappas[("anna", "omar")].n == 9


def test_the_number_of_queries_does_not_grow_with_the_work(app, ctx):
    project, lena, anna, omar, _ = team()
    counts = []
    for n in (1, 6):
        while len(double_review.fetch_double_review_articles(project.id)) < n:
            k = len(double_review.fetch_double_review_articles(project.id))
            article = double(project, lena, anna, omar, text=f"{SENTENCES} Copy {k}.", title=f"C{k}")
            for i in range(4):
                mark(article, anna, _sentence(i), source_type="official")
                mark(article, omar, _sentence(i, 3), source_type="media")
            finish(article)
        db.session.expire_all()
        with count_queries(app) as counter:
            result = project_agreement(project.id)
        assert result.articles == n
        counts.append(counter["n"])
    assert counts[0] == counts[1] <= 4
