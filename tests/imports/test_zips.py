"""Zips of .txt/.html files (T25): built in memory; bombs, slips, duplicates, encrypted and
nested entries and non-UTF-8 names refused per member, before anything is decompressed."""
import io
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from webapp.imports.readers import FormatError
from webapp.imports.zips import Limits, ZipArchive

from .helpers import ArticleOriginal, count, import_file, make_zip, project_with_annotator, refused_rows, summary, texts, titles, upload

REPORT = "Thus far, 26 ISIS militants have been killed and dozens more injured, a fighter said on Thursday."
HTML = (f"<html><head><title>Raqqa offensive</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Raqqa offensive</h1><p>{REPORT}</p><p>The fighting went on for two days "
        "in the western districts of the city, residents said.</p></article></body></html>").encode()


def _patch_name(data: bytes, placeholder: bytes, raw: bytes) -> bytes:
    assert len(placeholder) == len(raw)
    return data.replace(placeholder, raw)


def _encrypted_flag(data: bytes, name: bytes) -> bytes:
    """Set the 'encrypted' bit of one member in the central directory (and its local header)."""
    out = bytearray(data)
    for signature, flag_at, name_at in ((b"PK\x01\x02", 8, 46), (b"PK\x03\x04", 6, 30)):
        at = out.find(signature)
        while at >= 0:
            if out[at + name_at:at + name_at + len(name)] == name:
                flags = struct.unpack_from("<H", out, at + flag_at)[0]
                struct.pack_into("<H", out, at + flag_at, flags | 0x1)
            at = out.find(signature, at + 1)
    return bytes(out)


def test_a_zip_of_txt_and_html_files_is_imported_with_each_bad_member_reported(app, browser):
    project_id = project_with_annotator(app)
    inner = make_zip([("x.txt", b"inside")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # zipfile warns about the duplicate name, as it should
        data = make_zip([
            ("reports/one.txt", REPORT.encode()),
            ("reports/two.html", HTML),
            ("../../evil.txt", b"slip"), ("/etc/passwd.txt", b"absolute"),
            ("reports/one.txt", b"a second one.txt"),
            ("nested.zip", inner), ("disguised.txt", inner),
            ("secret.txt", b"locked text"),
            ("cafX.txt", "caf\u00e9 au lait, a report".encode("cp1252")),
            ("bomb.txt", b"\0" * 2_000_000),
            ("picture.png", b"\x89PNG"),
            ("latin.txt", "Le caf\u00e9 \u201cLe Raqqa\u201d a rouvert, a dit un habitant.".encode("cp1252")),
            ("same.txt", REPORT.encode()),
        ])
    data = _encrypted_flag(_patch_name(data, b"cafX.txt", b"caf\x82.txt"), b"secret.txt")
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "batch.zip", data)
    figures = summary(page)
    assert (figures["Imported"], figures["Duplicates skipped"], figures["Refused"]) == ("3", "1", "9")
    refused = dict(refused_rows(page))
    assert "outside the zip" in refused["file ../../evil.txt"]
    assert "outside the zip" in refused["file /etc/passwd.txt"]
    assert "same name" in refused["file reports/one.txt"]
    assert "archive inside" in refused["file nested.zip"] and "archive inside" in refused["file disguised.txt"]
    assert "encrypted" in refused["file secret.txt"]
    assert "not UTF-8" in refused["file caf\u00e9.txt"]
    assert "zip bomb" in refused["file bomb.txt"]
    assert "Only .txt and .html" in refused["file picture.png"]
    assert titles(app)[1] == "Raqqa offensive"
    assert texts(app)[0] == REPORT
    assert "Home | World" not in texts(app)[1] and REPORT in texts(app)[1]
    assert texts(app)[2] == "Le caf\u00e9 \u201cLe Raqqa\u201d a rouvert, a dit un habitant."
    assert count(app, ArticleOriginal) == 3
    written = sorted(p.relative_to(app.instance_path).parts[0] for p in Path(app.instance_path).rglob("*")
                     if p.is_file())
    assert written == ["jobs"]          # the uploaded zip itself, under a random key; nothing extracted


def test_too_many_entries_is_refused_before_anything_is_read(app, browser):
    project_id = project_with_annotator(app)
    data = make_zip([(f"{n}.txt", b"x") for n in range(10_001)])
    browser.login("anna", PASSWORD)
    response = upload(browser, project_id, "many.zip", data)
    assert response.status_code == 400
    assert "10,001 entries; at most 10,000" in response.get_data(as_text=True)
    assert count(app) == 0


def test_a_zip_unpacking_past_the_total_limit_is_refused_as_a_whole(app, browser):
    app.config["IMPORT_ZIP_MAX_BYTES"] = 50_000
    project_id = project_with_annotator(app)
    data = make_zip([(f"{n}.txt", f"{n} ".encode() * 9_000) for n in range(3)])
    browser.login("anna", PASSWORD)
    response = upload(browser, project_id, "big.zip", data)
    assert response.status_code == 400
    assert "at most 50,000 are accepted" in response.get_data(as_text=True)
    assert count(app) == 0


def test_not_a_zip_is_refused_clearly(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = upload(browser, project_id, "fake.zip", b"PK\x03\x04 but nothing more")
    assert response.status_code == 400 and "not a zip file" in response.get_data(as_text=True)


# --- the limits themselves, at the limit and one past it -------------------------------------

def _ratio_zip(size: int) -> tuple[bytes, float]:
    data = make_zip([("a.txt", b"a" * size)])
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    return data, info.file_size / info.compress_size


def test_ratio_limit_at_and_past_the_limit():
    data, ratio = _ratio_zip(200_000)
    at_limit = ZipArchive(data, Limits(ratio=int(ratio) + 1))
    assert [i.problem for i in at_limit.items()] == [""]
    past = ZipArchive(data, Limits(ratio=int(ratio)))
    assert "zip bomb" in next(past.items()).problem


def test_entry_limit_at_and_past_the_limit():
    data = make_zip([(f"{n}.txt", b"x") for n in range(20)])
    assert ZipArchive(data, Limits(entries=20)).total == 20
    with pytest.raises(FormatError, match="20 entries; at most 19"):
        ZipArchive(data, Limits(entries=19))


def test_an_end_record_that_lies_about_the_count_is_not_believed():
    data = bytearray(make_zip([(f"{n}.txt", b"x") for n in range(20)]))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 1, 1)      # "1 entry"
    with pytest.raises(FormatError, match="20 entries"):
        ZipArchive(bytes(data), Limits(entries=19))


def test_declared_sizes_are_not_trusted():
    data = bytearray(make_zip([("a.txt", b"abcdefghij" * 1000)]))
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)   # "unpacks to 100 bytes"
    item = next(ZipArchive(bytes(data)).items())
    assert "could not be unpacked" in item.problem and not item.data


def test_default_limits_are_those_of_the_security_plan():
    assert (Limits.entries, Limits.total_bytes, Limits.ratio) == (10_000, 1 << 30, 100)
