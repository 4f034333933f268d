"""The vague quantities a project codes as numbers, and the defaults a new project starts with.

The defaults are ACLED's published coding of vague fatality reports ("Uses and limitations of
ACLED data: Fatalities", 2023, updated 2024): "tens" 10, "dozens" 12, "hundreds" 100, "and so
on" — read here as "thousands" 1,000. ACLED publishes no number for "several", "a few" or
"many", so they are not seeded; a lead adds them on the project's vague quantities page if the
project wants them coded.
"""

ACLED_DEFAULTS: dict[str, int] = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1000}
MAX_TERM_CHARS = 60


def normalise_term(term: str) -> str:
    """A term as the table keys it: lower case, single spaces ("Dozens  of" → "dozens of")."""
    return " ".join((term or "").lower().split())
