"""The claim form: span, statement, sourcing record, grades, status and new evidence."""
import json
import uuid

from flask_wtf import FlaskForm
from wtforms import (FieldList, Form, FormField, HiddenField, IntegerField, SelectField, StringField,
                     TextAreaField)
from wtforms.fields.core import UnboundField
from wtforms.validators import Length, NumberRange, Optional

from . import options
from ..corroboration.figures import COUNTS, KINDS, WHO
from ..models.claim import CREDIBILITY, INDEPENDENT_SOURCES, STATUSES
from ..models.evidence import STANCES
from ..models.source import RELIABILITY, SOURCE_ENTRY_KINDS
from ..services.claims import EDITABLE_FIELDS
from ..services.lists import LIST_LABELS
from .widgets import LongSelect

NEW_SOURCE = "new"
FROM_TEXT = "— from the text —"
STRUCTURED = ("kind", "low", "high", "term", "counts", "who")
KIND_CHOICES = {"exact": "exactly", "about": "about", "at_least": "at least",
                "more_than": "more than (over)", "at_most": "at most (nearly, under)",
                "up_to": "up to", "range": "range (from … to)", "vague": "vague quantity"}


class FigureForm(Form):
    """One figure of the claim: typed as the text gives it, read on save; the lists and
    numbers say it exactly where the text leaves it open. ``seen``: the figure as stored, so a
    changed text is read again for whatever the person did not set by hand."""
    text = StringField("As written", validators=[Length(max=500)])
    kind = SelectField("Bound", choices=options([("", FROM_TEXT)] + list(KIND_CHOICES.items())),
                       validate_choice=False)
    low = StringField("Number", validators=[Length(max=20)])
    high = StringField("To", validators=[Length(max=20)])
    term = StringField("Vague word", validators=[Length(max=60)])
    counts = SelectField("Counts", choices=options([("", FROM_TEXT)] + list(COUNTS.items())),
                         validate_choice=False)
    who = SelectField("Who", choices=options([("", FROM_TEXT)] + list(WHO.items())),
                      validate_choice=False)
    seen = HiddenField()


class ClaimForm(FlaskForm):
    quote = TextAreaField("Quote (exact words in the article)", validators=[Length(max=20000)],
                          render_kw={"rows": 2})
    start = IntegerField("Start", validators=[Optional(), NumberRange(min=0)])
    end = IntegerField("End", validators=[Optional(), NumberRange(min=0)])
    version = HiddenField()
    submission_id = HiddenField(default=lambda: str(uuid.uuid4()))
    # The machine suggestion the form was filled from (reading view), if any.
    suggestion_id = HiddenField("Suggestion")
    statement = TextAreaField("Statement (the claim restated plainly)",
                              validators=[Length(max=5000)], render_kw={"rows": 2})
    kind = SelectField(LIST_LABELS["kind"])
    # The figures as data (the rows), and the note beside them (older claims' figures as
    # typed before figures were data). ``structured_figures`` holds no input: it names the
    # figures in the history and carries their errors.
    structured_figures = HiddenField("Figures")
    figure_rows = FieldList(FormField(FigureForm), min_entries=0, max_entries=50)
    figures = TextAreaField("Figures note (as written, anything the figures do not say)",
                            validators=[Length(max=2000)], render_kw={"rows": 2})
    attribution_text = TextAreaField("Attribution in the text", validators=[Length(max=2000)],
                                     render_kw={"rows": 2})
    source_type = SelectField(LIST_LABELS["source_type"])
    named = SelectField(LIST_LABELS["named"])
    party = SelectField(LIST_LABELS["party"])
    access = SelectField(LIST_LABELS["access"])
    hedging = StringField("Hedging words", validators=[Length(max=500)])
    independent_sources = SelectField(
        "Independent sources in the article",
        choices=options([("", "—")] + [(k, f"{k} ({v.lower()})") for k, v in INDEPENDENT_SOURCES.items()]))
    source_id = SelectField("Source (from the registry)", widget=LongSelect())
    new_source_name = StringField("New source: name", validators=[Length(max=300)])
    new_source_kind = SelectField("New source: kind", choices=options([(k, k.title()) for k in SOURCE_ENTRY_KINDS]),
                                  default="person", validate_choice=False)
    new_source_affiliation = StringField("New source: affiliation", validators=[Length(max=300)])
    new_source_reliability = SelectField("New source: reliability",
                                         choices=options([(k, f"{k} — {v}") for k, v in RELIABILITY.items()]),
                                         default="F", validate_choice=False)
    attribution_chain = TextAreaField("Chain note (the chain in your words; its hops are set below the claim)",
                                      validators=[Length(max=2000)], render_kw={"rows": 2})
    credibility = SelectField("Information credibility",
                              choices=options([(k, f"{k} — {v}") for k, v in CREDIBILITY.items()]), default="6")
    status = SelectField("Verification status", choices=options(STATUSES.items()), default="unreviewed")
    rationale = TextAreaField("Rationale", validators=[Length(max=10000)], render_kw={"rows": 3})
    evidence_url = StringField("Evidence link", validators=[Length(max=2000)])
    evidence_reference = StringField("Evidence reference", validators=[Length(max=500)])
    evidence_summary = TextAreaField("What the evidence shows", validators=[Length(max=5000)],
                                     render_kw={"rows": 2})
    evidence_stance = SelectField("Evidence", choices=options(STANCES.items()), validate_choice=False)
    evidence_origin = SelectField("Evidence origin (where it comes from, from the registry)",
                                  validate_choice=False, widget=LongSelect())
    reason = StringField("Why this change (kept in the history)", validators=[Length(max=2000)])


