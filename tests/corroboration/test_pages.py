"""The article page shows "Also published as"; a lead confirms or splits a group (an event in
each article's history); annotators cannot; the list filters to copies or originals; the
worker finds copies after an import; ``flask find-copies`` prints the groups."""
from sqlalchemy import select

from tests.factories import PASSWORD, add_member, make_project, make_user
from webapp.extensions import db
from webapp.models import ArticleCopy, ArticleEvent

from .texts import BOILERPLATE, WIRE, body, import_report, the_wire_and_its_copies


def _setup(app):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena)
        add_member(project, make_user("anna"), "annotator")
        found = the_wire_and_its_copies(project, lena)
        return project.id, {k: a.id for k, a in found.items()}


def _page(browser, project_id, article_id):
    return browser.get(f"/projects/{project_id}/articles/{article_id}").get_data(as_text=True)


def test_the_article_page_lists_each_copy_with_outlet_date_and_share(app, browser):
    project_id, ids = _setup(app)
    browser.login("anna", PASSWORD)
    html = _page(browser, project_id, ids["wire"])
    assert "Also published as" in html and "ANHA" in html and "2017-05-11" in html
    assert "Kurdistan 24" in html and "100% in common" in html
    assert "Confirm group" not in html and "Split off" not in html      # an annotator's page
    html = _page(browser, project_id, ids["republished"])
    assert "Republished from <strong>ANHA</strong>" in html
    assert "Also published as" not in _page(browser, project_id, ids["independent"])


def test_a_provenance_republication_is_a_copy_without_a_second_text(app, browser):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena)
        alone = import_report(project, lena, body(WIRE[:3]), "Alone", "Islamic Invitation Turkey",
                              "2017-05-11", original_outlet="Al-Masdar News")
        project_id, alone_id = project.id, alone.id
    browser.login("lena", PASSWORD)
    assert "Republished from <strong>Al-Masdar News</strong>" in _page(browser, project_id, alone_id)
    listed = browser.get(f"/projects/{project_id}?copies=copies").get_data(as_text=True)
    assert "Alone" in listed


def test_a_lead_confirms_the_group_and_every_article_records_it(app, browser):
    project_id, ids = _setup(app)
    browser.login("lena", PASSWORD)
    url = f"/projects/{project_id}/articles/{ids['wire']}"
    response = browser.post(url + "/copies/confirm", form_url=url)
    assert response.status_code == 302
    assert "Confirmed" in _page(browser, project_id, ids["wire"])
    with app.app_context():
        assert {p.state for p in db.session.scalars(select(ArticleCopy))} == {"confirmed"}
        events = db.session.scalars(select(ArticleEvent).where(ArticleEvent.action == "copies_confirmed")).all()
        assert sorted(e.article_id for e in events) == sorted([ids["original"], ids["republished"], ids["wire"]])
    history = browser.get(f"/projects/{project_id}/articles/{ids['original']}/history").get_data(as_text=True)
    assert "Copies confirmed" in history and "Lena" in history


def test_a_lead_splits_an_article_off_and_it_is_an_original_again(app, browser):
    project_id, ids = _setup(app)
    browser.login("lena", PASSWORD)
    url = f"/projects/{project_id}/articles/{ids['original']}"
    listed = browser.get(f"/projects/{project_id}?copies=copies").get_data(as_text=True)
    assert "Raqqa offensive enters third week" in listed and "ISIS losses mount" in listed
    assert "SDF: 26 ISIS militants killed" not in listed and "night of bombardment" not in listed
    response = browser.post(url + "/copies/split", {"member": ids["wire"]}, form_url=url)
    assert response.status_code == 302
    html = _page(browser, project_id, ids["original"])
    assert "Split off by a lead" in html
    originals = browser.get(f"/projects/{project_id}?copies=originals").get_data(as_text=True)
    assert "ISIS losses mount" in originals and "Raqqa offensive enters" not in originals
    history = browser.get(f"/projects/{project_id}/articles/{ids['wire']}/history").get_data(as_text=True)
    assert "Copy split" in history


def test_annotators_may_neither_confirm_nor_split(app, browser):
    project_id, ids = _setup(app)
    browser.login("anna", PASSWORD)
    url = f"/projects/{project_id}/articles/{ids['wire']}"
    assert browser.post(url + "/copies/confirm", form_url=url).status_code == 403
    assert browser.post(url + "/copies/split", {"member": ids["wire"]}, form_url=url).status_code == 403
    with app.app_context():
        assert {p.state for p in db.session.scalars(select(ArticleCopy))} == {"suggested"}


def test_a_member_of_another_group_cannot_be_split_from_here(app, browser):
    project_id, ids = _setup(app)
    browser.login("lena", PASSWORD)
    url = f"/projects/{project_id}/articles/{ids['wire']}"
    browser.post(url + "/copies/split", {"member": ids["independent"]}, form_url=url)
    with app.app_context():
        assert {p.state for p in db.session.scalars(select(ArticleCopy))} == {"suggested"}


def test_the_worker_finds_copies_after_a_pasted_import(app, browser):
    with app.app_context():
        lena = make_user("lena")
        project_id = make_project(lena).id
    browser.login("lena", PASSWORD)
    form = f"/projects/{project_id}/articles/new"
    for title, text in (("First", body(WIRE)), ("Second", body(WIRE[1:] + [BOILERPLATE]))):
        response = browser.post(form, {"paste-title": title, "paste-text": text, "paste-site_name": title})
        assert response.status_code == 302
    with app.app_context():
        assert len(db.session.scalars(select(ArticleCopy)).all()) == 1


def test_find_copies_from_a_terminal_prints_the_groups(app):
    project_id, ids = _setup(app)
    with app.app_context():
        db.session.query(ArticleCopy).delete()
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["find-copies", str(project_id)])
    assert result.exit_code == 0, result.output
    assert "Articles hashed: 0" in result.output and "0 groups of copies" in result.output
    result = app.test_cli_runner().invoke(args=["find-copies", str(project_id), "--again"])
    assert result.exit_code == 0, result.output
    assert "Articles compared: 4" in result.output and "New copies found: 3" in result.output
    assert "1 group of copies:" in result.output and "Group 1 (3 articles)" in result.output
    assert f"#{ids['original']} 2017-05-11 ANHA" in result.output and "(original)" in result.output
    assert "100% in common" in result.output
    assert app.test_cli_runner().invoke(args=["find-copies", "999"]).exit_code != 0
