"""Who says it, in an English sentence: the cue ("said", "told", "according to", "per",
"claimed", "cited") and the speaker's span, with a guess at the source type and whether the
speaker is named.

Three shapes: the speaker before its cue ("…, a Swedish foreign fighter operating in SDF ranks
said."; "Local officials told AFP that …"), after it ("…, said Colonel Ahmed al-Mismari";
"According to the Syrian Observatory for Human Rights, …"; "…, per a UN tally"), and a nested
source ("X said, citing Y": the speaker is X, by way of Y)."""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import COUNT_OF, CUES, SOURCE_TYPES, TITLES, UNNAMED_HEADS

STOP = {",", ";", ":", "—", "–", "(", ")", '"', "“", "”", "‘", "’", "."}
AFTER_SPEAKER_STOP = STOP | {"who", "which", "that", "citing", "quoting", "on", "in", "late",
                             "early", "earlier", "yesterday", "today", "tonight", "last", "this",
                             "as", "after", "while", "when", "but", "adding", "to", "because"}
TIME_AFTER_CUE = {"on", "in", "late", "early", "earlier", "yesterday", "today", "tonight", "last",
                  "this", "by", "via", "at", "during", "later"}
NOT_PER = {"cent", "day", "hour", "week", "month", "year", "capita", "person", "head", "kilometre",
           "kilometer", "mile", "litre", "unit", "cent.", "annum", "se"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
ORGANISATIONS = {"ministry", "army", "military", "police", "government", "forces", "council", "authority",
                 "authorities", "agency", "office", "observatory", "commission", "committee", "department",
                 "command", "coalition", "militia", "monitor", "service", "services", "mission", "network",
                 "organisation", "organization", "institute", "society", "association", "court", "junta",
                 "administration", "navy", "presidency", "cabinet", "parliament", "movement", "group",
                 "front", "federation", "union", "company", "firm", "channel", "agency", "hospital",
                 "prosecutor's", "inspectorate", "directorate", "gendarmerie", "ministries", "secretariat"}
DESCRIBING = {"a", "an", "the", "who", "which", "whose", "one", "its", "his", "her", "their"}
SPEAKING = {"said", "says", "claimed", "claims", "added", "wrote", "stated", "confirmed", "noted", "insisted"}
VERBS = {"has", "have", "had", "was", "were", "is", "are", "been", "be", "will", "would", "could",
         "should", "can", "did", "does", "do", "remain", "remains", "put", "left", "hit", "struck"}
MAX_SPEAKER = 14


@dataclass
class Attribution:
    start: int          # token span of the attribution (cue included)
    end: int
    speaker_start: int
    speaker_end: int
    cue_start: int
    cue_end: int
    leading: bool       # before the claim it gives ("According to X, …", "X said that …")
    via: tuple[int, int] | None = None

    def speaker(self, doc) -> str:
        return doc[self.speaker_start:self.speaker_end].text


def find_attribution(sent) -> Attribution | None:
    """The sentence's main attribution, or None."""
    doc = sent.doc
    found, via = None, None
    i = sent.start
    while i < sent.end:
        token, lower = doc[i], doc[i].lower_
        got = None
        if lower == "according" and i + 1 < sent.end and doc[i + 1].lower_ == "to":
            got = _after(doc, i, i + 2, sent)
        elif lower == "per" and i + 1 < sent.end and doc[i + 1].lower_ not in NOT_PER \
                and not doc[i - 1].like_num:
            got = _after(doc, i, i + 1, sent)
        elif lower in ("citing", "quoting"):
            cited = _after(doc, i, i + 1, sent)
            if cited is not None:
                via = (cited.speaker_start, cited.speaker_end)
                if found is None:
                    found = cited
            i += 1
            continue
        elif lower in CUES and token.text.islower():
            got = _inverted(doc, i, sent) or _before(doc, i, sent)
        if got is not None and found is None:
            found = got
        i += 1
    if found is not None and via is not None and (found.speaker_start, found.speaker_end) != via:
        found.via = via
    return found


def _after(doc, cue_start: int, cue_end: int, sent) -> Attribution | None:
    """"according to X", "per X", "citing X": X runs to the first stop, with what describes it
    ("the Yemen Data Project, an independent tracker"; "ACLED, which tracks political violence";
    "Colombia's National Mining Agency (ANM)")."""
    j = _noun_phrase_end(doc, cue_end, sent)
    if j is None:
        return None
    leading = cue_start == sent.start or doc[cue_start - 1].text in (",",) and cue_start - 1 == sent.start
    leading = leading or all(t.text in ("And", "But") for t in doc[sent.start:cue_start])
    return Attribution(cue_start, j, cue_end, j, cue_start, cue_end, leading)


def _noun_phrase_end(doc, start: int, sent) -> int | None:
    j = start
    while j < sent.end and j - start < MAX_SPEAKER:
        if doc[j].text in STOP or (doc[j].lower_ in AFTER_SPEAKER_STOP and j > start + 1 and not _in_name(doc, j)):
            break
        j += 1
    if j == start or j - start >= MAX_SPEAKER:
        return None
    return _described(doc, j, sent)


def _described(doc, j: int, sent) -> int:
    """Past a short parenthesis "(ANM)", an appositive ", a state agency" or a relative clause
    ", which tracks the war" that follows a speaker (up to the next comma or the end)."""
    if j < sent.end and doc[j].text == "(":
        close = next((k for k in range(j + 1, min(sent.end, j + 6)) if doc[k].text == ")"), None)
        if close is not None:
            j = close + 1
    if j + 1 < sent.end and doc[j].text == "," and doc[j + 1].lower_ in DESCRIBING:
        k = j + 1
        while k < sent.end and doc[k].text not in (",", ";", ".", ":", "—", "“", '"') and k - j < 24:
            k += 1
        if k < sent.end and k - j < 24 and not any(doc[m].lower_ in CUES and doc[m].text.islower()
                                                   for m in range(j + 2, k)):
            return k
    return j


def _in_name(doc, j: int) -> bool:
    """"of", "for", "in" inside a name ("the Syrian Observatory for Human Rights")."""
    return doc[j].lower_ in ("on", "in") and j + 1 < len(doc) and doc[j + 1].text[:1].isupper() \
        and doc[j + 1].lower_ not in ("monday", "tuesday", "wednesday", "thursday", "friday",
                                      "saturday", "sunday", "january", "february", "march", "april",
                                      "may", "june", "july", "august", "september", "october",
                                      "november", "december")


def _before(doc, cue: int, sent) -> Attribution | None:
    """"X said": X runs back from the cue to the last stop (a comma, a quote mark, "that"),
    across an appositive ("Colonel X, a spokesman for Y, said")."""
    j = cue
    while j > sent.start and doc[j - 1].text not in STOP and doc[j - 1].lower_ != "that" and cue - j < MAX_SPEAKER:
        j -= 1
    if cue - j >= MAX_SPEAKER:
        return None
    if j == cue:   # ", said": the subject before the comma, with what describes it
        return _subject(doc, cue, sent)
    if not _speakerlike(doc, j, cue):
        return None
    leading = _rest_is_claim(doc, cue, sent)
    end = _object_end(doc, cue, sent)
    return Attribution(j, end, j, cue, cue, cue + 1, leading)


def _subject(doc, cue: int, sent) -> Attribution | None:
    """"The official, who spoke on condition of anonymity, said" / "A police spokesman, Ramesh
    Thapa, said": the speaker runs from the clause's start to the comma before the cue, its
    first part a noun phrase, the rest what describes it (appositives, relative clauses)."""
    comma = cue - 1
    if comma <= sent.start or doc[comma].text != ",":
        return None
    begin = comma
    while begin > sent.start and doc[begin - 1].text not in (";", ":", '"', "“", "”", ".") \
            and doc[begin - 1].lower_ != "that" and comma - begin < 40:
        begin -= 1
    segments, k = [], begin
    for m in range(begin, comma + 1):
        if doc[m].text == "," or m == comma:
            segments.append((k, m))
            k = m + 1
    # Drop leading parts that are not the speaker ("On Thursday," / a clause with its own verb).
    while segments:
        first = segments[0]
        if _speakerlike(doc, *first) and (len(segments) == 1 or all(
                doc[a].lower_ in DESCRIBING or doc[a].text[:1].isupper() for a, _ in segments[1:] if a < _)):
            break
        segments.pop(0)
    if not segments:
        return None
    start, end = segments[0][0], segments[-1][1]
    if not doc[start].text[:1].isupper() and doc[start].lower_ not in ("a", "an", "the") and start != sent.start:
        return None
    return Attribution(start, cue + 1, start, end, cue, cue + 1, False)


def _inverted(doc, cue: int, sent) -> Attribution | None:
    """"…, said Colonel X." — the speaker after the cue."""
    if cue == sent.start or doc[cue - 1].text not in (",", "”", '"') or cue + 1 >= sent.end:
        return None
    nxt = doc[cue + 1]
    if doc[cue].lower_ not in SPEAKING or not (nxt.text[:1].isupper() or nxt.lower_ in ("a", "an", "the", "one", "two")) \
            or nxt.lower_ in TIME_AFTER_CUE:
        return None
    j = cue + 1
    while j < sent.end and doc[j].text not in STOP and j - cue <= MAX_SPEAKER:
        j += 1
    if j == cue + 1 or j - cue > MAX_SPEAKER or not _speakerlike(doc, cue + 1, j):
        return None
    j = _described(doc, j, sent)
    return Attribution(cue, j, cue + 1, j, cue, cue + 1, False)


def _speakerlike(doc, start: int, end: int) -> bool:
    """A noun phrase that can speak: not a bare number, not a clause with a verb of its own."""
    words = [t for t in doc[start:end] if not t.is_punct]
    if not words:
        return False
    if len(words) == 1 and words[0].lower_ in PRONOUNS:
        return True
    if any(t.lower_ in CUES or t.lower_ in VERBS or t.lower_ in COUNT_OF for t in words):
        return False
    if words[0].like_num and len(words) == 1:
        return False
    return any(t.is_alpha for t in words)


def _rest_is_claim(doc, cue: int, sent) -> bool:
    """"X said (that) …": the claim follows the cue."""
    rest = [t for t in doc[cue + 1:sent.end] if not t.is_punct]
    return len(rest) > 3


def _object_end(doc, cue: int, sent) -> int:
    """Where the attribution ends: after "told Reuters", "told AFP by telephone"."""
    end = cue + 1
    if doc[cue].lower_ in ("told", "tells") and end < sent.end and doc[end].text[:1].isupper():
        while end < sent.end and (doc[end].text[:1].isupper() or doc[end].lower_ in ("the", "news")):
            end += 1
    return end


def source_type(doc, start: int, end: int) -> str:
    words = {t.lower_ for t in doc[start:end]}
    for key, cues in SOURCE_TYPES:
        if words & cues:
            return key
    return ""


def named(doc, start: int, end: int) -> str:
    """named_person, named_organisation or unnamed, as the speaker's words suggest."""
    tokens = [t for t in doc[start:end] if not t.is_punct]
    if not tokens:
        return "no_source"
    if tokens[0].lower_ in PRONOUNS:
        return ""
    head = tokens[0].lower_
    caps = [t for t in tokens if t.text[:1].isupper() and t.lower_ not in ("the",)]
    # The noun the speaker's first phrase ends on ("the interior ministry", "a police spokesman").
    first = [t for t in doc[start:end]]
    cut = next((k for k, t in enumerate(first) if t.text in (",", "(") or t.lower_ in ("who", "which", "of", "for", "in", "at", "with", "from")), len(first))
    noun = first[cut - 1].lower_.replace("’s", "").replace("'s", "") if cut else head
    if noun in ORGANISATIONS and head not in ("a", "an", "one", "two", "three", "several", "some"):
        return "named_organisation"   # "the army", "police", "Colombia's mining agency"
    if head in UNNAMED_HEADS and not (len(tokens) > 1 and tokens[1].text[:1].isupper() and head == "the"):
        return "unnamed"
    run, best = 0, 0
    for t in tokens:
        if t.text[:1].isupper() and not t.text.isupper() and t.lower_ not in ("the",):
            run += 1
            best = max(best, run)
        elif t.text in ("-",) or t.lower_ in ("al", "bin", "ibn", "de", "van", "von"):
            continue
        else:
            run = 0
    organisation = source_type(doc, start, end) in ("monitor", "media", "armed_group", "official", "document")
    if best >= 2 and not (organisation and not any(t.lower_.rstrip(".") in TITLES for t in tokens)) \
            or any(t.lower_.rstrip(".") in TITLES for t in tokens) and best >= 1 and head not in ("a", "an"):
        return "named_person"
    if caps:
        return "named_organisation"
    return "unnamed"