class EvidenceForm(FlaskForm):
    version = HiddenField()
    evidence_url = StringField("Link", validators=[Length(max=2000)])
    evidence_reference = StringField("Reference", validators=[Length(max=500)])
    evidence_summary = TextAreaField("What it shows", validators=[Length(max=5000)], render_kw={"rows": 2})
    evidence_stance = SelectField("Stance", choices=options(STANCES.items()))


class VersionedActionForm(FlaskForm):
    """Delete, remove evidence: a button with the version the person saw and a reason."""
    version = HiddenField()
    reason = StringField("Reason", validators=[Length(max=2000)])


def set_choices(form: ClaimForm, lists: dict, sources: list, claim=None) -> None:
    """Offer the project's live list values, plus a retired value the claim already has."""
    for field in ("kind", "source_type", "named", "party", "access"):
        current = getattr(claim, field, "") if claim else ""
        choices = [("", "—")] + [(i.key, i.label) for i in lists[field]
                                  if not i.retired or i.key == current]
        getattr(form, field).choices = options(choices)
    form.source_id.choices = options([("", "— none —")] +
                              [(str(s.id), f"{s.name} ({s.reliability})") for s in sources] +
                              [(NEW_SOURCE, "+ Register a new source…")])
    set_origin_choices(form.evidence_origin, sources)


def set_origin_choices(field, sources: list) -> None:
    """An evidence origin is a registry entry (or not recorded)."""
    field.choices = options([("", "— not recorded —")] + [(str(s.id), s.name) for s in sources])


def origin_value(field) -> int | None:
    value = field.data or ""
    return int(value) if value.isdigit() else None


def lf(value: str) -> str:
    """Browsers send a textarea's line breaks as CRLF; keep the LF the person typed (else every
    save of a multi-line field would record a change nobody made)."""
    return value.replace("\r\n", "\n")


