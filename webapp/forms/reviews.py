"""Forms of the claim page's second review, discussion and shared-evidence picker."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from . import options
from ..models.claim import FINAL_STATUSES, STATUSES
from ..models.evidence import STANCES
from ..services.comments import MAX_COMMENT
from ..services.reviews import MAX_COMMENT as MAX_REVIEW_COMMENT
from .widgets import LongSelect


class ReviewForm(FlaskForm):
    """Accept or send back: the version the reviewer saw and a comment (needed to send back)."""
    version = HiddenField()
    comment = TextAreaField("Comment (kept in the history)", render_kw={"rows": 2},
                            validators=[Length(max=MAX_REVIEW_COMMENT)])


class ChangeReviewForm(ReviewForm):
    """The second reviewer's own verdict."""
    status = SelectField("New status", choices=options(
        (k, v) for k, v in STATUSES.items() if k in FINAL_STATUSES), validate_choice=False)
    rationale = TextAreaField("Rationale", validators=[Length(max=10000)], render_kw={"rows": 3})
    evidence_url = StringField("Evidence link", validators=[Length(max=2000)])
    evidence_reference = StringField("Evidence reference", validators=[Length(max=500)])
    evidence_summary = TextAreaField("What the evidence shows", validators=[Length(max=5000)],
                                     render_kw={"rows": 2})
    evidence_stance = SelectField("Evidence", choices=options(STANCES.items()), validate_choice=False)
    evidence_origin = SelectField("Evidence origin (from the registry)", validate_choice=False, widget=LongSelect())


class CommentForm(FlaskForm):
    text = TextAreaField("Comment (@username tells a member)", render_kw={"rows": 3},
                         validators=[Length(max=MAX_COMMENT)])
    reply_to = HiddenField()


class AttachEvidenceForm(FlaskForm):
    """Use an evidence item the project already has on this claim."""
    version = HiddenField()
    evidence_id = SelectField("Evidence item", validate_choice=False, widget=LongSelect())
    evidence_stance = SelectField("Stance", choices=options(STANCES.items()), validate_choice=False)
