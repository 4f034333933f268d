"""A claim's figures follow its quote when re-anchoring finds the quote's words changed (issue
12: "a changed figure changes a cluster's range and grade").

Figures do not record where they came from. Those that came from the quote are told by being
exactly what the quote reads as — the figures a person gets by giving the quote as the one
figure's text (``services.figures.normalise_figures``, the claim form's and the API's rule) —
and only those are read again from the new quote: "26 ISIS militants have been killed" becomes
"23 …". Figures a person typed, chose or edited (another text, another bound or whom, more than
the quote states) stay as they are, and so do figures whose new quote no longer reads as one
figure: a person decides (the claim is *changed* in its trail). The change goes in the claim's
``reanchored`` event (before → after); recording that event recomputes its cluster's grade
(``corroboration.clusters.refresh_for``, as after any edit), and the range is read from the
figures.
"""
from ..models import Claim
from ..services.errors import Invalid
from ..services.figures import fetch_vague_terms, normalise_figures


class Terms:
    """The project's vague quantities, read once a revision and only if a figure needs them."""

    def __init__(self, project_id: int):
        self.project_id, self._table = project_id, None

    def table(self) -> dict[str, int]:
        if self._table is None:
            self._table = fetch_vague_terms(self.project_id)
        return self._table


def read_from(quote: str, terms: Terms) -> list[dict] | None:
    """The figures the quote reads as, or None when it does not read as one figure."""
    try:
        return normalise_figures(terms.project_id, [{"text": quote}], terms.table())
    except Invalid:
        return None


def follow(claim: Claim, old_quote: str, new_quote: str, terms: Terms) -> dict:
    """Read the claim's figures again from ``new_quote`` if they came from ``old_quote``: the
    change for its event (``{"structured_figures": [before, after]}``), or ``{}``."""
    before = claim.structured_figures
    if not before or before != read_from(old_quote, terms):
        return {}
    after = read_from(new_quote, terms)
    if after is None or after == before:
        return {}
    claim.structured_figures = after
    return {"structured_figures": [before, after]}
