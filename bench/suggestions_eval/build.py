"""Builds articles.jsonl and demo.jsonl from the hand-written label sources in src/.

The labels are written by hand in a compact form (one line per claim, figure, attribution,
hedge, negative) so that a person can read an article and its labels together; this script only
changes the notation into JSON. It derives nothing: every value in the output is written in src/.

    python bench/suggestions_eval/build.py          # write both files
    python bench/suggestions_eval/build.py --check  # exit 1 if the files differ from src/

Notation (see README.md, "The source files"):

    === a01 | Headline of the article
    text of the article, verbatim; {nbsp} stands for U+00A0
    +++
    C casualty_figure: 26 ISIS militants have been killed and dozens more injured
    F 26 | exact 26 26 | killed combatants
    F dozens | vague dozens | injured combatants
    F 1,150 | exact 1150 1150 | killed_or_injured combatants   (counts other, combined [killed, injured])
    A a fighter said | a fighter | said | combatant | unnamed [| via Y]
    H reportedly
    N 12 May 2017 | date

"C#2 kind: quote" takes the quote's second occurrence; "F#2 ..." and "H#2 ..." the second
occurrence inside the quote; "N#2 ..." the second occurrence in the text.
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
CLAIM_KINDS = {"casualty_figure", "event_occurrence", "territorial_control", "responsibility",
               "intention", "quantity", "quotation", "other"}
FIGURE_KINDS = {"exact", "about", "at_least", "more_than", "at_most", "up_to", "range", "vague"}
COUNTS = {"killed", "injured", "captured", "detained", "abducted", "missing", "displaced", "other", ""}
WHO = {"civilians", "combatants", "children", "women", "unknown"}
SOURCE_TYPES = {"official", "armed_group", "combatant", "eyewitness", "media", "monitor",
                "social_media", "document", "expert", "none"}
NAMED = {"named_person", "named_organisation", "unnamed", "no_source"}


class SourceError(ValueError):
    pass


def _tag(head):
    """'C#2' -> ('C', 2); 'F' -> ('F', 1)."""
    tag, _, occ = head.partition("#")
    return tag, int(occ) if occ else 1


def _int(token, where):
    if token == "-":
        return None
    try:
        return int(token.replace(",", "").replace("_", ""))
    except ValueError:
        raise SourceError(f"{where}: {token!r} is not a number or '-'") from None


def _figure(rest, occ, where):
    parts = [p.strip() for p in rest.split("|")]
    if len(parts) != 3:
        raise SourceError(f"{where}: a figure is 'text | kind low high | counts who': {rest!r}")
    text, value, what = parts
    tokens = value.split()
    kind = tokens[0]
    if kind not in FIGURE_KINDS:
        raise SourceError(f"{where}: figure kind {kind!r}")
    if kind == "vague":
        low = high = None
        term = " ".join(tokens[1:])
        if not term:
            raise SourceError(f"{where}: a vague figure needs its term")
    else:
        if len(tokens) != 3:
            raise SourceError(f"{where}: {kind} needs low and high ('-' for none): {value!r}")
        low, high, term = _int(tokens[1], where), _int(tokens[2], where), ""
    what = what.split()
    combined = what[0].split("_or_") if "_or_" in what[0] else None
    if combined:  # "killed or wounded": counts other, the casualty kinds it joins in "combined"
        if not set(combined) <= COUNTS - {"other", ""}:
            raise SourceError(f"{where}: combined counts {what[0]!r}")
        what[0] = "other"
    if len(what) != 2 or what[0] not in COUNTS | {"-"} or what[1] not in WHO:
        raise SourceError(f"{where}: 'counts who' {what!r}")
    figure = {"text": text, "kind": kind, "low": low, "high": high, "term": term,
              "counts": "" if what[0] == "-" else what[0], "who": what[1]}
    if combined:
        figure["combined"] = combined
    if occ != 1:
        figure["occurrence"] = occ
    return figure


def _attribution(rest, where):
    parts = [p.strip() for p in rest.split("|")]
    if len(parts) not in (5, 6):
        raise SourceError(f"{where}: an attribution is 'text | speaker | cue | type | named [| via Y]'")
    text, speaker, cue, source_type, named = parts[:5]
    if source_type not in SOURCE_TYPES or named not in NAMED:
        raise SourceError(f"{where}: source type {source_type!r} or named {named!r}")
    attribution = {"text": text, "speaker": speaker, "cue": cue,
                   "source_type": source_type, "named": named}
    if len(parts) == 6:
        if not parts[5].startswith("via "):
            raise SourceError(f"{where}: the sixth field is 'via Y'")
        attribution["via"] = parts[5][4:].strip()
    return attribution


def parse(path):
    """The articles of one source file, as the dicts written to the JSON Lines file."""
    articles, lines = [], Path(path).read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("=== "):
            if line.strip() and not line.startswith("#"):
                raise SourceError(f"{path}:{i + 1}: text outside an article: {line[:60]!r}")
            i += 1
            continue
        head = line[4:]
        aid, _, title = (p.strip() for p in head.partition("|"))
        i += 1
        body = []
        while i < len(lines) and lines[i] != "+++":
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise SourceError(f"{path}: article {aid} has no '+++' line")
        text = "\n".join(body).strip("\n").replace("{nbsp}", "\u00a0")
        i += 1
        claims, negatives = [], []
        while i < len(lines) and not lines[i].startswith("=== "):
            raw = lines[i].replace("{nbsp}", "\u00a0")
            i += 1
            if not raw.strip() or raw.startswith("#"):
                continue
            where = f"{path}:{i} ({aid})"
            head, _, rest = raw.partition(" ")
            tag, occ = _tag(head)
            if tag == "C":
                kind, _, quote = rest.partition(": ")
                if kind not in CLAIM_KINDS or not quote:
                    raise SourceError(f"{where}: 'C kind: quote', kind {kind!r}")
                claim = {"quote": quote, "occurrence": occ, "kind": kind, "figures": [],
                         "attribution": None, "hedges": []}
                claims.append(claim)
                continue
            if tag == "N":
                text_, _, nkind = (p.strip() for p in rest.partition("|"))
                negative = {"text": text_, "kind": nkind}
                if occ != 1:
                    negative["occurrence"] = occ
                negatives.append(negative)
                continue
            if not claims:
                raise SourceError(f"{where}: {tag} before any claim")
            claim = claims[-1]
            if tag == "F":
                claim["figures"].append(_figure(rest, occ, where))
            elif tag == "A":
                if claim["attribution"] is not None:
                    raise SourceError(f"{where}: a second attribution for one claim")
                claim["attribution"] = _attribution(rest, where)
            elif tag == "H":
                hedge = {"text": rest.strip()}
                if occ != 1:
                    hedge["occurrence"] = occ
                claim["hedges"].append(hedge)
            else:
                raise SourceError(f"{where}: unknown line {raw[:40]!r}")
        articles.append({"id": aid, "title": title, "text": text, "claims": claims,
                         "negatives": negatives})
    return articles


def render(articles):
    return "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles)


def outputs():
    """{output file name: its content} built from src/."""
    demo = parse(SRC / "demo.txt")
    articles = []
    for path in sorted(SRC.glob("articles-*.txt")):
        articles.extend(parse(path))
    ids = [a["id"] for a in articles + demo]
    if len(ids) != len(set(ids)):
        raise SourceError(f"article ids repeat: {sorted(i for i in ids if ids.count(i) > 1)}")
    return {"articles.jsonl": render(articles), "demo.jsonl": render(demo)}


def main(argv):
    built = outputs()
    if "--check" in argv:
        stale = [name for name, content in built.items()
                 if not (HERE / name).exists() or (HERE / name).read_text(encoding="utf-8") != content]
        if stale:
            print("out of date, run build.py:", ", ".join(stale))
            return 1
        return 0
    for name, content in built.items():
        (HERE / name).write_text(content, encoding="utf-8")
        print(f"wrote {name}: {content.count(chr(10))} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
