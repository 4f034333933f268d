"""The import-by-URL form: the page's address and the provenance a person may set."""
from flask import current_app
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from ..services.destinations import FetchPolicy, FetchRefused, check_url
from .articles import encoding_field


class FetchArticleForm(FlaskForm):
    url = StringField("Address of the page (http:// or https://)",
                      validators=[DataRequired(), Length(max=2000)])
    title = StringField("Title (taken from the page if empty)", validators=[Length(max=500)])
    site_name = StringField("Site where we read it (taken from the page if empty)",
                            validators=[Length(max=200)])
    original_outlet = StringField("Original outlet (who first said it)", validators=[Length(max=200)])
    encoding = encoding_field()

    def validate_url(self, field) -> None:
        # The same rules as the fetcher, without looking the host up: a refusal shown at once.
        field.data = (field.data or "").strip()
        try:
            check_url(field.data, FetchPolicy.from_config(current_app.config))
        except FetchRefused as refusal:
            raise ValidationError(f"Refused: {refusal.message}.") from None
