"""Reading an API request body: its media type, its size, and strict JSON.

Strict means: UTF-8 only; a key given twice, ``NaN``/``Infinity``, a number too large for a
float (``1e309``) or an integer of thousands of digits, and nesting deeper than ``MAX_DEPTH`` are
refused with 400 and a message — the standard library would silently keep the last duplicate,
turn ``1e309`` into infinity and recurse until it crashed. Nothing has been written when these
checks run.
"""
import json
import math

from flask import request

from ..interop.annotation import MEDIA_TYPE
from .errors import ApiError
from .limits import max_body_bytes

ACCEPTED_TYPES = ("application/ld+json", "application/json")
MAX_DEPTH = 32


class _Refused(ValueError):
    pass


def _no_duplicates(pairs: list) -> dict:
    found: dict = {}
    for key, value in pairs:
        if key in found:
            raise _Refused(f"The key {key!r} occurs twice in one object; give it once.")
        found[key] = value
    return found


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"The number {text[:40]} is too large.")
    return value


def _no_constant(name: str):
    raise _Refused(f"{name} is not a JSON number.")


def _depth(doc) -> int:
    deepest, stack = 0, [(doc, 1)]
    while stack:
        value, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(value, dict):
            stack.extend((v, level + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, level + 1) for v in value)
    return deepest


def check_media_type() -> None:
    if request.mimetype not in ACCEPTED_TYPES:
        got = request.mimetype or "no Content-Type"
        raise ApiError(415, f"Send the body as {ACCEPTED_TYPES[0]} or {ACCEPTED_TYPES[1]} "
                            f"(this request sent {got[:100]}).",
                       headers={"Accept-Post": f"{MEDIA_TYPE}, application/json"})
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(415, f"Send the body in UTF-8 (this request says charset={charset[:40]}).")


def read_json() -> dict:
    """The request's JSON object, or an ``ApiError`` (400, 413, 415 or 422) saying what is wrong."""
    check_media_type()
    request.max_content_length = max_body_bytes()
    raw = request.get_data(cache=False)     # 413 past the limit, chunked bodies included
    try:
        text = raw.decode("utf-8")
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_finite,
                         parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise ApiError(400, "The body is not valid UTF-8.") from None
    except json.JSONDecodeError as exc:
        what = "The body is empty" if not raw.strip() else "The body is not valid JSON"
        raise ApiError(400, f"{what}: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    except _Refused as exc:
        raise ApiError(400, f"The body is not acceptable JSON: {exc}") from None
    except RecursionError:
        raise ApiError(400, f"The JSON is nested too deeply (at most {MAX_DEPTH} levels).") from None
    except ValueError:   # e.g. an integer of more than 4300 digits
        raise ApiError(400, "The body holds a number that is too large.") from None
    if _depth(doc) > MAX_DEPTH:
        raise ApiError(400, f"The JSON is nested too deeply (at most {MAX_DEPTH} levels).")
    if not isinstance(doc, dict):
        raise ApiError(422, "The body must be one JSON object: an annotation.")
    return doc
