"""A project's editable lists of values, with the defaults of DOMAIN.md."""
import re

from sqlalchemy import func, select

from ..extensions import db
from ..models import Claim, ListItem, Project
from .errors import Invalid, NotFound

LIST_LABELS = {
    "kind": "Claim kind",
    "source_type": "Source type",
    "named": "Named?",
    "party": "Party to the events?",
    "access": "Access",
}
DEFAULT_LISTS: dict[str, list[tuple[str, str]]] = {
    "kind": [
        ("casualty_figure", "Casualty figure"), ("event_occurrence", "Event occurrence"),
        ("territorial_control", "Territorial control"),
        ("responsibility", "Responsibility / attribution of an act"),
        ("intention", "Intention / plan"), ("quantity", "Quantity / statistic"),
        ("quotation", "Quotation of a person"), ("other", "Other"),
    ],
    "source_type": [
        ("official", "Official / government"), ("armed_group", "Military or armed group"),
        ("combatant", "Individual combatant"), ("eyewitness", "Eyewitness / resident"),
        ("media", "Journalist / media outlet"), ("monitor", "Monitoring group / NGO / UN"),
        ("social_media", "Social media post"), ("document", "Document / data"),
        ("expert", "Expert / analyst"), ("none", "None given (the outlet's own assertion)"),
    ],
    "named": [
        ("named_person", "Named person"), ("named_organisation", "Named organisation"),
        ("unnamed", "Unnamed / anonymous"), ("no_source", "No source"),
    ],
    "party": [
        ("party", "Party to the conflict"), ("aligned", "Aligned with a party"),
        ("independent", "Independent"), ("unknown", "Unknown"),
    ],
    "access": [("firsthand", "Firsthand"), ("secondhand", "Secondhand"), ("unknown", "Unknown")],
}


def add_default_lists(project: Project) -> None:
    for list_name, values in DEFAULT_LISTS.items():
        for position, (key, label) in enumerate(values):
            db.session.add(ListItem(project_id=project.id, list_name=list_name, key=key,
                                    label=label, position=position))
    db.session.flush()


def fetch_lists(project_id: int) -> dict[str, list[ListItem]]:
    """Every list of the project, in order, retired values included."""
    items = db.session.scalars(
        select(ListItem).where(ListItem.project_id == project_id)
        .order_by(ListItem.list_name, ListItem.position, ListItem.id)
    )
    lists: dict[str, list[ListItem]] = {name: [] for name in LIST_LABELS}
    for item in items:
        lists.setdefault(item.list_name, []).append(item)
    return lists


def labels(lists: dict[str, list[ListItem]]) -> dict[str, dict[str, str]]:
    return {name: {i.key: i.label for i in items} for name, items in lists.items()}


def add_value(project_id: int, list_name: str, label: str) -> ListItem:
    if list_name not in LIST_LABELS:
        raise NotFound("No such list.")
    label = label.strip()
    if not label or len(label) > 120:
        raise Invalid({"label": "Give the value a name of at most 120 characters."})
    key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:50] or "value"
    taken = set(db.session.scalars(select(ListItem.key).where(
        ListItem.project_id == project_id, ListItem.list_name == list_name)))
    base, n = key, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    position = db.session.scalar(select(func.coalesce(func.max(ListItem.position), 0)).where(
        ListItem.project_id == project_id, ListItem.list_name == list_name)) + 1
    item = ListItem(project_id=project_id, list_name=list_name, key=key, label=label,
                    position=position)
    db.session.add(item)
    db.session.flush()
    return item


def get_item(project_id: int, item_id: int) -> ListItem:
    item = db.session.get(ListItem, item_id)
    if item is None or item.project_id != project_id:
        raise NotFound("No such value.")
    return item


def rename_value(item: ListItem, label: str) -> None:
    label = label.strip()
    if not label or len(label) > 120:
        raise Invalid({"label": "Give the value a name of at most 120 characters."})
    item.label = label


def set_retired(item: ListItem, retired: bool) -> None:
    """Retired values stay on the claims that use them but are not offered for new ones."""
    item.retired = retired


def count_uses(item: ListItem) -> int:
    column = getattr(Claim, item.list_name)
    return db.session.scalar(select(func.count()).where(
        Claim.project_id == item.project_id, column == item.key, Claim.deleted_at.is_(None)))
