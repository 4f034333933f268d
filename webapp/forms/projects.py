"""Project, member and list forms."""
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from . import options
from ..models.project import ROLES


class ProjectForm(FlaskForm):
    name = StringField("Project name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Length(max=5000)])


class MemberForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=64)])
    role = SelectField("Role", choices=options([(r, r.title()) for r in ROLES]), default="annotator")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=options([(r, r.title()) for r in ROLES]))


class ListValueForm(FlaskForm):
    label = StringField("Value", validators=[DataRequired(), Length(max=120)])


class VagueTermForm(FlaskForm):
    """Add a vague quantity to the project's table, change its number, or remove it."""
    term = StringField("Vague quantity", validators=[DataRequired(), Length(max=60)])
    value = IntegerField("Coded as", validators=[Optional(), NumberRange(min=0, max=2_000_000_000)])
