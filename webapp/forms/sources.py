"""Source registry forms."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from . import options
from ..models.source import RELIABILITY, SOURCE_ENTRY_KINDS

RELIABILITY_CHOICES = [(k, f"{k} — {v}") for k, v in RELIABILITY.items()]


class SourceForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=300)])
    entry_kind = SelectField("Kind", choices=options([(k, k.title()) for k in SOURCE_ENTRY_KINDS]))
    affiliation = StringField("Affiliation", validators=[Length(max=300)])
    notes = TextAreaField("Notes", validators=[Length(max=5000)])
    sensitive = BooleanField("Sensitive (notes never leave the tool)")


class GradeForm(FlaskForm):
    reliability = SelectField("Source reliability", choices=options(RELIABILITY_CHOICES), default="F")
    reason = StringField("Reason", validators=[DataRequired(), Length(max=2000)])