def claim_values(form: ClaimForm) -> dict:
    """The editable fields as the form holds them. ``source_id`` is a registry id, None, or
    ``NEW_SOURCE`` (registering it is the save's business, not the form's)."""
    data = {f: lf(getattr(form, f).data or "") for f in EDITABLE_FIELDS
            if f not in ("source_id", "structured_figures")}
    value = form.source_id.data or ""
    data["source_id"] = int(value) if value.isdigit() else (value or None)
    if form.figure_rows.entries:   # a form without the rows leaves the figures as they are
        data["structured_figures"] = [f for f in map(_figure_values, form.figure_rows) if f]
    return data


def _figure_values(entry) -> dict | None:
    """One row's figure as given (None for a blank row). What the row still shows of the
    stored figure after its text changed is left for the new text to say."""
    row = entry.form
    item = {"text": (row.text.data or "").strip()}
    for key in ("kind", "term", "counts", "who"):
        if getattr(row, key).data:
            item[key] = getattr(row, key).data.strip()
    for key in ("low", "high"):
        typed = (getattr(row, key).data or "").strip().replace(",", "")
        if typed:
            item[key] = int(typed) if typed.isdigit() else typed
    if len(item) == 1 and not item["text"]:
        return None
    seen = _seen(row.seen.data)
    if seen and item["text"] == seen["text"] and all(
            _blank_none(item.get(k)) == _blank_none(seen[k]) for k in STRUCTURED):
        return seen
    if seen:
        item = {k: v for k, v in item.items() if k == "text" or v != seen.get(k)}
    return item


def _blank_none(value):
    return None if value in (None, "") else value


def _seen(value: str | None) -> dict | None:
    try:
        seen = json.loads(value or "null")
    except ValueError:
        return None
    return seen if isinstance(seen, dict) and set(seen) == {*STRUCTURED, "text"} else None


def fill_figures(form: ClaimForm, figures: list[dict], blank: int = 1) -> None:
    """The rows of ``figures`` (complete ones remember what they were), then ``blank`` empty
    rows to type new ones into (at least two rows in all)."""
    while form.figure_rows.entries:
        form.figure_rows.pop_entry()
    for figure in figures:
        entry = form.figure_rows.append_entry()
        for key in ("text", *STRUCTURED):
            value = figure.get(key)
            getattr(entry.form, key).data = "" if value is None else str(value)
        entry.form.seen.data = json.dumps(figure) if _seen(json.dumps(figure)) else ""
    for _ in range(max(blank, 2 - len(figures))):
        form.figure_rows.append_entry()


def fill(form: ClaimForm, values: dict) -> None:
    """Put ``claim_values``-shaped values back into the form's fields."""
    for name, value in values.items():
        if name == "structured_figures":
            fill_figures(form, value)
        else:
            getattr(form, name).data = "" if value is None else str(value)


def _label(field: UnboundField) -> str:
    """A field's label without its hint in brackets: "Statement (the claim restated plainly)"
    reads "Statement" in a table of changes."""
    return str(field.args[0] if field.args else field.kwargs.get("label", "")).split(" (")[0]


# How the claim's recorded fields read wherever changes are listed (history, stale-save card,
# adjudication): the claim form's own labels, plus the fields the form does not edit.
FIELD_LABELS = {
    **{name: _label(f) for name, f in vars(ClaimForm).items() if isinstance(f, UnboundField)},
    "source_id": "Source", "start_offset": "Starts at character", "end_offset": "Ends at character",
    "review_state": "Second review", "second_reviewer_id": "Second reviewer",
    "evidence": "Evidence", "deleted": "Deleted", "merged_into_id": "Merged into claim",
    "settled": "Settled", "created_by": "Marked by", "chain": "Attribution chain",
    "cluster": "Cluster", "admission": "Admission of the party concerned",
    "revision": "Revision", "anchor_state": "Found in the revision as",
    "anchor_finding": "Finding", "anchor_finding_revision": "Finding's revision",
}

# How the claim's fixed-choice values read in a list of changes, from the same form.
VALUE_LABELS = {name: {c.value: c.label for c in getattr(ClaimForm, name).kwargs["choices"] if c.value}
                for name in ("credibility", "independent_sources")}
