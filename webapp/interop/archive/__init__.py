"""A project archive: the whole project as JSON Lines (``write``), and the way back into an
instance (``read``).

One JSON object per line, each with a ``type``, in this order:

- ``project`` (first): name, description, settings, every list value (key, label,
  retired) and the table of vague quantities (term, value), plus
  ``format: "claimtrail-archive"`` and ``version``;
- ``person``: everyone the records below name (username, display name) — no passwords;
- ``source``: the source registry (notes of sensitive sources are left out), who registered
  each entry and ``claim_form_article``: the article whose claim form it was registered from;
- ``article``: the text exactly as captured, its provenance and content hash;
- ``claim``: every field, the span, the figures as data (``structured_figures``), evidence,
  deleted ones too (with ``deleted_at``), ``events``: the full review trail, oldest first, with
  the actors' usernames, and ``hops``: the attribution chain set on it (registry ids of this
  archive; none: its provenance gives it);
- ``suggestion`` (after the claims): a likely claim the rules read in an article, of every
  status (open, accepted, rejected), its span in its revision, what the rules read in it, the
  claim an accepted one became (a claim id of this archive) and who decided it when; the
  importer keeps them as they are and makes none again;
- ``copy`` (after the articles): two articles found to share a text (original, copy, share,
  how found, state: suggested, confirmed or split, who decided when) — copies share one origin;
- ``cluster`` (after the claims): a claim cluster, who made it and when, its grade as last
  computed, and ``members``: its reports (claim ids of this archive), each with ``admission``
  and who linked it when. The importer computes the grade again (``clusters.refresh``) over
  the imported reports, keeping the cluster's archived ``updated_at``.

Ids in an archive are the exporting instance's; the importer maps them to new ones. Reading
an archive back gives the same articles (text, hash), claims (offsets, fields, status) and
history (actions, versions, changes, reasons, timestamps) in a new project.
"""
from .fields import FORMAT, VERSION
from .read import read_archive
from .write import write_archive

__all__ = ["FORMAT", "VERSION", "read_archive", "write_archive"]
