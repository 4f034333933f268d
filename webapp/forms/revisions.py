"""A new version of an article: its text pasted, or a file uploaded."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import TextAreaField

from .articles import encoding_field


class NewVersionForm(FlaskForm):
    text = TextAreaField("The new version's text, exactly as captured", render_kw={"rows": 8})
    file = FileField("… or a .txt or .html file")
    encoding = encoding_field()
