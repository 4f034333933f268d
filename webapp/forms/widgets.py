"""A select for lists that grow with a project's data (its source registry, its evidence):
the same HTML as WTForms' ``Select``, each option written by one format instead of WTForms'
general attribute builder — a claim page carries a few such lists of hundreds of entries, and
rendering them was most of its time at scale."""
from markupsafe import escape
from wtforms.widgets import Select


class LongSelect(Select):
    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""   # attributes sorted, as WTForms writes them
        label = choice.label or choice.value
        return f'<option {selected}value="{escape(choice.value)}">{escape(label)}</option>'
