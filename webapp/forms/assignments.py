"""Forms for assigning articles, changing an assignment's state, and the project settings.

Member and article ids arrive as numbers; whether they belong to the project is the services'
rule (they refuse with a reason), so the forms only check the shape of what was sent.
"""
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..revisions.watch_settings import SAME_URL_CHOICES
from . import options

STATE_ACTIONS = {"start": "Start", "done": "Mark done", "reopen": "Reopen"}


class IdsField(SelectMultipleField):
    """Several ids (checkboxes); any number is accepted here, the service checks them."""

    def __init__(self, label=None, **kw):
        super().__init__(label, coerce=int, validate_choice=False, **kw)


class AssignForm(FlaskForm):
    assignee = IntegerField("Assign to", validators=[InputRequired("Choose a member.")])


class BulkAssignForm(FlaskForm):
    article_ids = IdsField("Articles")
    assignee = IntegerField("Assign selected to", validators=[Optional()])


class RoundRobinForm(FlaskForm):
    article_ids = IdsField("Articles")
    members = IdsField("Spread over")
    scope = SelectField("Which articles", choices=options([
        ("selected", "The selected articles"),
        ("matching", "Every article matching the filter")]), default="selected")


class ReassignForm(FlaskForm):
    assignee = IntegerField("From", validators=[InputRequired("Say whose assignment moves.")])
    to = IntegerField("Reassign to", validators=[InputRequired("Choose the new assignee.")])
    reason = TextAreaField("Why (optional)", validators=[Length(max=2000)], render_kw={"rows": 2})


class UnassignForm(FlaskForm):
    assignee = IntegerField("Assignee", validators=[InputRequired("Say whose assignment ends.")])
    reason = TextAreaField("Why (optional)", validators=[Length(max=2000)])


class StateForm(FlaskForm):
    action = SelectField("Action", choices=options(STATE_ACTIONS.items()))
    assignee = IntegerField("Assignee", validators=[Optional()])   # default: me


class SettingsForm(FlaskForm):
    annotators_edit_all = BooleanField(
        "Annotators may mark and edit claims in every article of the project "
        "(when off: only in the articles assigned to them)")
    second_review_required = BooleanField(
        "Final statuses count only after a second person has reviewed the claim")
    # Watching (issue 12); ranges are checked by ``revisions.watch_settings``. A field left
    # out of the form keeps its value.
    watch_new = BooleanField("Watch every new article imported from an address")
    watch_min_minutes = IntegerField("Check a watched page at most every (minutes)",
                                     validators=[Optional()])
    watch_max_minutes = IntegerField("and at least every (minutes)", validators=[Optional()])
    watch_per_minute = IntegerField("Fetches a minute, at most", validators=[Optional()])
    # Suggestions (issue 13): ``suggestions.settings``.
    suggestions_enabled = BooleanField("Suggest likely claims on import (figures, attributions, "
                                       "hedges), for a person to accept or reject")
    same_url_import = SelectField("A bulk import brings a known address with another text",
                                  choices=options(SAME_URL_CHOICES.items()), validators=[Optional()])
