"""The CSV and JSON Lines exports, byte for byte, for a small project that fills every column:
a source with a comma, a formula-like figure, a statement with quotes and a line break, two
pieces of evidence, a claim without a source. Faster ways of writing the files must not change
a byte of them."""
import inspect
from datetime import date, datetime, timezone

from sqlalchemy import update

from tests.exports.helpers import signed_in
from tests.factories import make_claim, make_project, make_user
from webapp.exports import rows
from webapp.corroboration import clusters
from webapp.extensions import db
from webapp.models import Article, Claim
from webapp.services import articles, claims, sources

TEXT = "Thus far, 26 ISIS militants have been killed, a fighter said. Others deny it."
MOMENT = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def _project(app) -> dict:
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena)
        article = articles.import_text(project.id, lena, TEXT, articles.Provenance(
            title="Raqqa, day 3", site_name="ANHA", original_outlet="Hawar News Agency",
            url="https://anha.example/3", author="Staff", published_on=date(2017, 5, 11)))
        source = sources.create_source(project.id, lena, "Abu Muhammad, a fighter",
                                       affiliation="SDF", reliability="B")
        db.session.commit()
        first = make_claim(article, lena, "26 ISIS militants have been killed",
                           statement='"26 killed",\nsays a fighter', figures="=26",
                           structured_figures=[{"text": "at least 26 ISIS militants killed"},
                                               {"text": "dozens injured"}],
                           kind="casualty_figure", source_type="combatant", named="named_person",
                           party="party", access="firsthand", hedging="thus far",
                           independent_sources="1", source_id=source.id, credibility="3")
        denial = claims.add_evidence(first, lena, first.version, stance="contradicts",
                                     url="https://example.org/denial", summary="Denies it")
        radio = claims.add_evidence(first, lena, first.version, stance="supports",
                                    reference="Radio, 12 May")
        claims.update_claim(first, lena, {"status": "false", "rationale": "Contradicted."},
                            first.version)
        second = make_claim(article, lena, "Others deny it.")
        cluster = clusters.link(first, second, lena)   # one article: one origin
        db.session.execute(update(Claim).values(created_at=MOMENT, updated_at=MOMENT))
        db.session.execute(update(Article).values(captured_at=MOMENT))
        db.session.commit()
        zone = "+00:00" if db.engine.dialect.name == "postgresql" else ""   # SQLite's are naive
        return {"project": project.id, "article": article.id, "first": first.id, "source": source.id,
                "second": second.id, "cluster": cluster.id, "hash": article.content_hash,
                "evidence": [e.changes["evidence"][1]["id"] for e in (denial, radio)],
                "at": "2024-01-02T03:04:05" + zone}


def _csv(ids: dict) -> str:
    at, first, second, article = ids["at"], ids["first"], ids["second"], ids["article"]
    cluster = (f'{ids["cluster"]},2,1,single_origin,"every report rests on one origin: Abu '
               'Muhammad, a fighter","killed · combatants: 26\ninjured · unknown: 12"')
    provenance = (f'{article},"Raqqa, day 3",ANHA,Hawar News Agency,https://anha.example/3,Staff,'
                  f'2017-05-11,{at},{ids["hash"]}')
    return (
        "claim_id,article_id,article_title,site_name,original_outlet,article_url,article_author,"
        "article_published_on,article_captured_at,article_content_hash,quote,start,end,prefix,"
        "suffix,revision,anchor_state,anchor_finding,statement,kind,structured_figures,figures,attribution_text,source_type,named,party,access,hedging,"
        "independent_sources,source_name,source_affiliation,source_reliability,credibility,"
        "admiralty_code,attribution_chain,chain_note,cluster_id,cluster_reports,cluster_origins,"
        "cluster_grade,cluster_grade_reason,cluster_range,status,rationale,evidence,created_by,created_at,"
        "last_reviewed_by,review_state,second_reviewer,updated_at,version\r\n"
        f'{first},{provenance},26 ISIS militants have been killed,10,44,"Thus far, ",'
        '", a fighter said. Others deny it",1,,,"""26 killed"",\nsays a fighter",Casualty figure,'
        '"at least 26 · killed · combatants\ndozens (12) · injured · unknown",'
        "'=26,,Individual combatant,Named person,Party to the conflict,Firsthand,thus far,1,"
        '"Abu Muhammad, a fighter",SDF,B,3,B3,"ANHA (republished) → Hawar News Agency (citing) → '
        'Abu Muhammad, a fighter",,' + cluster + ',false,Contradicted.,'
        '"[contradicts] https://example.org/denial — Denies it\n[supports] Radio, 12 May",'
        f"lena,{at},lena,,,{at},4\r\n"
        f'{second},{provenance},Others deny it.,62,77,"ve been killed, a fighter said. ",,1,'
        f",,,,,,,,,,,,,,,,6,F6,ANHA (republished) → Hawar News Agency,,{cluster},unreviewed,,,lena,"
        f"{at},,,,"
        f"{at},1\r\n")


