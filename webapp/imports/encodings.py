"""The character encodings a person may choose for a file, and the ones detection considers.

Each has the key the forms and ``--encoding`` take, Python's codec, the name people read and
the script its letters are in (the evidence ``evidence.py`` weighs). Detection tries them in
this order after UTF-8: the first of several identical readings names it.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Encoding:
    key: str        # "windows-1252": the form's value, --encoding's argument
    codec: str      # Python's codec: "cp1252"
    name: str       # for people: "Windows-1252"
    script: str     # "unicode", "latin", "arabic", "cyrillic", "japanese", "chinese", "korean"


UTF8 = Encoding("utf-8", "utf-8-sig", "UTF-8", "unicode")
UTF16 = (Encoding("utf-16le", "utf-16-le", "UTF-16 LE", "unicode"),
         Encoding("utf-16be", "utf-16-be", "UTF-16 BE", "unicode"))
LATIN_1 = Encoding("iso-8859-1", "latin_1", "ISO-8859-1", "latin")
WINDOWS_1252 = Encoding("windows-1252", "cp1252", "Windows-1252", "latin")
DETECTED = (   # the encodings researchers' files come in, besides Unicode
    LATIN_1, WINDOWS_1252,
    Encoding("windows-1256", "cp1256", "Windows-1256", "arabic"),
    Encoding("iso-8859-6", "iso8859_6", "ISO-8859-6", "arabic"),
    Encoding("windows-1251", "cp1251", "Windows-1251", "cyrillic"),
    Encoding("koi8-r", "koi8_r", "KOI8-R", "cyrillic"),
    Encoding("shift_jis", "cp932", "Shift_JIS", "japanese"),
    Encoding("euc-jp", "euc_jp", "EUC-JP", "japanese"),
    Encoding("gb18030", "gb18030", "GB18030", "chinese"),
    Encoding("big5", "big5", "Big5", "chinese"),
    Encoding("euc-kr", "euc_kr", "EUC-KR", "korean"),
)
CHOSEN = (UTF8, *UTF16, *DETECTED)
BY_KEY = {e.key: e for e in CHOSEN}
LABELS = {"latin": "Western European", "arabic": "Arabic", "cyrillic": "Cyrillic",
          "japanese": "Japanese", "chinese": "Chinese", "korean": "Korean", "unicode": "Unicode"}
CHOICES = [("", "Detect it (refuse the file if unsure)"),
           *((e.key, f"{e.name} ({LABELS[e.script]})") for e in CHOSEN)]


def by_key(key: str) -> Encoding:
    """The encoding a form or ``--encoding`` named; ``KeyError`` for one not offered."""
    return BY_KEY[key.strip().lower()]
