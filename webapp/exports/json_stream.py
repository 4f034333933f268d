"""A JSON document whose one big array is written item by item, in chunks of about 64 KB."""
import json
from collections.abc import Iterable, Iterator

CHUNK = 65536


def stream_array(opening: str, items: Iterable[dict], closing: str) -> Iterator[str]:
    """``opening`` ends just inside the array (``...[``), ``closing`` closes it and the rest."""
    out, size, first = [opening], len(opening), True
    for item in items:
        text = ("" if first else ",\n") + json.dumps(item, ensure_ascii=False)
        first = False
        out.append(text)
        size += len(text)
        if size > CHUNK:
            yield "".join(out)
            out, size = [], 0
    out.append(closing)
    yield "".join(out)
