"""JSON written piece by piece, in chunks of about 64 KB: one big array item by item (the
JSON-LD formats), or one document per line (JSON Lines).

One encoder serves every item: ``json.dumps`` with an option builds a new encoder per call.
Its output is exactly ``json.dumps(item, ensure_ascii=False)``.
"""
import json
from collections.abc import Iterable, Iterator

CHUNK = 65536
encode = json.JSONEncoder(ensure_ascii=False).encode


def stream_array(opening: str, items: Iterable[dict], closing: str) -> Iterator[str]:
    """``opening`` ends just inside the array (``...[``), ``closing`` closes it and the rest."""
    texts = (("" if number == 0 else ",\n") + encode(item) for number, item in enumerate(items))
    return chunked(opening, texts, closing)


def chunked(opening: str, texts: Iterable[str], closing: str) -> Iterator[str]:
    """``opening``, the texts and ``closing`` joined into chunks of a little over ``CHUNK``
    characters: the response is sent in a few large pieces, not one per claim."""
    out, size = [opening], len(opening)
    for text in texts:
        out.append(text)
        size += len(text)
        if size > CHUNK:
            yield "".join(out)
            out, size = [], 0
    out.append(closing)
    yield "".join(out)
