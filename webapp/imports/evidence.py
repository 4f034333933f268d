"""Whether one reading of a file's bytes looks like text: evidence a person can check.

Bytes that are not UTF-8 read as *some* characters in nearly every single-byte encoding; what
tells the right reading from mojibake is the words it makes. In text, a word's letters are of
one script (Latin, Cyrillic, Arabic, or CJK, which may follow or precede Latin letters as in
"NHKの"), a word of accented letters alone ("ÇáÓáÇã": Arabic read as Windows-1252) does not
occur, a lower-case letter is not followed by a capital ("нЙОЙУФТ": KOI8-R read as Windows-1251),
and mojibake symbols (¤ ¦ ¨ ¯ ¸) are rare. Japanese has kana, Korean mostly Hangul, Chinese its
most frequent characters. A reading passes when at most one word or symbol in fifty breaks
those rules and its script's requirement holds; ``Verdict.example`` shows one that broke them.
"""
import re
import unicodedata
from dataclasses import dataclass, field

WORD = re.compile(r"[^\W\d_]+")
ESCAPE = re.compile(r"\\[nrtbf]")
# Not letters, yet usual in text: punctuation, signs, spaces, digits, combining marks. Anything else
# outside ASCII (¤ ¦ ¨ ¬ ¯ ´ ¸ ¥, box drawing, private-use characters, U+FFFD) is odd; C1 control
# characters are left to the Western rule (decoding.py).
USUAL = (r"\x80-\xa3\xa7\xa9-\xab\xad\xae\xb0-\xb3\xb5-\xb7\xb9-\xbf\xd7\xf7\u02c6\u02dc"
         r"\u0300-\u036f\u0591-\u05c7\u060c\u061b\u061f\u064b-\u065f\u066a-\u066d\u0670"
         r"\u06d4\u06d6-\u06ed\u2000-\u206f\u20a0-\u20cf\u2100-\u22ff\u3000-\u303f"
         r"\u3099-\u309c\u30fb\uff01-\uff65")
ODD = re.compile(rf"[^\x00-\x7f\w{USUAL}]")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
SCRIPTS = (   # code point ranges → (lower, upper) signature letters; no case: the same twice
    ((0x00AA, 0x00AA), (0x00B5, 0x00B5), (0x00BA, 0x00BA), (0x00C0, 0x024F), (0x1E00, 0x1EFF), "eE"),
    ((0x0370, 0x03FF), "gG"), ((0x0400, 0x052F), "cC"), ((0x0590, 0x05FF), "ww"),
    ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), "rr"),
    ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), "zz"),
    ((0x3040, 0x30FF), (0x31F0, 0x31FF), "kk"), ((0xFF66, 0xFF9F), "hh"),   # half-width: rare
    ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F), "uu"),
)
GROUP = {"a": "L", "A": "L", "e": "L", "E": "L", "c": "C", "C": "C", "g": "G", "G": "G",
         "r": "R", "w": "W", "z": "J", "k": "J", "u": "J", "h": "J"}
MIXED_CASE = re.compile(r"[aecg][AECG]")
LATIN_AROUND_CJK = re.compile(r"[aAeE][zku]+[aAeE]")
ACCENTED_ONLY = re.compile(r"[eE]{2,}")
CAPITALS = re.compile(r"[ACEG]*[CEG][ACEG]*")
# The most frequent Chinese characters, simplified and traditional (a fifth or more of any text).
FREQUENT_HAN = set("的一是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可"
                   "也你对對生能而子那得于於着著下自之年过過发發后後作里裡用道行所然家种種事成方多经經"
                   "么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心她本前开開"
                   "但因只从從想实實日军軍者意无無力它与與长長把机機十民第公此已工使情明性知全三又关關点"
                   "點正业業外将將两兩高间間由问問很最重并物手应應战戰向头頭文体體政美相见見被利什二等产"
                   "產或新己制身果加西斯月话話合回特代内內信表化老给給世位次度门門任常先海通教儿兒原东東")
# Arabic text: words with the article ال, and the commonest short words (Persian's too).
ARABIC_COMMON = frozenset("في من على إلى أن و عن ما لا هذا قال كان مع بعد أو ثم هو هي كما "
                          "در به از که این را با است".split())
MAX_SUSPICIOUS = 0.02


