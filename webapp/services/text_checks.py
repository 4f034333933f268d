"""Checks on text that comes in from people and files: characters no database can keep."""
from .errors import Invalid


def check_storable(field: str, value: str) -> None:
    """Refuse NUL and lone surrogates: PostgreSQL rejects NUL, SQLite cuts strings at it, and
    a lone surrogate cannot be encoded as UTF-8 at all."""
    if "\x00" in value:
        raise Invalid({field: "The text contains a NUL character, which cannot be stored."})
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid({field: "The text contains an unpaired surrogate (broken Unicode)."}) from None