def _jsonl(ids: dict) -> str:
    at, first, second, article = ids["at"], ids["first"], ids["second"], ids["article"]
    denial, radio = ids["evidence"]
    source = ids["source"]
    cluster = (f'"cluster_id": {ids["cluster"]}, "cluster_reports": 2, "cluster_origins": 1, '
               '"cluster_grade": "single_origin", "cluster_grade_reason": "every report rests on '
               'one origin: Abu Muhammad, a fighter", "cluster_range": "killed · combatants: 26'
               '\\ninjured · unknown: 12"')
    member = ('{"claim_id": %d, "article_id": %d, "article_url": "https://anha.example/3", '
              '"article_title": "Raqqa, day 3", "site_name": "ANHA", "published_on": "2017-05-11"}')
    structured = (f', "cluster": {{"id": {ids["cluster"]}, "grade": "single_origin", '
                  '"grade_reason": "every report rests on one origin: Abu Muhammad, a fighter", '
                  f'"reports": 2, "origins": 1, "members": [{member % (first, article)}, '
                  f'{member % (second, article)}], "ranges": {{"killed · combatants": '
                  f'{{"min": 26, "max": 26, "min_by": [{first}], "max_by": [{first}], '
                  f'"conservative": 26, "conservative_by": [{first}]}}, "injured · unknown": '
                  f'{{"min": 12, "max": 12, "min_by": [{first}], "max_by": [{first}], '
                  f'"conservative": 12, "conservative_by": [{first}]}}}}}}')
    provenance = (
        f'"article_id": {article}, "article_title": "Raqqa, day 3", "site_name": "ANHA", '
        '"original_outlet": "Hawar News Agency", "article_url": "https://anha.example/3", '
        '"article_author": "Staff", "article_published_on": "2017-05-11", '
        f'"article_captured_at": "{at}", "article_content_hash": "{ids["hash"]}"')
    return (
        f'{{"claim_id": {first}, {provenance}, "quote": "26 ISIS militants have been killed", '
        '"start": 10, "end": 44, "prefix": "Thus far, ", '
        '"suffix": ", a fighter said. Others deny it", "revision": 1, "anchor_state": "", '
        '"anchor_finding": "", '
        r'"statement": "\"26 killed\",\nsays a fighter", "kind": "Casualty figure", '
        '"structured_figures": [{"kind": "at_least", "low": 26, "high": null, "term": "", '
        '"counts": "killed", "who": "combatants", "text": "at least 26 ISIS militants killed"}, '
        '{"kind": "vague", "low": null, "high": null, "term": "dozens", "counts": "injured", '
        '"who": "unknown", "text": "dozens injured"}], '
        '"figures": "=26", "attribution_text": "", "source_type": "Individual combatant", '
        '"named": "Named person", "party": "Party to the conflict", "access": "Firsthand", '
        '"hedging": "thus far", "independent_sources": "1", '
        '"source_name": "Abu Muhammad, a fighter", '
        '"source_affiliation": "SDF", "source_reliability": "B", "credibility": "3", '
        '"admiralty_code": "B3", "attribution_chain": "ANHA (republished) → Hawar News Agency '
        '(citing) → Abu Muhammad, a fighter", "chain_note": "", ' + cluster + ', "status": "false", '
        '"rationale": "Contradicted.", "evidence": [{"stance": "contradicts", '
        '"url": "https://example.org/denial", "reference": "", "summary": "Denies it", '
        f'"evidence_id": {denial}}}, '
        '{"stance": "supports", "url": "", "reference": "Radio, 12 May", "summary": "", '
        f'"evidence_id": {radio}}}], '
        f'"created_by": "lena", "created_at": "{at}", "last_reviewed_by": "lena", '
        f'"review_state": "", "second_reviewer": "", "updated_at": "{at}", "version": 4, '
        '"status_label": "False", "codes": {"kind": "casualty_figure", '
        '"source_type": "combatant", "named": "named_person", "party": "party", '
        f'"access": "firsthand", "anchor_state": ""}}, "source_kind": "person", "source_id": {source}, '
        f'"revision_captured_at": "{at}", "chain": ['
        '{"name": "ANHA", "kind": "outlet", "relation": "republished", "source_id": null}, '
        '{"name": "Hawar News Agency", "kind": "outlet", "relation": "citing", "source_id": null}, '
        '{"name": "Abu Muhammad, a fighter", "kind": "person", "relation": null, '
        f'"source_id": {source}}}]{structured}}}\n'
        f'{{"claim_id": {second}, {provenance}, "quote": "Others deny it.", '
        '"start": 62, "end": 77, '
        '"prefix": "ve been killed, a fighter said. ", "suffix": "", "revision": 1, "anchor_state": "", '
        '"anchor_finding": "", "statement": "", "kind": "", '
        '"structured_figures": [], "figures": "", "attribution_text": "", "source_type": "", "named": "", "party": "", '
        '"access": "", "hedging": "", "independent_sources": "", "source_name": "", '
        '"source_affiliation": "", "source_reliability": "", "credibility": "6", '
        '"admiralty_code": "F6", "attribution_chain": "ANHA (republished) → Hawar News Agency", '
        '"chain_note": "", ' + cluster + ', "status": "unreviewed", "rationale": "", '
        f'"evidence": [], "created_by": "lena", "created_at": "{at}", "last_reviewed_by": "", '
        f'"review_state": "", "second_reviewer": "", "updated_at": "{at}", "version": 1, '
        '"status_label": "Unreviewed", "codes": {"kind": "", "source_type": "", "named": "", '
        '"party": "", "access": "", "anchor_state": ""}, "source_kind": "", "source_id": null, '
        f'"revision_captured_at": "{at}", "chain": ['
        '{"name": "ANHA", "kind": "outlet", "relation": "republished", "source_id": null}, '
        '{"name": "Hawar News Agency", "kind": "outlet", "relation": null, "source_id": null}]'
        f'{structured}}}\n')


def test_csv_export_byte_for_byte(app, browser):
    ids = _project(app)
    body = signed_in(browser).get(f"/projects/{ids['project']}/export/claims.csv").get_data()
    assert body.decode("utf-8") == _csv(ids)


def test_jsonl_export_byte_for_byte(app, browser):
    ids = _project(app)
    body = signed_in(browser).get(f"/projects/{ids['project']}/export/claims.jsonl").get_data()
    assert body.decode("utf-8") == _jsonl(ids)


def test_each_selected_column_lands_in_the_parameter_of_its_name():
    """``_row`` takes the batch query's columns by position; a column added to one and not
    the other, or in another order, would shift every value after it."""
    selected = list(rows._select_rows(1, None, "lead").selected_columns.keys())
    positional = [name for name, p in inspect.signature(rows._row).parameters.items()
                  if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert selected == positional[2:]
