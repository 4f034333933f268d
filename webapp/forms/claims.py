"""The claim form: span, statement, sourcing record, grades, status and new evidence."""
import uuid

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from . import options
from ..models.claim import CREDIBILITY, INDEPENDENT_SOURCES, STATUSES
from ..models.evidence import STANCES
from ..models.source import RELIABILITY, SOURCE_ENTRY_KINDS
from ..services.lists import LIST_LABELS

NEW_SOURCE = "new"


class ClaimForm(FlaskForm):
    quote = TextAreaField("Quote (exact words in the article)", validators=[Length(max=20000)],
                          render_kw={"rows": 2})
    start = IntegerField("Start", validators=[Optional(), NumberRange(min=0)])
    end = IntegerField("End", validators=[Optional(), NumberRange(min=0)])
    version = HiddenField()
    submission_id = HiddenField(default=lambda: str(uuid.uuid4()))
    statement = TextAreaField("Statement (the claim restated plainly)",
                              validators=[Length(max=5000)], render_kw={"rows": 2})
    kind = SelectField(LIST_LABELS["kind"])
    figures = TextAreaField("Figures (one per line: value — what it counts)",
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
    source_id = SelectField("Source (from the registry)")
    new_source_name = StringField("New source: name", validators=[Length(max=300)])
    new_source_kind = SelectField("New source: kind", choices=options([(k, k.title()) for k in SOURCE_ENTRY_KINDS]),
                                  default="person", validate_choice=False)
    new_source_affiliation = StringField("New source: affiliation", validators=[Length(max=300)])
    new_source_reliability = SelectField("New source: reliability",
                                         choices=options([(k, f"{k} — {v}") for k, v in RELIABILITY.items()]),
                                         default="F", validate_choice=False)
    attribution_chain = TextAreaField("Attribution chain (outlet → intermediaries → source)",
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
