"""Sign-in, password and user forms."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=64)],
                           render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)],
                             render_kw={"autocomplete": "current-password"})


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField("New password (12 to 128 characters)",
                                 validators=[DataRequired()],
                                 render_kw={"autocomplete": "new-password"})


class UserForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=64)])
    display_name = StringField("Display name", validators=[Length(max=120)])
    password = PasswordField("Initial password (12 to 128 characters)", validators=[DataRequired()],
                             render_kw={"autocomplete": "new-password"})
    is_admin = BooleanField("Instance admin (manages users and every project)")


class PasswordResetForm(FlaskForm):
    """An admin sets someone's password; left empty, a random one is made and shown once."""
    password = PasswordField("New password (12 to 128 characters; leave empty for a random one)",
                             validators=[Length(max=1000)],
                             render_kw={"autocomplete": "new-password"})
