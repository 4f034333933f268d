"""What every reader yields: one article (or annotation) to store, and where it came from; and
what a claim import reads from one annotation or claim row (``Incoming``)."""
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


@dataclass
class Incoming:
    """One claim to import, as its annotation or row gives it (``webapp.imports.claims``
    checks and stores it)."""
    target: object                  # as an annotation's target: the article's URL, selectors
    fields: dict                    # statement, list values (codes or labels), text fields
    figures: list | None = None     # the figures as data; None: not given (the note is read)
    hops: object = None             # the chain's hops as ``chains.parse_hops`` takes them; None: not given
    external_id: object = None      # the annotation's id, if any
    # What the file calls the figures and the chain, for the report's reasons.
    names: dict = field(default_factory=lambda: {"figures": "structured_figures", "chain": "chain"})
