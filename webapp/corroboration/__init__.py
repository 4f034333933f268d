"""Corroboration: one claim across many reports, counted by independent origin (DOMAIN.md,
"One claim, many reports"). ``chains``: the attribution chain as data, whose last named hop is
the claim's original source."""
