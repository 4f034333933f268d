"""A project's watching settings, checked: whether every new article from an address is
watched, the bounds of the schedule, the fetches a minute, and what a bulk import does with a
known address (``same_url_import``; its behaviour lives with the bulk import)."""
from ..models import Project
from ..services.errors import Invalid

MIN_RANGE = (5, 1440)            # the lower bound: 5 minutes to a day
MAX_RANGE = (60, 90 * 24 * 60)   # the upper bound: an hour to 90 days
PER_MINUTE_RANGE = (1, 1000)
SAME_URL_CHOICES = {"revision": "Record it as a new revision of that article",
                    "article": "Import it as a separate article"}
FIELDS = ("watch_new", "watch_min_minutes", "watch_max_minutes", "watch_per_minute", "same_url_import")


def check(values: dict) -> None:
    """``Invalid`` naming each field that is out of range (or min above max)."""
    reasons = {}
    for name, (low, high) in (("watch_min_minutes", MIN_RANGE), ("watch_max_minutes", MAX_RANGE),
                              ("watch_per_minute", PER_MINUTE_RANGE)):
        if not low <= values[name] <= high:
            reasons[name] = f"Give a whole number from {low:,} to {high:,}."
    if not reasons and values["watch_min_minutes"] > values["watch_max_minutes"]:
        reasons["watch_min_minutes"] = "The shortest interval cannot be longer than the longest."
    if values["same_url_import"] not in SAME_URL_CHOICES:
        reasons["same_url_import"] = "Choose one of the two."
    if reasons:
        raise Invalid(reasons)


def update(project: Project, **given) -> dict:
    """Apply the settings given (None: unchanged); what changed ``{field: [before, after]}``."""
    values = {name: getattr(project, name) if given.get(name) is None else given[name]
              for name in FIELDS}
    values["watch_new"] = bool(values["watch_new"])
    check(values)
    changes = {k: [getattr(project, k), v] for k, v in values.items() if getattr(project, k) != v}
    for name, (_before, after) in changes.items():
        setattr(project, name, after)
    return changes
