"""What every reader yields: one article (or annotation) to store, and where it came from."""
from dataclasses import dataclass, field


@dataclass
class Item:
    where: str                      # "line 17", "file reports/a.txt": for the report
    text: str = ""                  # the article's text, verbatim
    fields: dict = field(default_factory=dict)   # provenance: title, site_name, url, ...
    filename: str = ""              # a zip member's name: imported like a single upload
    data: bytes = b""               # ... and its bytes
    problem: str = ""               # already refused while reading, with this reason


def refused(where: str, reason: str) -> Item:
    return Item(where=where, problem=reason)
