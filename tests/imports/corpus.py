"""Files the encoding tests make: each is read exactly right, or refused with a clear message.

``READ`` holds files with the text they hold and the encoding the report names; ``REFUSED``
files that must be refused, with words of the message. Texts are lines of real-looking news
(what a scrape of the Syrian-war corpus holds), and the Latin-1 one carries the C1 bytes and µ
that such scrapes do.
"""
import codecs

LATIN_1_TEXT = ("The convoy reached avu\x95\x81olu at dawn, a resident said.\n"
                "\x95\x81Time of the strike: 05:40; the shell left a crater 30 \u00b5m deep in the "
                "asphalt, according to Jos\u00e9 Mar\u00eda.\n")
SMART = ("Le ministre a d\u00e9clar\u00e9 : \u201cNous avons gagn\u00e9\u201d \u2014 c\u2019est "
         "l\u2019\u00e9t\u00e9 \u00e0 Raqqa, dit-il. Le pain co\u00fbte 2 \u20ac.\n")
ARABIC = ("\u0642\u0627\u0644 \u0645\u0633\u0624\u0648\u0644 \u0641\u064a \u0627\u0644\u062d\u0643"
          "\u0648\u0645\u0629 \u0625\u0646 \u0633\u062a\u0629 \u0648\u0639\u0634\u0631\u064a\u0646 "
          "\u0645\u0633\u0644\u062d\u0627 \u0642\u062a\u0644\u0648\u0627 \u0641\u064a \u0627\u0644"
          "\u0631\u0642\u0629 \u064a\u0648\u0645 \u0627\u0644\u062e\u0645\u064a\u0633.\n")
ARABIC_TEXT = "Raqqa, 11 May 2017.\n" + ARABIC * 3
UNICODE_TEXT = SMART + ARABIC + "Zwei Stra\u00dfen, \u0434\u0432\u0430 \u0434\u043d\u044f, \U0001F600.\n"

BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
READ = {   # name: (how it is encoded, the text it holds, the encoding the report names)
    "latin-1 with C1 bytes": ("latin-1", LATIN_1_TEXT, "ISO-8859-1"),
    "windows-1252 with smart quotes and €": ("cp1252", SMART, "Windows-1252"),
    "windows-1256 Arabic": ("cp1256", ARABIC_TEXT, "Windows-1256"),
    "utf-8": ("utf-8", UNICODE_TEXT, "UTF-8"),
    "utf-8 with BOM": ("utf-8-sig", UNICODE_TEXT, "UTF-8"),
    "utf-16 LE with BOM": ("utf-16-le", UNICODE_TEXT, "UTF-16 LE"),
    "utf-16 BE with BOM": ("utf-16-be", UNICODE_TEXT, "UTF-16 BE"),
}


def encoded(text: str, how: str) -> bytes:
    """``text`` in the encoding ``how`` (UTF-16 with its byte-order mark)."""
    return BOMS.get(how, b"") + text.encode(how)


MIXED = ("Le caf\u00e9 \u201cLe Raqqa\u201d a rouvert, a dit un habitant.\n" * 5).encode() + b"Caf\xe9 au lait.\n"
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
# 0x95 between letters (a C1 byte, as in Latin-1 scrapes) and 0x93/0x94 around a word (quotes,
# as Windows-1252 writes them): the evidence does not settle it.
AMBIGUOUS = b"The convoy reached avu\x95olu at dawn, \x93we saw it\x94, a resident said.\n"
REFUSED = {   # name: (bytes, words of the message)
    "mostly UTF-8 with one Latin-1 byte": (MIXED, "mostly UTF-8"),
    "binary": (BINARY, "binary file"),
    "Latin-1 or Windows-1252, unclear": (AMBIGUOUS, "cannot be told for sure"),
}


def csv_of(text: str, title: str = "Report") -> str:
    """A CSV with one article whose title and text are ``text``'s first line and all of it."""
    quoted = text.replace('"', '""')
    return f'title,text\r\n"{title} {text.splitlines()[0][:40]}","{quoted}"\r\n'
