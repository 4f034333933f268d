"""The attribution chain as data: the hops from the outlet that published a claim to its
original source ("Islamic Invitation Turkey (republished) → original outlet not named (citing)
→ Unnamed Swedish foreign fighter in SDF ranks").

A claim whose chain nobody has set yet shows the chain its article's provenance and its source
give: the outlet it was read on, the original outlet when the page is a republication of
another outlet's, and the registry source the claim rests on. Setting a chain stores its hops
(each an entry of the source registry, registered as an outlet or what the person says when the
name is new, or "not named") and is an event in the claim's trail. The free-text chain of
before stays on the claim as its chain note.
"""
import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import Claim, ClaimHop, Source, User
from ..models._time import utcnow
from ..models.hop import HOP_RELATIONS
from ..models.source import SOURCE_ENTRY_KINDS
from ..services import sources as source_service
from ..services.claims import check_current, record_event
from ..services.errors import Invalid
from ..services.text_checks import check_storable

MAX_HOPS = 12


@dataclass(frozen=True)
class Hop:
    """One hop: a registry entry (``source_id`` and its ``name``), or one the page does not name
    (``source_id`` None, ``name`` ""), with how it got the claim from the next hop."""
    name: str
    kind: str
    relation: str = ""
    source_id: int | None = None

    @property
    def label(self) -> str:
        return self.name or f"{self.kind} not named"

    def as_dict(self) -> dict:
        return {"name": self.name or None, "kind": self.kind, "relation": self.relation or None,
                "source_id": self.source_id}


ARROW = " → "
_RELATION_AFTER = re.compile(rf"(?P<label>.*?) \((?P<relation>{'|'.join(HOP_RELATIONS)})\)")
_NOT_NAMED = re.compile(rf"(?:original )?(?P<kind>{'|'.join(SOURCE_ENTRY_KINDS)}) not named")


def chain_text(hops: list[Hop]) -> str:
    """The chain in one line, as pages and exports show it."""
    return ARROW.join(h.label + (f" ({h.relation})" if h.relation else "") for h in hops)


def hops_from_text(text: str) -> list[dict]:
    """The hops of a chain in ``chain_text``'s form ("Islamic Invitation Turkey (republished)
    → outlet not named (citing) → …"; "original outlet not named" too), as ``parse_hops``
    takes them. The text names no kind for a named hop: its ``kind`` is None, for the caller
    to decide."""
    hops = []
    for part in (p.strip() for p in (text or "").split(ARROW.strip())):
        if not part:
            continue
        relation = _RELATION_AFTER.fullmatch(part)
        label = relation["label"].strip() if relation else part
        unnamed = _NOT_NAMED.fullmatch(label)
        hops.append({"name": "" if unnamed else label, "kind": unnamed["kind"] if unnamed else None,
                     "relation": relation["relation"] if relation else "",
                     "not_named": bool(unnamed)})
    return hops


def provenance_hops(site_name: str, original_outlet: str, source: tuple[int, str, str] | None
                    ) -> list[Hop]:
    """The chain a claim has before anyone sets one: from its article's provenance and its
    source (``(id, name, kind)`` of the registry entry, or None)."""
    hops: list[Hop] = []
    site, original = site_name.strip(), original_outlet.strip()
    if site:
        republished = original and original.casefold() != site.casefold()
        hops.append(Hop(site, "outlet", "republished" if republished else ""))
        if republished:
            hops.append(Hop(original, "outlet"))
    elif original:
        hops.append(Hop(original, "outlet"))
    if source is not None:
        if hops:
            hops[-1] = Hop(hops[-1].name, hops[-1].kind, hops[-1].relation or "citing")
        hops.append(Hop(source[1], source[2], "", source[0]))
    return hops


def _stored(claim_ids: list[int]) -> dict[int, list[Hop]]:
    found: dict[int, list[Hop]] = defaultdict(list)
    if not claim_ids:
        return found
    rows = db.session.execute(
        select(ClaimHop.claim_id, ClaimHop.source_id, ClaimHop.entry_kind, ClaimHop.relation,
               Source.name, Source.entry_kind.label("source_kind"))
        .outerjoin(Source, Source.id == ClaimHop.source_id)
        .where(ClaimHop.claim_id.in_(claim_ids)).order_by(ClaimHop.claim_id, ClaimHop.position))
    for row in rows:
        named = row.source_id is not None
        found[row.claim_id].append(Hop(row.name if named else "", row.source_kind if named
                                       else row.entry_kind, row.relation, row.source_id))
    return found


def chains_for_rows(rows: list[dict]) -> dict[int, list[Hop]]:
    """The chain of each export row (``claim_id``, ``site_name``, ``original_outlet``,
    ``source_id``, ``source_name``, ``source_kind``): one query for a batch of rows."""
    stored = _stored([r["claim_id"] for r in rows])
    return {r["claim_id"]: stored.get(r["claim_id"]) or provenance_hops(
        r["site_name"] or "", r["original_outlet"] or "",
        (r["source_id"], r["source_name"], r["source_kind"]) if r.get("source_id") else None)
        for r in rows}


def chain_of(claim: Claim) -> list[Hop]:
    return chain_state(claim)[0]


