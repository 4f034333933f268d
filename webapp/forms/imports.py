"""The bulk import form: one file and its format."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from . import options
from .articles import encoding_field

FORMAT_CHOICES = [("", "Tell from the file name"), ("jsonl", "JSON Lines (.jsonl)"),
                  ("csv", "CSV (.csv)"), ("zip", "Zip of .txt / .html files (.zip)"),
                  ("annotations", "W3C Web Annotations from another tool (.json)")]


class BulkImportForm(FlaskForm):
    file = FileField("File to import", validators=[FileRequired("Choose a file to import.")])
    format = SelectField("Format", choices=options(FORMAT_CHOICES), default="")
    encoding = encoding_field()
