"""Personal API token forms (account settings)."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length


class TokenForm(FlaskForm):
    name = StringField("Name (what it is for, e.g. “my notebook”)",
                       validators=[DataRequired(), Length(max=100)])


class RevokeTokenForm(FlaskForm):
    token_id = HiddenField(validators=[DataRequired()])
