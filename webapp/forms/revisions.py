"""A new version of an article (its text pasted, or a file uploaded), and corrections of its
provenance."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .articles import ProvenanceFields, encoding_field


class NewVersionForm(FlaskForm):
    text = TextAreaField("The new version's text, exactly as captured", render_kw={"rows": 8})
    file = FileField("… or a .txt or .html file")
    encoding = encoding_field()


class ProvenanceForm(ProvenanceFields, FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    reason = StringField("Why this correction (kept in the history)", validators=[Length(max=2000)])
