"""Decoding uploads (T24): the right text and the encoding named, or a clear refusal."""
import os

import pytest

from webapp.imports import decoding
from webapp.imports.decoding import DecodeError, decode

SMART = "Le ministre a déclaré : “Nous avons gagné” — c’est l’été à Raqqa, dit-il."


@pytest.mark.parametrize("data,encoding", [
    (SMART.encode("utf-8"), "UTF-8"),
    (SMART.encode("utf-8-sig"), "UTF-8 (with byte-order mark)"),
    (SMART.encode("utf-16"), "UTF-16"),
    (b"\xfe\xff" + SMART.encode("utf-16-be"), "UTF-16"),
    (SMART.encode("utf-32"), "UTF-32"),
    (SMART.encode("cp1252"), "Windows-1252"),
    ("Café crème à Zürich, die Größe der Straße.".encode("cp1252"), "ISO-8859-1 (Latin-1)"),
    ("Die Größe der Straße in München überrascht.".encode("latin-1"), "ISO-8859-1 (Latin-1)"),
    ("Little text, but English and long enough to read.".encode("utf-16-le"), "UTF-16 LE"),
])
def test_text_is_decoded_exactly_and_its_encoding_named(data, encoding):
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert decoded.text.removeprefix("\ufeff") in (SMART, "Café crème à Zürich, die Größe der Straße.",
                                                   "Die Größe der Straße in München überrascht.",
                                                   "Little text, but English and long enough to read.")


def test_windows_1252_is_not_mistaken_for_central_european():
    # charset-normalizer ties cp1250 with cp1252 here; cp1250 would read "à" as "ŕ".
    assert decode("Il a dit “oui” à l’été.".encode("cp1252")).text == "Il a dit “oui” à l’été."


@pytest.mark.parametrize("data,message", [
    (os.urandom(4000), "could not be recognised"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary file"),
    (bytes(range(1, 9)) * 40, "binary file"),
    (b"\xef\xbb\xbfvalid then \xff broken", "not valid UTF-8"),
    (b"\xff\xfe" + b"\x00\xd8", "not valid UTF-16"),
])
def test_what_is_not_text_is_refused_clearly(data, message):
    with pytest.raises(DecodeError, match=message):
        decode(data)


def test_c1_controls_in_utf8_count_as_control_characters():
    # U+0080..U+009F are two bytes in UTF-8 (\xc2 and one): counted like single-byte controls.
    with pytest.raises(DecodeError, match="binary file"):
        decode(("Report \u0085\u0090\u009f " * 100).encode())
    assert decode(("Report, " * 500 + "\u0085 and \u009f").encode()).encoding == "UTF-8"


LONG_LINES = {
    "cp1252": "Le ministre a déclaré : “Nous avons gagné” — c’est l’été à Raqqa, dit-il.\n",
    "cp1251": "Министр заявил, что бои в Ракке продолжаются уже два дня, сказал житель.\n",
    "shift_jis": "ラッカでの戦闘について、住民が語った。二十六人が死亡したという。\n",
    "gb18030": "拉卡的战斗仍在继续，居民说有二十六人死亡，数十人受伤。\n",
}


@pytest.mark.parametrize("encoding", sorted(LONG_LINES))
@pytest.mark.parametrize("ascii_lines", [0, 400])
def test_a_big_file_is_guessed_from_a_sample_with_the_same_result(monkeypatch, encoding, ascii_lines):
    # ASCII first (400 lines): the sample reads as ASCII, the rest does not; the whole is guessed.
    text = "A plain line of English text.\n" * ascii_lines + LONG_LINES[encoding] * 300
    data = text.encode(encoding)
    monkeypatch.setattr(decoding, "SAMPLE_BYTES", len(data) * 10)
    whole = decode(data)
    monkeypatch.setattr(decoding, "SAMPLE_BYTES", 4096)
    assert decode(data) == whole and whole.text == text
