"""Corroboration by origin (DOMAIN.md "One claim, many reports"): what makes reports of one
claim comparable — their figures (``figures``, ``vague_terms``) — and what makes them copies."""
