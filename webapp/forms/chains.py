"""The attribution chain editor: one row per hop, from the publishing outlet to the original
source (rows left empty are ignored)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField
from wtforms.validators import Length

from . import options
from ..models.hop import HOP_RELATIONS
from ..models.source import SOURCE_ENTRY_KINDS

SPARE_ROWS = 2   # empty rows under the chain's hops (more with "Add a hop", or after a save)


class HopForm(Form):
    name = StringField("Name (a registry entry, or a new one)", validators=[Length(max=300)])
    not_named = BooleanField("Not named on the page")
    kind = SelectField("Kind", choices=options([(k, k.title()) for k in SOURCE_ENTRY_KINDS]),
                       default="outlet")
    relation = SelectField("Got it from the next hop by",
                           choices=options([("", "— (the original source)")] +
                                           [(k, v) for k, v in HOP_RELATIONS.items()]),
                           default="")


class ChainForm(FlaskForm):
    version = HiddenField()
    hops = FieldList(FormField(HopForm), min_entries=0, max_entries=40)
    reason = StringField("Why this change (kept in the history)", validators=[Length(max=2000)])


def chain_form(claim_version: int, hops) -> ChainForm:
    """The editor holding the chain shown (set, or the one the provenance gives)."""
    form = ChainForm(formdata=None, version=str(claim_version))
    for hop in hops:
        form.hops.append_entry({"name": hop.name, "not_named": not hop.name, "kind": hop.kind,
                                "relation": hop.relation})
    for _ in range(SPARE_ROWS):
        form.hops.append_entry()
    return form


def error_text(form: ChainForm) -> str:
    """The form's errors in words: "Hop 3, kind: Not a valid choice." """
    parts = []
    for n, row in enumerate(form.hops, 1):
        for name, errors in row.form.errors.items():
            parts.append(f"Hop {n}, {getattr(row.form, name).label.text.split(' (')[0].lower()}: "
                         + " ".join(errors))
    for name in ("version", "reason"):
        parts += [f"{name}: {e}" for e in getattr(form, name).errors]
    parts += [str(e) for e in form.form_errors] + (["The form expired; reload the page."]
                                                   if "csrf_token" in form.errors else [])
    return "; ".join(parts)


def hop_items(form: ChainForm) -> list[dict]:
    return [{"name": row.form.name.data, "kind": row.form.kind.data,
             "relation": row.form.relation.data, "not_named": row.form.not_named.data}
            for row in form.hops]