def chain_state(claim: Claim) -> tuple[list[Hop], bool]:
    """The claim's chain, and whether it was set (else its provenance gives it): one query."""
    stored = _stored([claim.id]).get(claim.id)
    if stored:
        return stored, True
    article, source = claim.article, claim.source
    return provenance_hops(article.site_name, article.original_outlet,
                           (source.id, source.name, source.entry_kind) if source else None), False


def is_set(claim_id: int) -> bool:
    """Whether the claim's chain was set (else it is the one its provenance gives)."""
    return db.session.scalar(select(func.count()).where(ClaimHop.claim_id == claim_id)) > 0


def origin_of(hops: list[Hop]) -> Hop | None:
    """The original source: the last hop that names a registry entry or an outlet."""
    for hop in reversed(hops):
        if hop.name:
            return hop
    return None


def parse_hops(items: list[dict]) -> list[Hop]:
    """Hops as a form or the API gives them (``name``, ``kind``, ``relation``, or
    ``source_id``), checked; rows with neither a name nor a kind are left out. Raises
    ``Invalid`` naming the hop and what is wrong."""
    hops = []
    for item in items:
        name = str(item.get("name") or "").strip()
        kind = str(item.get("kind") or "").strip() or "outlet"
        relation = str(item.get("relation") or "").strip()
        source_id = item.get("source_id")
        if not name and source_id in (None, "") and not item.get("not_named"):
            continue
        n = len(hops) + 1
        if kind not in SOURCE_ENTRY_KINDS:
            raise Invalid({"chain": f"Hop {n}: choose what kind of entry it is "
                                    f"({', '.join(SOURCE_ENTRY_KINDS)})."})
        if relation and relation not in HOP_RELATIONS:
            raise Invalid({"chain": f"Hop {n}: how it passed the claim is one of "
                                    f"{', '.join(HOP_RELATIONS)} (or nothing, for the last hop)."})
        if len(name) > 300:
            raise Invalid({"chain": f"Hop {n}: a name has at most 300 characters."})
        check_storable("chain", name)
        if source_id not in (None, "") and not isinstance(source_id, int):
            if not str(source_id).isdigit():
                raise Invalid({"chain": f"Hop {n}: source_id is a registry entry's number."})
            source_id = int(source_id)
        hops.append(Hop(name, kind, relation, source_id or None))
    if len(hops) > MAX_HOPS:
        raise Invalid({"chain": f"A chain has at most {MAX_HOPS} hops."})
    if hops and hops[-1].relation:
        last = hops[-1]
        hops[-1] = Hop(last.name, last.kind, "", last.source_id)   # nothing comes after it
    return hops


def _resolve(claim: Claim, user: User, role: str | None, hops: list[Hop]) -> list[Hop]:
    """Each named hop as a registry entry the person may see: by id, else by name (ignoring
    case) and kind, else by name alone (one "Reuters" in the registry, not one a kind), else
    registered now with the hop's kind (from this claim's article, as the claim form registers,
    so that a blind review hides it)."""
    visible = {s.id: s for s in source_service.fetch_sources(claim.project_id, user, role)}
    by_name: dict[str | tuple[str, str], Source] = {}
    for entry in visible.values():   # an entry of the name and kind, else the first of the name
        by_name.setdefault(entry.name.casefold(), entry)
        by_name.setdefault((entry.name.casefold(), entry.entry_kind), entry)
    resolved = []
    for n, hop in enumerate(hops, 1):
        if hop.source_id is not None:
            source = visible.get(hop.source_id)
            if source is None:
                raise Invalid({"chain": f"Hop {n}: the registry has no entry {hop.source_id}."})
        elif hop.name:
            key = hop.name.casefold()
            source = by_name.get((key, hop.kind)) or by_name.get(key)
            if source is None:
                source = source_service.create_source(
                    claim.project_id, user, hop.name, hop.kind,
                    reason="Registered as a hop of an attribution chain.",
                    claim_form_article_id=claim.article_id)
                visible[source.id] = by_name[key] = by_name[(key, hop.kind)] = source
        else:
            resolved.append(hop)
            continue
        resolved.append(Hop(source.name, source.entry_kind, hop.relation, source.id))
    return resolved


def _same(hop: Hop) -> tuple:
    """What makes two hops the same hop: the entry (by name, any case) or an unnamed kind, and
    how it passed the claim on."""
    return (hop.name.casefold(), "" if hop.name else hop.kind, hop.relation)


def set_chain(claim: Claim, user: User, role: str | None, hops: list[Hop], base_version: int,
              reason: str = ""):
    """Store the claim's chain (replacing the one it had) as one "chain_changed" event; None if
    nothing changes. An empty list returns the claim to the chain its provenance gives."""
    check_current(claim, base_version)
    before, was_set = chain_of(claim), is_set(claim.id)
    if (not hops and not was_set) or list(map(_same, hops)) == list(map(_same, before)):
        return None
    hops = _resolve(claim, user, role, hops)
    db.session.execute(delete(ClaimHop).where(ClaimHop.claim_id == claim.id))
    for position, hop in enumerate(hops):
        db.session.add(ClaimHop(claim_id=claim.id, position=position, source_id=hop.source_id,
                                entry_kind=hop.kind, relation=hop.relation))
    claim.updated_at = utcnow()
    db.session.flush()
    after = hops or chain_of(claim)
    return record_event(claim, user, "chain_changed",
                        {"chain": [chain_text(before), chain_text(after)]}, reason.strip())
