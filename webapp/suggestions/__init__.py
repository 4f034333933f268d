"""Machine suggestions (issue 13): the figures, sources and hedges of an article pointed out
before anyone reads it.

- ``engine`` — ``suggest(text, language)``: the rules of a language (``english``) read a text
  into ``Suggested`` spans; nothing here touches the database, so the tests and the bench run
  the rules alone. Another language is another rules module registered in ``engine.LANGUAGES``.
- ``store`` — suggestions made for an article's latest revision and kept (``models.Suggestion``).
- ``decisions`` — a person accepts one into the claim form (nothing is saved until they save)
  or rejects it (never suggested again for that article).
"""