def _table() -> dict[int, str]:
    table = {c: "a" for c in range(0x61, 0x7B)} | {c: "A" for c in range(0x41, 0x5B)}
    for *ranges, letters in SCRIPTS:
        for first, last in ranges:
            for code in range(first, last + 1):
                char = chr(code)
                if unicodedata.category(char).startswith("L"):
                    table[code] = letters[1] if char.isupper() else letters[0]
    return table


SIGNATURE = _table()


@dataclass
class Verdict:
    passes: bool
    words: int = 0          # words holding a letter that is not ASCII
    example: str = ""       # a word or symbol that breaks the rules, for the message
    why: str = ""           # in words, when it does not pass


@dataclass
class _Counts:
    words: int = 0
    suspicious: int = 0
    capitals: int = 0
    example: str = ""
    cjk: dict = field(default_factory=lambda: {"z": 0, "k": 0, "u": 0})   # Han, kana, Hangul
    arabic: int = 0         # Arabic words ...
    arabic_common: int = 0  # ... with ال or among the commonest
    lone: int = 0           # one-letter words of a script other than Latin and CJK ...
    longer: int = 0         # ... and longer ones


def judge(text: str, script: str) -> Verdict:
    """Whether ``text`` (a reading in an encoding for ``script``) looks like text."""
    text = ESCAPE.sub(" ", text)     # "\\nقال" in JSON is a line break and a word
    counts = _count(text)
    odd = ODD.findall(text)
    seen = counts.words + len(odd)
    suspicious = counts.suspicious + len(odd)
    example = counts.example or (odd[0] if odd else "")
    verdict = Verdict(True, counts.words, example)
    if suspicious > MAX_SUSPICIOUS * seen:
        verdict.passes, verdict.why = False, (f"{suspicious} of its {seen} words with non-ASCII letters "
                                              f"or symbols look garbled (such as “{example}”)")
    elif (problem := _script_problem(script, counts, text)):
        verdict.passes, verdict.why = False, problem
    return verdict


def _count(text: str) -> _Counts:
    counts = _Counts()
    for match in WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        sig = word.translate(SIGNATURE)
        counts.words += 1
        groups = {GROUP[c] for c in sig if c in GROUP}
        if "J" in groups:
            for letter in counts.cjk:
                counts.cjk[letter] += sig.count(letter)
        if groups and not groups & {"L", "J"}:
            counts.lone += len(word) == 1
            counts.longer += len(word) > 1
        if groups == {"R"}:
            counts.arabic += 1
            counts.arabic_common += "ال" in word or word in ARABIC_COMMON
        if _garbled(sig, groups):
            counts.suspicious += 1
            counts.example = counts.example or word[:40]
        elif CAPITALS.fullmatch(sig) and len(sig) > 1:
            counts.capitals += 1
    return counts


def _garbled(sig: str, groups: set[str]) -> bool:
    if "h" in sig:
        return True
    if len(groups) > 1:
        return groups != {"L", "J"} or bool(LATIN_AROUND_CJK.search(sig))
    return bool(ACCENTED_ONLY.fullmatch(sig) or MIXED_CASE.search(sig))


def _script_problem(script: str, counts: _Counts, text: str) -> str:
    """What a reading in this script's encoding lacks, or ""."""
    han, kana, hangul = counts.cjk["z"], counts.cjk["k"], counts.cjk["u"]
    cjk = han + kana + hangul
    if counts.lone and not counts.longer:
        return "its only letters of that script would stand alone, not in words"
    if script == "cyrillic" and counts.words >= 4 and counts.capitals * 2 > counts.words:
        return "most of its words would be in capitals"
    if script == "arabic" and counts.arabic >= 10 and counts.arabic_common * 10 < counts.arabic:
        return "it would be Arabic with hardly a word such as ال… or في"
    if script == "japanese" and cjk and kana * 10 < cjk:
        return "it would be Japanese without kana"
    if script == "korean" and cjk and hangul * 2 < cjk:
        return "it would be Korean with few Hangul letters"
    if script == "chinese" and cjk:
        if (kana + hangul) * 50 > cjk:
            return "it would be Chinese with kana or Hangul in it"
        frequent = sum(1 for c in NON_ASCII.findall(text[:200_000]) if c in FREQUENT_HAN)
        if frequent * 7 < han:
            return "it would be Chinese without its most frequent characters"
    return ""
