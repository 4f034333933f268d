"""Reports for the copy tests: one wire story, its copies, and an independent report of the
same events in other words."""
from datetime import date

from webapp.corroboration import copies
from webapp.extensions import db
from webapp.services import articles

WIRE = [
    "RAQQA (ANHA) — The Syrian Democratic Forces said on Thursday that 26 ISIS militants were "
    "killed during clashes on the eastern edge of Raqqa, as the offensive to retake the city "
    "entered its third week.",
    "A commander of the Euphrates Wrath operations room told reporters that his fighters had "
    "advanced through the al-Mashlab district overnight and now held the old industrial zone "
    "near the river.",
    "The Syrian Observatory for Human Rights, which monitors the war through a network of "
    "sources on the ground, put the number of dead militants at 31 and said that four civilians "
    "had died in coalition air strikes on the same night.",
    "Residents who fled towards Ain Issa described heavy shelling and said that families were "
    "still trapped in the old city, where the militants have planted mines along the main roads.",
    "The coalition did not comment on the reported civilian deaths. A spokesman said only that "
    "aircraft had carried out eleven strikes near Raqqa in the previous twenty four hours.",
]
INDEPENDENT = (
    "Fighting around Raqqa intensified this week. Kurdish-led units pushed into an eastern "
    "neighbourhood after a night of heavy bombardment, according to a fighter reached by phone. "
    "He estimated that more than twenty jihadists had been killed but could not confirm the "
    "figure. A monitoring group based in Britain gave a higher toll and reported civilian "
    "casualties from air raids. People who escaped to camps in the north spoke of mines on the "
    "roads and of relatives who could not leave the centre. Coalition officials declined to "
    "discuss the allegations and pointed to their regular summary of strikes."
)
BOILERPLATE = ("This report was first published by the Hawar News Agency. Follow Kurdistan 24 "
               "on Telegram for the latest news from the region.")


def body(paragraphs: list[str]) -> str:
    return "Menu\nHome | News\n\n" + "\n\n".join(paragraphs) + "\n\nShare this\nScroll Up"


def import_report(project, user, text, title, site, published, original_outlet=""):
    article = articles.import_text(project.id, user, text, articles.Provenance(
        title=title, site_name=site, original_outlet=original_outlet,
        published_on=date.fromisoformat(published)))
    db.session.commit()
    return article


def the_wire_and_its_copies(project, user) -> dict:
    """The original, a republication (boilerplate added, a paragraph dropped, headline
    rewritten), an exact wire copy, and an independent report; copies found (as the worker
    does after an import)."""
    found = {
        "original": import_report(project, user, body(WIRE), "SDF: 26 ISIS militants killed in Raqqa",
                                  "ANHA", "2017-05-11"),
        "republished": import_report(project, user, body(WIRE[:2] + WIRE[3:] + [BOILERPLATE]),
                                     "Raqqa offensive enters third week as dozens killed",
                                     "Kurdistan 24", "2017-05-12", original_outlet="ANHA"),
        "wire": import_report(project, user, body(WIRE).replace("Menu", "Site menu"),
                              "ISIS losses mount in Raqqa", "Le Monde", "2017-05-13"),
        "independent": import_report(project, user, body([INDEPENDENT]),
                                     "Battle for Raqqa: a night of bombardment", "Syria Direct",
                                     "2017-05-12"),
    }
    copies.find_copies(project.id)
    db.session.commit()
    return found
