"""What an imported claim is stored with: its fields, its figures as data and its chain, read
from an annotation or a row (``Incoming``) and checked as the claim form checks them.

- List fields: a value of the project's list, by its code or its label (a spreadsheet shows
  labels); anything else is left out, as before.
- Figures: the ones given as data (``structured_figures``), completed and checked by
  ``services.figures``; a vague quantity given with a number ("dozens (12)") must be coded so
  by this project's table. A file that gives none as data has its free-text ``figures`` read
  as the migration of free-text figures reads them (``figures.parse_lines``: every line reads
  as one figure, or the text stays text only). The free text always stays, as the claim's note.
- The chain: its hops matched to the registry by name and kind, as the chain editor does
  (``chains.set_chain``, which registers a new name); a hop's ``source_id`` is the exporting
  project's and is not used. A hop whose kind the file does not say (the CSV's one-line chain)
  is the entry of that name, else an outlet when it is the article's site or original outlet,
  else "other".

Each problem is an ``Invalid`` naming the field as the file names it, and what is wrong.
"""
from ..corroboration import chains
from ..corroboration.figures import parse_lines
from ..models import Article
from ..services import claims as claim_service
from ..services.errors import Invalid
from ..services.figures import fetch_vague_terms, normalise_figures
from ..services.lists import fetch_lists
from .items import Incoming

TEXT_FIELDS = ("figures", "hedging", "attribution_text", "attribution_chain")


class ClaimData:
    """The project's lists and table of vague quantities, read once for a whole import."""

    def __init__(self, project_id: int):
        self.project_id = project_id
        self.codes = {name: {key: item.key for item in values if not item.retired
                             for key in (item.key, item.label.casefold())}
                      for name, values in fetch_lists(project_id).items()}
        self.terms = fetch_vague_terms(project_id)

    def data(self, incoming: Incoming) -> dict:
        fields = incoming.fields
        data = {"status": "unreviewed", "statement": fields.get("statement", "")}
        for name in claim_service.LIST_FIELDS:
            value = fields.get(name)
            codes = self.codes.get(name, {})
            if isinstance(value, str) and (value in codes or value.casefold() in codes):
                data[name] = codes.get(value) or codes[value.casefold()]
        data.update({f: fields[f] for f in TEXT_FIELDS if isinstance(fields.get(f), str)})
        figures = self.figures(incoming)
        if figures is not None:
            data["structured_figures"] = figures
        return data

    def figures(self, incoming: Incoming) -> list[dict] | None:
        if incoming.figures is None:
            return parse_lines(incoming.fields.get("figures") or "", self.terms)
        name = incoming.names["figures"]
        items = incoming.figures
        if isinstance(items, list):
            items = [self._coded(name, n, item) for n, item in enumerate(items, 1)]
        try:
            return normalise_figures(self.project_id, items, self.terms)
        except Invalid as exc:
            raise Invalid({name: f"{name}: {exc.message}"}) from None

    def _coded(self, name: str, number: int, item):
        """A figure without the number the file codes its vague quantity as, once that number
        is found to be this project's too."""
        if not isinstance(item, dict) or "coded" not in item:
            return item
        item = dict(item)
        coded, ours = item.pop("coded"), self.terms.get(item.get("term", ""))
        if coded is not None and ours is not None and coded != ours:
            raise Invalid({name: f"{name}: Figure {number} (“{item.get('text', '')[:80]}”): the "
                                 f"file codes “{item['term']}” as {coded:,}, this project's table "
                                 f"as {ours:,}; change the number, or leave it out to take the "
                                 "project's."})
        return item

    def hops(self, incoming: Incoming, article: Article) -> list[chains.Hop] | None:
        """The chain's hops, checked; None when the file gives no chain (the claim keeps the
        one its provenance gives)."""
        items, name = incoming.hops, incoming.names["chain"]
        if items is None:
            return None
        if not isinstance(items, list) or not all(isinstance(h, dict) for h in items):
            raise Invalid({name: f"{name}: a chain is a list of hops, each an object with name, "
                                 "kind and relation."})
        outlets = {n.casefold() for n in (article.site_name, article.original_outlet) if n}
        hops = [{**hop, "source_id": None, "not_named": not hop.get("name"),
                 "kind": hop.get("kind") or _kind(hop.get("name"), outlets)} for hop in items]
        try:
            return chains.parse_hops(hops)
        except Invalid as exc:
            raise Invalid({name: f"{name}: {exc.message}"}) from None


def _kind(name, outlets: set[str]) -> str:
    """The kind of a hop the file names without one, should the registry not have the name."""
    return "outlet" if isinstance(name, str) and name.strip().casefold() in outlets else "other"
