"""Bulk import: many articles from one file (JSON Lines, CSV, a zip of .txt/.html files) and
claims from another tool's W3C Web Annotation export, run as a background job with a report.

- ``decoding``: bytes → text, with the encoding named, how it was decided and preview lines
  (or a clear refusal); ``encodings`` (those offered), ``guessing`` and ``evidence`` (the rules
  for files that are not UTF-8), ``labelled`` (a fetched page's charset labels), ``preview``;
- ``readers``: JSON Lines and CSV rows → articles to store, each with its line number;
- ``zips``: a zip's members, checked against the limits before anything is decompressed;
- ``annotations``: a Web Annotation export → annotations to anchor;
- ``articles``, ``claims``: storing rows (a batch at a time), zip members and annotations;
- ``tally``: the counts and refusals, and storing one item without letting it stop the rest;
- ``runner``: the job itself (a batch per commit, with the progress; resumable);
- ``cli``: ``flask --app webapp import-articles``.
"""
