"""Decoding uploads (T24): the right text, the encoding named with how it was decided, and
lines to check it by; or a clear refusal. A wrong reading never passes silently."""
import os

import pytest

from webapp.imports import guessing
from webapp.imports.decoding import DecodeError, decode

from .corpus import AMBIGUOUS, MIXED, READ, REFUSED, SMART, encoded


@pytest.mark.parametrize("name", sorted(READ))
def test_each_file_of_the_corpus_is_read_exactly_and_its_encoding_named(name):
    how, text, shown = READ[name]
    decoded = decode(encoded(text, how))
    assert (decoded.text, decoded.encoding) == (text, shown)
    assert decoded.reason and decoded.described.startswith(f"{shown} (")
    assert decoded.preview and all(not line.isascii() or "\\x" in line for line in decoded.preview)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_refused_file_of_the_corpus_is_refused_with_a_clear_message(name):
    data, words = REFUSED[name]
    with pytest.raises(DecodeError, match=words) as refusal:
        decode(data)
    assert "Nothing was imported" in refusal.value.message


def test_a_latin_1_scrape_with_c1_bytes_is_never_read_as_a_cjk_or_dos_code_page():
    # What the corpus held: CP775 read "\x95\x81Time" as "ĢüTime", CP932 "avu\x95\x81olu" as "avu普olu".
    for data in (b"avu\x95\x81olu", b"\x95\x81Time", b"Temperature 5\xb5m, a \x95\x81 mark"):
        decoded = decode(data)
        assert decoded.encoding == "ISO-8859-1" and decoded.text == data.decode("latin-1")
        assert "0x81" in decoded.reason and "undefined in Windows-1252" in decoded.reason
    assert decode(b"The avu\x95olu road, 5 \xb5m.").text == "The avu\x95olu road, 5 \xb5m."


def test_the_preview_shows_invisible_characters_as_escapes():
    decoded = decode(b"Plain line\nThe avu\x95\x81olu road\n")
    assert decoded.preview == ["The avu\\x95\\x81olu road"]
    assert decode("A\u202eB \u00e9\n".encode()).preview == ["A\\u202eB \u00e9"]


def test_the_ambiguous_file_names_both_candidates_and_shows_a_line_in_each():
    with pytest.raises(DecodeError) as refusal:
        decode(AMBIGUOUS)
    message = refusal.value.message
    assert "ISO-8859-1 and Windows-1252" in message
    assert "as ISO-8859-1: “The convoy reached avu\\x95olu" in message
    assert "as Windows-1252: “The convoy reached avu•olu at dawn, “we saw it”" in message
    assert "Choose the file's encoding" in message


def test_a_chosen_encoding_is_used_strictly():
    assert decode(AMBIGUOUS, "iso-8859-1", "chosen on the form").text == AMBIGUOUS.decode("latin-1")
    chosen = decode(AMBIGUOUS, "windows-1252", "chosen on the form")
    assert (chosen.encoding, chosen.reason) == ("Windows-1252", "chosen on the form")
    assert "avu•olu" in chosen.text
    # The person may read a damaged file as they say; UTF-8 itself stays strict.
    assert decode(MIXED, "iso-8859-1").text.endswith("Caf\u00e9 au lait.\n")
    with pytest.raises(DecodeError, match=r"not valid UTF-8: the byte 0xe9 on line 6 \(“Caf\\xe9 au lait.”\)"):
        decode(MIXED, "utf-8")
    with pytest.raises(DecodeError, match="not valid Windows-1252: the byte 0x81 on line 1"):
        decode(b"avu\x95\x81olu", "windows-1252")
    with pytest.raises(DecodeError, match="not an encoding offered"):
        decode(b"x", "rot13")


def test_windows_1256_arabic_is_not_read_as_accented_latin():
    decoded = decode(READ["windows-1256 Arabic"][1].encode("cp1256"))
    assert "Arabic words" in decoded.reason and "ISO-8859-1 would give" in decoded.reason


def test_windows_1252_is_not_mistaken_for_another_code_page():
    assert decode("Il a dit “oui” à l’été.".encode("cp1252")).text == "Il a dit “oui” à l’été."
    assert decode("Die Größe der Straße.".encode("cp1252")).encoding == "ISO-8859-1"


@pytest.mark.parametrize("data,message", [
    (os.urandom(4000), "binary file"),
    (bytes(range(1, 9)) * 40, "binary file"),
    (bytes(2000), "binary file"),
    (b"\xef\xbb\xbfvalid then \xff broken", "not valid UTF-8"),
    (b"\xff\xfe" + b"\x00\xd8", "not valid UTF-16"),
])
def test_what_is_not_text_is_refused_clearly(data, message):
    with pytest.raises(DecodeError, match=message):
        decode(data)


def test_c1_controls_in_utf8_count_as_control_characters():
    with pytest.raises(DecodeError, match="binary file"):
        decode(("Report \u0085\u0090\u009f " * 100).encode())
    assert decode(("Report, " * 500 + "\u0085 and \u009f").encode()).encoding == "UTF-8"


def test_utf16_without_a_byte_order_mark_is_told_by_its_nuls():
    decoded = decode("Little text, but English and long enough to read.".encode("utf-16-le"))
    assert decoded.encoding == "UTF-16 LE" and "every second byte is NUL" in decoded.reason


LONG_LINES = {
    "cp1252": SMART,
    "cp1251": "Министр заявил, что бои в Ракке продолжаются уже два дня, сказал житель.\n",
    "koi8_r": "Министр заявил, что бои в Ракке продолжаются уже два дня, сказал житель.\n",
    "iso8859_6": READ["windows-1256 Arabic"][1],
    "shift_jis": "ラッカでの戦闘について、住民が語った。二十六人が死亡したという。\n",
    "euc_jp": "ラッカでの戦闘について、住民が語った。二十六人が死亡したという。\n",
    "gb18030": "拉卡的战斗仍在继续，居民说有二十六人死亡，数十人受伤。\n",
    "big5": "拉卡的戰鬥仍在繼續，居民說有二十六人死亡，數十人受傷。\n",
    "euc_kr": "락까에서의 전투는 계속되고 있으며 주민들은 스물여섯 명이 사망했다고 말했다.\n",
}


@pytest.mark.parametrize("encoding", sorted(LONG_LINES))
@pytest.mark.parametrize("ascii_lines", [0, 400])
def test_a_big_file_is_decided_from_a_sample_with_the_same_result(monkeypatch, encoding, ascii_lines):
    # ASCII first (400 lines): the sample is taken from the lines that hold non-ASCII bytes.
    text = "A plain line of English text.\n" * ascii_lines + LONG_LINES[encoding] * 300
    data = text.encode(encoding)
    monkeypatch.setattr(guessing, "SAMPLE_BYTES", len(data) * 10)
    whole = decode(data)
    monkeypatch.setattr(guessing, "SAMPLE_BYTES", 4096)
    assert decode(data) == whole and whole.text == text


def test_a_big_file_whose_text_changes_on_the_way_is_sampled_where_it_changes(monkeypatch):
    monkeypatch.setattr(guessing, "SAMPLE_BYTES", 4096)
    french = "Le ministre a déclaré à l'aube que la ville était tombée.\n" * 500
    data = (french + "Il a dit “oui” — c’est tout.\n" + french).encode("cp1252")
    assert decode(data).text == data.decode("cp1252")            # not Latin-1 with C1 controls
    arabic = READ["windows-1256 Arabic"][1] * 20
    data = french.encode("cp1252") + arabic.encode("cp1256")     # é and à are the same in 1256
    assert decode(data).text == french + arabic
