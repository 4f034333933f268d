"""Corroboration by origin (DOMAIN.md, "One claim, many reports"): which reports share one
origin, and what makes reports of one claim comparable. ``shingles`` turns a text into
comparable pieces; ``copies`` finds the articles of a project that are copies of one another;
``groups`` reads the groups back and records a lead's decisions about them; ``chains``: the
attribution chain as data, whose last named hop is the claim's original source; ``figures`` and
``vague_terms``: a claim's figures as data and how they compare."""
