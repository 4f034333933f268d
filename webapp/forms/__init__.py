"""WTForms forms, one module per area of views/."""
from wtforms import SelectChoice


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the option objects WTForms 3.3+ expects."""
    return [SelectChoice(value, label) for value, label in pairs]
