"""Article import forms: pasted text or an uploaded file, with provenance."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..imports.encodings import CHOICES as ENCODING_CHOICES
from . import options


def encoding_field() -> SelectField:
    """The file's character encoding: detected by default, or the person's choice."""
    return SelectField("Encoding", choices=options(ENCODING_CHOICES), default="")


class ProvenanceFields:
    site_name = StringField("Site where we read it", validators=[Length(max=200)])
    original_outlet = StringField("Original outlet (who first said it)", validators=[Length(max=200)])
    url = StringField("URL", validators=[Length(max=2000)])
    author = StringField("Author", validators=[Length(max=200)])
    published_on = DateField("Published", validators=[Optional()])


class PasteArticleForm(ProvenanceFields, FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    text = TextAreaField("Text, exactly as captured", validators=[DataRequired()])


class UploadArticleForm(ProvenanceFields, FlaskForm):
    title = StringField("Title (taken from the file if empty)", validators=[Length(max=500)])
    file = FileField(".txt or .html file", validators=[FileRequired()])
    encoding = encoding_field()
