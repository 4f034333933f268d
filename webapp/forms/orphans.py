"""Resolving an orphaned or changed claim: re-attaching it to words selected in the latest
revision, or recording what the outlet did (removed or changed its words in revision N)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from . import options
from ..models.revision import ANCHOR_FINDINGS


class ReattachForm(FlaskForm):
    """The selection (code point offsets of the latest revision), the revision and claim
    version the person saw, and whether the outlet changed the words."""
    start = IntegerField(validators=[InputRequired("Select the claim's words in the text."), NumberRange(min=0)])
    end = IntegerField(validators=[InputRequired("Select the claim's words in the text."), NumberRange(min=1)])
    number = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    version = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    changed = BooleanField("The outlet changed these words: record it as a finding")
    reason = StringField("Note (kept in the claim's history)", validators=[Length(max=2000)])


class FindingForm(FlaskForm):
    finding = SelectField(choices=options(ANCHOR_FINDINGS.items()), validators=[DataRequired()])
    number = IntegerField(validators=[InputRequired(), NumberRange(min=2)])
    version = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    article = HiddenField()   # back to the list of this article's claims
