"""Double review forms: the set-up, adjudicating a pair, settling an unpaired claim."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from . import options

MODES = [("chosen", "The articles ticked below"),
         ("share", "A share of the articles that can still start one")]


class SetUpForm(FlaskForm):
    reviewer_a = SelectField("First reviewer", coerce=int, validate_choice=False)
    reviewer_b = SelectField("Second reviewer", coerce=int, validate_choice=False)
    mode = RadioField("Which articles", choices=options(MODES), default="chosen")
    percentage = IntegerField("Share (percent)", validators=[Optional(), NumberRange(min=1, max=100)])
    # The service explains why an article cannot be chosen; no "not a valid choice" here.
    article_ids = SelectMultipleField("Articles", coerce=int, validate_choice=False,
                                      widget=ListWidget(prefix_label=False),
                                      option_widget=CheckboxInput())
    reason = StringField("Note for the article's trail", validators=[Length(max=2000)])


def set_choices(form: SetUpForm, members, eligible) -> None:
    people = options([(0, "— choose —")] + [(u.id, f"{u.display_name} ({u.username})") for u in members])
    form.reviewer_a.choices = people
    form.reviewer_b.choices = people
    form.article_ids.choices = options(eligible)


class AdjudicateForm(FlaskForm):
    """One pair: the ids and versions of its claims, whose span to keep, and — named
    ``take-<field>`` in the page — whose value to keep for each field that differs."""
    a_id = HiddenField()
    b_id = HiddenField()
    a_version = HiddenField()
    b_version = HiddenField()
    keep = RadioField("Keep the span of", choices=options([("a", "A"), ("b", "B")]), default="a")
    reason = StringField("Why (kept in the history)", validators=[Length(max=2000)])


def taken_sides(formdata, fields) -> dict[str, str]:
    """Which side ("a" or "b") the lead picked for each field (missing: the kept claim's)."""
    return {name: formdata.get(f"take-{name}") for name in fields
            if formdata.get(f"take-{name}") in ("a", "b")}


class SettleForm(FlaskForm):
    version = HiddenField()
    reason = StringField("Reason", validators=[Length(max=2000)])
    action = HiddenField()
