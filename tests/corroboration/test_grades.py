"""The grade rule of a claim cluster against worked examples written out here (issue 11, 5):
which reports collapse into one origin and why, when figures agree, and the grade."""
from webapp.corroboration.grades import Figure, Report, assess, independent_origins, ranges

KILLED = "killed · combatants"


def report(claim_id, article_id, outlet, origin="", status="unconfirmed", figures=(), admission=False):
    key = f"name:{origin.casefold()}" if origin else ""
    return Report(claim_id, article_id, outlet, origin or outlet, key, status, admission,
                  list(figures))


def fig(low, high=None, text="", category=KILLED):
    return Figure(category, low, high, text or str(low))


def test_two_reports_of_one_outlet_are_one_origin():
    origins = independent_origins([report(1, 10, "ANHA"), report(2, 11, "anha ")], {})
    assert len(origins) == 1 and origins[0].reasons == ["same outlet: ANHA"]


def test_a_copy_is_not_corroboration():
    # Article 11 is a copy of article 10 (one copy group), published by another outlet.
    result = assess([report(1, 10, "Reuters"), report(2, 11, "Daily Sabah")], {10: 10, 11: 10})
    assert result.grade == "single_origin" and len(result.origins) == 1
    assert result.origins[0].reasons == ["copy of article 10"]


def test_five_outlets_citing_one_fighter_are_one_origin():
    fighter = "Unnamed Swedish foreign fighter in SDF ranks"
    reports = [report(n, 10 + n, f"Outlet {n}", fighter) for n in range(5)]
    result = assess(reports, {})
    assert result.grade == "single_origin"
    assert result.origins[0].reasons == [f"same original source: {fighter}"]
    assert result.reason == f"every report rests on one origin: {fighter}"


def test_two_independent_origins_whose_figures_agree_corroborate():
    result = assess([report(1, 10, "ANHA", "SDF press office", figures=[fig(26)]),
                     report(2, 11, "SOHR", "SOHR monitors", figures=[fig(25, None, "at least 25")])], {})
    assert result.grade == "corroborated"
    assert result.reason == "2 independent origins whose figures agree"


def test_independent_origins_that_disagree_on_the_figure_contest_it():
    result = assess([report(1, 10, "ANHA", "SDF", figures=[fig(26, 26)]),
                     report(2, 11, "Amaq", "ISIS", figures=[fig(500, None, "over 500")])], {})
    assert result.grade == "contested"
    assert "disagree on the figure: killed · combatants: “26” (SDF) against “over 500” (ISIS)" in result.reason


def test_a_figure_within_the_tolerance_agrees_and_other_categories_do_not_count():
    # 10 % (at least 2): 20 and 22 agree; injured civilians are another thing counted.
    result = assess([report(1, 10, "A", "a", figures=[fig(20, 20)]),
                     report(2, 11, "B", "b", figures=[fig(22, 22), fig(300, 300, category="injured · civilians")])], {})
    assert result.grade == "corroborated"
    assert assess([report(1, 10, "A", "a", figures=[fig(20, 20)]),
                   report(2, 11, "B", "b", figures=[fig(25, 25)])], {}).grade == "contested"


def test_conflicting_verdicts_contest_even_a_single_origin():
    result = assess([report(1, 10, "A", status="confirmed"), report(2, 11, "A", status="false")], {})
    assert result.grade == "contested" and "verdicts conflict" in result.reason


def test_an_admission_by_the_party_concerned_comes_first():
    result = assess([report(1, 10, "A", "a", figures=[fig(26, 26)]),
                     report(2, 11, "Coalition", "CJTF-OIR", figures=[fig(500, 500)], admission=True)], {})
    assert result.grade == "admitted" and result.reason.startswith("report 2 is the admission")


def test_the_range_names_which_report_gave_the_lowest_and_highest():
    spread = ranges([report(1, 10, "A", figures=[fig(26, 26)]),
                     report(2, 11, "B", figures=[fig(500, None, "over 500")]),
                     report(3, 12, "C", figures=[fig(26, 30, "26–30")])])[KILLED]
    assert (spread["min"], spread["min_by"], spread["max"], spread["max_by"]) == (26, [1, 3], 500, [2])
    assert (spread["conservative"], spread["conservative_by"]) == (26, [1, 3])
